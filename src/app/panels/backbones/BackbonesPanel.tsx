// The loaded backbones and what is known about each; today the built-in Gaussian demo and the
// target it represents.
import type { BackboneSpec } from '../../../core/backbone/spec';
import type { LoadedBackbone } from '../../../engines/inference';
import { Panel } from '../../components/Panel';
import { formatBytes, formatDuration } from '../../format';
import { useWorkbench } from '../../store';
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
      <dd>{spec.kind} / {spec.family}</dd>
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

export function BackbonesPanel() {
  const backbone = useWorkbench((s) => s.backbone);
  const target = useWorkbench((s) => s.demoTarget);
  return (
    <Panel name="backbones" title="Backbones" subtitle="ONNX denoisers, one worker each">
      <article className="backbone-card" data-testid="backbone-card" data-status={backbone.status}>
        <h3>
          {backbone.status === 'idle' ? 'gaussian-demo.onnx'
            : backbone.status === 'loaded' ? backbone.backbone.spec.fileName : backbone.fileName}
          <span className="muted"> built-in demo</span>
        </h3>
        {backbone.status === 'loaded' ? (
          <>
            <ModelFacts loaded={backbone.backbone} byteLength={backbone.byteLength} />
            <DemoTargetFacts target={target} />
            <TensorTable caption="Inputs" tensors={backbone.backbone.spec.inputs} testId="backbone-inputs" />
            <TensorTable caption="Outputs" tensors={backbone.backbone.spec.outputs} testId="backbone-outputs" />
            <SettingsTable spec={backbone.backbone.spec} />
            <MetadataTable metadata={backbone.backbone.spec.metadata} />
          </>
        ) : (
          <p className="muted" data-testid="backbone-status">
            {backbone.status === 'failed' ? 'Could not load: see the error above.' : 'Loading and warming up…'}
          </p>
        )}
      </article>
    </Panel>
  );
}
