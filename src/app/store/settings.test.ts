import { describe, expect, it } from 'vitest';
import { settingChanged } from './settings';
import { initialWorkbenchState } from './state';

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
});
