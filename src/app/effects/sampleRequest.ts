// Turns the Generate form (strings as typed) into a SampleRequest for the loaded backbone, or a
// typed InvalidRequestError that names the field — before anything is sent to the worker. The
// same per-field checks run as the user types, so each field shows its own error.
import type { BackboneSpec } from '../../core/backbone/spec';
import { createSlotMask } from '../../core/diffusion/mask';
import { validateSampleRequest, type SampleRequest } from '../../core/diffusion/sampler';
import { InvalidRequestError } from '../../core/errors';
import { classLabelsInBalance, classLabelsInTurn as labelsInTurn } from '../../core/report/plan';
import { samplerPath } from '../../core/metrics/gaussianSamplerMoments';
import type { GenerateSettings } from '../store';
import { collectFieldErrors, parseNumberField, parseWholeField, type FieldErrors } from './formNumbers';

/** Field labels as the form shows them, for error messages. */
export const generateFieldLabels = {
  count: 'Samples', sampler: 'Sampler', steps: 'Steps', eta: 'η', seed: 'Seed', batchSize: 'Batch size', classBalance: 'Class balance',
} as const satisfies Record<keyof GenerateSettings, string>;

type GenerateField = keyof GenerateSettings;

/** Whether the backbone takes Steps and η with these settings (a DDIM run of a denoiser). */
export const usesDdimFields = (settings: GenerateSettings, spec: BackboneSpec): boolean =>
  settings.sampler === 'ddim' && spec.kind !== 'gan-generator';

/** Each field the backbone uses, as a parser that throws an InvalidRequestError naming the field. */
function generateFieldParsers(settings: GenerateSettings, spec: BackboneSpec, holdoutPerClass: number[] | null) {
  const labels = generateFieldLabels;
  return {
    count: () => parseWholeField(labels.count, settings.count, 1),
    seed: () => parseWholeField(labels.seed, settings.seed, 0),
    batchSize: () => parseWholeField(labels.batchSize, settings.batchSize, 1),
    // Checked on two samples, as the user types: its validity does not depend on the count (which
    // may be wrong meanwhile, or large enough that building every label on each keystroke would be slow).
    classBalance: () => classLabelsFor(2, spec, settings.classBalance, holdoutPerClass),
    ...(usesDdimFields(settings, spec) ? {
      steps: () => parseWholeField(labels.steps, settings.steps, 1, spec.schedule.timesteps),
      eta: () => parseNumberField(labels.eta, settings.eta, 0, 1),
    } : {}),
  } satisfies Partial<Record<GenerateField, () => unknown>>;
}

/** The errors of the Generate fields for this backbone, by field; empty when Generate can start. */
export function getGenerateFieldErrors(
  settings: GenerateSettings, spec: BackboneSpec, holdoutPerClass: number[] | null,
): FieldErrors<GenerateField> {
  return collectFieldErrors<GenerateField>(generateFieldParsers(settings, spec, holdoutPerClass));
}

/** Why this backbone cannot generate whatever the form says (settings its files leave open), or null. */
export function getGenerateBlocker(spec: BackboneSpec): string | null {
  // No silent defaults: a setting that changes the samples and that no source gave must be answered first.
  if (spec.missing.length > 0) {
    return `${spec.fileName} leaves ${spec.missing.join(', ')} unknown; answer them with Settings… on its card ` +
      '(or add its .gdw.json sidecar) before generating';
  }
  if (spec.genes === null || spec.channels === null) {
    return `${spec.fileName} leaves the gene tensor shape open; its genes and channels must be known to generate`;
  }
  return null;
}

/** Balanced classes for a backbone that takes a label: 0, 1, …, K−1, 0, 1, … (null when it takes none). */
export function classLabelsInTurn(count: number, spec: BackboneSpec): Int32Array | null {
  if (spec.labelInput === null || spec.numClasses === null || !(Number.isSafeInteger(count) && count >= 1)) return null;
  return labelsInTurn(count, spec.numClasses);
}

/**
 * The class of each sample for a backbone that takes a label, from the form's class balance:
 * 'balanced' (classes in turn), 'holdout' (the real holdout's shares) or a share of class 1.
 */
export function classLabelsFor(count: number, spec: BackboneSpec, balance: string, holdoutPerClass: number[] | null): Int32Array | null {
  const inTurn = classLabelsInTurn(count, spec);
  if (inTurn === null) return null;
  const text = balance.trim();
  if (text === '' || text === 'balanced') return inTurn;
  // The unconditional slot (the paper keeps one after the real classes): only when asked for by name.
  if (text === 'null') {
    if (spec.nullClass === null) {
      throw new InvalidRequestError(`Class balance = null, but ${spec.fileName} has no unconditional (null) slot; answer its null class in Settings if it has one`);
    }
    return new Int32Array(count).fill(spec.nullClass);
  }
  if (text === 'holdout') {
    if (!holdoutPerClass || holdoutPerClass.every((n) => n === 0)) {
      throw new InvalidRequestError('Class balance = holdout, but no encoded cohort with a labelled holdout is loaded: encode one or choose balanced');
    }
    return classLabelsInBalance(holdoutPerClass.slice(0, spec.numClasses ?? holdoutPerClass.length), count);
  }
  const share = Number(text);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new InvalidRequestError(`Class balance = '${balance}'; expected balanced, holdout, null (the unconditional slot), or the share of class 1 between 0 and 1`);
  }
  if (spec.numClasses !== 2) throw new InvalidRequestError(`Class balance as a share of class 1 needs a two-class backbone; ${spec.fileName} has ${spec.numClasses} classes`);
  const cases = Math.round(share * count);
  return classLabelsInBalance([count - cases, cases], count);
}

export function parseSampleRequest(settings: GenerateSettings, spec: BackboneSpec, holdoutPerClass: number[] | null = null): SampleRequest {
  const blocker = getGenerateBlocker(spec);
  if (blocker !== null) throw new InvalidRequestError(blocker);
  const genes = spec.genes as number;
  const channels = spec.channels as number;
  const fields = generateFieldParsers(settings, spec, holdoutPerClass);
  const count = fields.count();
  const request: SampleRequest = {
    count,
    genes,
    channels,
    sampler: settings.sampler,
    seed: fields.seed(),
    batchSize: fields.batchSize(),
    mask: createSlotMask(genes, channels, spec.realGenes, spec.componentsPerGene),
    classLabels: classLabelsFor(count, spec, settings.classBalance, holdoutPerClass),
    ...(fields.steps && fields.eta ? { steps: fields.steps(), eta: fields.eta() } : {}),
  };
  validateSampleRequest(request);
  // Checks steps against the schedule's T and η against [0, 1], as the sampler will.
  samplerPath(spec.schedule.timesteps, request);
  return request;
}
