// The sampler settings, as typed; parsed and checked when Generate is clicked.
import type { ChangeEvent } from 'react';
import { getGenerateSettings, useWorkbench, workbenchActions, type GenerateSettings, type SettingChange } from '../../store';

type TextField = Exclude<keyof GenerateSettings, 'sampler'>;

interface FieldProps {
  field: TextField;
  label: string;
  hint?: string;
  disabled?: boolean;
  inputMode: 'numeric' | 'decimal' | 'text';
}

function Field({ field, label, hint, disabled, inputMode }: FieldProps) {
  const value = useWorkbench((s) => getGenerateSettings(s)[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.settingChanged({ field, value: e.target.value });
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="text" inputMode={inputMode} value={value} onChange={onChange} disabled={disabled}
        data-testid={`generate-${field}`} />
      {hint && <span className="field-hint">{hint}</span>}
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
}

export function GenerateForm({ disabled, timesteps, isGenerator, numClasses }: GenerateFormProps) {
  const sampler = useWorkbench((s) => getGenerateSettings(s).sampler);
  const ddpm = sampler === 'ddpm';
  const generatorHint = 'unused: a GAN generator takes one pass';
  const onSampler = (e: ChangeEvent<HTMLSelectElement>) =>
    workbenchActions.settingChanged({ field: 'sampler', value: e.target.value } as SettingChange);
  return (
    <fieldset className="generate-form" disabled={disabled}>
      <legend className="visually-hidden">Sampler settings</legend>
      <Field field="count" label="Samples" inputMode="numeric" />
      <label className="field">
        <span className="field-label">Sampler</span>
        <select value={sampler} onChange={onSampler} disabled={isGenerator} data-testid="generate-sampler">
          <option value="ddim">DDIM</option>
          <option value="ddpm">DDPM (ancestral)</option>
        </select>
      </label>
      <Field field="steps" label="Steps" inputMode="numeric" disabled={ddpm || isGenerator}
        hint={isGenerator ? generatorHint : ddpm ? `DDPM runs all ${timesteps ?? 'T'} steps` : `1 to ${timesteps ?? 'T'}`} />
      <Field field="eta" label="η" inputMode="decimal" disabled={ddpm || isGenerator}
        hint={isGenerator ? generatorHint : ddpm ? 'DDPM: η = 1' : '0 deterministic … 1'} />
      <Field field="seed" label="Seed" inputMode="numeric" />
      <Field field="batchSize" label="Batch size" inputMode="numeric" hint="speed only, never the samples" />
      <Field field="classBalance" label="Class balance" inputMode="text" disabled={numClasses === null}
        hint={numClasses === null ? 'unconditional: no class label' : numClasses === 2 ? 'balanced, holdout, or share of class 1' : 'balanced or holdout'} />
    </fieldset>
  );
}
