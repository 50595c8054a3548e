// The few distributions the simulator draws from, written by hand because no well-kept npm
// package takes our counter-based generator: exponential, gamma (Marsaglia & Tsang 2000),
// beta (ratio of gammas), the standard normal quantile (Acklam 2003) and geometric skips.

import type { SequentialRng } from '../rng';

/** Exponential with the given mean (inversion: −mean · ln U). */
export function drawExponential(rng: SequentialRng, mean: number): number {
  return -mean * Math.log(rng.nextUnit());
}

/**
 * Gamma(shape, 1). Marsaglia & Tsang 2000, "A simple method for generating gamma variables",
 * for shape ≥ 1; shape < 1 uses Gamma(shape + 1) · U^(1/shape) (their section 6).
 */
export function drawGamma(rng: SequentialRng, shape: number): number {
  if (shape < 1) return drawGamma(rng, shape + 1) * Math.pow(rng.nextUnit(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.nextNormal();
    const base = 1 + c * x;
    if (base <= 0) continue;
    const v = base * base * base;
    if (Math.log(rng.nextUnit()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); `fallback` when both underflow. */
export function drawBeta(rng: SequentialRng, a: number, b: number, fallback: number): number {
  const x = drawGamma(rng, a);
  const y = drawGamma(rng, b);
  const sum = x + y;
  return sum > 0 ? x / sum : fallback;
}

/**
 * Number of failures before the first success of a Bernoulli(rate) sequence (inversion), so a
 * sparse event (a missing call) costs one draw per event instead of one per trial.
 */
export function drawGeometricSkip(rng: SequentialRng, rate: number): number {
  if (rate >= 1) return 0;
  if (rate <= 0) return Number.POSITIVE_INFINITY;
  return Math.floor(Math.log(rng.nextUnit()) / Math.log1p(-rate));
}

const acklamA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const acklamB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const acklamC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const acklamD = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const acklamLowTail = 0.02425;

function acklamTail(q: number): number {
  const [c0, c1, c2, c3, c4, c5] = acklamC;
  const [d0, d1, d2, d3] = acklamD;
  return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
}

/**
 * Φ⁻¹(p), the standard normal quantile, by Acklam's rational approximation (relative error
 * below 1.15e-9), used for the liability threshold Φ⁻¹(1 − prevalence).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  if (p < acklamLowTail) return acklamTail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - acklamLowTail) return -acklamTail(Math.sqrt(-2 * Math.log1p(-p)));
  const [a0, a1, a2, a3, a4, a5] = acklamA;
  const [b0, b1, b2, b3, b4] = acklamB;
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
