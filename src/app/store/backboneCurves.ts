// The training curves (the built-in backbones' and those the user imports) and how the loss-curve
// figure draws them.
import type { BackboneId, LossCurve, LossCurveView, WorkbenchState } from './state';

/** Adds or replaces one backbone's curve; the list keeps the order the curves arrived in. */
export function lossCurveLoaded(state: WorkbenchState, curve: LossCurve): Partial<WorkbenchState> {
  const at = state.lossCurves.findIndex((c) => c.backboneId === curve.backboneId);
  if (at >= 0 && state.lossCurves[at] === curve) return state;
  const lossCurves = at >= 0 ? state.lossCurves.map((c, i) => (i === at ? curve : c)) : [...state.lossCurves, curve];
  return { lossCurves };
}

/** Drops one run's curve (an imported log the user no longer wants); an unknown id changes nothing. */
export function lossCurveRemoved(state: WorkbenchState, backboneId: BackboneId): Partial<WorkbenchState> {
  if (!state.lossCurves.some((c) => c.backboneId === backboneId)) return state;
  return { lossCurves: state.lossCurves.filter((c) => c.backboneId !== backboneId) };
}

/** Smoothing is clamped to [0, 0.999], TensorBoard's slider range. */
export function lossCurveViewChanged(state: WorkbenchState, change: Partial<LossCurveView>): Partial<WorkbenchState> {
  const next: LossCurveView = { ...state.lossCurveView, ...change };
  next.smoothing = Number.isFinite(next.smoothing) ? Math.min(0.999, Math.max(0, next.smoothing)) : state.lossCurveView.smoothing;
  const now = state.lossCurveView;
  const sameRuns = Object.keys({ ...now.runs, ...next.runs }).every((id) => now.runs[id] === next.runs[id]);
  if (next.smoothing === now.smoothing && next.logY === now.logY && next.logX === now.logX && sameRuns) return state;
  return { lossCurveView: next };
}
