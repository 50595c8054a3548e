// Turns the Generate form (strings as typed) into a SampleRequest for the loaded backbone, or a
// typed InvalidRequestError that names the field — before anything is sent to the worker.
import type { BackboneSpec } from '../../core/backbone/spec';
import { createSlotMask } from '../../core/diffusion/mask';
import { validateSampleRequest, type SampleRequest } from '../../core/diffusion/sampler';
import { InvalidRequestError } from '../../core/errors';
import { classLabelsInBalance, classLabelsInTurn as labelsInTurn } from '../../core/report/plan';
import { samplerPath } from '../../core/metrics/gaussianSamplerMoments';
import type { GenerateSettings } from '../store';

/** Field labels as the form shows them, for error messages. */
const labels = { count: 'Samples', steps: 'Steps', eta: 'η', seed: 'Seed', batchSize: 'Batch size' } as const;

function parseNumber(field: keyof typeof labels, text: string, integer: boolean): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new InvalidRequestError(`${labels[field]} = '${text}'; expected ${integer ? 'a whole number' : 'a number'}`);
  }
  return value;
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
  const { genes, channels } = spec;
  // No silent defaults: a setting that changes the samples and that no source gave must be answered first.
  if (spec.missing.length > 0) {
    throw new InvalidRequestError(`${spec.fileName} leaves ${spec.missing.join(', ')} unknown; answer them with Settings… on its card ` +
      '(or add its .gdw.json sidecar) before generating');
  }
  if (genes === null || channels === null) {
    throw new InvalidRequestError(`${spec.fileName} leaves the gene tensor shape open; its genes and channels must be known to generate`);
  }
  const ddim = settings.sampler === 'ddim';
  const count = parseNumber('count', settings.count, true);
  const request: SampleRequest = {
    count,
    genes,
    channels,
    sampler: settings.sampler,
    seed: parseNumber('seed', settings.seed, true),
    batchSize: parseNumber('batchSize', settings.batchSize, true),
    mask: createSlotMask(genes, channels, spec.realGenes, spec.componentsPerGene),
    classLabels: classLabelsFor(count, spec, settings.classBalance, holdoutPerClass),
    ...(ddim ? { steps: parseNumber('steps', settings.steps, true), eta: parseNumber('eta', settings.eta, false) } : {}),
  };
  validateSampleRequest(request);
  // Checks steps against the schedule's T and η against [0, 1], as the sampler will.
  samplerPath(spec.schedule.timesteps, request);
  return request;
}
