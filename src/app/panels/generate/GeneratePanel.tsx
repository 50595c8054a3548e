// Generate samples from loaded backbones: each backbone keeps its own settings (the form shows the
// chosen one's); backbones queue and run one after another, each with a bar, ETA and Cancel.
import { Panel } from '../../components/Panel';
import { cancelGeneration, generate, generateAll } from '../../effects/generation';
import { getBackboneState, getGenerateBackboneId, useWorkbench } from '../../store';
import { BackboneSelect } from './BackboneSelect';
import { GenerateForm } from './GenerateForm';
import { GenerationProgress } from './GenerationProgress';
import { GenerationRuns } from './GenerationRuns';

export function GeneratePanel() {
  const entry = useWorkbench((s) => {
    const id = getGenerateBackboneId(s);
    return id === null ? null : getBackboneState(s, id);
  });
  const generation = useWorkbench((s) => s.generation);
  const queued = useWorkbench((s) => s.generationQueue.length);
  const lastRun = useWorkbench((s) => s.lastRun);
  const spec = entry?.status === 'loaded' ? entry.backbone.spec : null;
  const running = generation.status === 'running';
  return (
    <Panel name="generate" title="Generate" subtitle="Synthetic gene tensors from each loaded backbone, one after another">
      <BackboneSelect disabled={false} />
      <GenerateForm disabled={false} timesteps={spec?.schedule.timesteps ?? null} isGenerator={spec?.kind === 'gan-generator'}
        numClasses={spec?.labelInput ? spec.numClasses : null} />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void generate()} disabled={!spec} data-testid="generate-button">
          {running ? 'Queue this backbone' : 'Generate'}
        </button>
        <button type="button" onClick={() => void generateAll()} disabled={!spec} data-testid="generate-all-button">
          Generate all loaded
        </button>
        <button type="button" onClick={() => cancelGeneration()} disabled={!running && queued === 0} data-testid="cancel-button">
          Cancel{queued > 0 ? ` (and ${queued} waiting)` : ''}
        </button>
      </div>
      <GenerationProgress generation={generation} lastRun={lastRun} />
      <GenerationRuns />
    </Panel>
  );
}
