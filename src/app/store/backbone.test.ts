import { describe, expect, it } from 'vitest';
import { createGaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import type { LoadedBackbone } from '../../engines/inference';
import {
  backboneLoadFailed, backboneLoadStarted, backboneLoaded, backboneUnloaded, builtInBackbonesListed, demoTargetLoaded,
  generateBackboneChosen, getBackboneState, getExecutionProviders, getGenerateBackboneId, getLoadedBackbones,
} from './backbone';
import { generationStarted } from './generation';
import { gaussianDemoBackbone, initialWorkbenchState, type BackboneId, type BuiltInBackbone, type WorkbenchState } from './state';
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
