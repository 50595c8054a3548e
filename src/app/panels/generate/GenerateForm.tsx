// The sampler settings, as typed; each field shows its own error as it is typed (the panel
// checks them against the chosen backbone), and Generate parses them again.
import type { ChangeEvent } from 'react';
import { FieldNote, fieldNoteId } from '../../components/FieldNote';
import type { FieldErrors } from '../../effects/formNumbers';
import { getGenerateSettings, useWorkbench, workbenchActions, type GenerateSettings, type SettingChange } from '../../store';

type TextField = Exclude<keyof GenerateSettings, 'sampler'>;

interface FieldProps {
  field: TextField;
  label: string;
  hint?: string;
  disabled?: boolean;
  inputMode: 'numeric' | 'decimal' | 'text';
  errors: FieldErrors<keyof GenerateSettings>;
}

function Field({ field, label, hint, disabled, inputMode, errors }: FieldProps) {
  const value = useWorkbench((s) => getGenerateSettings(s)[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.settingChanged({ field, value: e.target.value });
  // A field the backbone does not use now (disabled) shows its hint, never an error.
  const error = disabled ? undefined : errors[field];
  const testId = `generate-${field}`;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="text" inputMode={inputMode} value={value} onChange={onChange} disabled={disabled}
        aria-invalid={error ? true : undefined} aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={error} hint={hint} />
    </label>
  );
}

interface GenerateFormProps {
  disabled: boolean;
  timesteps: number | null;
  /** A GAN generator makes each sample in one forward pass: the sampler settings do not apply. */
  isGenerator: boolean;
  /** Classes the backbone is conditioned on; null when it takes no label. */
  numClasses: number | null;
  /** Each field's error for the chosen backbone; empty when the settings parse. */
  errors: FieldErrors<keyof GenerateSettings>;
}

export function GenerateForm({ disabled, timesteps, isGenerator, numClasses, errors }: GenerateFormProps) {
  const sampler = useWorkbench((s) => getGenerateSettings(s).sampler);
  const ddpm = sampler === 'ddpm';
  const generatorHint = 'unused: a GAN generator takes one pass';
  const onSampler = (e: ChangeEvent<HTMLSelectElement>) =>
    workbenchActions.settingChanged({ field: 'sampler', value: e.target.value } as SettingChange);
  return (
    <fieldset className="generate-form" disabled={disabled}>
      <legend className="visually-hidden">Sampler settings</legend>
      <Field field="count" label="Samples" inputMode="numeric" errors={errors} />
      <label className="field">
        <span className="field-label">Sampler</span>
        <select value={sampler} onChange={onSampler} disabled={isGenerator} data-testid="generate-sampler">
          <option value="ddim">DDIM</option>
          <option value="ddpm">DDPM (ancestral)</option>
        </select>
      </label>
      <Field field="steps" label="Steps" inputMode="numeric" disabled={ddpm || isGenerator} errors={errors}
        hint={isGenerator ? generatorHint : ddpm ? `DDPM runs all ${timesteps ?? 'T'} steps` : `1 to ${timesteps ?? 'T'}`} />
      <Field field="eta" label="η" inputMode="decimal" disabled={ddpm || isGenerator} errors={errors}
        hint={isGenerator ? generatorHint : ddpm ? 'DDPM: η = 1' : '0 deterministic … 1'} />
      <Field field="seed" label="Seed" inputMode="numeric" errors={errors} />
      <Field field="batchSize" label="Batch size" inputMode="numeric" hint="speed only, never the samples" errors={errors} />
      <Field field="classBalance" label="Class balance" inputMode="text" disabled={numClasses === null} errors={errors}
        hint={numClasses === null ? 'unconditional: no class label' : numClasses === 2 ? 'balanced, holdout, or share of class 1' : 'balanced or holdout'} />
    </fieldset>
  );
}
