// The backbones added from the user's own ONNX files: each with its size and hash, Load or
// Unload (one worker each, as the built-in ones) on the EP chosen, and Remove, which also forgets
// its bytes. A row's errors show under it.
import { OriginErrors } from '../../components/OriginErrors';
import { loadBackbone, removeUserBackbone, unloadBackbone } from '../../effects/backbones';
import { formatBytes } from '../../format';
import { getBackboneState, useWorkbench, type UserBackbone } from '../../store';
import { AddBackboneFiles } from './AddBackboneFiles';
import { BackboneStatusChip } from './BackboneStatusChip';
import { ExecutionProviderSelect } from './ExecutionProviderSelect';

function UserRow({ backbone }: { backbone: UserBackbone }) {
  const { id, fileName, byteLength, sha256, externalDataFiles } = backbone;
  const entry = useWorkbench((s) => getBackboneState(s, id));
  const generating = useWorkbench((s) => s.generation.status === 'running' && s.generation.backboneId === id);
  const loaded = entry.status === 'loaded';
  const hasErrors = useWorkbench((s) => s.errors.some((e) => e.origin === `backbone:${id}`));
  return (
    <>
      <tr data-testid={`user-backbone-${id}`} data-backbone-id={id} data-status={entry.status}>
        <td className="value-cell">
          <code className="user-backbone-name">{fileName}</code>
          <div className="muted user-backbone-detail">
            SHA-256 <code title={sha256} data-testid="user-backbone-hash">{sha256.slice(0, 12)}</code>
            {externalDataFiles.length > 0 && <> · weights in {externalDataFiles.map((f) => <code key={f}>{f}</code>)}</>}
          </div>
        </td>
        <td className="nowrap numeric">{formatBytes(byteLength)}</td>
        <td>
          <span className="ep-cell">
            <ExecutionProviderSelect id={id} disabled={generating || entry.status === 'loading'} />
            <BackboneStatusChip entry={entry} testId="user-backbone-ep" />
          </span>
        </td>
        <td className="action-cell nowrap">
          {loaded ? (
            <button type="button" className="button-small" onClick={() => unloadBackbone(id)} disabled={generating}
              title={generating ? 'Generating: cancel the run first' : 'End its worker and free its memory'} data-testid="user-backbone-unload">
              Unload
            </button>
          ) : (
            <button type="button" className="button-small" onClick={() => void loadBackbone(id)}
              disabled={entry.status === 'loading'} data-testid="user-backbone-load">
              Load
            </button>
          )}
          <button type="button" className="button-small button-quiet" onClick={() => removeUserBackbone(id)}
            disabled={generating || entry.status === 'loading'} title="Unload it and forget the file" data-testid="user-backbone-remove">
            Remove
          </button>
        </td>
      </tr>
      {hasErrors && (
        <tr className="row-errors" data-backbone-id={id}>
          <td colSpan={4}><OriginErrors origin={`backbone:${id}`} testId="user-backbone-errors" /></td>
        </tr>
      )}
    </>
  );
}

export function UserBackboneList() {
  const userBackbones = useWorkbench((s) => s.userBackbones);
  return (
    <section className="user-backbones" aria-labelledby="user-backbones-title" data-testid="user-backbones">
      <h3 id="user-backbones-title">Your backbones <span className="muted">ONNX files from this computer</span></h3>
      {userBackbones.length > 0 && (
        <table className="table builtin-table user-backbone-table">
          <thead>
            <tr>
              <th scope="col">file</th><th scope="col">size</th><th scope="col">runs on</th>
              <th scope="col"><span className="visually-hidden">action</span></th>
            </tr>
          </thead>
          <tbody>
            {userBackbones.map((b) => <UserRow key={b.id} backbone={b} />)}
          </tbody>
        </table>
      )}
      <AddBackboneFiles />
    </section>
  );
}
