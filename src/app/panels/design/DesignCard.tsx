// Design (seed 002, issue 14): form, truth file, Design / Cancel, progress with the scores per
// iteration drawn as they arrive, errors at the card, then the report (designs/DesignResults.tsx).
import { useMemo, type ChangeEvent } from 'react';
import { FieldsToFix } from '../../components/FieldNote';
import { OriginErrors } from '../../components/OriginErrors';
import { ProgressBar } from '../../components/ProgressBar';
import { cancelDesign, readDesignTruth, runDesign } from '../../effects/design';
import { designFieldLabels, getDesignFieldErrors, type DesignField } from '../../effects/designRequest';
import { getDataBlocker } from '../../effects/translationRequest';
import { groupLivePoints } from '../../plots/designTraces';
import { getBackboneState, getLoadedBackbones, useWorkbench, workbenchActions, type BackboneId, type DesignRunState } from '../../store';
import { DesignForm } from './DesignForm';
import { DesignResults } from './DesignResults';
import { DesignScoreFigure } from './DesignFigures';

const stageText = (run: Extract<DesignRunState, { status: 'running' }>) =>
  run.stage === 'classifiers' ? 'training the predictor and the oracle classifier…'
    : run.stage === 'scoring' ? 'scoring the designs…'
      : `${run.stage}: iteration ${run.iterationsDone} of ${run.iterationsTotal || '…'}`;

function RunLine({ run }: { run: DesignRunState }) {
  const fraction = run.status === 'running' ? run.fraction : run.status === 'done' ? 1 : 0;
  const text = run.status === 'idle' ? 'Ready'
    : run.status === 'running' ? stageText(run)
      : run.status === 'done' ? 'Done' : run.status === 'cancelled' ? 'Cancelled' : 'Failed';
  return (
    <div className="generation-progress">
      <div className={`status status-${run.status}`} data-testid="design-status" data-status={run.status}>{text}</div>
      <ProgressBar fraction={fraction} label="Design progress" testId="design-progress" />
    </div>
  );
}

function TruthFile({ disabled }: { disabled: boolean }) {
  const truth = useWorkbench((s) => s.designTruth);
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void readDesignTruth(file);
  };
  return (
    <div className="translate-truth">
      <label className="button-file button-small" title="The truth.json of gdw simulate: its causal SNPs and effects">
        Truth file…
        <input type="file" accept=".json,application/json" className="visually-hidden" disabled={disabled} onChange={onFile} data-testid="design-truth-input" />
      </label>
      <button type="button" className="button-small" disabled={disabled} onClick={() => void readDesignTruth('demo')} data-testid="design-truth-demo"
        title="The simulated demo cohort's truth.json, served with the app">
        Demo truth
      </button>
      <span className="muted" data-testid="design-truth">
        {truth ? `${truth.fileName}: ${truth.effects.length} causal SNPs in ${truth.causalGenes.length} genes (designs are scored by their true liability)`
          : 'a simulator truth.json scores designs by their true liability'}
      </span>
      {truth && <button type="button" className="button-quiet" disabled={disabled} onClick={() => workbenchActions.designTruthChanged(null)}>Clear</button>}
    </div>
  );
}

export function DesignCard() {
  const builtInBackbones = useWorkbench((s) => s.builtInBackbones);
  const backbones = useWorkbench((s) => s.backbones);
  const userBackbones = useWorkbench((s) => s.userBackbones);
  const loaded = useMemo(() => getLoadedBackbones({ builtInBackbones, backbones, userBackbones }), [builtInBackbones, backbones, userBackbones]);
  const form = useWorkbench((s) => s.designForm);
  const chosen = form.backboneId === '' ? null : getBackboneState({ builtInBackbones, backbones }, form.backboneId as BackboneId);
  const spec = chosen?.status === 'loaded' ? chosen.backbone.spec : null;
  const errors = useMemo(() => {
    const e = getDesignFieldErrors(form, spec);
    if (form.backboneId !== '' && !spec) e.backboneId = `${form.backboneId} is not loaded: load it in the Backbones panel`;
    return e;
  }, [form, spec]);
  const toFix = (Object.keys(errors) as DesignField[]).map((f) => designFieldLabels[f]);
  const encoding = useWorkbench((s) => s.encoding);
  const dataBlocker = getDataBlocker(encoding);
  const run = useWorkbench((s) => s.designRun);
  const outcome = useWorkbench((s) => s.design);
  const running = run.status === 'running';
  const live = useMemo(() => (run.status === 'running' ? groupLivePoints(run.points) : []), [run]);
  return (
    <section className="evaluate-card design-card" data-testid="design-card" aria-labelledby="design-card-title">
      <h3 id="design-card-title">
        Design toward a class <span className="muted">push genomes toward the target class and see whether an oracle the optimiser never saw agrees (seed 002)</span>
      </h3>
      <DesignForm backbones={loaded} disabled={running} errors={errors} spec={spec} />
      <TruthFile disabled={running} />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void runDesign()} disabled={running || dataBlocker !== null || toFix.length > 0} data-testid="design-button">
          Design
        </button>
        <button type="button" onClick={cancelDesign} disabled={!running} data-testid="design-cancel">Cancel</button>
        {dataBlocker && <span className="muted button-note" data-testid="design-blocker">{dataBlocker.replace('translation needs', 'design needs')}</span>}
        <FieldsToFix labels={toFix} testId="design-blocked" />
      </div>
      <OriginErrors origin="design" testId="design-errors" />
      <RunLine run={run} />
      {running && live.length > 0 && <DesignScoreFigure traces={live} testId="design-live-figure" filename="gdw-design-live" />}
      {outcome && <DesignResults outcome={outcome} />}
    </section>
  );
}
