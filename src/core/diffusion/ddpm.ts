// DDPM ancestral sampling (Ho et al. 2020, Algorithm 2), over all T steps t = T−1 … 0:
//   x_{t−1} = 1/√α_t · (x_t − β_t/√(1−ᾱ_t) · ε̂) + √β̃_t · z,   z = 0 at t = 0,
// with β̃_t = (1−ᾱ_{t−1})/(1−ᾱ_t)·β_t (eq. 7). The workbench's source paper writes this step
// with (1−α_t)/√(1−α_t) for the ε̂ factor (its eq. 6) and swaps x₀ and ε in the forward
// process (its eq. 2); we follow Ho et al.

import type { ReverseStep } from './denoiseLoop';
import type { NoiseSchedule } from './schedule';

/** The T reverse steps of Algorithm 2 as affine coefficients, in the order they run. */
export function ddpmSteps(schedule: NoiseSchedule): ReverseStep[] {
  const steps: ReverseStep[] = [];
  for (let t = schedule.timesteps - 1; t >= 0; t--) {
    const alpha = schedule.alphas[t];
    const beta = schedule.betas[t];
    const alphaBar = schedule.alphasCumprod[t];
    const alphaBarPrev = schedule.alphasCumprodPrev[t];
    steps.push({
      t,
      xCoef: 1 / Math.sqrt(alpha),
      epsCoef: -beta / (Math.sqrt(alpha) * Math.sqrt(1 - alphaBar)),
      // β̃_0 is 0 anyway (ᾱ_{−1} = 1); the explicit test keeps "no noise at t = 0" independent of rounding.
      noiseStd: t > 0 ? Math.sqrt(schedule.posteriorVariance[t]) : 0,
      // x̂₀ = 0 in the posterior mean c₁·x̂₀ + c₂·x_t leaves c₂ = √α_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t) (Ho et al. eq. 7).
      padded: { xCoef: (Math.sqrt(alpha) * (1 - alphaBarPrev)) / (1 - alphaBar), epsCoef: 0 },
    });
  }
  return steps;
}
