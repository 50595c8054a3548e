import { describe, expect, it } from 'vitest';
import { createGaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import { backboneLoadFailed, backboneLoadStarted, backboneLoaded, demoTargetLoaded } from './backbone';
import { initialWorkbenchState, type WorkbenchState } from './state';
import { createLoadedBackboneFixture } from './testFixtures';

const contractError = { name: 'BackboneContractError', code: 'backbone-contract', message: 'no input x' } as const;

describe('backbone transitions', () => {
  it('goes idle → loading → loaded', () => {
    const loading = { ...initialWorkbenchState, ...backboneLoadStarted(initialWorkbenchState, 'demo.onnx') };
    expect(loading.backbone).toEqual({ status: 'loading', fileName: 'demo.onnx' });
    expect(backboneLoadStarted(loading, 'demo.onnx')).toBe(loading);
    const backbone = createLoadedBackboneFixture();
    const loaded = { ...loading, ...backboneLoaded(loading, { backbone, byteLength: 100 }) };
    expect(loaded.backbone).toEqual({ status: 'loaded', backbone, byteLength: 100 });
    expect(backboneLoaded(loaded, { backbone, byteLength: 100 })).toBe(loaded);
  });

  it('marks a first load as failed and shows its error', () => {
    const loading = { ...initialWorkbenchState, ...backboneLoadStarted(initialWorkbenchState, 'bad.onnx') };
    const failed = { ...loading, ...backboneLoadFailed(loading, { fileName: 'bad.onnx', error: contractError }) };
    expect(failed.backbone).toEqual({ status: 'failed', fileName: 'bad.onnx' });
    expect(failed.errors.map((e) => e.code)).toEqual(['backbone-contract']);
  });

  it('never replaces a loaded backbone with a failed load', () => {
    const backbone = createLoadedBackboneFixture();
    const loaded: WorkbenchState = { ...initialWorkbenchState, backbone: { status: 'loaded', backbone, byteLength: 1 } };
    expect(backboneLoadStarted(loaded, 'other.onnx')).toBe(loaded);
    const after = { ...loaded, ...backboneLoadFailed(loaded, { fileName: 'other.onnx', error: contractError }) };
    expect(after.backbone).toBe(loaded.backbone);
    expect(after.errors).toHaveLength(1);
  });

  it('stores the demo target once', () => {
    const target = createGaussianDemoTarget();
    const state = { ...initialWorkbenchState, ...demoTargetLoaded(initialWorkbenchState, target) };
    expect(state.demoTarget).toBe(target);
    expect(demoTargetLoaded(state, target)).toBe(state);
  });
});
