// Class translation (seed 003, issue 13): real samples of the source class DDIM-inverted under it
// and regenerated under the target class by a loaded class-conditional backbone, through the
// translation pipeline `gdw translate` runs too. Form, truth file, Translate / Cancel, progress,
// errors at the card, then the report (the reconstruction check first).
import { useMemo, type ChangeEvent } from 'react';
import { serializeError } from '../../../core/errors';
import { parseCausalGenes } from '../../../core/translate/truthFile';
import { FieldsToFix } from '../../components/FieldNote';
import { OriginErrors } from '../../components/OriginErrors';
import { cancelTranslation, getTranslationBackboneInfo, translateSamples } from '../../effects/translation';
import { getDataBlocker, getTranslationFieldErrors, translationFieldLabels, type TranslationField } from '../../effects/translationRequest';
import { getBackboneState, getLoadedBackbones, useWorkbench, workbenchActions, type BackboneId, type TranslationRunState } from '../../store';
import { TranslateForm } from './TranslateForm';
import { TranslationResults } from './TranslationResults';
import { ProgressBar } from '../../components/ProgressBar';

function RunLine({ run }: { run: TranslationRunState }) {
  const fraction = run.status === 'running' ? run.fraction : run.status === 'done' ? 1 : 0;
  const samples = run.status === 'idle' ? '' : ` (${run.samplesDone} of ${run.samplesTotal || '…'} samples)`;
  const text = run.status === 'idle' ? 'Ready'
    : run.status === 'running' ? `${run.stage}…${samples}`
      : run.status === 'done' ? `Done${samples}` : run.status === 'cancelled' ? `Cancelled${samples}` : 'Failed';
  return (
    <div className="generation-progress">
      <div className={`status status-${run.status}`} data-testid="translate-status" data-status={run.status}>{text}</div>
      <ProgressBar fraction={fraction} label="Translation progress" testId="translate-progress" />
    </div>
  );
}

async function readTruthFile(e: ChangeEvent<HTMLInputElement>): Promise<void> {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (!file) return;
  try {
    workbenchActions.translationTruthChanged({ fileName: file.name, causalGenes: parseCausalGenes(await file.text(), file.name) });
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'translate');
  }
}

function TruthFile({ disabled }: { disabled: boolean }) {
  const truth = useWorkbench((s) => s.translationTruth);
  return (
    <div className="translate-truth">
      <label className="button-file button-small" title="The truth.json of gdw simulate: its causal genes">
        Truth file…
        <input type="file" accept=".json,application/json" className="visually-hidden" disabled={disabled} onChange={(e) => void readTruthFile(e)} data-testid="translate-truth-input" />
      </label>
      <span className="muted" data-testid="translate-truth">
        {truth ? `${truth.fileName}: ${truth.causalGenes.length} causal genes (the AUC of the change map is measured)` : 'a simulator truth.json adds the causal-gene AUC'}
      </span>
      {truth && <button type="button" className="button-quiet" disabled={disabled} onClick={() => workbenchActions.translationTruthChanged(null)}>Clear</button>}
    </div>
  );
}

export function TranslateCard() {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const userBackbones = useWorkbench((s) => s.userBackbones);
  const loaded = useMemo(() => getLoadedBackbones({ builtInBackbones, backbones, userBackbones }), [builtInBackbones, backbones, userBackbones]);
  const form = useWorkbench((s) => s.translationForm);
  const chosen = getBackboneState({ builtInBackbones, backbones }, form.backboneId as BackboneId);
  const info = useMemo(() => (chosen.status === 'loaded' ? getTranslationBackboneInfo(chosen.backbone.spec) : null), [chosen]);
  const selection = useWorkbench((s) => s.umapSelection);
  const errors = useMemo(() => getTranslationFieldErrors(form, info, selection), [form, info, selection]);
  const toFix = (Object.keys(errors) as TranslationField[]).map((f) => translationFieldLabels[f]);
  const encoding = useWorkbench((s) => s.encoding);
  const dataBlocker = getDataBlocker(encoding);
  const run = useWorkbench((s) => s.translationRun);
  const outcome = useWorkbench((s) => s.translation);
  const running = run.status === 'running';
  return (
    <section className="evaluate-card translate-card" data-testid="translate-card" aria-labelledby="translate-card-title">
      <h3 id="translate-card-title">
        Class translation <span className="muted">which genes does a class-conditional backbone move to turn one class into the other? (DDIM inversion, seed 003)</span>
      </h3>
      <TranslateForm backbones={loaded} disabled={running} errors={errors} timesteps={info?.timesteps ?? null} classCount={info?.numClasses ?? 0} />
      <TruthFile disabled={running} />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void translateSamples()} disabled={running || dataBlocker !== null || toFix.length > 0}
          data-testid="translate-button">
          Translate
        </button>
        <button type="button" onClick={cancelTranslation} disabled={!running} data-testid="translate-cancel">Cancel</button>
        {dataBlocker && <span className="muted button-note" data-testid="translate-blocker">{dataBlocker}</span>}
        <FieldsToFix labels={toFix} testId="translate-blocked" />
      </div>
      <OriginErrors origin="translate" testId="translate-errors" />
      <RunLine run={run} />
      {outcome && <TranslationResults outcome={outcome} />}
    </section>
  );
}
