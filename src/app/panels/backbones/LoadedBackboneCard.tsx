// One loaded backbone: where it runs and how it loaded, then (folded) its declared inputs and
// outputs, the settings the sampler uses with their sources, and the model's metadata.
import { backboneKinds, type BackboneSpec } from '../../../core/backbone/spec';
import type { LoadedBackbone } from '../../../engines/inference';
import { getIdentity } from '../../../core/report/identity';
import { formatBytes, formatDuration } from '../../format';
import { useIdentities } from '../../identity';
import { gaussianDemoBackbone, getUserBackbone, useWorkbench, workbenchActions, type BackboneId, type UserBackbone } from '../../store';
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
      {/* A GAN generator draws x from z in one pass: it has no noise schedule to show. */}
      {spec.kind === backboneKinds.ganGenerator ? (<>
        <dt>Generator</dt>
        <dd data-testid="backbone-generator">z [B, {spec.latentInput?.latentDim ?? '?'}] → x in one pass, no noise schedule</dd>
      </>) : (<>
        <dt>Schedule</dt>
        <dd data-testid="backbone-schedule">{spec.schedule.kind}, T = {spec.schedule.timesteps}
          {spec.schedule.kind === 'linear' && <>, β {spec.schedule.betaStart} → {spec.schedule.betaEnd}</>}</dd>
      </>)}
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

const swatchStyle = { display: 'inline-block', width: '0.75em', height: '0.75em', borderRadius: '2px', marginRight: '0.4em' } as const;

/** Where the backbone came from, after its name. */
function originOf(isDemo: boolean, user: UserBackbone | null): string {
  if (user) return `your file, SHA-256 ${user.sha256.slice(0, 12)}…`;
  return isDemo ? 'built-in demo' : 'built-in, trained on the demo cohort';
}

/** For a user's backbone: what the metadata left open, and the way to answer it. */
function UserSettingsLine({ id, spec, user }: { id: BackboneId; spec: BackboneSpec; user: UserBackbone }) {
  const open = spec.missing.length;
  return (
    <p className="user-settings-line" data-testid="backbone-settings-line">
      {open > 0
        ? <span className="chip chip-warn">{open} setting{open === 1 ? '' : 's'} unknown, answer before generating: {spec.missing.join(', ')}</span>
        : user.settingsAnsweredBy && <span className="chip chip-ok">settings answered ({user.settingsAnsweredBy})</span>}
      <button type="button" className="button-small" onClick={() => workbenchActions.metadataDialogOpened(id)} data-testid="backbone-edit-settings">
        Edit settings…
      </button>
    </p>
  );
}

/** Where each setting came from, in one line (the table below has every value). */
function SourcesLine({ spec }: { spec: BackboneSpec }) {
  const counts = new Map<string, number>();
  for (const source of Object.values(spec.sources)) counts.set(source, (counts.get(source) ?? 0) + 1);
  return (
    <p className="muted settings-sources" data-testid="backbone-settings-sources">
      settings from {[...counts].map(([source, n]) => `${source} ${n}`).join(' · ')}
      {spec.staticBatch !== null && <> · runs at a fixed batch of {spec.staticBatch}</>}
      {spec.nullClass !== null && <> · null class {spec.nullClass} of {spec.labelSlots} label slots</>}
    </p>
  );
}

export function LoadedBackboneCard({ id, loaded, byteLength }: { id: BackboneId; loaded: LoadedBackbone; byteLength: number }) {
  const isDemo = id === gaussianDemoBackbone.id;
  const target = useWorkbench((s) => (isDemo ? s.demoTarget : null));
  const user = useWorkbench((s) => getUserBackbone(s, id));
  const { spec } = loaded;
  const identity = getIdentity(useIdentities(), id);
  return (
    <article className="backbone-card" data-testid="backbone-card" data-backbone-id={id} data-status="loaded">
      <h3>
        {/* The colour this backbone has in every figure. */}
        <span className="identity-swatch" style={{ ...swatchStyle, background: identity.colour }} aria-hidden="true" data-testid="backbone-colour" data-colour={identity.colour} />
        {spec.fileName}
        <span className="muted"> {originOf(isDemo, user)}</span>
      </h3>
      <ModelFacts loaded={loaded} byteLength={byteLength} />
      <SourcesLine spec={spec} />
      {user && <UserSettingsLine id={id} spec={spec} user={user} />}
      {isDemo && <DemoTargetFacts target={target} />}
      <details className="backbone-details">
        <summary>Inputs, outputs, settings and metadata</summary>
        <TensorTable caption="Inputs" tensors={spec.inputs} testId="backbone-inputs" />
        <TensorTable caption="Outputs" tensors={spec.outputs} testId="backbone-outputs" />
        <SettingsTable spec={spec} overrideLabel={user?.settingsAnsweredBy ?? undefined} />
        <MetadataTable metadata={spec.metadata} />
      </details>
    </article>
  );
}
