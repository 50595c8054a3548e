// The run selector beside the loss curves: every run with a training log, each with its colour, ticked
// when drawn; ticking adds a run, unticking removes it (the choice is kept in the shared view).
import { getIdentity } from '../../core/report/identity';
import { useIdentities } from '../identity';
import { useWorkbench, workbenchActions, type LossCurve } from '../store';

interface LossRunSelectorProps {
  /** Every run that could be drawn. */
  curves: readonly LossCurve[];
  /** The runs drawn now. */
  shown: readonly LossCurve[];
  testIdPrefix: string;
}

export function LossRunSelector({ curves, shown, testIdPrefix }: LossRunSelectorProps) {
  const identities = useIdentities();
  const runs = useWorkbench((s) => s.lossCurveView.runs);
  const drawn = new Set(shown.map((c) => c.backboneId));
  const choose = (id: string, on: boolean) => workbenchActions.lossCurveViewChanged({ runs: { ...runs, [id]: on } });
  return (
    <fieldset className="loss-runs" data-testid={`${testIdPrefix}-runs`}>
      <legend className="field-label">Runs</legend>
      {curves.map((curve) => {
        const { name, colour } = getIdentity(identities, curve.backboneId);
        return (
          <label key={curve.backboneId} className="check-line loss-run">
            <input type="checkbox" checked={drawn.has(curve.backboneId)} onChange={(e) => choose(curve.backboneId, e.target.checked)}
              data-testid={`${testIdPrefix}-run`} data-run={curve.backboneId} />
            <span className="loss-run-swatch" style={{ background: colour }} aria-hidden="true" />
            {name}
          </label>
        );
      })}
    </fieldset>
  );
}
