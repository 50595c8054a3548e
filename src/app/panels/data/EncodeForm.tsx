// The encoding settings (as typed; parsed on Encode) and the Encode button.
import { useMemo, type ChangeEvent } from 'react';
import { componentRules } from '../../../core/encode/pca';
import { FieldNote, FieldsToFix, fieldNoteId } from '../../components/FieldNote';
import { encodeLoadedCohort } from '../../effects/dataJobs';
import { getEncodeFieldErrors } from '../../effects/encodeSettings';
import { useWorkbench, workbenchActions, type EncodeForm as EncodeFormValues, type EncodeFormChange } from '../../store';

type TextField = 'varianceTarget' | 'geneSlots' | 'holdoutPercent' | 'splitSeed';

interface FieldProps {
  field: TextField;
  label: string;
  hint: string;
  placeholder?: string;
  disabled?: boolean;
  error?: string;
}

function Field({ field, label, hint, placeholder, disabled, error }: FieldProps) {
  const value = useWorkbench((s) => s.encodeForm[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.encodeFormChanged({ field, value: e.target.value });
  const testId = `encode-${field}`;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="text" inputMode="decimal" value={value} onChange={onChange} placeholder={placeholder} disabled={disabled}
        aria-invalid={error ? true : undefined} aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={error} hint={hint} />
    </label>
  );
}

/** How the fields are labelled, for the line beside a refused Encode. */
const labels: Record<TextField, string> = { varianceTarget: 'Variance target', geneSlots: 'Gene slots G', holdoutPercent: 'Holdout %', splitSeed: 'Split seed' };

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
  const errors = useMemo(() => getEncodeFieldErrors(form), [form]);
  const toFix = (Object.keys(errors) as TextField[]).map((f) => labels[f]);
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
        <Field field="varianceTarget" label={labels.varianceTarget} hint="share of each gene's variance, 0 … 1" disabled={!byVariance}
          error={errors.varianceTarget} />
        <Field field="geneSlots" label={labels.geneSlots} error={errors.geneSlots} placeholder={defaultGeneSlots ? `${defaultGeneSlots} (default)` : 'default'}
          hint="empty: next multiple of 512; 18432 as the paper" />
        <Field field="holdoutPercent" label={labels.holdoutPercent} hint="balanced over classes, as the paper" error={errors.holdoutPercent} />
        <Field field="splitSeed" label={labels.splitSeed} hint="same seed, same split" error={errors.splitSeed} />
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
        <button type="button" className="button-primary" onClick={() => void encodeLoadedCohort()} disabled={!canEncode || busy || toFix.length > 0}
          data-testid="encode-button">
          Encode
        </button>
        {blocker && <span className="muted button-note" data-testid="encode-blocker">{blocker}</span>}
        {!locked && <FieldsToFix labels={toFix} testId="encode-blocked" />}
      </div>
    </>
  );
}
