import { describe, expect, it } from 'vitest';
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import { lossCurveLoaded, lossCurveRemoved, lossCurveViewChanged } from './backboneCurves';
import { initialWorkbenchState, type BackboneId, type LossCurve, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const curve = (family: string): LossCurve => ({
  backboneId: `builtin:${family}` as BackboneId, family, log: parseLightningMetrics('step,train_loss\n1,0.5\n', 'metrics.csv'),
});

describe('loss curve transitions', () => {
  it('adds curves in arrival order and replaces one of the same backbone', () => {
    const a = curve('unet-cnn');
    const b = curve('transformer');
    const one = apply(initialWorkbenchState, lossCurveLoaded(initialWorkbenchState, a));
    const two = apply(one, lossCurveLoaded(one, b));
    expect(two.lossCurves).toEqual([a, b]);
    expect(lossCurveLoaded(two, a)).toBe(two);
    const a2 = curve('unet-cnn');
    expect(apply(two, lossCurveLoaded(two, a2)).lossCurves).toEqual([a2, b]);
  });

  it('removes one curve, keeps the others in order, and ignores an unknown id', () => {
    const a = curve('unet-cnn');
    const imported: LossCurve = { ...curve('imported'), backboneId: 'import:my-run' as BackboneId };
    const b = curve('transformer');
    const three = [a, imported, b].reduce((s, c) => apply(s, lossCurveLoaded(s, c)), initialWorkbenchState);
    const two = apply(three, lossCurveRemoved(three, imported.backboneId));
    expect(two.lossCurves).toEqual([a, b]);
    expect(two.lossCurves[0]).toBe(a);
    expect(lossCurveRemoved(two, imported.backboneId)).toBe(two);
  });

  it('changes the view, clamps the smoothing to [0, 0.999], and ignores no-ops', () => {
    const state = initialWorkbenchState;
    expect(apply(state, lossCurveViewChanged(state, { smoothing: 0.9 })).lossCurveView).toEqual({ smoothing: 0.9, logY: true, logX: false, runs: {} });
    expect(apply(state, lossCurveViewChanged(state, { smoothing: 1 })).lossCurveView.smoothing).toBe(0.999);
    expect(apply(state, lossCurveViewChanged(state, { smoothing: -1 })).lossCurveView.smoothing).toBe(0);
    expect(apply(state, lossCurveViewChanged(state, { logY: false })).lossCurveView.logY).toBe(false);
    expect(apply(state, lossCurveViewChanged(state, { logX: true })).lossCurveView.logX).toBe(true);
    const chosen = apply(state, lossCurveViewChanged(state, { runs: { 'builtin:unet-mlp': true } }));
    expect(chosen.lossCurveView.runs).toEqual({ 'builtin:unet-mlp': true });
    expect(lossCurveViewChanged(chosen, { runs: { 'builtin:unet-mlp': true } })).toBe(chosen);
    expect(lossCurveViewChanged(state, { smoothing: state.lossCurveView.smoothing })).toBe(state);
    expect(lossCurveViewChanged(state, { smoothing: NaN })).toBe(state);
  });
});
