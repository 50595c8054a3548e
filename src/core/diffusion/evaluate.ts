// Reconstruction error against noise level (paper Fig. 4): for each t of a grid, noise real
// samples, let the backbone estimate the noise and measure how far the implied clean sample is:
//   x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε                (Ho et al. 2020, eq. 4)
//   x̂₀  = (x_t − √(1−ᾱ_t)·ε̂) / √ᾱ_t           (Ho et al. 2020, eq. 15)
//   MAE_t = mean |x̂₀ − x₀|,  MSE_t = mean (x̂₀ − x₀)²
// ε is zero on padded slots, as in training (models/gdw_models/losses.py) and sampling. The
// validation loss lives in evaluateLoss.ts.

import { InvalidRequestError, throwIfCancelled } from '../errors';
import { readRowRange } from '../store/rowData';
import { applyPaddingMask, fillSampleNoise } from './denoiseLoop';
import {
  checkEvaluationInputs, evaluationStreams, meanWithStdError, predictEpsPerSample,
} from './evaluateShared';
import type { EvaluationRunOptions, EvaluationSet, SlotCounts } from './evaluateShared';
import { addNoise, estimateX0 } from './forward';
import type { NoiseSchedule } from './schedule';
import { ddimTimesteps } from './timesteps';
import type { Denoiser, PredictionKind, TensorShape } from './types';

export { evaluationStreams };
export { validationLoss, validationTimestep } from './evaluateLoss';
export type { ValidationLoss, ValidationLossOptions, ValidationLossSettings } from './evaluateLoss';
export type { EvaluationRunOptions, EvaluationSet, EvaluationStepInfo, SlotCounts } from './evaluateShared';

/** Noise levels of a curve when a request names none (capped at the schedule's T). */
export const DEFAULT_RECONSTRUCTION_LEVELS = 50;

/** Which slots an error is averaged over; both are reported, side by side. */
export const slotAverages = {
  /** Real (unpadded) slots only: the workbench's number. */
  realSlots: 'real slots (padding excluded)',
  /** Every slot, padding included: what the paper's code averages (Fig. 4). */
  allSlots: "all slots (padding included, the paper's code)",
} as const;

export interface ReconstructionOptions extends EvaluationRunOptions {
  /**
   * Explicit strictly increasing timesteps in 0 … T−1. Without them, `levels` timesteps spaced
   * t_i = round(i·(T−1)/(L−1)), i = 0 … L−1 (linear in t, both ends included).
   */
  timesteps?: ArrayLike<number>;
  /** Grid size when `timesteps` is absent; default 50, capped at T. */
  levels?: number;
}

/** Mean absolute and squared error over one kind of slot, with standard errors over samples. */
export interface ErrorSummary {
  mae: number;
  mse: number;
  /** Standard error of `mae` (spread of the per-sample means / √N); null below 2 samples. */
  maeStdError: number | null;
  mseStdError: number | null;
}

export interface ReconstructionPoint {
  t: number;
  alphaBar: number;
  /** Over real slots: the workbench's number (`slotAverages.realSlots`). */
  realSlots: ErrorSummary;
  /** Over every slot, padding included: the paper's code (`slotAverages.allSlots`). */
  allSlots: ErrorSummary;
  /** Over padded slots alone; null without padding. allSlots = (real·realSlots + padded·padded) / total. */
  paddedSlots: ErrorSummary | null;
}

export interface ReconstructionSettings {
  timesteps: number[];
  /** 'linspace' for the default grid (see ReconstructionOptions.timesteps), 'custom' when given. */
  spacing: 'linspace' | 'custom';
  seed: number;
  /** Philox stream of ε; each sample's ε at level t is addressed by (seed, stream, sample index, t). */
  noiseStream: number;
  sampleCount: number;
  slots: SlotCounts;
  scheduleKind: NoiseSchedule['spec']['kind'];
  scheduleTimesteps: number;
  prediction: PredictionKind;
  slotAverages: typeof slotAverages;
}

export interface ReconstructionCurve {
  settings: ReconstructionSettings;
  /** One point per timestep, in the order of `settings.timesteps`. */
  points: ReconstructionPoint[];
}

/** The default grid: `levels` timesteps linear in t from 0 to T−1, ascending. */
export function reconstructionTimesteps(T: number, levels = DEFAULT_RECONSTRUCTION_LEVELS): Int32Array {
  if (!Number.isInteger(levels) || levels < 1) throw new InvalidRequestError(`levels = ${levels}; expected an integer ≥ 1`);
  return ddimTimesteps(T, Math.min(levels, T)).reverse();
}

function resolveGrid(T: number, options: ReconstructionOptions): Int32Array {
  const given = options.timesteps;
  if (!given) return reconstructionTimesteps(T, options.levels ?? DEFAULT_RECONSTRUCTION_LEVELS);
  if (given.length === 0) throw new InvalidRequestError('the timestep grid is empty; expected at least one timestep');
  for (let i = 0; i < given.length; i++) {
    const t = given[i];
    if (!Number.isInteger(t) || t < 0 || t > T - 1) {
      throw new InvalidRequestError(`grid timestep ${i + 1} of ${given.length} is ${t}; expected an integer from 0 to ${T - 1}`);
    }
    if (i > 0 && t <= given[i - 1]) {
      throw new InvalidRequestError(`grid timestep ${i + 1} is ${t} after ${given[i - 1]}; expected a strictly increasing grid`);
    }
  }
  return Int32Array.from(given);
}

/** Per-sample sums of |x̂₀ − x₀| and (x̂₀ − x₀)² over real and over padded slots, at one t. */
interface SampleSums {
  absReal: Float64Array;
  squaredReal: Float64Array;
  absPadded: Float64Array;
  squaredPadded: Float64Array;
}

function createSampleSums(count: number): SampleSums {
  return {
    absReal: new Float64Array(count), squaredReal: new Float64Array(count),
    absPadded: new Float64Array(count), squaredPadded: new Float64Array(count),
  };
}

function addBatchErrors(
  sums: SampleSums, x0Hat: Float32Array, x0: Float32Array, mask: Uint8Array | null, firstSample: number, dims: number,
): void {
  for (let b = 0, base = 0; base < x0Hat.length; b++, base += dims) {
    const i = firstSample + b;
    for (let d = 0; d < dims; d++) {
      const err = x0Hat[base + d] - x0[base + d];
      if (!mask || mask[d] === 1) {
        sums.absReal[i] += Math.abs(err);
        sums.squaredReal[i] += err * err;
      } else {
        sums.absPadded[i] += Math.abs(err);
        sums.squaredPadded[i] += err * err;
      }
    }
  }
}

/** Per sample: the given sums added and divided by the slot count; then mean and standard error over samples. */
function summarize(abs: Float64Array[], squared: Float64Array[], slots: number): ErrorSummary {
  const perSample = (parts: Float64Array[]) => parts[0].map((_, i) => parts.reduce((s, p) => s + p[i], 0) / slots);
  const mae = meanWithStdError(perSample(abs));
  const mse = meanWithStdError(perSample(squared));
  return { mae: mae.mean, mse: mse.mean, maeStdError: mae.stdError, mseStdError: mse.stdError };
}

function summarizePoint(sums: SampleSums, slots: SlotCounts, t: number, alphaBar: number): ReconstructionPoint {
  return {
    t,
    alphaBar,
    realSlots: summarize([sums.absReal], [sums.squaredReal], slots.real),
    allSlots: summarize([sums.absReal, sums.absPadded], [sums.squaredReal, sums.squaredPadded], slots.total),
    paddedSlots: slots.padded > 0 ? summarize([sums.absPadded], [sums.squaredPadded], slots.padded) : null,
  };
}

/** x̂₀ for samples firstSample … firstSample+B−1 noised to level t. */
async function reconstructBatch(
  denoiser: Denoiser, schedule: NoiseSchedule, x0: Float32Array, shape: TensorShape, t: number,
  firstSample: number, mask: Uint8Array | null, options: ReconstructionOptions,
): Promise<Float32Array> {
  const eps = new Float32Array(x0.length);
  fillSampleNoise(eps, shape, options.seed, firstSample, evaluationStreams.reconstruction, t);
  // The forward process the backbone was trained with: noise in padded slots only for 'zero-x0'.
  const holdX0 = options.padding === 'zero-x0';
  if (!holdX0) applyPaddingMask(eps, mask);
  const timesteps = new Int32Array(shape.batch).fill(t);
  const xt = addNoise(x0, eps, schedule, timesteps, shape);
  const labels = options.labels ? options.labels.subarray(firstSample, firstSample + shape.batch) : null;
  const epsHat = await predictEpsPerSample(denoiser, schedule, xt, shape, timesteps, labels);
  const x0Hat = estimateX0(xt, epsHat, schedule, timesteps, shape);
  if (holdX0) applyPaddingMask(x0Hat, mask);
  return x0Hat;
}

/**
 * The reconstruction error curve of a denoiser on `set`. The result does not depend on the
 * batch size. Rejects with CancelledError when `signal` fires (polled before each call).
 */
export async function reconstructionCurve(
  denoiser: Denoiser, schedule: NoiseSchedule, set: EvaluationSet, options: ReconstructionOptions,
): Promise<ReconstructionCurve> {
  const slots = checkEvaluationInputs(set, options);
  const grid = resolveGrid(schedule.timesteps, options);
  const { batch: count, genes, channels } = set.shape;
  const dims = genes * channels;
  const { batchSize, signal, onProgress } = options;
  const callsPerLevel = Math.ceil(count / batchSize);
  const callsTotal = grid.length * callsPerLevel;
  const points: ReconstructionPoint[] = [];
  for (const [level, t] of grid.entries()) {
    const sums = createSampleSums(count);
    for (let call = 0; call < callsPerLevel; call++) {
      throwIfCancelled(signal, 'reconstruction curve');
      const first = call * batchSize;
      const shape: TensorShape = { batch: Math.min(batchSize, count - first), genes, channels };
      const x0 = readRowRange(set.x0, dims, first, first + shape.batch);
      const x0Hat = await reconstructBatch(denoiser, schedule, x0, shape, t, first, set.mask, options);
      addBatchErrors(sums, x0Hat, x0, set.mask, first, dims);
      onProgress?.({ callsDone: level * callsPerLevel + call + 1, callsTotal });
    }
    points.push(summarizePoint(sums, slots, t, schedule.alphasCumprod[t]));
  }
  return {
    settings: {
      timesteps: Array.from(grid),
      spacing: options.timesteps ? 'custom' : 'linspace',
      seed: options.seed,
      noiseStream: evaluationStreams.reconstruction,
      sampleCount: count,
      slots,
      scheduleKind: schedule.spec.kind,
      scheduleTimesteps: schedule.timesteps,
      prediction: denoiser.prediction,
      slotAverages,
    },
    points,
  };
}
