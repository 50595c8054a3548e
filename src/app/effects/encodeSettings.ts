// Turns the encoding form (strings as typed) into EncodeSettings, or a typed InvalidRequestError
// that names the field, before anything is sent to the data worker.
import { DEFAULT_VARIANCE_TARGET } from '../../core/encode/codec';
import { componentRules } from '../../core/encode/pca';
import { InvalidRequestError } from '../../core/errors';
import type { EncodeSettings } from '../../engines/data';
import type { EncodeForm } from '../store';

function parseNumber(label: string, text: string, expected: string, isValid: (value: number) => boolean): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value) || !isValid(value)) throw new InvalidRequestError(`${label} = '${text}'; expected ${expected}`);
  return value;
}

export function parseEncodeSettings(form: EncodeForm): EncodeSettings {
  const byVariance = form.componentRule === componentRules.varianceTarget;
  return {
    componentRule: form.componentRule,
    // Only checked when it is used; the DiseaseCapsule rule ignores it, but the codec records (and
    // hashes) it, so it is the codec's default there, as `gdw encode` gives: same cohort, same hash.
    varianceTarget: byVariance
      ? parseNumber('Explained-variance target', form.varianceTarget, 'a share above 0 and at most 1, e.g. 0.9', (v) => v > 0 && v <= 1)
      : DEFAULT_VARIANCE_TARGET,
    geneSlots: form.geneSlots.trim() === ''
      ? null
      : parseNumber('Gene slots G', form.geneSlots, 'a whole number ≥ 1, or empty for the next multiple of 512', (v) => Number.isInteger(v) && v >= 1),
    holdoutFraction: parseNumber('Holdout', form.holdoutPercent, 'a percentage from 0 to below 100', (v) => v >= 0 && v < 100) / 100,
    splitSeed: parseNumber('Split seed', form.splitSeed, 'a whole number ≥ 0', (v) => Number.isSafeInteger(v) && v >= 0),
    nearestGene: form.nearestGene,
  };
}
