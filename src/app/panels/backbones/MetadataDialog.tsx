// Asks for the settings a user's backbone leaves open (neither its metadata_props nor a sidecar
// say them). Apply reopens it with the answers and remembers them for the file by SHA-256; Save
// answers downloads them as the model's sidecar <model>.gdw.json; Later (or Escape) closes the
// dialog and changes nothing: the backbone does not generate until its settings are answered.
// Errors show inside the dialog: while it is open the page behind it, error area included, is inert.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { BackboneSpec } from '../../../core/backbone/spec';
import { serializeError } from '../../../core/errors';
import { createMetadataForm, getMetadataFields, parseMetadataForm, type MetadataForm } from '../../effects/backboneOverrides';
import { applyBackboneSettings, saveBackboneSidecar } from '../../effects/backbones';
import { getBackboneState, getUserBackbone, useWorkbench, workbenchActions, type BackboneId, type UserBackbone } from '../../store';
import { MetadataFields } from './MetadataFields';

const close = () => workbenchActions.metadataDialogClosed();

/** Which input plays which role: assigned by name, then by rank and type (not answerable here). */
function InputRoles({ spec }: { spec: BackboneSpec }) {
  const roles = spec.kind === 'diffusion'
    ? [['x', spec.xInput?.name], ['t', spec.tInput && `${spec.tInput.name} (${spec.tInput.dtype})`]]
    : [['z', spec.latentInput?.name]];
  roles.push(['y', spec.labelInput && `${spec.labelInput.name} (${spec.labelInput.encoding})`]);
  return (
    <p className="metadata-roles" data-testid="metadata-roles">
      Inputs as read: {roles.map(([role, name]) => (
        <span key={role} className="metadata-role"><i>{role}</i> = <code>{name || '—'}</code></span>
      ))}
      <span className="muted"> (by name, then rank and type; rename the inputs in the export to change them)</span>
    </p>
  );
}

function MetadataDialogBody({ id, spec, user }: { id: BackboneId; spec: BackboneSpec; user: UserBackbone }) {
  const fields = useMemo(() => getMetadataFields(spec), [spec]);
  const [form, setForm] = useState<MetadataForm>(() => createMetadataForm(spec));
  const [error, setError] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  // Escape keeps the defaults, as the button does; not while the answers are being applied.
  useEffect(() => {
    if (applying) return undefined;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') close(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [applying]);
  const onSave = () => {
    try {
      const failure = saveBackboneSidecar(id, parseMetadataForm(spec, form, fields));
      setError(failure ? failure.message : null);
    } catch (err) {
      setError(serializeError(err).message);
    }
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    let overrides;
    try {
      overrides = parseMetadataForm(spec, form, fields);
    } catch (err) {
      setError(serializeError(err).message);
      return;
    }
    setError(null);
    setApplying(true);
    const failure = await applyBackboneSettings(id, overrides);
    setApplying(false);
    if (failure) setError(failure.message);
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="metadata-dialog-title" data-testid="metadata-dialog">
        <form onSubmit={(e) => void onSubmit(e)}>
          <h2 id="metadata-dialog-title">Settings of <code>{user.fileName}</code></h2>
          <p className="muted">
            {spec.missing.length > 0
              ? <>Neither its metadata_props nor a sidecar say {spec.missing.length} setting{spec.missing.length === 1 ? '' : 's'} that
                change the samples (marked <span className="chip chip-warn">default</span>): answer them as it was trained. It
                generates only once they are answered; </>
              : <>These are the settings it loaded with; correct any that differ from how it was trained; </>}
            the answers are remembered for this file (SHA-256 <code>{user.sha256.slice(0, 12)}…</code>).
          </p>
          <InputRoles spec={spec} />
          <MetadataFields fields={fields} form={form} missing={spec.missing} sources={spec.sources} genes={spec.genes} onChange={(change) => setForm((f) => ({ ...f, ...change }))} />
          {error && <p className="form-error" role="alert" data-testid="metadata-error">{error}</p>}
          <div className="button-row modal-buttons">
            <button type="submit" className="button-primary" disabled={applying} data-testid="metadata-apply">
              {applying ? 'Reopening…' : 'Apply'}
            </button>
            <button type="button" onClick={onSave} disabled={applying} data-testid="metadata-save"
              title="Download these answers as the model's sidecar .gdw.json, to keep beside it (read by the app and by gdw)">
              Save answers (.gdw.json)
            </button>
            <button type="button" onClick={close} disabled={applying} data-testid="metadata-dismiss">Later</button>
          </div>
        </form>
      </div>
    </div>
  );
}

export function MetadataDialog() {
  const id = useWorkbench((s) => s.metadataDialogBackboneId);
  const entry = useWorkbench((s) => (id ? getBackboneState(s, id) : null));
  const user = useWorkbench((s) => (id ? getUserBackbone(s, id) : null));
  if (!id || !user || entry?.status !== 'loaded') return null;
  return <MetadataDialogBody key={id} id={id} spec={entry.backbone.spec} user={user} />;
}
