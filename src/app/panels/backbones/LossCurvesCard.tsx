// The built-in backbones' training curves from their metrics.csv, with TensorBoard's controls:
// a smoothing slider (debiased EMA) and log y; the legend toggles runs.
import { useMemo, type ChangeEvent } from 'react';
import { LossCurves } from '../../plots/LossCurves';
import { useWorkbench, workbenchActions, type LossCurve } from '../../store';

/** The curves in the order the backbones are listed, so colours follow the list. */
function useOrderedCurves(): LossCurve[] {
  const curves = useWorkbench((s) => s.lossCurves);
  const builtIns = useWorkbench((s) => s.builtInBackbones);
  return useMemo(() => {
    const rank = (c: LossCurve) => builtIns.findIndex((b) => b.id === c.backboneId);
    return [...curves].sort((a, b) => rank(a) - rank(b));
  }, [curves, builtIns]);
}

export function LossCurvesCard() {
  const curves = useOrderedCurves();
  const view = useWorkbench((s) => s.lossCurveView);
  const onSmoothing = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.lossCurveViewChanged({ smoothing: Number(e.target.value) });
  const onLogY = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.lossCurveViewChanged({ logY: e.target.checked });
  return (
    <section className="loss-card" aria-labelledby="loss-curves-title">
      <h3 id="loss-curves-title">Loss curves <span className="muted">masked ε-MSE from each run's metrics.csv</span></h3>
      <div className="loss-controls">
        <label className="slider-field">
          <span>Smoothing</span>
          <input type="range" min={0} max={0.99} step={0.01} value={view.smoothing} onChange={onSmoothing} data-testid="loss-smoothing" />
          <output className="numeric" data-testid="loss-smoothing-value">{view.smoothing.toFixed(2)}</output>
        </label>
        <label className="check-line">
          <input type="checkbox" checked={view.logY} onChange={onLogY} data-testid="loss-log-y" />
          log y
        </label>
      </div>
      {curves.length === 0 ? (
        <p className="muted placeholder" data-testid="loss-curves-empty">Reading the training logs…</p>
      ) : (
        <LossCurves curves={curves} view={view} testId="loss-curves" />
      )}
      <p className="figure-caption">
        Click a run in the legend to hide or show it. gan-generator logs a WGAN-GP critic loss and a
        Wasserstein estimate, not an ε-MSE, so it starts hidden; a log axis leaves out its negative values.
      </p>
    </section>
  );
}
