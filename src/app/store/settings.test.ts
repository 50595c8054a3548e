import { describe, expect, it } from 'vitest';
import { settingChanged } from './settings';
import { generateBackboneChosen } from './backbone';
import { getGenerateSettings } from './settings';
import { initialWorkbenchState, type BackboneId, type BackboneState, type WorkbenchState } from './state';
import { createLoadedBackboneFixture } from './testFixtures';

const a = 'builtin:a' as BackboneId;
const b = 'builtin:b' as BackboneId;

/** Backbones a and b loaded, a chosen in the Generate form. */
function twoLoadedBackbones(): WorkbenchState {
  const loaded: BackboneState = { status: 'loaded', backbone: createLoadedBackboneFixture(), byteLength: 1 };
  const builtIns = [a, b].map((id) => ({ id, family: 'other', fileName: `${id}.onnx`, url: '', byteLength: 1, metricsUrl: null }));
  return { ...initialWorkbenchState, builtInBackbones: builtIns, backbones: { [a]: loaded, [b]: loaded }, generateBackboneId: a };
}

describe('settingChanged', () => {
  it('changes one field and keeps the others', () => {
    const next = settingChanged(initialWorkbenchState, { field: 'steps', value: '12' });
    expect(next.settings).toEqual({ ...initialWorkbenchState.settings, steps: '12' });
  });

  it('keeps what the user typed, even when it is not a number yet', () => {
    expect(settingChanged(initialWorkbenchState, { field: 'count', value: '' }).settings?.count).toBe('');
  });

  it('returns the previous reference when the value is unchanged', () => {
    const { sampler } = initialWorkbenchState.settings;
    expect(settingChanged(initialWorkbenchState, { field: 'sampler', value: sampler })).toBe(initialWorkbenchState);
  });

  it('keeps each backbone its own settings; a backbone never edited starts from the last typed', () => {
    let state = twoLoadedBackbones();
    state = { ...state, ...settingChanged(state, { field: 'seed', value: '7' }) };
    expect(getGenerateSettings(state, a).seed).toBe('7');
    state = { ...state, generateBackboneId: b };
    expect(getGenerateSettings(state).seed).toBe('7');
    state = { ...state, ...settingChanged(state, { field: 'seed', value: '9' }) };
    expect(getGenerateSettings(state, a).seed).toBe('7');
    expect(getGenerateSettings(state, b).seed).toBe('9');
  });

  it('a backbone chosen for the first time keeps the settings shown then, whatever is typed later', () => {
    let state = twoLoadedBackbones();
    state = { ...state, ...settingChanged(state, { field: 'count', value: '40' }) };
    state = { ...state, ...generateBackboneChosen(state, b) };
    state = { ...state, ...generateBackboneChosen(state, a) };
    state = { ...state, ...settingChanged(state, { field: 'count', value: '16' }) };
    expect(getGenerateSettings(state, b).count).toBe('40');
    expect(getGenerateSettings(state, a).count).toBe('16');
  });
});
