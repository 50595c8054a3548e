// The metadata dialog's fields: one per setting `overrides` can answer for this backbone, those
// the model left to a default marked so; β is unused by a cosine schedule.
import type { ChangeEvent } from 'react';
import { backboneFamilies, type SettingKey, type SettingSource } from '../../../core/backbone/spec';
import { metadataFieldSettings, type MetadataField, type MetadataForm } from '../../effects/backboneOverrides';

const choices: Partial<Record<MetadataField, readonly { value: string; label: string }[]>> = {
  family: Object.values(backboneFamilies).map((f) => ({ value: f, label: f })),
  padding: [
    { value: 'zero-x', label: 'zero-x: padded slots of x_t held at 0 (noise masked in training)' },
    { value: 'zero-x0', label: "zero-x0: x_t noisy there, x̂₀ zeroed (the paper's code)" },
  ],
  layout: [{ value: 'BGC', label: 'BGC: [B, G, C]' }, { value: 'BCG', label: 'BCG: [B, C, G]' }],
  scheduleKind: [{ value: 'linear', label: 'linear (Ho et al. 2020)' }, { value: 'cosine', label: 'cosine (Nichol & Dhariwal 2021)' }],
  prediction: [{ value: 'eps', label: 'ε (noise)' }, { value: 'x0', label: 'x₀ (clean sample)' }, { value: 'v', label: 'v' }],
};

const labels: Record<MetadataField, { label: string; hint?: string }> = {
  family: { label: 'Family', hint: 'shown in reports; changes no number' },
  layout: { label: 'Layout of x' },
  scheduleKind: { label: 'Noise schedule' },
  timesteps: { label: 'T (timesteps)', hint: 't runs 0 … T−1' },
  betaStart: { label: 'β start', hint: 'linear schedule only' },
  betaEnd: { label: 'β end', hint: 'linear schedule only' },
  prediction: { label: 'Output predicts' },
  numClasses: { label: 'Classes', hint: 'real classes 0 … K−1' },
  nullClass: { label: 'Null class', hint: "the unconditional slot ('none', or e.g. K as in the paper)" },
  padding: { label: 'Padded slots while sampling' },
  fixedBatch: { label: 'Fixed batch', hint: 'empty: any batch; set it when the export froze the batch' },
  realGenes: { label: 'Real genes', hint: 'the rest are padding; empty: all' },
  genes: { label: 'Gene slots G' },
  channels: { label: 'Components C' },
};

interface Props {
  fields: readonly MetadataField[];
  form: MetadataForm;
  missing: readonly SettingKey[];
  /** Where each setting came from, so a value the graph, the encoding or a sidecar gave says so. */
  sources: Partial<Record<SettingKey, SettingSource>>;
  /** G as loaded, for the real-gene count's placeholder. */
  genes: number | null;
  onChange: (change: Partial<MetadataForm>) => void;
}

/** How a given value's source reads beside its field. */
const sourceNotes: Partial<Record<SettingSource, string>> = {
  shape: 'from the graph', encoding: 'from the loaded encoding', metadata: 'from metadata', sidecar: 'from the sidecar',
};

export function MetadataFields({ fields, form, missing, sources, genes, onChange }: Props) {
  return (
    <div className="metadata-fields">
      {fields.map((field, index) => {
        const options = choices[field];
        const { label, hint } = labels[field];
        const unusedBeta = (field === 'betaStart' || field === 'betaEnd') && form.scheduleKind === 'cosine';
        const wasDefault = missing.includes(metadataFieldSettings[field]);
        const change = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ [field]: e.target.value });
        const common = { value: form[field], onChange: change, disabled: unusedBeta, autoFocus: index === 0, 'data-testid': `metadata-${field}` };
        return (
          <label className="field" key={field}>
            <span className="field-label">
              {label}
              {wasDefault && <span className="chip chip-warn" title="No source says it: the contract's default">default</span>}
              {!wasDefault && sourceNotes[sources[metadataFieldSettings[field]] ?? 'default'] && (
                <span className="chip" data-testid={`metadata-source-${field}`}>{sourceNotes[sources[metadataFieldSettings[field]] ?? 'default']}</span>
              )}
            </span>
            {options ? (
              <select {...common}>
                {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            ) : (
              <input {...common} inputMode={field.startsWith('beta') ? 'decimal' : field === 'nullClass' ? 'text' : 'numeric'}
                placeholder={field === 'realGenes' ? `all${genes === null ? '' : ` (${genes} as loaded)`}` : undefined} />
            )}
            {hint && <span className="field-hint">{hint}</span>}
          </label>
        );
      })}
    </div>
  );
}
