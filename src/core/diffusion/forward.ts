// Forward noising and the conversions between what a backbone predicts (ε, x₀ or v) and ε.
//   x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε                 (Ho et al. 2020, eq. 4)
//   x̂₀  = (x_t − √(1−ᾱ_t)·ε̂) / √ᾱ_t            (Ho et al. 2020, eq. 15)
//   v   = √ᾱ_t·ε − √(1−ᾱ_t)·x₀                 (Salimans & Ho 2022, §4)
// Arrays are float32 [B, G, C] row-major with one timestep per sample; each element is
// computed in float64 and rounded once.

import { InvalidRequestError } from '../errors';
import type { NoiseSchedule } from './schedule';
import type { PredictionKind, TensorShape } from './types';

/** Throws unless every array holds B·G·C values and t holds B timesteps in 0 … T−1. */
export function checkBatch(
  schedule: NoiseSchedule, t: Int32Array, shape: TensorShape, arrays: Record<string, Float32Array>,
): void {
  const { batch, genes, channels } = shape;
  const expected = batch * genes * channels;
  for (const [name, array] of Object.entries(arrays)) {
    if (array.length !== expected) {
      throw new InvalidRequestError(
        `${name} holds ${array.length} values; expected ${expected} = ${batch} × ${genes} × ${channels} [B, G, C]`);
    }
  }
  if (t.length !== batch) throw new InvalidRequestError(`t holds ${t.length} timesteps; expected one per sample (${batch})`);
  const T = schedule.timesteps;
  for (let b = 0; b < batch; b++) {
    if (!(t[b] >= 0 && t[b] < T)) throw new InvalidRequestError(`t[${b}] = ${t[b]} is outside 0 … ${T - 1}`);
  }
}

/**
 * Applies a per-sample affine map out = a_b·u + c_b·w, with (a_b, c_b) taken from ᾱ at the
 * sample's timestep. Every conversion in this module has that form.
 */
function combine(
  schedule: NoiseSchedule, t: Int32Array, shape: TensorShape, u: Float32Array, w: Float32Array,
  coefficients: (alphaBar: number) => [number, number],
): Float32Array {
  const dims = shape.genes * shape.channels;
  const out = new Float32Array(u.length);
  for (let b = 0; b < shape.batch; b++) {
    const [a, c] = coefficients(schedule.alphasCumprod[t[b]]);
    for (let i = b * dims, end = i + dims; i < end; i++) out[i] = a * u[i] + c * w[i];
  }
  return out;
}

/** x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, sample b noised to level t[b]. */
export function addNoise(
  x0: Float32Array, eps: Float32Array, schedule: NoiseSchedule, t: Int32Array, shape: TensorShape,
): Float32Array {
  checkBatch(schedule, t, shape, { x0, eps });
  return combine(schedule, t, shape, x0, eps, (ab) => [Math.sqrt(ab), Math.sqrt(1 - ab)]);
}

/** x̂₀ = (x_t − √(1−ᾱ_t)·ε̂) / √ᾱ_t: the clean sample implied by a noise estimate. */
export function estimateX0(
  xt: Float32Array, epsHat: Float32Array, schedule: NoiseSchedule, t: Int32Array, shape: TensorShape,
): Float32Array {
  checkBatch(schedule, t, shape, { xt, epsHat });
  return combine(schedule, t, shape, xt, epsHat, (ab) => [1 / Math.sqrt(ab), -Math.sqrt((1 - ab) / ab)]);
}

/**
 * Turns a backbone's raw output into ε̂, so every sampler can work in ε alone.
 *   x₀-prediction: ε̂ = (x_t − √ᾱ·x̂₀) / √(1−ᾱ)
 *   v-prediction:  ε̂ = √ᾱ·v̂ + √(1−ᾱ)·x_t   (substitute x₀ from eq. 4 into v; ᾱ + (1−ᾱ) = 1)
 * An ε-prediction is returned as it is (the same array, not a copy).
 */
export function predictionToEps(
  kind: PredictionKind, raw: Float32Array, xt: Float32Array, schedule: NoiseSchedule, t: Int32Array,
  shape: TensorShape,
): Float32Array {
  checkBatch(schedule, t, shape, { prediction: raw, xt });
  switch (kind) {
    case 'eps':
      return raw;
    case 'x0':
      return combine(schedule, t, shape, xt, raw,
        (ab) => [1 / Math.sqrt(1 - ab), -Math.sqrt(ab / (1 - ab))]);
    case 'v':
      return combine(schedule, t, shape, raw, xt, (ab) => [Math.sqrt(ab), Math.sqrt(1 - ab)]);
    default:
      throw new InvalidRequestError(`unknown prediction kind '${String(kind)}'; expected eps, x0 or v`);
  }
}
