import { describe, expect, it } from 'vitest';
import { createGaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import type { LoadedBackbone } from '../../engines/inference';
import {
  backboneLoadFailed, backboneLoadStarted, backboneLoaded, backboneReopened, backboneSettingsApplied, backboneUnloaded, builtInBackbonesListed,
  createUserBackboneId, demoTargetLoaded, executionProviderChosen, generateBackboneChosen, getExecutionProviderChoice, getBackboneState, getExecutionProviders, getGenerateBackboneId,
  getLoadedBackbones, metadataDialogClosed, metadataDialogOpened, userBackboneAdded, userBackboneRemoved,
} from './backbone';
import { generationStarted } from './generation';
import {
  gaussianDemoBackbone, initialWorkbenchState, type BackboneId, type BuiltInBackbone, type UserBackbone, type WorkbenchState,
} from './state';
import { createLoadedBackboneFixture } from './testFixtures';

const contractError = { name: 'BackboneContractError', code: 'backbone-contract', message: 'no input x' } as const;
const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });

const builtIn = (family: string): BuiltInBackbone => ({
  id: `builtin:${family}` as BackboneId, family, fileName: `${family}.onnx`, url: `/demo/backbones/${family}.onnx`,
  byteLength: 100, metricsUrl: `/demo/backbones/${family}/metrics.csv`,
});
const transformer = builtIn('transformer');
const unetCnn = builtIn('unet-cnn');
const demo = gaussianDemoBackbone.id;
const listed = apply(initialWorkbenchState, builtInBackbonesListed(initialWorkbenchState, [transformer, builtIn('mystery'), unetCnn]));

function loaded(state: WorkbenchState, id: BackboneId, backbone: LoadedBackbone = createLoadedBackboneFixture()): WorkbenchState {
  const loading = apply(state, backboneLoadStarted(state, id));
  return apply(loading, backboneLoaded(loading, { id, backbone, byteLength: 100 }));
}

describe('the built-in backbone list', () => {
  it('keeps the Gaussian demo first and adds the catalogue in family order, unknown families last', () => {
    expect(listed.builtInBackbones.map((b) => b.family)).toEqual(['other', 'unet-cnn', 'transformer', 'mystery']);
    expect(builtInBackbonesListed(listed, [transformer])).toBe(listed);
  });
});

describe('backbone transitions', () => {
  it('goes idle → loading → loaded, one backbone at a time', () => {
    expect(getBackboneState(listed, transformer.id)).toEqual({ status: 'idle' });
    const loading = apply(listed, backboneLoadStarted(listed, transformer.id));
    expect(getBackboneState(loading, transformer.id)).toEqual({ status: 'loading', fileName: 'transformer.onnx' });
    expect(backboneLoadStarted(loading, transformer.id)).toBe(loading);
    const backbone = createLoadedBackboneFixture();
    const done = apply(loading, backboneLoaded(loading, { id: transformer.id, backbone, byteLength: 100 }));
    expect(getBackboneState(done, transformer.id)).toEqual({ status: 'loaded', backbone, byteLength: 100 });
    expect(getBackboneState(done, demo)).toEqual({ status: 'idle' });
    expect(backboneLoaded(done, { id: transformer.id, backbone, byteLength: 100 })).toBe(done);
    expect(backboneLoadStarted(done, transformer.id)).toBe(done);
  });

  it('replaces a loaded backbone reopened in a new worker (GPU lost: now on WASM), and nothing else', () => {
    const done = loaded(listed, transformer.id);
    const onWasm = { ...createLoadedBackboneFixture(), executionProvider: 'wasm' as const };
    const reopened = apply(done, backboneReopened(done, { id: transformer.id, backbone: onWasm, byteLength: 100 }));
    expect(getBackboneState(reopened, transformer.id)).toEqual({ status: 'loaded', backbone: onWasm, byteLength: 100 });
    expect(backboneReopened(listed, { id: transformer.id, backbone: onWasm, byteLength: 100 })).toBe(listed);
  });

  it('ignores a load of a backbone that is not listed', () => {
    expect(backboneLoadStarted(listed, 'builtin:nowhere' as BackboneId)).toBe(listed);
  });

  it('marks a failed load, shows its error, and changes no other backbone', () => {
    const withDemo = loaded(listed, demo);
    const loading = apply(withDemo, backboneLoadStarted(withDemo, unetCnn.id));
    const failed = apply(loading, backboneLoadFailed(loading, { id: unetCnn.id, fileName: 'unet-cnn.onnx', error: contractError }));
    expect(getBackboneState(failed, unetCnn.id)).toEqual({ status: 'failed', fileName: 'unet-cnn.onnx' });
    expect(failed.backbones[demo]).toBe(withDemo.backbones[demo]);
    expect(failed.errors.map((e) => e.code)).toEqual(['backbone-contract']);
    // It shows on the backbone's row too.
    expect(failed.errors[0].origin).toBe(`backbone:${unetCnn.id}`);
    // It can be tried again.
    expect(getBackboneState(apply(failed, backboneLoadStarted(failed, unetCnn.id)), unetCnn.id).status).toBe('loading');
  });

  it('never replaces a loaded backbone with a failed load', () => {
    const withDemo = loaded(listed, demo);
    const after = apply(withDemo, backboneLoadFailed(withDemo, { id: demo, fileName: 'gaussian-demo.onnx', error: contractError }));
    expect(after.backbones[demo]).toBe(withDemo.backbones[demo]);
    expect(after.errors).toHaveLength(1);
  });

  it('unloads a backbone, but not the one a run is sampling from', () => {
    const both = loaded(loaded(listed, demo), transformer.id);
    const unloaded = apply(both, backboneUnloaded(both, transformer.id));
    expect(getBackboneState(unloaded, transformer.id)).toEqual({ status: 'idle' });
    expect(unloaded.backbones[demo]).toBe(both.backbones[demo]);
    expect(backboneUnloaded(unloaded, transformer.id)).toBe(unloaded);
    const running = apply(both, generationStarted(both, transformer.id));
    expect(backboneUnloaded(running, transformer.id)).toBe(running);
  });

  it('stores the demo target once', () => {
    const target = createGaussianDemoTarget();
    const state = { ...initialWorkbenchState, ...demoTargetLoaded(initialWorkbenchState, target) };
    expect(state.demoTarget).toBe(target);
    expect(demoTargetLoaded(state, target)).toBe(state);
  });
});

describe('backbone selectors', () => {
  it('generates from the chosen backbone while it is loaded, else from the first loaded one', () => {
    expect(getGenerateBackboneId(listed)).toBeNull();
    const both = loaded(loaded(listed, demo), transformer.id);
    expect(getGenerateBackboneId(both)).toBe(demo);
    const chosen = apply(both, generateBackboneChosen(both, transformer.id));
    expect(getGenerateBackboneId(chosen)).toBe(transformer.id);
    expect(generateBackboneChosen(chosen, transformer.id)).toBe(chosen);
    expect(getGenerateBackboneId(apply(chosen, backboneUnloaded(chosen, transformer.id)))).toBe(demo);
  });

  it('lists the loaded backbones in panel order and their EPs once each', () => {
    const wasm = { ...createLoadedBackboneFixture(), executionProvider: 'wasm' } as LoadedBackbone;
    const three = loaded(loaded(loaded(listed, transformer.id), demo), unetCnn.id, wasm);
    expect(getLoadedBackbones(three).map((b) => b.id)).toEqual([demo, unetCnn.id, transformer.id]);
    expect(getExecutionProviders(three)).toEqual(['webgpu', 'wasm']);
    expect(getExecutionProviders(listed)).toEqual([]);
  });
});

const userFile = (fileName: string, sha256: string): UserBackbone => ({
  id: createUserBackboneId(sha256), fileName, sha256, byteLength: 2048, externalDataFiles: [], settingsAnsweredBy: null,
});

describe('the user\'s backbones', () => {
  const mine = userFile('mine.onnx', 'ab12'.repeat(16));
  const withMine = apply(listed, userBackboneAdded(listed, mine));

  it('are identified by the first 12 hex digits of their SHA-256', () => {
    expect(mine.id).toBe('file:ab12ab12ab12');
  });

  it('are listed once, and the same file added again replaces its entry in place', () => {
    expect(withMine.userBackbones).toEqual([mine]);
    expect(userBackboneAdded(withMine, { ...mine })).toBe(withMine);
    const other = userFile('other.onnx', 'cd'.repeat(32));
    const two = apply(withMine, userBackboneAdded(withMine, other));
    const split = { ...mine, externalDataFiles: ['mine.onnx.data'] };
    const again = apply(two, userBackboneAdded(two, split));
    expect(again.userBackbones).toEqual([split, other]);
  });

  it('load and unload like built-in ones, and are listed after them with a name', () => {
    const both = loaded(loaded(withMine, mine.id), demo);
    expect(getBackboneState(loaded(withMine, mine.id), mine.id)).toMatchObject({ status: 'loaded', byteLength: 100 });
    expect(getLoadedBackbones(both).map((b) => [b.id, b.name])).toEqual([[demo, 'gaussian-demo.onnx'], [mine.id, 'mine.onnx']]);
    expect(getGenerateBackboneId(apply(both, generateBackboneChosen(both, mine.id)))).toBe(mine.id);
    // A selector given only the built-in slices still sees them, named by their spec.
    expect(getLoadedBackbones({ builtInBackbones: both.builtInBackbones, backbones: both.backbones }).map((b) => [b.id, b.name]))
      .toEqual([[demo, 'gaussian-demo.onnx'], [mine.id, 'demo.onnx']]);
    expect(getBackboneState(apply(both, backboneUnloaded(both, mine.id)), mine.id)).toEqual({ status: 'idle' });
  });

  it('add the hash prefix to the name when two listed files share a file name', () => {
    const twin = userFile('mine.onnx', 'ef'.repeat(32));
    const twins = loaded(loaded(apply(withMine, userBackboneAdded(withMine, twin)), mine.id), twin.id);
    expect(getLoadedBackbones(twins).map((b) => b.name)).toEqual(['mine.onnx (ab12ab12)', 'mine.onnx (efefefef)']);
  });

  it('leave the list when removed, unless a run samples from them', () => {
    const ready = apply(loaded(withMine, mine.id), metadataDialogOpened(loaded(withMine, mine.id), mine.id));
    const removed = apply(ready, userBackboneRemoved(ready, mine.id));
    expect(removed.userBackbones).toEqual([]);
    expect(removed.backbones[mine.id]).toBeUndefined();
    expect(removed.metadataDialogBackboneId).toBeNull();
    expect(userBackboneRemoved(removed, mine.id)).toBe(removed);
    const running = apply(ready, generationStarted(ready, mine.id));
    expect(userBackboneRemoved(running, mine.id)).toBe(running);
  });
});

describe('the metadata dialog', () => {
  const mine = userFile('bare.onnx', '01'.repeat(32));
  const ready = loaded(apply(listed, userBackboneAdded(listed, mine)), mine.id);

  it('opens only for a loaded backbone, and closes on dismiss or unload', () => {
    expect(metadataDialogOpened(listed, transformer.id)).toBe(listed);
    const open = apply(ready, metadataDialogOpened(ready, mine.id));
    expect(open.metadataDialogBackboneId).toBe(mine.id);
    expect(metadataDialogOpened(open, mine.id)).toBe(open);
    expect(apply(open, metadataDialogClosed(open)).metadataDialogBackboneId).toBeNull();
    expect(metadataDialogClosed(ready)).toBe(ready);
    expect(apply(open, backboneUnloaded(open, mine.id)).metadataDialogBackboneId).toBeNull();
  });

  it('replaces the loaded backbone with the one reopened with answers, records who answered, and closes', () => {
    const open = apply(ready, metadataDialogOpened(ready, mine.id));
    const answered = createLoadedBackboneFixture();
    const after = apply(open, backboneSettingsApplied(open, { id: mine.id, backbone: answered, byteLength: 100, answeredBy: 'user' }));
    expect(getBackboneState(after, mine.id)).toEqual({ status: 'loaded', backbone: answered, byteLength: 100 });
    expect(after.userBackbones[0].settingsAnsweredBy).toBe('user');
    expect(after.metadataDialogBackboneId).toBeNull();
    const input = { id: mine.id, backbone: answered, byteLength: 100, answeredBy: 'user' as const };
    expect(backboneSettingsApplied(listed, input)).toBe(listed);
  });
});

describe('the execution provider chosen per backbone', () => {
  it('is auto until chosen, then the choice; the same choice again changes nothing', () => {
    expect(getExecutionProviderChoice(listed, unetCnn.id)).toBe('auto');
    const chosen = apply(listed, executionProviderChosen(listed, { id: unetCnn.id, choice: 'wasm' }));
    expect(getExecutionProviderChoice(chosen, unetCnn.id)).toBe('wasm');
    expect(getExecutionProviderChoice(chosen, transformer.id)).toBe('auto');
    expect(executionProviderChosen(chosen, { id: unetCnn.id, choice: 'wasm' })).toBe(chosen);
    expect(executionProviderChosen(listed, { id: unetCnn.id, choice: 'auto' })).toBe(listed);
  });
});
