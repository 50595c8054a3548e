// What the backbone evaluations (evaluate.ts, evaluateLoss.ts) share: the held-out set they run
// on, its checks, the Philox streams they draw from, and ε̂ at one timestep per sample.

import { BackboneContractError, InvalidRequestError } from '../errors';
import { valueCountOf, type RowData } from '../store/rowData';
import { predictionToEps } from './forward';
import type { NoiseSchedule } from './schedule';
import type { Denoiser, PaddingMode, TensorShape } from './types';

/**
 * Philox streams (rng.ts) of the evaluations, apart from the sampler's (1 initial, 2 step) and
 * the GAN latent (3), so one seed used for sampling and evaluation never reuses a number.
 */
export const evaluationStreams = {
  /** ε of the reconstruction curve, addressed by (sample index, step = t). */
  reconstruction: 16,
  /** ε of the validation loss, addressed by (sample index, step = draw index). */
  validationNoise: 17,
  /** t of the validation loss, addressed by (sample index, draw index). */
  validationTimestep: 18,
} as const;

/** Real (e.g. holdout) gene tensors an evaluation noises and asks the denoiser to clean. */
export interface EvaluationSet {
  /** [count, genes, channels] row-major, in memory or read a batch at a time; padded slots are expected to hold 0. */
  x0: RowData;
  /** `batch` is the number of samples in x0. */
  shape: TensorShape;
  /** [genes·channels]: 1 = real slot, 0 = padded; null when every slot is real. */
  mask: Uint8Array | null;
}

/** How many slots per sample are real and padded; the mask of an all-real set is null. */
export interface SlotCounts {
  real: number;
  padded: number;
  total: number;
}

/** Progress after one denoiser call. */
export interface EvaluationStepInfo {
  callsDone: number;
  callsTotal: number;
}

export interface EvaluationRunOptions {
  /** Non-negative integer seed of every random number the evaluation draws. */
  seed: number;
  /** Samples per denoiser call; changes speed and memory, never the result. */
  batchSize: number;
  /** One class label per sample for a conditional denoiser, else null. */
  labels?: Int32Array | null;
  signal?: AbortSignal;
  onProgress?: (info: EvaluationStepInfo) => void;
  /**
   * How the backbone was trained on padded slots (its `gdw.padding`): 'zero-x' (default) noises only
   * real slots; 'zero-x0' noises every slot, as the paper's code does, and zeroes x̂₀ in padded ones.
   */
  padding?: PaddingMode;
}

const isPositiveInteger = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** Throws InvalidRequestError naming the first field that does not fit; returns the slot counts. */
export function checkEvaluationInputs(set: EvaluationSet, options: EvaluationRunOptions): SlotCounts {
  const { x0, shape, mask } = set;
  const { batch, genes, channels } = shape;
  for (const [name, value] of Object.entries({ samples: batch, genes, channels, batchSize: options.batchSize })) {
    if (!isPositiveInteger(value)) throw new InvalidRequestError(`${name} = ${value}; expected an integer ≥ 1`);
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new InvalidRequestError(`seed = ${options.seed}; expected a non-negative integer`);
  }
  const dims = genes * channels;
  if (valueCountOf(x0) !== batch * dims) {
    throw new InvalidRequestError(
      `x₀ holds ${valueCountOf(x0)} values; expected ${batch * dims} = ${batch} × ${genes} × ${channels} [N, G, C]`);
  }
  if (options.labels && options.labels.length !== batch) {
    throw new InvalidRequestError(`${options.labels.length} class labels for ${batch} samples; expected one per sample`);
  }
  if (!mask) return { real: dims, padded: 0, total: dims };
  if (mask.length !== dims) {
    throw new InvalidRequestError(`the padding mask has ${mask.length} slots; expected genes × channels = ${dims}`);
  }
  let real = 0;
  for (let d = 0; d < dims; d++) {
    if (mask[d] !== 0 && mask[d] !== 1) throw new InvalidRequestError(`padding mask slot ${d} is ${mask[d]}; expected 1 (real) or 0 (padded)`);
    real += mask[d];
  }
  if (real === 0) throw new InvalidRequestError('the padding mask marks every slot as padded; expected at least one real slot');
  return { real, padded: dims - real, total: dims };
}

/** ε̂ for a batch whose samples may sit at different timesteps; x₀- and v-backbones converted. */
export async function predictEpsPerSample(
  denoiser: Denoiser, schedule: NoiseSchedule, x: Float32Array, shape: TensorShape, t: Int32Array,
  labels: Int32Array | null,
): Promise<Float32Array> {
  const raw = await denoiser.predict(x, shape, t, labels);
  if (raw.length !== x.length) {
    throw new BackboneContractError(
      `the denoiser returned ${raw.length} values; expected ${x.length}, shaped like x [${shape.batch}, ${shape.genes}, ${shape.channels}]`);
  }
  return predictionToEps(denoiser.prediction, raw, x, schedule, t, shape);
}

/** Mean and standard error of the mean of per-sample values; the error is null below 2 samples. */
export function meanWithStdError(values: ArrayLike<number>): { mean: number; stdError: number | null } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  if (n < 2) return { mean, stdError: null };
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, stdError: Math.sqrt(squares / (n - 1) / n) };
}
