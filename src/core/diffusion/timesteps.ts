// The timestep sub-sequences DDIM runs on (Song et al. 2021, §4.2: any increasing
// sub-sequence τ of 1 … T may be sampled), and validation of sequences a user types in.
// Spacing names follow diffusers' `timestep_spacing` (see Lin et al. 2024, "Common diffusion
// noise schedules and sample steps are flawed", Table 2).

import { InvalidRequestError } from '../errors';

export const timestepSpacings = {
  /**
   * The default: t_i = round(i·(T−1)/(S−1)), i = 0 … S−1 (diffusers "linspace"). The only
   * standard spacing that holds both ends: T−1, so the start x_T ~ N(0, I) matches the
   * schedule's last marginal, and 0, so the last step lands on a clean x₀.
   */
  linspace: 'linspace',
  /**
   * t_i = i·⌊T/S⌋ (diffusers "leading", the DDIM repository's "uniform" skip): holds 0 but
   * starts ⌊T/S⌋−1 (or more) below T−1, e.g. 980 … 0 for T = 1000, S = 50.
   */
  leading: 'leading',
} as const;
export type TimestepSpacing = (typeof timestepSpacings)[keyof typeof timestepSpacings];

/**
 * S timesteps of a T-step schedule, strictly descending and ending at 0. Diffusers' "trailing"
 * spacing is left out on purpose: it ends at ⌊T/S⌋−1, not at 0; pass it as an explicit sequence
 * if wanted (the sampler's last step always goes to ᾱ = 1 whatever the last timestep).
 */
export function ddimTimesteps(T: number, steps: number, spacing: TimestepSpacing = 'linspace'): Int32Array {
  if (!Number.isInteger(T) || T < 1) throw new InvalidRequestError(`the schedule has ${T} timesteps; expected a positive integer`);
  if (!Number.isInteger(steps) || steps < 1 || steps > T) {
    throw new InvalidRequestError(`DDIM steps = ${steps}; expected an integer from 1 to the schedule's ${T} timesteps`);
  }
  const out = new Int32Array(steps);
  if (spacing === 'linspace') {
    // Increments of (T−1)/(S−1) ≥ 1 stay distinct after rounding, so the result is strictly descending.
    const stride = steps === 1 ? 0 : (T - 1) / (steps - 1);
    for (let i = 0; i < steps; i++) out[steps - 1 - i] = Math.round(i * stride);
  } else if (spacing === 'leading') {
    const stride = Math.floor(T / steps);
    for (let i = 0; i < steps; i++) out[steps - 1 - i] = i * stride;
  } else {
    throw new InvalidRequestError(`unknown timestep spacing '${String(spacing)}'; expected linspace or leading`);
  }
  return out;
}

/**
 * Checks a user-given DDIM sequence: non-empty, integers, strictly descending, within 0 … T−1.
 * It need not end at 0: the last step then jumps straight to x̂₀.
 */
export function validateTimesteps(timesteps: ArrayLike<number>, T: number): Int32Array {
  if (timesteps.length === 0) throw new InvalidRequestError('the timestep sequence is empty; expected at least one timestep');
  for (let i = 0; i < timesteps.length; i++) {
    const t = timesteps[i];
    if (!Number.isInteger(t) || t < 0 || t > T - 1) {
      throw new InvalidRequestError(`timestep ${i + 1} of ${timesteps.length} is ${t}; expected an integer from 0 to ${T - 1}`);
    }
    if (i > 0 && t >= timesteps[i - 1]) {
      throw new InvalidRequestError(
        `timestep ${i + 1} of ${timesteps.length} is ${t} after ${timesteps[i - 1]}; expected a strictly decreasing sequence (e.g. 999, 979, …, 0)`);
    }
  }
  return Int32Array.from(timesteps);
}
