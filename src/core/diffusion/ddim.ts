// DDIM (Song et al. 2021) on any descending sub-sequence τ of timesteps, and its inverse.
// Eq. 12, with Song et al.'s α written ᾱ here:
//   x_prev = √ᾱ_prev · x̂₀ + √(1 − ᾱ_prev − σ²) · ε̂ + σ · z,   x̂₀ = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t
//   σ(η)   = η · √((1 − ᾱ_prev)/(1 − ᾱ_t)) · √(1 − ᾱ_t/ᾱ_prev)                       (eq. 16)
// η = 0 is deterministic, η = 1 is DDPM's ancestral step on the sub-sequence. After the last
// timestep ᾱ_prev = 1, so the last step returns x̂₀ itself. x̂₀ is not clipped: gene tensors
// are PCA coordinates without a fixed range.

import { InvalidRequestError, throwIfCancelled } from '../errors';
import { applyPaddingMask, applyReverseStep, checkBatchInputs, predictEps } from './denoiseLoop';
import type { ReverseStep } from './denoiseLoop';
import type { NoiseSchedule } from './schedule';
import { validateTimesteps } from './timesteps';
import type { Denoiser, TensorShape } from './types';

/** σ_t(η) of eq. 16 for a step from level ᾱ_t to level ᾱ_prev. */
export function ddimSigma(alphaBar: number, alphaBarPrev: number, eta: number): number {
  return eta * Math.sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * Math.sqrt(1 - alphaBar / alphaBarPrev);
}

/**
 * Eq. 12 as an affine step, ε̂ evaluated at timestep t: substituting x̂₀ gives
 *   xCoef = √(ᾱ_to/ᾱ_from),   epsCoef = √(1 − ᾱ_to − σ²) − √ᾱ_to·√((1 − ᾱ_from)/ᾱ_from).
 * With η = 0 it also runs backwards (ᾱ_to < ᾱ_from): that is DDIM inversion.
 */
export function ddimStep(t: number, alphaBarFrom: number, alphaBarTo: number, eta: number): ReverseStep {
  const sigma = eta === 0 ? 0 : ddimSigma(alphaBarFrom, alphaBarTo, eta);
  return {
    t,
    xCoef: Math.sqrt(alphaBarTo / alphaBarFrom),
    // max(0, …): at ᾱ_to = 1 the radicand is 0 and rounding must not make it negative.
    epsCoef: Math.sqrt(Math.max(0, 1 - alphaBarTo - sigma * sigma))
      - Math.sqrt(alphaBarTo) * Math.sqrt((1 - alphaBarFrom) / alphaBarFrom),
    noiseStd: sigma,
    // x̂₀ = 0 in eq. 12 leaves √(1 − ᾱ_prev − σ²)·ε̂ + σ·z.
    padded: { xCoef: 0, epsCoef: Math.sqrt(Math.max(0, 1 - alphaBarTo - sigma * sigma)) },
  };
}

/** The steps of DDIM sampling along `timesteps` (strictly descending, validated). */
export function ddimSteps(schedule: NoiseSchedule, timesteps: ArrayLike<number>, eta: number): ReverseStep[] {
  const seq = validateTimesteps(timesteps, schedule.timesteps);
  const alphaBar = schedule.alphasCumprod;
  return Array.from(seq, (t, i) => ddimStep(t, alphaBar[t], i + 1 < seq.length ? alphaBar[seq[i + 1]] : 1, eta));
}

/**
 * The steps of DDIM inversion (η = 0) along the same descending `timesteps`, run upwards:
 * clean → τ_last → … → τ_0. The exact inverse of the sampling step τ_k → τ_{k+1} needs
 * ε̂(x_{τ_k}, τ_k), which is unknown; as in Song et al. §4.3 (the ODE run forwards) we use
 * ε̂ at the level we start from, ε̂(x_{τ_{k+1}}, τ_{k+1}), so the round trip is exact only as
 * the steps shrink. The first step, from clean x₀, evaluates ε̂(x₀, τ_last).
 */
export function ddimInversionSteps(schedule: NoiseSchedule, timesteps: ArrayLike<number>): ReverseStep[] {
  const seq = validateTimesteps(timesteps, schedule.timesteps);
  const alphaBar = schedule.alphasCumprod;
  const steps: ReverseStep[] = [];
  for (let k = seq.length - 1; k >= 0; k--) {
    const from = k + 1 < seq.length ? seq[k + 1] : null;
    steps.push(ddimStep(from ?? seq[k], from === null ? 1 : alphaBar[from], alphaBar[seq[k]], 0));
  }
  return steps;
}

export interface DdimInvertOptions {
  /** [G·C], 1 = real slot, 0 = padded; padded slots stay exactly 0. */
  mask?: Uint8Array | null;
  signal?: AbortSignal;
  /** Called after each inversion step with its index (0 = the step from clean x₀). */
  onStep?: (stepIndex: number) => void;
  /**
   * Fixed-point refinements per step, one denoiser call each; default 0 (plain inversion).
   * Each solves the sampling step x_{τ_{k+1}} = xCoef·x_{τ_k} + epsCoef·ε̂(x_{τ_k}, τ_k) for
   * x_{τ_k} by x ← (x_{τ_{k+1}} − epsCoef·ε̂(x, τ_k)) / xCoef, shrinking the round-trip error
   * of the first-order approximation above (cf. Hong et al. 2024, "On exact inversion of
   * DPM-solvers"). It converges when |epsCoef/xCoef · ∂ε̂/∂x| < 1, as for small steps.
   */
  fixedPointIterations?: number;
}

/** One fixed-point update x ← (target − epsCoef·ε̂(x, t)) / xCoef for the sampling `step`. */
async function refineInversion(
  denoiser: Denoiser, schedule: NoiseSchedule, target: Float32Array, guess: Float32Array, shape: TensorShape,
  step: ReverseStep, labels: Int32Array | null, mask: Uint8Array | null,
): Promise<Float32Array> {
  const epsHat = await predictEps(denoiser, schedule, guess, shape, step.t, labels);
  const out = new Float32Array(guess.length);
  for (let i = 0; i < out.length; i++) out[i] = (target[i] - step.epsCoef * epsHat[i]) / step.xCoef;
  applyPaddingMask(out, mask);
  return out;
}

/**
 * Deterministic encoder x₀ → x_{τ_0} (η = 0), the inverse of `sample` with sampler 'ddim',
 * η = 0 and the same timesteps. x0 is one batch [B, G, C]; labels are [B] or null.
 */
export async function ddimInvert(
  denoiser: Denoiser, schedule: NoiseSchedule, x0: Float32Array, shape: TensorShape,
  timesteps: ArrayLike<number>, labels: Int32Array | null, options: DdimInvertOptions = {},
): Promise<Float32Array> {
  const { mask = null, signal, onStep, fixedPointIterations = 0 } = options;
  if (!Number.isInteger(fixedPointIterations) || fixedPointIterations < 0) {
    throw new InvalidRequestError(`fixedPointIterations = ${fixedPointIterations}; expected an integer ≥ 0`);
  }
  checkBatchInputs(x0, shape, labels, mask);
  const up = ddimInversionSteps(schedule, timesteps);
  // down[k] is the sampling step that up[k] undoes (both evaluate ε̂ at the same timestep).
  const down = ddimSteps(schedule, timesteps, 0).reverse();
  let x: Float32Array = Float32Array.from(x0);
  applyPaddingMask(x, mask);
  for (let k = 0; k < up.length; k++) {
    throwIfCancelled(signal, 'DDIM inversion');
    let next: Float32Array = new Float32Array(x.length);
    applyReverseStep(up[k], x, await predictEps(denoiser, schedule, x, shape, up[k].t, labels), null, next);
    applyPaddingMask(next, mask);
    for (let r = 0; r < fixedPointIterations; r++) {
      next = await refineInversion(denoiser, schedule, x, next, shape, down[k], labels, mask);
    }
    x = next;
    onStep?.(k);
  }
  return x;
}
