// Generates gene tensors from a denoiser: DDPM ancestral over all T steps or DDIM on a
// sub-sequence, in batches. Sample i's noise depends only on (seed, i), so the output is
// bit-identical for every batch size; padded slots are exactly 0 throughout.

import { InvalidRequestError } from '../errors';
import { ddimSteps } from './ddim';
import { ddpmSteps } from './ddpm';
import { applyPaddingMask, denoiseBatch, fillSampleNoise, noiseStreams } from './denoiseLoop';
import type { ReverseStep } from './denoiseLoop';
import type { ClassifierGuidance } from './guidance';
import type { NoiseSchedule } from './schedule';
import { ddimTimesteps, validateTimesteps } from './timesteps';
import type { Denoiser, PaddingMode, SamplerKind, TensorShape } from './types';

export { noiseStreams };

/** DDIM steps when a request names none (capped at the schedule's T). */
export const DEFAULT_DDIM_STEPS = 50;

export interface SampleRequest {
  /** Number of samples to generate. */
  count: number;
  genes: number;
  channels: number;
  sampler: SamplerKind;
  /** DDIM only: number of steps, default 50 (linspace spacing, see timesteps.ts). Ignored by DDPM. */
  steps?: number;
  /** DDIM only: explicit strictly descending sub-sequence of 0 … T−1; overrides `steps`. */
  timesteps?: Int32Array;
  /** DDIM only: η in [0, 1], default 0 (deterministic). */
  eta?: number;
  /** Non-negative integer seed of every random number the request uses. */
  seed: number;
  /** Samples per denoiser call; changes speed and memory, never the samples. */
  batchSize: number;
  /**
   * Index of the request's first sample in the set it belongs to (default 0): sample i of the
   * request is sample firstSample + i of the set, with that sample's noise, so a set generated
   * in parts (to stream it into a store) equals the set generated whole.
   */
  firstSample?: number;
  /** One class label per sample, or null for an unconditional denoiser. */
  classLabels?: Int32Array | null;
  /** [genes·channels], 1 = real slot, 0 = padded (exactly 0 in the output). */
  mask?: Uint8Array | null;
  /** How padded slots are held while sampling (the backbone's setting); default 'zero-x'. */
  padding?: PaddingMode;
}

/** Progress after one reverse step of one batch. */
export interface SamplerStepInfo {
  batchIndex: number;
  batchCount: number;
  /** Index of the step just done within its batch, 0 … stepsPerBatch−1. */
  stepIndex: number;
  stepsPerBatch: number;
  /** Steps done over the whole request, 1 … stepsTotal. */
  stepsDone: number;
  stepsTotal: number;
  /** Samples finished (all steps done). */
  samplesDone: number;
}

export interface SampleOptions {
  signal?: AbortSignal;
  onStep?: (info: SamplerStepInfo) => void;
  /**
   * Noise to replay instead of drawing it, for parity with a reference implementation: x_T
   * [count, G, C] and, for samplers that draw noise, z at timestep t [count, G, C].
   */
  replay?: { initial: Float32Array; step?: (t: number) => Float32Array };
  /** Classifier guidance on x̂₀ (guidance.ts); scale 0 or absent samples unguided, bit for bit. */
  guidance?: ClassifierGuidance | null;
  /** Makes the output array (a worker passes shared memory, so the samples are never copied into it); default a new Float32Array. */
  allocate?: (length: number) => Float32Array;
}

const isPositiveInteger = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** Throws InvalidRequestError naming the first field that does not fit. */
export function validateSampleRequest(request: SampleRequest): void {
  const { count, genes, channels, batchSize, seed, classLabels, mask } = request;
  const sizes = { count, genes, channels, batchSize };
  for (const [name, value] of Object.entries(sizes)) {
    if (!isPositiveInteger(value)) throw new InvalidRequestError(`${name} = ${value}; expected an integer ≥ 1`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidRequestError(`seed = ${seed}; expected a non-negative integer`);
  }
  const { firstSample = 0 } = request;
  if (!Number.isSafeInteger(firstSample) || firstSample < 0) {
    throw new InvalidRequestError(`firstSample = ${firstSample}; expected a non-negative integer`);
  }
  if (classLabels && classLabels.length !== count) {
    throw new InvalidRequestError(`${classLabels.length} class labels for ${count} samples; expected one per sample`);
  }
  if (mask) {
    if (mask.length !== genes * channels) {
      throw new InvalidRequestError(
        `the padding mask has ${mask.length} slots; expected genes × channels = ${genes} × ${channels} = ${genes * channels}`);
    }
    const bad = mask.findIndex((m) => m !== 0 && m !== 1);
    if (bad >= 0) throw new InvalidRequestError(`padding mask slot ${bad} is ${mask[bad]}; expected 1 (real) or 0 (padded)`);
  }
}

/** The reverse steps a request asks for, validated against the schedule. */
export function resolveSteps(schedule: NoiseSchedule, request: SampleRequest): ReverseStep[] {
  const T = schedule.timesteps;
  switch (request.sampler) {
    case 'ddpm':
      return ddpmSteps(schedule);
    case 'ddim': {
      const eta = request.eta ?? 0;
      if (!(eta >= 0 && eta <= 1)) throw new InvalidRequestError(`DDIM η = ${eta}; expected a number from 0 to 1`);
      const timesteps = request.timesteps
        ? validateTimesteps(request.timesteps, T)
        : ddimTimesteps(T, request.steps ?? Math.min(DEFAULT_DDIM_STEPS, T));
      return ddimSteps(schedule, timesteps, eta);
    }
    default:
      throw new InvalidRequestError(`unknown sampler '${String(request.sampler)}'; expected ddpm or ddim`);
  }
}

/** Draws samples [count, genes, channels] row-major. Rejects with CancelledError on abort. */
export async function sample(
  denoiser: Denoiser, schedule: NoiseSchedule, request: SampleRequest, options: SampleOptions = {},
): Promise<Float32Array> {
  validateSampleRequest(request);
  return sampleWithSteps(denoiser, schedule, request, resolveSteps(schedule, request), options);
}

/**
 * `sample` with the reverse steps given: for samplers built outside this module, and for
 * tests that prove the checks fail on a broken sampler. The request's sampler fields are unused.
 */
export async function sampleWithSteps(
  denoiser: Denoiser, schedule: NoiseSchedule, request: SampleRequest, steps: readonly ReverseStep[],
  options: SampleOptions = {},
): Promise<Float32Array> {
  validateSampleRequest(request);
  const { count, genes, channels, batchSize, seed, classLabels = null, mask = null, padding = 'zero-x', firstSample: offset = 0 } = request;
  const dims = genes * channels;
  if (options.replay && options.replay.initial.length !== count * dims) {
    throw new InvalidRequestError(`the replayed x_T has ${options.replay.initial.length} values; expected ${count} × ${genes} × ${channels}`);
  }
  const out = options.allocate?.(count * dims) ?? new Float32Array(count * dims);
  const batchCount = Math.ceil(count / batchSize);
  const stepsPerBatch = steps.length;
  for (let batchIndex = 0; batchIndex < batchCount; batchIndex++) {
    const firstSample = batchIndex * batchSize;
    const shape: TensorShape = { batch: Math.min(batchSize, count - firstSample), genes, channels };
    // x_T ~ N(0, I), drawn per global sample index (stream `initial`, step 0).
    const rows = (all: Float32Array) => all.subarray(firstSample * dims, (firstSample + shape.batch) * dims);
    const { replay } = options;
    const xT = new Float32Array(shape.batch * dims);
    if (replay) xT.set(rows(replay.initial));
    else fillSampleNoise(xT, shape, seed, offset + firstSample, noiseStreams.initial, 0);
    if (padding !== 'zero-x0') applyPaddingMask(xT, mask);
    const result = await denoiseBatch(denoiser, schedule, xT, shape, steps, {
      labels: classLabels ? classLabels.subarray(firstSample, firstSample + shape.batch) : null,
      mask,
      padding,
      stepNoise: replay?.step ? (t) => rows((replay.step as (t: number) => Float32Array)(t)) : undefined,
      noise: { seed, firstSample: offset + firstSample },
      signal: options.signal,
      guidance: options.guidance,
      onStep: (stepIndex) => options.onStep?.({
        batchIndex, batchCount, stepIndex, stepsPerBatch,
        stepsDone: batchIndex * stepsPerBatch + stepIndex + 1,
        stepsTotal: batchCount * stepsPerBatch,
        samplesDone: firstSample + (stepIndex === stepsPerBatch - 1 ? shape.batch : 0),
      }),
    });
    out.set(result, firstSample * dims);
  }
  return out;
}
