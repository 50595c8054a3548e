// Generate samples from the loaded backbone, watch the progress, cancel.
import { Panel } from '../../components/Panel';
import { cancelGeneration, generate } from '../../effects/generation';
import { useWorkbench } from '../../store';
import { GenerateForm } from './GenerateForm';
import { GenerationProgress } from './GenerationProgress';

export function GeneratePanel() {
  const backbone = useWorkbench((s) => s.backbone);
  const generation = useWorkbench((s) => s.generation);
  const report = useWorkbench((s) => s.report);
  const ready = backbone.status === 'loaded';
  const running = generation.status === 'running';
  const timesteps = ready ? backbone.backbone.spec.schedule.timesteps : null;
  return (
    <Panel name="generate" title="Generate" subtitle="Synthetic gene tensors from the demo backbone">
      <GenerateForm disabled={running} timesteps={timesteps} />
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void generate()} disabled={!ready || running}
          data-testid="generate-button">
          Generate
        </button>
        <button type="button" onClick={cancelGeneration} disabled={!running} data-testid="cancel-button">
          Cancel
        </button>
      </div>
      <GenerationProgress generation={generation} report={report} />
    </Panel>
  );
}
