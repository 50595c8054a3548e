// Classifier guidance (Dhariwal & Nichol 2021, Algorithm 2) with the classifier read on the x̂₀
// estimate, since the workbench's classifiers are trained on clean gene tensors, not on x_t:
//   x̂₀ = (x_t − √(1−ᾱ_t)·ε̂) / √ᾱ_t,   ε̃ = ε̂ − s·√(1−ᾱ_t)·∇_{x̂₀} log p_φ(y | x̂₀)
// Their ∇_{x_t} is replaced by ∇_{x̂₀} (x̂₀'s Jacobian in x_t is 1/√ᾱ_t when ε̂ is held fixed; that factor
// is left to the scale s, so early, noisy steps are not pushed hardest). Every sampler goes through ε̂,
// so DDPM and DDIM are guided alike. Scale 0 skips the hook: the output is bit for bit the unguided one.
import { checkFinite } from '../design/errors';
import { InvalidRequestError } from '../errors';
import { estimateX0 } from './forward';
import type { NoiseSchedule } from './schedule';
import type { TensorShape } from './types';

export interface ClassifierGuidance {
  /** s ≥ 0; 0 leaves sampling exactly as unguided. */
  scale: number;
  /**
   * ∇_{x̂₀} log p(y | x̂₀), [B, G, C], for one batch's x̂₀ at timestep t (0 on padded slots). `firstSample`
   * is the global index of the batch's first sample (which class each sample is steered to).
   */
  gradient: (x0Hat: Float32Array, shape: TensorShape, t: number, firstSample: number) => Promise<Float32Array>;
}

export function isGuidanceActive(guidance: ClassifierGuidance | null | undefined): guidance is ClassifierGuidance {
  return guidance !== null && guidance !== undefined && guidance.scale !== 0;
}

/** ε̃ for one batch (a new array; ε̂ is not modified). */
export async function guideEps(
  guidance: ClassifierGuidance, schedule: NoiseSchedule, xt: Float32Array, epsHat: Float32Array, shape: TensorShape, t: number, firstSample: number,
): Promise<Float32Array> {
  const timesteps = new Int32Array(shape.batch).fill(t);
  const x0Hat = estimateX0(xt, epsHat, schedule, timesteps, shape);
  const gradient = await guidance.gradient(x0Hat, shape, t, firstSample);
  if (gradient.length !== epsHat.length) {
    throw new InvalidRequestError(`the guidance gradient has ${gradient.length} values at t = ${t}; expected ${epsHat.length}, shaped like x`);
  }
  checkFinite(gradient, `guidance gradient at t = ${t}`);
  const c = guidance.scale * Math.sqrt(1 - schedule.alphasCumprod[t]);
  const out = new Float32Array(epsHat.length);
  for (let i = 0; i < out.length; i++) out[i] = epsHat[i] - c * gradient[i];
  return out;
}
