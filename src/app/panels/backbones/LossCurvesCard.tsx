// The training curves, the built-in backbones' metrics.csv and any log the user imports (a
// metrics.csv or a TensorBoard event file), with TensorBoard's controls: a smoothing slider
// (debiased EMA), log y and x, and a run selector (the loaded backbones' and imported runs at first);
// the legend toggles runs.
import { useMemo, useState, type ChangeEvent } from 'react';
import { getImportedRunName, importLossCurve, isImportedCurve } from '../../effects/lossCurveImport';
import { LossCurveControls } from '../../plots/LossCurveControls';
import { LossCurves } from '../../plots/LossCurves';
import { getShownRuns } from '../../plots/lossRuns';
import { LossRunSelector } from '../../plots/LossRunSelector';
import { useWorkbench, workbenchActions, type LossCurve } from '../../store';

/** The curves in the order the backbones are listed, so colours follow the list; imported runs come last. */
function useOrderedCurves(): LossCurve[] {
  const curves = useWorkbench((s) => s.lossCurves);
  const builtIns = useWorkbench((s) => s.builtInBackbones);
  return useMemo(() => {
    const rank = (c: LossCurve) => {
      const at = builtIns.findIndex((b) => b.id === c.backboneId);
      return at >= 0 ? at : builtIns.length;
    };
    return [...curves].sort((a, b) => rank(a) - rank(b));
  }, [curves, builtIns]);
}

/** Picks a training log; the run name defaults to the file name without its extension. */
function LossImportForm({ imported }: { imported: LossCurve[] }) {
  const [runName, setRunName] = useState('');
  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void importLossCurve(file, runName);
    setRunName('');
  };
  return (
    <div className="loss-import">
      <div className="loss-controls">
        <label className="field">
          <span className="field-label">Run name</span>
          <input type="text" value={runName} onChange={(e) => setRunName(e.target.value)} placeholder="file name"
            data-testid="loss-import-name" />
        </label>
        {/* No `accept`: event files are named events.out.tfevents.<time>.<host>…, with no fixed extension. */}
        <label className="field">
          <span className="field-label">Import training log</span>
          <input type="file" onChange={onFileChosen} data-testid="loss-import-input" />
          <span className="field-hint">a Lightning metrics.csv or a TensorBoard events.out.tfevents.* file</span>
        </label>
      </div>
      {imported.length > 0 && (
        <ul className="loss-imported" data-testid="loss-imported-runs">
          {imported.map((curve) => (
            <li key={curve.backboneId}>
              {getImportedRunName(curve)} <span className="muted">{curve.log.file}</span>{' '}
              <button type="button" onClick={() => workbenchActions.lossCurveRemoved(curve.backboneId)}
                data-testid="loss-import-remove" data-run={getImportedRunName(curve)}>Remove</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function LossCurvesCard() {
  const curves = useOrderedCurves();
  const imported = useMemo(() => curves.filter(isImportedCurve), [curves]);
  const view = useWorkbench((s) => s.lossCurveView);
  const backbones = useWorkbench((s) => s.backbones);
  const shown = useMemo(() => getShownRuns(curves, view.runs, (c) => backbones[c.backboneId]?.status === 'loaded'), [curves, view.runs, backbones]);
  return (
    <section className="loss-card" aria-labelledby="loss-curves-title">
      <h3 id="loss-curves-title">Loss curves <span className="muted">masked ε-MSE from each run's metrics.csv or TensorBoard log</span></h3>
      <LossCurveControls />
      {curves.length === 0 ? (
        <p className="muted placeholder" data-testid="loss-curves-empty">Reading the training logs…</p>
      ) : (
        <>
          <LossRunSelector curves={curves} shown={shown} testIdPrefix="loss" />
          {shown.length === 0 ? (
            <p className="muted placeholder" data-testid="loss-curves-none">No run is drawn: load a backbone or tick a run above.</p>
          ) : <LossCurves curves={shown} view={view} testId="loss-curves" />}
        </>
      )}
      <p className="figure-caption">
        Tick a run to draw it (the loaded backbones' runs are drawn at first); click it in the legend to hide it for a
        moment. gan-generator logs a WGAN-GP critic loss and a Wasserstein estimate, not an ε-MSE: it is drawn on its
        own right-hand axes. Stars mark each run's lowest raw loss.
      </p>
      <LossImportForm imported={imported} />
    </section>
  );
}
