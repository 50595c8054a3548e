// The optimal ε-predictor for data x₀ ~ N(μ, diag σ²), in closed form per dimension:
//   ε̂(x_t, t) = E[ε | x_t] = (x_t − √ᾱ_t μ) · √(1−ᾱ_t) / (ᾱ_t σ² + 1 − ᾱ_t).
// It proves the samplers right: they must turn it back into N(μ, σ²). Written as
// ε̂ = (x_t − shift[t]) · scale[t], tables [T, D] that an ONNX model gathers by t.

import type { NoiseSchedule } from './schedule';
import type { Denoiser, TensorShape } from './types';

export interface GaussianTarget {
  /** Mean per dimension (D = genes × channels, row-major). */
  mean: Float32Array;
  /** Variance per dimension, > 0. */
  variance: Float32Array;
}

export interface GaussianEpsTables {
  dims: number;
  timesteps: number;
  /** [T × D]: √(1−ᾱ_t) / (ᾱ_t σ² + 1 − ᾱ_t). */
  scale: Float32Array;
  /** [T × D]: √ᾱ_t μ. */
  shift: Float32Array;
}

export function gaussianEpsTables(schedule: NoiseSchedule, target: GaussianTarget): GaussianEpsTables {
  const dims = target.mean.length;
  if (target.variance.length !== dims) throw new RangeError('mean and variance lengths differ');
  const T = schedule.timesteps;
  const scale = new Float32Array(T * dims);
  const shift = new Float32Array(T * dims);
  for (let t = 0; t < T; t++) {
    const abar = schedule.alphasCumprod[t];
    for (let d = 0; d < dims; d++) {
      scale[t * dims + d] = Math.sqrt(1 - abar) / (abar * target.variance[d] + 1 - abar);
      shift[t * dims + d] = Math.sqrt(abar) * target.mean[d];
    }
  }
  return { dims, timesteps: T, scale, shift };
}

/** The same predictor evaluated in TypeScript, for tests that need no ONNX runtime. */
export function createGaussianOracle(schedule: NoiseSchedule, target: GaussianTarget): Denoiser {
  const tables = gaussianEpsTables(schedule, target);
  return {
    prediction: 'eps',
    async predict(x: Float32Array, shape: TensorShape, t: Int32Array): Promise<Float32Array> {
      const dims = shape.genes * shape.channels;
      if (dims !== tables.dims) throw new RangeError(`expected ${tables.dims} dims per sample, got ${dims}`);
      const eps = new Float32Array(x.length);
      for (let b = 0; b < shape.batch; b++) {
        const row = t[b] * dims;
        for (let d = 0; d < dims; d++) {
          const i = b * dims + d;
          eps[i] = (x[i] - tables.shift[row + d]) * tables.scale[row + d];
        }
      }
      return eps;
    },
  };
}
