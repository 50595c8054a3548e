// The exact moments a sampler ends with when its ε-predictor is the optimal one for
// x₀ ~ N(μ, σ²) (the Gaussian oracle), so a check can tell sampling noise from discretisation:
// DDIM with few steps shrinks the variance (about 0.81 σ² at 20 steps on a linear T = 1000
// schedule) although the sampler is right. Derived here from DDIM eq. 12 and 16 (Song et al.
// 2021), independently of the sampler's own coefficients, so a broken sampler cannot agree.
//
// Per slot, with v_t = ᾱ_t σ² + 1 − ᾱ_t and y = x − √ᾱ μ, one step t → s is
//   ε̂ = y_t √(1−ᾱ_t)/v_t,  x̂₀ = μ + y_t √ᾱ_t σ²/v_t
//   y_s = c·y_t + σ_η z,     c = (√(ᾱ_s ᾱ_t) σ² + √(1 − ᾱ_s − σ_η²) √(1−ᾱ_t)) / v_t
// so E[y] and Var[y] propagate linearly from x_T ~ N(0, 1); after the last step ᾱ_s = 1, y = x₀ − μ.
// DDPM (Ho et al. 2020, Alg. 2 with β̃) is exactly η = 1 on every timestep.

import { InvalidRequestError } from '../errors';
import { DEFAULT_DDIM_STEPS } from '../diffusion/sampler';
import type { SamplerKind } from '../diffusion/types';
import { ddimTimesteps } from '../diffusion/timesteps';
import type { GaussianMoments } from './moments';

export interface SamplerPath {
  /** Strictly descending timesteps the sampler visits. */
  timesteps: Int32Array;
  eta: number;
}

/** The sampler fields of a SampleRequest, as `resolveSteps` in core/diffusion reads them. */
export interface SamplerChoice {
  sampler: SamplerKind;
  steps?: number;
  timesteps?: Int32Array;
  eta?: number;
}

/** The timesteps and η a request runs on a T-step schedule (DDPM: all of them, η = 1). */
export function samplerPath(T: number, choice: SamplerChoice): SamplerPath {
  if (choice.sampler === 'ddpm') {
    return { timesteps: Int32Array.from({ length: T }, (_, i) => T - 1 - i), eta: 1 };
  }
  const eta = choice.eta ?? 0;
  if (!(eta >= 0 && eta <= 1)) throw new InvalidRequestError(`DDIM η = ${eta}; expected a number from 0 to 1`);
  return { timesteps: choice.timesteps ?? ddimTimesteps(T, choice.steps ?? Math.min(DEFAULT_DDIM_STEPS, T)), eta };
}

/** Mean and variance per slot of the samples the oracle-driven sampler produces along `path`. */
export function expectedGaussianSampleMoments(
  alphasCumprod: ArrayLike<number>, path: SamplerPath, target: GaussianMoments,
): { mean: Float64Array; variance: Float64Array } {
  const dims = target.mean.length;
  const mean = new Float64Array(dims);
  const variance = new Float64Array(dims);
  const seq = path.timesteps;
  if (seq.length === 0) throw new InvalidRequestError('a sampler path needs at least one timestep');
  for (let d = 0; d < dims; d++) {
    const mu = target.mean[d];
    const sigma2 = target.variance[d];
    let yMean = -Math.sqrt(alphasCumprod[seq[0]]) * mu;
    let yVariance = 1;
    for (let i = 0; i < seq.length; i++) {
      const at = alphasCumprod[seq[i]];
      const as = i + 1 < seq.length ? alphasCumprod[seq[i + 1]] : 1;
      const noise2 = path.eta === 0 ? 0 : path.eta ** 2 * ((1 - as) / (1 - at)) * (1 - at / as);
      const vt = at * sigma2 + 1 - at;
      const c = (Math.sqrt(as * at) * sigma2 + Math.sqrt(Math.max(0, 1 - as - noise2)) * Math.sqrt(1 - at)) / vt;
      yMean *= c;
      yVariance = c * c * yVariance + noise2;
    }
    mean[d] = mu + yMean;
    variance[d] = yVariance;
  }
  return { mean, variance };
}
