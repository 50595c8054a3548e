// The Classifiers card: the real half of TSTR (paper Table 1, "real" column). A classifier trains
// on the encoded real training split in the training worker, is selected on a validation split
// carved from it, and is tested once on the real holdout. Synthetic training sets join later.
import { useMemo } from 'react';
import { FieldsToFix } from '../../components/FieldNote';
import { OriginErrors } from '../../components/OriginErrors';
import { cancelClassifier, trainRealClassifier } from '../../effects/classifier';
import { getClassifierFieldErrors } from '../../effects/classifierRequest';
import type { EncodingSummary } from '../../../engines/data';
import { useWorkbench, type ClassifierReport, type ClassifierRunState, type DataJobState } from '../../store';
import { ClassifierCurves, type CurvesInput } from './ClassifierCurves';
import { ClassifierForm } from './ClassifierForm';
import { ClassifierProgress } from './ClassifierProgress';
import { ClassifierResults } from './ClassifierResults';

/** Why Train cannot run now, or null. */
function trainBlocker(encoding: EncodingSummary | null, dataJob: DataJobState, evaluating: boolean): string | null {
  if (dataJob.status === 'running') return 'Wait for the Data panel to finish.';
  // One training worker serves both: an evaluation's TSTR holds Train back.
  if (evaluating) return 'An evaluation is running in the Compare panel: wait for it or cancel it.';
  if (!encoding) return 'Nothing is encoded: click Encode in the Data panel first.';
  return null;
}

/** The live curves while a run goes or after a cancel; otherwise those of the last finished run. */
function shownCurves(run: ClassifierRunState, report: ClassifierReport | null): CurvesInput | null {
  if (run.status === 'running' || run.status === 'cancelled') return { history: run.history, epochsMax: run.epochsMax, selectedEpoch: null };
  if (!report) return null;
  const row = report.result.rows[0];
  return { history: row.history, epochsMax: report.result.settings.train.epochs, selectedEpoch: row.selectedEpoch };
}

export function ClassifierCard() {
  const encoding = useWorkbench((s) => s.encoding);
  const dataJob = useWorkbench((s) => s.dataJob);
  const run = useWorkbench((s) => s.classifierRun);
  const report = useWorkbench((s) => s.classifierReport);
  const form = useWorkbench((s) => s.classifierForm);
  const errors = useMemo(() => getClassifierFieldErrors(form), [form]);
  const toFix = [...(errors.epochs ? ['Epochs'] : []), ...(errors.seed ? ['Seed'] : [])];
  const running = run.status === 'running';
  const evaluating = useWorkbench((s) => s.comparisonRun.status === 'running');
  const blocker = trainBlocker(encoding, dataJob, evaluating);
  const curves = shownCurves(run, report);
  return (
    <section className="classifier-card" data-testid="classifier-card" aria-labelledby="classifier-card-title">
      <h3 id="classifier-card-title">
        Classifiers <span className="muted">real train → real holdout, the reference row of TSTR (paper Table 1)</span>
      </h3>
      <ClassifierForm disabled={running} errors={errors} />
      <div className="button-row classifier-buttons">
        <button type="button" className="button-primary" onClick={() => void trainRealClassifier()}
          disabled={running || blocker !== null || toFix.length > 0} data-testid="classifier-train">
          Train on real train → test on real holdout
        </button>
        <button type="button" onClick={cancelClassifier} disabled={!running} data-testid="classifier-cancel">Cancel</button>
        {blocker && <span className="muted button-note" data-testid="classifier-blocker">{blocker}</span>}
        <FieldsToFix labels={toFix} testId="classifier-blocked" />
      </div>
      <OriginErrors origin="classifier" testId="classifier-errors" />
      <ClassifierProgress run={run} report={report} />
      {curves && (
        <div className="classifier-layout">
          <ClassifierCurves {...curves} />
          {report && run.status !== 'running' && run.status !== 'cancelled' && <ClassifierResults report={report} />}
        </div>
      )}
    </section>
  );
}
