// The Design card's settings: the backbone (none: activation maximisation only), the methods, the
// target class and each method's own settings; each field shows its refusal as it is typed
// (effects/designRequest.ts). A method's fields are shown only while it is ticked.
import type { ChangeEvent } from 'react';
import type { BackboneSpec } from '../../../core/backbone/spec';
import { FieldNote, fieldNoteId } from '../../components/FieldNote';
import { designFieldLabels, type DesignField } from '../../effects/designRequest';
import type { FieldErrors } from '../../effects/formNumbers';
import { designMethodStyle } from '../../plots/designTraces';
import { useWorkbench, workbenchActions, type DesignForm as DesignFormState, type LoadedBackboneEntry } from '../../store';

const noClasses: string[] = [];

type TextField = Exclude<DesignField, 'backboneId' | 'methods' | 'targetClass'>;

interface FieldProps {
  disabled: boolean;
  errors: FieldErrors<DesignField>;
}

function TextInput({ field, hint, disabled, errors }: FieldProps & { field: TextField; hint: string }) {
  const value = useWorkbench((s) => s.designForm[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.designFormChanged({ field, value: e.target.value });
  const testId = `design-${field}`;
  return (
    <label className="field">
      <span className="field-label">{designFieldLabels[field]}</span>
      <input type="text" value={value} onChange={onChange} disabled={disabled} aria-invalid={errors[field] ? true : undefined}
        aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={errors[field]} hint={hint} />
    </label>
  );
}

const kindNote = (spec: BackboneSpec) => (spec.kind === 'gan-generator' ? 'GAN generator: the joint method' : 'diffusion: classifier guidance');

function MethodChecks({ form, disabled, errors }: FieldProps & { form: DesignFormState }) {
  const change = (field: 'activation' | 'joint' | 'guidance') => (e: ChangeEvent<HTMLInputElement>) => workbenchActions.designFormChanged({ field, value: e.target.checked });
  return (
    <fieldset className="field check-group" disabled={disabled} aria-describedby={fieldNoteId('design-methods')}>
      <legend className="field-label">{designFieldLabels.methods}</legend>
      {(['activation', 'joint', 'guidance'] as const).map((m) => (
        <label key={m} className="check-line">
          <input type="checkbox" checked={form[m]} onChange={change(m)} data-testid={`design-method-${m}`} />
          <span className="design-swatch" style={{ background: designMethodStyle[m].colour }} aria-hidden="true" />{designMethodStyle[m].name}
        </label>
      ))}
      <FieldNote testId="design-methods" error={errors.methods} hint="the joint method needs a GAN generator, guidance a diffusion backbone" />
    </fieldset>
  );
}

export function DesignForm({ backbones, disabled, errors, spec }: FieldProps & { backbones: LoadedBackboneEntry[]; spec: BackboneSpec | null }) {
  const form = useWorkbench((s) => s.designForm);
  const classNames = useWorkbench((s) => s.encoding?.classNames) ?? noClasses;
  const classes = Array.from({ length: Math.max(classNames.length, 2) }, (_, k) => k);
  return (
    <div className="evaluate-form design-form">
      <label className="field design-backbone">
        <span className="field-label">{designFieldLabels.backboneId}</span>
        <select value={form.backboneId} disabled={disabled} aria-describedby={fieldNoteId('design-backboneId')} data-testid="design-backboneId"
          onChange={(e) => workbenchActions.designFormChanged({ field: 'backboneId', value: e.target.value })}>
          <option value="">none (activation maximisation only)</option>
          {backbones.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
        </select>
        <FieldNote testId="design-backboneId" error={errors.backboneId} hint={spec ? kindNote(spec) : 'a GAN generator or a diffusion backbone'} />
      </label>
      <MethodChecks form={form} disabled={disabled} errors={errors} />
      <label className="field">
        <span className="field-label">{designFieldLabels.targetClass}</span>
        <select value={form.targetClass} disabled={disabled} aria-invalid={errors.targetClass ? true : undefined} aria-describedby={fieldNoteId('design-targetClass')}
          data-testid="design-targetClass" onChange={(e) => workbenchActions.designFormChanged({ field: 'targetClass', value: e.target.value })}>
          {classes.map((k) => <option key={k} value={String(k)}>{k}: {classNames[k] ?? `class ${k}`}</option>)}
        </select>
        <FieldNote testId="design-targetClass" error={errors.targetClass} hint="the class designs are pushed toward" />
      </label>
      <TextInput field="designs" hint="1 … 4,096" disabled={disabled} errors={errors} />
      <label className="field">
        <span className="field-label">Start from</span>
        <select value={form.start} disabled={disabled || !form.activation} data-testid="design-start"
          onChange={(e) => workbenchActions.designFormChanged({ field: 'start', value: e.target.value as DesignFormState['start'] })}>
          <option value="real">real holdout samples not of the target class</option>
          <option value="noise">noise N(0, I)</option>
        </select>
        <span className="field-hint">activation maximisation</span>
      </label>
      <TextInput field="seed" hint="starts, ES, sampler, classifiers, bootstrap" disabled={disabled} errors={errors} />
      <TextInput field="epochs" hint="predictor and oracle MLPs, at most" disabled={disabled} errors={errors} />
      {form.activation && (
        <>
          <TextInput field="iterations" hint="activation: 1 … 10,000" disabled={disabled} errors={errors} />
          <TextInput field="stepSize" hint="activation: (0, 10]" disabled={disabled} errors={errors} />
          <TextInput field="realismWeight" hint="activation: kNN penalty, 0 = deep dream" disabled={disabled} errors={errors} />
        </>
      )}
      {form.joint && (
        <>
          <TextInput field="generations" hint="joint: 1 … 10,000" disabled={disabled} errors={errors} />
          <TextInput field="population" hint="joint: 4 … 1,024" disabled={disabled} errors={errors} />
          <TextInput field="sigma" hint="joint: latent units, (0, 10]" disabled={disabled} errors={errors} />
        </>
      )}
      {form.guidance && (
        <>
          <TextInput field="guidanceScale" hint="guidance: 0 = the backbone's own sampling" disabled={disabled} errors={errors} />
          <TextInput field="guidanceSteps" hint={`guidance: 1 … T${spec?.kind === 'diffusion' ? ` = ${spec.schedule.timesteps}` : ''}`} disabled={disabled} errors={errors} />
        </>
      )}
    </div>
  );
}
