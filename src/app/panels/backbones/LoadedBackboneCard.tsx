// One loaded backbone: where it runs and how it loaded, then (folded) its declared inputs and
// outputs, the settings the sampler uses with their sources, and the model's metadata.
import type { BackboneSpec } from '../../../core/backbone/spec';
import type { LoadedBackbone } from '../../../engines/inference';
import { formatBytes, formatDuration } from '../../format';
import { gaussianDemoBackbone, useWorkbench, type BackboneId } from '../../store';
import { DemoTargetFacts } from './DemoTargetFacts';
import { SettingsTable } from './SettingsTable';
import { TensorTable } from './TensorTable';

function ModelFacts({ loaded, byteLength }: { loaded: LoadedBackbone; byteLength: number }) {
  const { spec } = loaded;
  return (
    <dl className="facts">
      <dt>Runs on</dt>
      <dd>
        <span className={`badge badge-${loaded.executionProvider}`} data-testid="backbone-ep">{loaded.executionProvider}</span>
        {loaded.gpu && loaded.executionProvider === 'webgpu' && <> on {loaded.gpu.adapterName}</>}
        {loaded.fallbackReason && <div className="muted">WASM because {loaded.fallbackReason}</div>}
      </dd>
      <dt>Loaded in</dt>
      <dd>{formatDuration(loaded.loadMs)} ({formatBytes(byteLength)})</dd>
      <dt>Kind / family</dt>
      <dd data-testid="backbone-family">{spec.kind} / {spec.family}</dd>
      <dt>Opset / IR</dt>
      <dd data-testid="backbone-opset">{spec.opset ?? '—'} / {spec.irVersion}</dd>
      <dt>Producer</dt>
      <dd>{spec.producerName || '—'} {spec.producerVersion}</dd>
      <dt>Schedule</dt>
      <dd>{spec.schedule.kind}, T = {spec.schedule.timesteps}
        {spec.schedule.kind === 'linear' && <>, β {spec.schedule.betaStart} → {spec.schedule.betaEnd}</>}</dd>
    </dl>
  );
}

function MetadataTable({ metadata }: { metadata: BackboneSpec['metadata'] }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <p className="muted">The model has no metadata_props.</p>;
  return (
    <table className="table" data-testid="backbone-metadata">
      <caption>metadata_props</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}><td><code>{key}</code></td><td className="value-cell">{value}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function LoadedBackboneCard({ id, loaded, byteLength }: { id: BackboneId; loaded: LoadedBackbone; byteLength: number }) {
  const isDemo = id === gaussianDemoBackbone.id;
  const target = useWorkbench((s) => (isDemo ? s.demoTarget : null));
  const { spec } = loaded;
  return (
    <article className="backbone-card" data-testid="backbone-card" data-backbone-id={id} data-status="loaded">
      <h3>
        {spec.fileName}
        <span className="muted"> {isDemo ? 'built-in demo' : 'built-in, trained on the demo cohort'}</span>
      </h3>
      <ModelFacts loaded={loaded} byteLength={byteLength} />
      {isDemo && <DemoTargetFacts target={target} />}
      <details className="backbone-details">
        <summary>Inputs, outputs, settings and metadata</summary>
        <TensorTable caption="Inputs" tensors={spec.inputs} testId="backbone-inputs" />
        <TensorTable caption="Outputs" tensors={spec.outputs} testId="backbone-outputs" />
        <SettingsTable spec={spec} />
        <MetadataTable metadata={spec.metadata} />
      </details>
    </article>
  );
}
