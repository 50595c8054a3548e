// The Translate card's settings: a loaded backbone, the class pair, DDIM steps and depth t*, which
// real samples, the seed; each field shows its refusal as it is typed (effects/translationRequest.ts).
import type { ChangeEvent } from 'react';
import type { TranslationSampleSet } from '../../../core/translate/report';
import { FieldNote, fieldNoteId } from '../../components/FieldNote';
import { translationFieldLabels, type TranslationField } from '../../effects/translationRequest';
import { useWorkbench, workbenchActions, type LoadedBackboneEntry } from '../../store';
import type { FieldErrors } from '../../effects/formNumbers';

const noClasses: string[] = [];

type TextField = Exclude<TranslationField, 'backboneId' | 'sourceClass' | 'targetClass' | 'samples'>;

interface FieldProps {
  disabled: boolean;
  errors: FieldErrors<TranslationField>;
}

function TextInput({ field, hint, disabled, errors }: FieldProps & { field: TextField; hint: string }) {
  const value = useWorkbench((s) => s.translationForm[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.translationFormChanged({ field, value: e.target.value });
  const testId = `translate-${field}`;
  return (
    <label className="field">
      <span className="field-label">{translationFieldLabels[field]}</span>
      <input type="text" value={value} onChange={onChange} disabled={disabled} aria-invalid={errors[field] ? true : undefined}
        aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={errors[field]} hint={hint} />
    </label>
  );
}

function ClassChoice({ field, classNames, classCount, disabled, errors }: FieldProps & { field: 'sourceClass' | 'targetClass'; classNames: string[]; classCount: number }) {
  const value = useWorkbench((s) => s.translationForm[field]);
  const testId = `translate-${field}`;
  const options = Array.from({ length: Math.max(classCount, classNames.length, 2) }, (_, k) => k);
  return (
    <label className="field">
      <span className="field-label">{translationFieldLabels[field]}</span>
      <select value={value} disabled={disabled} aria-invalid={errors[field] ? true : undefined} aria-describedby={fieldNoteId(testId)} data-testid={testId}
        onChange={(e) => workbenchActions.translationFormChanged({ field, value: e.target.value })}>
        {options.map((k) => <option key={k} value={String(k)}>{k}: {classNames[k] ?? `class ${k}`}</option>)}
      </select>
      <FieldNote testId={testId} error={errors[field]} />
    </label>
  );
}

function SampleChoice({ disabled, errors }: FieldProps) {
  const samples = useWorkbench((s) => s.translationForm.samples);
  const selection = useWorkbench((s) => s.umapSelection);
  const real = selection?.realSampleIds.length ?? 0;
  const hint = samples === 'selection'
    ? `${real} real of the ${selection?.points ?? 0} points selected on the Compare panel's UMAP; those of the source class`
    : 'of the source class only';
  return (
    <label className="field">
      <span className="field-label">{translationFieldLabels.samples}</span>
      <select value={samples} disabled={disabled} aria-invalid={errors.samples ? true : undefined} aria-describedby={fieldNoteId('translate-samples')}
        data-testid="translate-samples"
        onChange={(e) => workbenchActions.translationFormChanged({ field: 'samples', value: e.target.value as TranslationSampleSet | 'selection' })}>
        <option value="holdout">real holdout</option>
        <option value="train">real training split</option>
        <option value="all">every labelled sample</option>
        <option value="selection">the UMAP selection ({real} real)</option>
      </select>
      <FieldNote testId="translate-samples" error={errors.samples} hint={hint} />
    </label>
  );
}

export function TranslateForm({ backbones, disabled, errors, timesteps, classCount }: FieldProps & {
  backbones: LoadedBackboneEntry[]; timesteps: number | null; classCount: number;
}) {
  const form = useWorkbench((s) => s.translationForm);
  const classNames = useWorkbench((s) => s.encoding?.classNames) ?? noClasses;
  const change = (field: 'cycle' | 'flipRate') => (e: ChangeEvent<HTMLInputElement>) => workbenchActions.translationFormChanged({ field, value: e.target.checked });
  return (
    <div className="evaluate-form translate-form">
      <label className="field translate-backbone">
        <span className="field-label">{translationFieldLabels.backboneId}</span>
        <select value={form.backboneId} disabled={disabled} aria-invalid={errors.backboneId ? true : undefined} aria-describedby={fieldNoteId('translate-backboneId')}
          data-testid="translate-backboneId" onChange={(e) => workbenchActions.translationFormChanged({ field: 'backboneId', value: e.target.value })}>
          <option value="">choose a loaded backbone</option>
          {backbones.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
        </select>
        <FieldNote testId="translate-backboneId" error={errors.backboneId} hint="class-conditional (input y)" />
      </label>
      <ClassChoice field="sourceClass" classNames={classNames} classCount={classCount} disabled={disabled} errors={errors} />
      <ClassChoice field="targetClass" classNames={classNames} classCount={classCount} disabled={disabled} errors={errors} />
      <TextInput field="depth" hint={`1 … T${timesteps ? ` = ${timesteps}` : ''}, or T`} disabled={disabled} errors={errors} />
      <TextInput field="steps" hint="1 … t*, DDIM η = 0" disabled={disabled} errors={errors} />
      <TextInput field="refine" hint="fixed-point, per inversion step" disabled={disabled} errors={errors} />
      <SampleChoice disabled={disabled} errors={errors} />
      <TextInput field="maxSamples" hint="first in bundle order" disabled={disabled} errors={errors} />
      <TextInput field="seed" hint="bootstrap, classifier" disabled={disabled} errors={errors} />
      <TextInput field="classifierEpochs" hint="flip-rate MLP, at most" disabled={disabled || !form.flipRate} errors={errors} />
      <fieldset className="field check-group" disabled={disabled}>
        <legend className="field-label">Also</legend>
        <label className="check-line"><input type="checkbox" checked={form.cycle} onChange={change('cycle')} data-testid="translate-cycle" />cycle back (cycle loss)</label>
        <label className="check-line"><input type="checkbox" checked={form.flipRate} onChange={change('flipRate')} data-testid="translate-flipRate" />flip rate (MLP on real train)</label>
      </fieldset>
    </div>
  );
}
