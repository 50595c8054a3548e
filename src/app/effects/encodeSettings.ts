// Turns the encoding form (strings as typed) into EncodeSettings, or a typed InvalidRequestError
// that names the field, before anything is sent to the data worker; the same checks as the user types.
import { DEFAULT_VARIANCE_TARGET } from '../../core/encode/codec';
import { componentRules } from '../../core/encode/pca';
import { InvalidRequestError } from '../../core/errors';
import type { EncodeSettings } from '../../engines/data';
import type { EncodeForm } from '../store';
import { collectFieldErrors, type FieldErrors } from './formNumbers';

function parseNumber(label: string, text: string, expected: string, isValid: (value: number) => boolean): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value) || !isValid(value)) throw new InvalidRequestError(`${label} = '${text}'; expected ${expected}`);
  return value;
}

type EncodeTextField = 'varianceTarget' | 'geneSlots' | 'holdoutPercent' | 'splitSeed';

/** Each text field the settings use, as a parser that throws an InvalidRequestError naming the field. */
function encodeFieldParsers(form: EncodeForm) {
  const byVariance = form.componentRule === componentRules.varianceTarget;
  return {
    // Only checked when it is used; the DiseaseCapsule rule ignores it, but the codec records (and
    // hashes) it, so it is the codec's default there, as `gdw encode` gives: same cohort, same hash.
    varianceTarget: () => (byVariance
      ? parseNumber('Variance target', form.varianceTarget, 'a share above 0 and at most 1, e.g. 0.9', (v) => v > 0 && v <= 1)
      : DEFAULT_VARIANCE_TARGET),
    geneSlots: () => (form.geneSlots.trim() === ''
      ? null
      : parseNumber('Gene slots G', form.geneSlots, 'a whole number ≥ 1, or empty for the next multiple of 512', (v) => Number.isInteger(v) && v >= 1)),
    holdoutPercent: () => parseNumber('Holdout %', form.holdoutPercent, 'a percentage from 0 to below 100', (v) => v >= 0 && v < 100),
    splitSeed: () => parseNumber('Split seed', form.splitSeed, 'a whole number ≥ 0', (v) => Number.isSafeInteger(v) && v >= 0),
  } satisfies Record<EncodeTextField, () => unknown>;
}

/** The errors of the encoding form's fields, by field; empty when Encode can start. */
export function getEncodeFieldErrors(form: EncodeForm): FieldErrors<EncodeTextField> {
  return collectFieldErrors<EncodeTextField>(encodeFieldParsers(form));
}

export function parseEncodeSettings(form: EncodeForm): EncodeSettings {
  const fields = encodeFieldParsers(form);
  return {
    componentRule: form.componentRule,
    varianceTarget: fields.varianceTarget(),
    geneSlots: fields.geneSlots(),
    holdoutFraction: fields.holdoutPercent() / 100,
    splitSeed: fields.splitSeed(),
    nearestGene: form.nearestGene,
  };
}
