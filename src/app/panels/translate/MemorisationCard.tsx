// Generalisation vs memorisation (seed 003 §4.2): two loaded backbones of one architecture, trained
// on disjoint rows, generate from the same seeds through the pipeline `gdw memorisation` runs; the
// card shows the seed's summary and the two histograms. The shipped demo pairs load from here.
import { useMemo, useState, type ChangeEvent } from 'react';
import { FieldNote, FieldsToFix, fieldNoteId } from '../../components/FieldNote';
import { OriginErrors } from '../../components/OriginErrors';
import { ProgressBar } from '../../components/ProgressBar';
import { cancelMemorisation, demoPairs, loadDemoPair, runMemorisation } from '../../effects/memorisation';
import { getMemorisationFieldErrors, memorisationFieldLabels, type MemorisationField } from '../../effects/memorisationRequest';
import { getLoadedBackbones, useWorkbench, workbenchActions, type LoadedBackboneEntry, type MemorisationRunState } from '../../store';
import type { FieldErrors } from '../../effects/formNumbers';
import { MemorisationResults } from './MemorisationResults';

type TextField = Exclude<MemorisationField, 'backboneA' | 'backboneB'>;

const hints: Record<TextField, string> = {
  count: 'sample i of each from the same noise and class',
  steps: 'DDIM, η = 0',
  seed: 'the noise of both models',
  threshold: 'a cosine; the summary\'s "share ≥"',
};

function TextInput({ field, disabled, errors }: { field: TextField; disabled: boolean; errors: FieldErrors<MemorisationField> }) {
  const value = useWorkbench((s) => s.memorisationForm[field]);
  const testId = `memorisation-${field}`;
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.memorisationFormChanged({ field, value: e.target.value });
  return (
    <label className="field">
      <span className="field-label">{memorisationFieldLabels[field]}</span>
      <input type="text" value={value} onChange={onChange} disabled={disabled} aria-invalid={errors[field] ? true : undefined}
        aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={errors[field]} hint={hints[field]} />
    </label>
  );
}

function BackboneChoice({ field, backbones, disabled, errors }: {
  field: 'backboneA' | 'backboneB'; backbones: LoadedBackboneEntry[]; disabled: boolean; errors: FieldErrors<MemorisationField>;
}) {
  const value = useWorkbench((s) => s.memorisationForm[field]);
  const testId = `memorisation-${field}`;
  return (
    <label className="field translate-backbone">
      <span className="field-label">{memorisationFieldLabels[field]}</span>
      <select value={value} disabled={disabled} aria-invalid={errors[field] ? true : undefined} aria-describedby={fieldNoteId(testId)} data-testid={testId}
        onChange={(e) => workbenchActions.memorisationFormChanged({ field, value: e.target.value })}>
        <option value="">choose a loaded backbone</option>
        {backbones.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
      </select>
      <FieldNote testId={testId} error={errors[field]} hint="says its training rows (gdw.train_rows)" />
    </label>
  );
}

function DemoPairs({ disabled }: { disabled: boolean }) {
  const [pair, setPair] = useState<string>(demoPairs[0].id);
  const [loading, setLoading] = useState(false);
  const load = () => {
    setLoading(true);
    void loadDemoPair(pair).finally(() => setLoading(false));
  };
  return (
    <div className="button-row memorisation-demo">
      <label className="check-line">
        <span className="muted">Demo pair (models/demo/memorisation, trained on the demo cohort):</span>
        <select value={pair} disabled={disabled || loading} onChange={(e) => setPair(e.target.value)} data-testid="memorisation-demo-pair">
          {demoPairs.map((p) => <option key={p.id} value={p.id}>{p.a} · {p.b} ({p.title})</option>)}
        </select>
      </label>
      <button type="button" className="button-small" disabled={disabled || loading} onClick={load} data-testid="memorisation-demo-load">
        {loading ? 'Loading…' : 'Load pair'}
      </button>
    </div>
  );
}

function RunLine({ run }: { run: MemorisationRunState }) {
  const fraction = run.status === 'running' ? run.fraction : run.status === 'done' ? 1 : 0;
  const text = run.status === 'idle' ? 'Ready' : run.status === 'running' ? `${run.stage}…`
    : run.status === 'done' ? 'Done' : run.status === 'cancelled' ? 'Cancelled' : 'Failed';
  return (
    <div className="generation-progress">
      <div className={`status status-${run.status}`} data-testid="memorisation-status" data-status={run.status}>{text}</div>
      <ProgressBar fraction={fraction} label="Memorisation test progress" testId="memorisation-progress" />
    </div>
  );
}

export function MemorisationCard() {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const userBackbones = useWorkbench((s) => s.userBackbones);
  const loaded = useMemo(() => getLoadedBackbones({ builtInBackbones, backbones, userBackbones }), [builtInBackbones, backbones, userBackbones]);
  const form = useWorkbench((s) => s.memorisationForm);
  const errors = useMemo(() => getMemorisationFieldErrors(form), [form]);
  const toFix = (Object.keys(errors) as MemorisationField[]).map((f) => memorisationFieldLabels[f]);
  const encoded = useWorkbench((s) => s.encoding !== null);
  const run = useWorkbench((s) => s.memorisationRun);
  const outcome = useWorkbench((s) => s.memorisation);
  const running = run.status === 'running';
  return (
    <section className="evaluate-card memorisation-card" data-testid="memorisation-card" aria-labelledby="memorisation-card-title">
      <h3 id="memorisation-card-title">
        Generalisation vs memorisation <span className="muted">do two models trained on disjoint halves give the same sample from the same seed? (seed 003 §4.2)</span>
      </h3>
      <DemoPairs disabled={running} />
      <div className="evaluate-form">
        <BackboneChoice field="backboneA" backbones={loaded} disabled={running} errors={errors} />
        <BackboneChoice field="backboneB" backbones={loaded} disabled={running} errors={errors} />
        {(['count', 'steps', 'seed', 'threshold'] as const).map((f) => <TextInput key={f} field={f} disabled={running} errors={errors} />)}
      </div>
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void runMemorisation()} disabled={running || !encoded || toFix.length > 0}
          data-testid="memorisation-run">
          Run the test
        </button>
        <button type="button" onClick={cancelMemorisation} disabled={!running} data-testid="memorisation-cancel">Cancel</button>
        {!encoded && <span className="muted button-note">encode the cohort the models were trained on first (Data panel)</span>}
        <FieldsToFix labels={toFix} testId="memorisation-blocked" />
      </div>
      <OriginErrors origin="memorisation" testId="memorisation-errors" />
      <RunLine run={run} />
      {outcome && <MemorisationResults report={outcome.report} />}
    </section>
  );
}
