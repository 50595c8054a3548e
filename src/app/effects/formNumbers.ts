// Whole numbers typed into a form, parsed when the user clicks: a typed InvalidRequestError names
// the field as the form labels it and the range it accepts, before anything reaches a worker.
import { InvalidRequestError } from '../../core/errors';

export function parseWholeField(label: string, text: string, min: number, max: number): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidRequestError(`${label} = '${text}'; expected a whole number from ${min} to ${max.toLocaleString('en-US')}`);
  }
  return value;
}
