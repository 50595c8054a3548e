// Numbers typed into a form, checked as the user types and parsed when they click: a typed
// InvalidRequestError names the field as the form labels it and the range it accepts, before
// anything reaches a worker. Each form also lists its fields' errors at once, for the fields to show.
import { InvalidRequestError } from '../../core/errors';

/** A whole number from `min` to `max`; without `max`, any safe integer from `min` up. */
export function parseWholeField(label: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max.toLocaleString('en-US')}`;
    throw new InvalidRequestError(`${label} = '${text}'; expected a whole number ${range}`);
  }
  return value;
}

/** A number from `min` to `max`, both included. */
export function parseNumberField(label: string, text: string, min: number, max: number): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new InvalidRequestError(`${label} = '${text}'; expected a number from ${min} to ${max}`);
  }
  return value;
}

/** One message per field that does not parse, each naming the field; empty when the form is fine. */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

/** A parser of one field at a time that keeps each refused field's message in `errors` and gives null for it. */
export function fieldParser<Field extends string>(errors: FieldErrors<Field>): <T>(name: Field, parse: () => T) => T | null {
  return (name, parse) => {
    try {
      return parse();
    } catch (err) {
      if (!(err instanceof InvalidRequestError)) throw err;
      errors[name] = err.message;
      return null;
    }
  };
}

/** Runs each field's parser and keeps the message of each one that refuses its text. */
export function collectFieldErrors<Field extends string>(parsers: Partial<Record<Field, () => unknown>>): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  for (const [field, parse] of Object.entries(parsers) as [Field, () => unknown][]) {
    try {
      parse();
    } catch (err) {
      if (!(err instanceof InvalidRequestError)) throw err;
      errors[field] = err.message;
    }
  }
  return errors;
}

/** The fields with an error, in the form's order, for the line beside a refused button. */
export const getFieldsWithErrors = <Field extends string>(errors: FieldErrors<Field>): Field[] => Object.keys(errors) as Field[];
