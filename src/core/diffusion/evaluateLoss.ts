// The diffusion validation loss on the user's data: the training objective L_simple (Ho et al.
// 2020, eq. 14) restricted to real slots, as in training (models/gdw_models/losses.py):
//   loss = E_{x₀, t ~ U{0 … T−1}, ε} [ mean over real slots of (ε̂(x_t, t) − ε)² ]
// so backbones trained elsewhere can be compared on the same data with the same draws. Each draw's
// t and ε are addressed by (seed, sample index, draw index): the result never depends on batching.

import { InvalidRequestError, throwIfCancelled } from '../errors';
import { readRowRange } from '../store/rowData';
import { fillNormal, philox4x32, seedToKey } from '../rng';
import { applyPaddingMask } from './denoiseLoop';
import {
  checkEvaluationInputs, evaluationStreams, meanWithStdError, predictEpsPerSample,
} from './evaluateShared';
import type { EvaluationRunOptions, EvaluationSet, SlotCounts } from './evaluateShared';
import type { PaddingMode } from './types';
import { addNoise } from './forward';
import type { NoiseSchedule } from './schedule';
import type { Denoiser, PredictionKind, TensorShape } from './types';

export interface ValidationLossOptions extends EvaluationRunOptions {
  /** (t, ε) draws per sample, default 1; more draws lower the spread that t adds. */
  drawsPerSample?: number;
}

export interface ValidationLossSettings {
  seed: number;
  sampleCount: number;
  drawsPerSample: number;
  drawCount: number;
  timestepDistribution: 'uniform over 0 … T−1';
  timestepStream: number;
  noiseStream: number;
  slots: SlotCounts;
  /** The loss averages over real slots only (padded slots carry no loss, as in training). */
  slotAverage: 'real slots (padding excluded)';
  scheduleKind: NoiseSchedule['spec']['kind'];
  scheduleTimesteps: number;
  prediction: PredictionKind;
}

export interface ValidationLoss {
  /** Mean over draws of the masked ε-MSE. */
  loss: number;
  /** Standard error over samples (each sample's mean over its draws); null below 2 samples. */
  stdError: number | null;
  settings: ValidationLossSettings;
  /** Every draw, ordered by sample then draw index: for a loss-against-t plot. */
  draws: { sampleIndex: number[]; t: number[]; loss: number[] };
}

/**
 * t of draw r of sample i: ⌊u·T / 2³²⌋ from one Philox word u, so uniform up to a bias below
 * T / 2³² per value.
 */
export function validationTimestep(seed: number, sampleIndex: number, draw: number, T: number): number {
  const [k0, k1] = seedToKey(seed);
  const block = new Uint32Array(4);
  philox4x32(0, draw, sampleIndex, evaluationStreams.validationTimestep, k0, k1, block);
  return Math.floor((block[0] * T) / 4294967296);
}

/** Draws k … k+B−1 (k = sample·R + draw): their noisy inputs, timesteps and noise. */
function prepareDraws(
  set: EvaluationSet, schedule: NoiseSchedule, firstDraw: number, batch: number, drawsPerSample: number, seed: number,
  padding: PaddingMode,
): { xt: Float32Array; eps: Float32Array; t: Int32Array; samples: Int32Array; shape: TensorShape } {
  const { genes, channels } = set.shape;
  const dims = genes * channels;
  const shape: TensorShape = { batch, genes, channels };
  const x0 = new Float32Array(batch * dims);
  const eps = new Float32Array(batch * dims);
  const t = new Int32Array(batch);
  const samples = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const sampleIndex = Math.floor((firstDraw + b) / drawsPerSample);
    const draw = (firstDraw + b) % drawsPerSample;
    samples[b] = sampleIndex;
    t[b] = validationTimestep(seed, sampleIndex, draw, schedule.timesteps);
    readRowRange(set.x0, dims, sampleIndex, sampleIndex + 1, x0.subarray(b * dims, (b + 1) * dims));
    fillNormal(eps, b * dims, dims, { seed, stream: evaluationStreams.validationNoise, sampleIndex, step: draw });
  }
  // Noise in padded slots only for a backbone trained that way ('zero-x0', the paper's code); the loss stays masked.
  if (padding !== 'zero-x0') applyPaddingMask(eps, set.mask);
  return { xt: addNoise(x0, eps, schedule, t, shape), eps, t, samples, shape };
}

/** Masked ε-MSE of each draw of a batch. */
function drawLosses(epsHat: Float32Array, eps: Float32Array, mask: Uint8Array | null, realSlots: number, dims: number): number[] {
  const losses: number[] = [];
  for (let base = 0; base < eps.length; base += dims) {
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      if (mask && mask[d] === 0) continue;
      const err = epsHat[base + d] - eps[base + d];
      sum += err * err;
    }
    losses.push(sum / realSlots);
  }
  return losses;
}

/** The masked ε-MSE at uniform t. Rejects with CancelledError when `signal` fires. */
export async function validationLoss(
  denoiser: Denoiser, schedule: NoiseSchedule, set: EvaluationSet, options: ValidationLossOptions,
): Promise<ValidationLoss> {
  const slots = checkEvaluationInputs(set, options);
  const drawsPerSample = options.drawsPerSample ?? 1;
  if (!Number.isInteger(drawsPerSample) || drawsPerSample < 1) {
    throw new InvalidRequestError(`draws per sample = ${drawsPerSample}; expected an integer ≥ 1`);
  }
  const { seed, batchSize, labels = null, signal, onProgress } = options;
  const count = set.shape.batch;
  const drawCount = count * drawsPerSample;
  const callsTotal = Math.ceil(drawCount / batchSize);
  const draws: ValidationLoss['draws'] = { sampleIndex: [], t: [], loss: [] };
  for (let call = 0; call < callsTotal; call++) {
    throwIfCancelled(signal, 'validation loss');
    const first = call * batchSize;
    const batch = prepareDraws(set, schedule, first, Math.min(batchSize, drawCount - first), drawsPerSample, seed,
      options.padding ?? 'zero-x');
    const batchLabels = labels ? batch.samples.map((i) => labels[i]) : null;
    const epsHat = await predictEpsPerSample(denoiser, schedule, batch.xt, batch.shape, batch.t, batchLabels);
    const losses = drawLosses(epsHat, batch.eps, set.mask, slots.real, slots.total);
    for (let b = 0; b < losses.length; b++) {
      draws.sampleIndex.push(batch.samples[b]);
      draws.t.push(batch.t[b]);
      draws.loss.push(losses[b]);
    }
    onProgress?.({ callsDone: call + 1, callsTotal });
  }
  const perSample = new Float64Array(count);
  for (let k = 0; k < drawCount; k++) perSample[draws.sampleIndex[k]] += draws.loss[k] / drawsPerSample;
  const { mean, stdError } = meanWithStdError(perSample);
  return {
    loss: mean,
    stdError,
    settings: {
      seed, sampleCount: count, drawsPerSample, drawCount,
      timestepDistribution: 'uniform over 0 … T−1',
      timestepStream: evaluationStreams.validationTimestep,
      noiseStream: evaluationStreams.validationNoise,
      slots,
      slotAverage: 'real slots (padding excluded)',
      scheduleKind: schedule.spec.kind,
      scheduleTimesteps: schedule.timesteps,
      prediction: denoiser.prediction,
    },
    draws,
  };
}
