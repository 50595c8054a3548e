// Generate samples from loaded backbones: each backbone keeps its own settings (the form shows the
// chosen one's, each field with its own error); an estimate of memory and time before starting;
// backbones queue and run one after another, each with a bar, ETA and Cancel. Errors of this panel
// show under its buttons as well as at the top.
import { useMemo } from 'react';
import { Panel } from '../../components/Panel';
import { FieldsToFix } from '../../components/FieldNote';
import { OriginErrors } from '../../components/OriginErrors';
import { cancelGeneration, generate, generateAll } from '../../effects/generation';
import { estimateGeneration, measuredSpeedOf } from '../../effects/generationEstimate';
import { generateFieldLabels, getGenerateBlocker, getGenerateFieldErrors } from '../../effects/sampleRequest';
import { getBackboneState, getGenerateBackboneId, getGenerateSettings, useWorkbench } from '../../store';
import { BackboneSelect } from './BackboneSelect';
import { GenerateForm } from './GenerateForm';
import { GenerationEstimate } from './GenerationEstimate';
import { GenerationProgress } from './GenerationProgress';
import { GenerationRuns } from './GenerationRuns';

/** The chosen backbone's field errors, what blocks it regardless of the form, and the estimate when the form parses. */
function useGenerateCheck() {
  const id = useWorkbench(getGenerateBackboneId);
  const entry = useWorkbench((s) => (id === null ? null : getBackboneState(s, id)));
  const settings = useWorkbench((s) => getGenerateSettings(s));
  const holdoutPerClass = useWorkbench((s) => s.encoding?.holdoutPerClass ?? null);
  const lastSet = useWorkbench((s) => (id === null ? null : s.syntheticSets[id] ?? null));
  const spec = entry?.status === 'loaded' ? entry.backbone.spec : null;
  return useMemo(() => {
    if (!spec) return { spec, settings, errors: {}, blocker: null, estimate: null };
    const errors = getGenerateFieldErrors(settings, spec, holdoutPerClass);
    const blocker = getGenerateBlocker(spec);
    const shaped = spec.genes !== null && spec.channels !== null ? { ...spec, genes: spec.genes, channels: spec.channels } : null;
    const estimate = Object.keys(errors).length === 0 && blocker === null && shaped
      ? estimateGeneration(settings, shaped, measuredSpeedOf(lastSet, spec.schedule.timesteps)) : null;
    return { spec, settings, errors, blocker, estimate };
  }, [spec, settings, holdoutPerClass, lastSet]);
}

export function GeneratePanel() {
  const { spec, settings, errors, blocker, estimate } = useGenerateCheck();
  const generation = useWorkbench((s) => s.generation);
  const queued = useWorkbench((s) => s.generationQueue.length);
  const lastRun = useWorkbench((s) => s.lastRun);
  const running = generation.status === 'running';
  const toFix = (Object.keys(errors) as (keyof typeof generateFieldLabels)[]).map((f) => generateFieldLabels[f]);
  const refused = !spec || blocker !== null || toFix.length > 0;
  return (
    <Panel name="generate" title="Generate" subtitle="Synthetic gene tensors from each loaded backbone, one after another">
      <BackboneSelect disabled={false} />
      <GenerateForm disabled={false} timesteps={spec?.schedule.timesteps ?? null} isGenerator={spec?.kind === 'gan-generator'}
        numClasses={spec?.labelInput ? spec.numClasses : null} errors={errors} />
      {estimate && <GenerationEstimate estimate={estimate} count={Number(settings.count)} />}
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void generate()} disabled={refused} data-testid="generate-button">
          {running ? 'Queue this backbone' : 'Generate'}
        </button>
        <button type="button" onClick={() => void generateAll()} disabled={!spec} data-testid="generate-all-button">
          Generate all loaded
        </button>
        <button type="button" onClick={() => cancelGeneration()} disabled={!running && queued === 0} data-testid="cancel-button">
          Cancel{queued > 0 ? ` (and ${queued} waiting)` : ''}
        </button>
        <FieldsToFix labels={toFix} testId="generate-blocked" />
      </div>
      {blocker && <p className="form-error" data-testid="generate-blocker">{blocker}</p>}
      <OriginErrors origin="generate" testId="generate-errors" />
      <GenerationProgress generation={generation} lastRun={lastRun} />
      <GenerationRuns />
    </Panel>
  );
}
