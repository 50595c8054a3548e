// The Classifiers card's settings as typed: which classifier, how many epochs at most, the seed.
// The rest (batch, learning rate, validation split, early stopping) are the recorded defaults.
import type { ChangeEvent } from 'react';
import { classifierKinds, type ClassifierKind } from '../../../core/classify/models';
import { FieldNote, fieldNoteId } from '../../components/FieldNote';
import { classifierNames } from '../../effects/classifierRequest';
import type { FieldErrors } from '../../effects/formNumbers';
import { useWorkbench, workbenchActions } from '../../store';

interface FieldProps {
  field: 'epochs' | 'seed';
  label: string;
  hint: string;
  error?: string;
}

function Field({ field, label, hint, error }: FieldProps) {
  const value = useWorkbench((s) => s.classifierForm[field]);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => workbenchActions.classifierFormChanged({ field, value: e.target.value });
  const testId = `classifier-${field}`;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="text" inputMode="numeric" value={value} onChange={onChange}
        aria-invalid={error ? true : undefined} aria-describedby={fieldNoteId(testId)} data-testid={testId} />
      <FieldNote testId={testId} error={error} hint={hint} />
    </label>
  );
}

export function ClassifierForm({ disabled, errors }: { disabled: boolean; errors: FieldErrors<'epochs' | 'seed'> }) {
  const kind = useWorkbench((s) => s.classifierForm.kind);
  const onKind = (e: ChangeEvent<HTMLSelectElement>) =>
    workbenchActions.classifierFormChanged({ field: 'kind', value: e.target.value as ClassifierKind });
  return (
    <fieldset className="classifier-form" disabled={disabled}>
      <legend className="visually-hidden">Classifier settings</legend>
      <label className="field">
        <span className="field-label">Classifier</span>
        <select value={kind} onChange={onKind} data-testid="classifier-kind">
          {Object.values(classifierKinds).map((k) => <option key={k} value={k}>{classifierNames[k]}</option>)}
        </select>
        <span className="field-hint">scaled-down Table 1 models</span>
      </label>
      <Field field="epochs" label="Epochs" hint="at most; stops early on validation" error={errors.epochs} />
      <Field field="seed" label="Seed" hint="weights, split, shuffles, bootstrap" error={errors.seed} />
    </fieldset>
  );
}
