// Generate samples from a loaded backbone, watch the progress, cancel.
import { Panel } from '../../components/Panel';
import { cancelGeneration, generate } from '../../effects/generation';
import { getBackboneState, getGenerateBackboneId, useWorkbench } from '../../store';
import { BackboneSelect } from './BackboneSelect';
import { GenerateForm } from './GenerateForm';
import { GenerationProgress } from './GenerationProgress';

export function GeneratePanel() {
  const entry = useWorkbench((s) => {
    const id = getGenerateBackboneId(s);
    return id === null ? null : getBackboneState(s, id);
  });
  const generation = useWorkbench((s) => s.generation);
  const lastRun = useWorkbench((s) => s.lastRun);
  const spec = entry?.status === 'loaded' ? entry.backbone.spec : null;
  const running = generation.status === 'running';
  return (
    <Panel name="generate" title="Generate" subtitle="Synthetic gene tensors from a loaded backbone">
      <BackboneSelect disabled={running} />
      <GenerateForm disabled={running} timesteps={spec?.schedule.timesteps ?? null} isGenerator={spec?.kind === 'gan-generator'} />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void generate()} disabled={!spec || running}
          data-testid="generate-button">
          Generate
        </button>
        <button type="button" onClick={cancelGeneration} disabled={!running} data-testid="cancel-button">
          Cancel
        </button>
      </div>
      <GenerationProgress generation={generation} lastRun={lastRun} />
    </Panel>
  );
}
