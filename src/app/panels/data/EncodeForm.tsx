// The encoding settings (as typed; parsed on Encode) and the Encode button.
import type { ChangeEvent } from 'react';
import { componentRules } from '../../../core/encode/pca';
import { encodeLoadedCohort } from '../../effects/dataJobs';
import { useWorkbench, workbenchActions, type EncodeForm as EncodeFormValues, type EncodeFormChange } from '../../store';

type TextField = 'varianceTarget' | 'geneSlots' | 'holdoutPercent' | 'splitSeed';

interface FieldProps {
  field: TextField;
  label: string;
  hint: string;
  placeholder?: string;
  disabled?: boolean;
}

function Field({ field, label, hint, placeholder, disabled }: FieldProps) {
  const value = useWorkbench((s) => s.encodeForm[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.encodeFormChanged({ field, value: e.target.value });
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="text" inputMode="decimal" value={value} onChange={onChange} placeholder={placeholder} disabled={disabled}
        data-testid={`encode-${field}`} />
      <span className="field-hint">{hint}</span>
    </label>
  );
}

interface EncodeFormProps {
  busy: boolean;
  /** The settings do not apply to what is loaded (a bundle, already encoded). */
  locked: boolean;
  canEncode: boolean;
  /** G when the field is left empty. */
  defaultGeneSlots: number | null;
  /** Why Encode is unavailable, when it is. */
  blocker: string | null;
}

export function EncodeForm({ busy, locked, canEncode, defaultGeneSlots, blocker }: EncodeFormProps) {
  const form: EncodeFormValues = useWorkbench((s) => s.encodeForm);
  const byVariance = form.componentRule === componentRules.varianceTarget;
  const onRule = (e: ChangeEvent<HTMLSelectElement>) =>
    workbenchActions.encodeFormChanged({ field: 'componentRule', value: e.target.value } as EncodeFormChange);
  const onNearest = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.encodeFormChanged({ field: 'nearestGene', value: e.target.checked });
  return (
    <>
      <fieldset className="generate-form" disabled={busy || locked}>
        <legend className="visually-hidden">Encoding settings</legend>
        <label className="field">
          <span className="field-label">Components per gene</span>
          <select value={form.componentRule} onChange={onRule} data-testid="encode-componentRule">
            <option value={componentRules.diseaseCapsule}>DiseaseCapsule 8/4/1</option>
            <option value={componentRules.varianceTarget}>Variance target</option>
          </select>
          <span className="field-hint">{byVariance ? 'fewest reaching the target, at most 8' : '> 20 SNPs: 8, 5–20: 4, ≤ 4: 1'}</span>
        </label>
        <Field field="varianceTarget" label="Variance target" hint="share of each gene's variance, 0 … 1" disabled={!byVariance} />
        <Field field="geneSlots" label="Gene slots G" placeholder={defaultGeneSlots ? `${defaultGeneSlots} (default)` : 'default'}
          hint="empty: next multiple of 512; 18432 as the paper" />
        <Field field="holdoutPercent" label="Holdout %" hint="balanced over classes, as the paper" />
        <Field field="splitSeed" label="Split seed" hint="same seed, same split" />
        <label className="field field-check">
          <span className="field-label">Intergenic SNPs</span>
          <span className="check-line">
            <input type="checkbox" checked={form.nearestGene} onChange={onNearest} data-testid="encode-nearestGene" />
            to the nearest gene
          </span>
          <span className="field-hint">off: left out of the tensor</span>
        </label>
      </fieldset>
      <div className="button-row">
        <button type="button" className="button-primary" onClick={() => void encodeLoadedCohort()} disabled={!canEncode || busy}
          data-testid="encode-button">
          Encode
        </button>
        {blocker && <span className="muted button-note" data-testid="encode-blocker">{blocker}</span>}
      </div>
    </>
  );
}
