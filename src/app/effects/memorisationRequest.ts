// The Memorisation card's form, parsed into the memorisation pipeline's plan; each field's refusal
// shows at the field as it is typed. The pair checks that need the backbones (one encoding,
// schedule and conditioning; training rows) are the pipeline's own, so the card and `gdw
// memorisation` refuse with the same words.
import { InvalidRequestError } from '../../core/errors';
import { DEFAULT_SIMILARITY_BINS } from '../../core/metrics/memorisation';
import type { MemorisationPlan } from '../../engines/memorisationPipeline';
import type { MemorisationForm } from '../store';
import { collectFieldErrors, parseNumberField, parseWholeField, type FieldErrors } from './formNumbers';

export type MemorisationField = keyof MemorisationForm;

export const memorisationFieldLabels: Record<MemorisationField, string> = {
  backboneA: 'Backbone A',
  backboneB: 'Backbone B',
  count: 'Same-seed pairs',
  steps: 'DDIM steps',
  seed: 'Seed',
  threshold: 'Near 1 from',
};

/** Samples per denoiser call: speed and memory only, never the samples (noise is drawn per sample index). */
export const MEMORISATION_BATCH = 64;

const parsers = (form: MemorisationForm) => ({
  backboneA: () => {
    if (form.backboneA === '') throw new InvalidRequestError(`${memorisationFieldLabels.backboneA}: choose a loaded backbone`);
  },
  backboneB: () => {
    if (form.backboneB === '') throw new InvalidRequestError(`${memorisationFieldLabels.backboneB}: choose a loaded backbone`);
    if (form.backboneB === form.backboneA) throw new InvalidRequestError(`${memorisationFieldLabels.backboneB}: choose another backbone than A; the test pairs two models`);
  },
  count: () => parseWholeField(memorisationFieldLabels.count, form.count, 2, 100_000),
  steps: () => parseWholeField(memorisationFieldLabels.steps, form.steps, 1, 10_000),
  seed: () => parseWholeField(memorisationFieldLabels.seed, form.seed, 0),
  threshold: () => parseNumberField(memorisationFieldLabels.threshold, form.threshold, -1, 1),
});

export const getMemorisationFieldErrors = (form: MemorisationForm): FieldErrors<MemorisationField> => collectFieldErrors(parsers(form));

/**
 * The plan `gdw memorisation` builds from its defaults (DDIM η = 0, 100 bins; the models' own
 * gdw.train_rows, never the assumed training split); throws the first field's refusal.
 */
export function parseMemorisationForm(form: MemorisationForm): MemorisationPlan {
  const p = parsers(form);
  p.backboneA();
  p.backboneB();
  return {
    generation: { count: p.count(), sampler: 'ddim', steps: p.steps(), eta: 0, seed: p.seed(), batchSize: MEMORISATION_BATCH },
    threshold: p.threshold(), bins: DEFAULT_SIMILARITY_BINS, assumeTrainSplit: false,
  };
}
