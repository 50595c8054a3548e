// Evaluate every generated set against the real train and holdout in one run: the settings that
// change the numbers, the run's stage, bar, elapsed time and Cancel.
import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { classifierKinds, type ClassifierKind } from '../../../core/classify/models';
import { FieldNote, FieldsToFix, fieldNoteId } from '../../components/FieldNote';
import { OriginErrors } from '../../components/OriginErrors';
import { cancelComparison, evaluateComparison } from '../../effects/comparison';
import { comparisonFieldLabels, getComparisonFieldErrors } from '../../effects/comparisonPlan';
import { classifierNames } from '../../effects/classifierRequest';
import { formatDuration } from '../../format';
import { useWorkbench, workbenchActions, type ComparisonForm, type ComparisonRunState } from '../../store';
import { ProgressBar } from '../../components/ProgressBar';

type TextField = Exclude<keyof ComparisonForm, 'classifiers' | 'tstrTrainingSet'>;

function Field({ field, hint, disabled, error }: { field: TextField; hint: string; disabled: boolean; error?: string }) {
  const value = useWorkbench((s) => s.comparisonForm[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.comparisonFormChanged({ field, value: e.target.value });
  const testId = `compare-${field}`;
  return (
    <label className="field">
      <span className="field-label">{comparisonFieldLabels[field]}</span>
      <input type="text" inputMode="numeric" value={value} onChange={onChange} disabled={disabled}
        aria-invalid={error ? true : undefined} aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={error} hint={hint} />
    </label>
  );
}

function ClassifierChecks({ disabled }: { disabled: boolean }) {
  const chosen = useWorkbench((s) => s.comparisonForm.classifiers);
  const toggle = (kind: ClassifierKind, on: boolean) => workbenchActions.comparisonFormChanged({
    field: 'classifiers', value: on ? [...chosen, kind] : chosen.filter((k) => k !== kind),
  });
  return (
    <fieldset className="field check-group" disabled={disabled}>
      <legend className="field-label">TSTR classifiers</legend>
      {Object.values(classifierKinds).map((kind) => (
        <label key={kind} className="check-line">
          <input type="checkbox" checked={chosen.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} data-testid={`compare-classifier-${kind}`} />
          {classifierNames[kind]}
        </label>
      ))}
    </fieldset>
  );
}

/** Paper Table 1 trains on as many synthetic samples per class as real ones: matched generates them. */
function TstrTrainingSetChoice({ disabled }: { disabled: boolean }) {
  const value = useWorkbench((s) => s.comparisonForm.tstrTrainingSet);
  const trainCount = useWorkbench((s) => s.encoding?.trainCount ?? null);
  const onChange = (e: ChangeEvent<HTMLSelectElement>) => workbenchActions.comparisonFormChanged({ field: 'tstrTrainingSet', value: e.target.value });
  return (
    <label className="field">
      <span className="field-label">TSTR training sets</span>
      <select value={value} onChange={onChange} disabled={disabled} data-testid="compare-tstrTrainingSet">
        <option value="matched">matched to the real training split</option>
        <option value="as-generated">the sets as generated</option>
      </select>
      <span className="field-hint">
        {value === 'matched'
          ? `generates as many samples as the labelled real training split${trainCount === null ? '' : ` (${trainCount} training samples)`} per conditional backbone, in its class balance; the backbone must be loaded`
          : 'sizes and balances may differ from the real row'}
      </span>
    </label>
  );
}

function useElapsedMs(run: ComparisonRunState): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (run.status !== 'running') return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [run.status]);
  return run.status === 'running' ? Math.max(0, now - run.startedAtMs) : 0;
}

function RunLine({ run }: { run: ComparisonRunState }) {
  const elapsedMs = useElapsedMs(run);
  const fraction = run.status === 'idle' ? 0 : run.fraction;
  const text = run.status === 'idle' ? 'Ready'
    : run.status === 'running' ? `${run.stage}… ${formatDuration(elapsedMs)} elapsed`
      : run.status === 'done' ? 'Done' : run.status === 'cancelled' ? `Cancelled during ${run.stage}` : `Failed during ${run.stage}`;
  return (
    <div className="generation-progress">
      <div className={`status status-${run.status}`} data-testid="compare-status" data-status={run.status}>{text}</div>
      <ProgressBar fraction={fraction} label="Evaluation progress" testId="compare-progress" />
    </div>
  );
}

export function EvaluateCard() {
  const run = useWorkbench((s) => s.comparisonRun);
  const sets = useWorkbench((s) => Object.keys(s.syntheticSets).length);
  const imported = useWorkbench((s) => s.syntheticImports.sets.filter((i) => i.codecSha256 === s.encoding?.codecSha256).length);
  const encoded = useWorkbench((s) => s.encoding !== null);
  // One training worker serves TSTR and the Classifiers card: a run there holds Evaluate back.
  const training = useWorkbench((s) => s.classifierRun.status === 'running');
  const form = useWorkbench((s) => s.comparisonForm);
  const errors = useMemo(() => getComparisonFieldErrors(form), [form]);
  const toFix = (Object.keys(errors) as TextField[]).map((f) => comparisonFieldLabels[f]);
  const running = run.status === 'running';
  return (
    <section className="evaluate-card" data-testid="evaluate-card" aria-labelledby="evaluate-title">
      <h3 id="evaluate-title">
        Evaluate <span className="muted">every generated set against the real training split and holdout</span>
      </h3>
      <div className="evaluate-form">
        <Field field="seed" hint="subsamples, bootstrap, noise" disabled={running} error={errors.seed} />
        <Field field="k" hint="NN test (paper: 10)" disabled={running} error={errors.k} />
        <Field field="bootstrapResamples" hint="resamples, 95 % intervals" disabled={running} error={errors.bootstrapResamples} />
        <Field field="umapPoints" hint="per set at most; 0: no UMAP" disabled={running} error={errors.umapPoints} />
        <Field field="levels" hint="reconstruction curve" disabled={running} error={errors.levels} />
        <Field field="tstrEpochs" hint="at most; early stopping" disabled={running} error={errors.tstrEpochs} />
        <ClassifierChecks disabled={running} />
        <TstrTrainingSetChoice disabled={running} />
      </div>
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void evaluateComparison()} disabled={running || training || sets === 0 || !encoded || toFix.length > 0}
          data-testid="compare-evaluate">
          Evaluate {sets} generated set{sets === 1 ? '' : 's'}{imported > 0 ? ` and ${imported} imported` : ''}
        </button>
        <button type="button" onClick={cancelComparison} disabled={!running} data-testid="compare-cancel">Cancel</button>
        {!encoded && <span className="muted">Encode a cohort in the Data panel first.</span>}
        {encoded && sets === 0 && <span className="muted">Generate from at least one backbone first.</span>}
        {training && <span className="muted" data-testid="compare-waits">The Classifiers card is training: wait for it or cancel it.</span>}
        <FieldsToFix labels={toFix} testId="compare-blocked" />
      </div>
      <OriginErrors origin="compare" testId="compare-errors" />
      <RunLine run={run} />
    </section>
  );
}
