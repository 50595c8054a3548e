// The backbones the app ships, each with its size, where it runs (chosen, then as loaded), and a
// Load or Unload button: each load starts its own worker, each unload ends it. A row's errors show under it.
import { OriginErrors } from '../../components/OriginErrors';
import { loadBackbone, unloadBackbone } from '../../effects/backbones';
import { formatBytes } from '../../format';
import { getBackboneState, useWorkbench, type BuiltInBackbone } from '../../store';
import { BackboneStatusChip } from './BackboneStatusChip';
import { ExecutionProviderSelect, SoftwareAdapterHint } from './ExecutionProviderSelect';

function BuiltInRow({ builtIn }: { builtIn: BuiltInBackbone }) {
  const entry = useWorkbench((s) => getBackboneState(s, builtIn.id));
  const generating = useWorkbench((s) => s.generation.status === 'running' && s.generation.backboneId === builtIn.id);
  const size = entry.status === 'loaded' ? entry.byteLength : builtIn.byteLength;
  const loaded = entry.status === 'loaded';
  const hasErrors = useWorkbench((s) => s.errors.some((e) => e.origin === `backbone:${builtIn.id}`));
  return (
    <>
      <tr data-testid="builtin-backbone" data-backbone-id={builtIn.id} data-status={entry.status}>
        <td className="nowrap"><code>{builtIn.fileName}</code></td>
        <td className="nowrap" data-testid="builtin-family">{builtIn.family}</td>
        <td className="nowrap numeric">{size === null ? '—' : formatBytes(size)}</td>
        <td>
          <span className="ep-cell">
            <ExecutionProviderSelect id={builtIn.id} disabled={generating || entry.status === 'loading'} />
            <BackboneStatusChip entry={entry} testId="builtin-ep" />
          </span>
        </td>
        <td className="action-cell">
          {loaded ? (
            <button type="button" className="button-small" onClick={() => unloadBackbone(builtIn.id)} disabled={generating}
              title={generating ? 'Generating: cancel the run first' : 'End its worker and free its memory'} data-testid="builtin-unload">
              Unload
            </button>
          ) : (
            <button type="button" className="button-small" onClick={() => void loadBackbone(builtIn.id)}
              disabled={entry.status === 'loading'} data-testid="builtin-load">
              Load
            </button>
          )}
        </td>
      </tr>
      {hasErrors && (
        <tr className="row-errors" data-backbone-id={builtIn.id}>
          <td colSpan={5}><OriginErrors origin={`backbone:${builtIn.id}`} testId="builtin-errors" /></td>
        </tr>
      )}
    </>
  );
}

export function BuiltInList() {
  const builtIns = useWorkbench((s) => s.builtInBackbones);
  return (
    <>
      <SoftwareAdapterHint />
      <table className="table builtin-table" data-testid="builtin-backbones">
        <caption>Built-in backbones <span className="muted">Gaussian oracle and six trained on the demo cohort</span></caption>
        <thead>
          <tr><th scope="col">file</th><th scope="col">family</th><th scope="col">size</th><th scope="col">runs on</th><th scope="col"><span className="visually-hidden">action</span></th></tr>
        </thead>
        <tbody>
          {builtIns.map((builtIn) => <BuiltInRow key={builtIn.id} builtIn={builtIn} />)}
        </tbody>
      </table>
    </>
  );
}
