// Per-slot first and second moments of a sample set against a Gaussian reference N(μ, σ²):
//   mean z-score    z = (m − μ) / √(σ²/n)          (m the sample mean, n the sample count)
//   variance ratio  r = s² / σ²                     (s² the unbiased sample variance)
// Under the reference, z ~ N(0, 1) and r ~ χ²_{n−1}/(n−1); the tolerances below follow from that.

import { InvalidRequestError } from '../errors';

export interface GaussianMoments {
  /** Per slot (genes × channels, row-major). */
  mean: ArrayLike<number>;
  /** Per slot, > 0 on every real slot. */
  variance: ArrayLike<number>;
}

export interface MomentSummary {
  /** Samples per slot. */
  n: number;
  /** Real slots compared (padded slots are skipped). */
  slotCount: number;
  maxAbsZ: number;
  meanVarianceRatio: number;
  /** max over slots of |s²/σ² − 1|. */
  maxVarianceRatioError: number;
  /** max |x| over padded slots of every sample; 0 when there is no mask (they must be exactly 0). */
  maxAbsPadded: number;
}

export interface MomentComparison {
  /** Index (genes × channels, row-major) of each compared slot. */
  slots: number[];
  sampleMean: number[];
  sampleVariance: number[];
  targetMean: number[];
  targetVariance: number[];
  meanZ: number[];
  varianceRatio: number[];
  summary: MomentSummary;
}

export interface MomentTolerances {
  maxAbsZ: number;
  /** Allowed |meanVarianceRatio − 1|. */
  meanVarianceRatioError: number;
  maxVarianceRatioError: number;
}

/**
 * Compares `samples` [count, dims] row-major with `target`, slot by slot. Slots where
 * mask[d] = 0 are padding: skipped, but their largest |value| is reported.
 */
export function compareMoments(
  samples: Float32Array, count: number, dims: number, target: GaussianMoments, mask?: Uint8Array | null,
): MomentComparison {
  if (!(Number.isInteger(count) && count >= 2)) throw new InvalidRequestError(`${count} samples; moments need at least 2`);
  if (samples.length !== count * dims) {
    throw new InvalidRequestError(`${samples.length} values for ${count} samples × ${dims} slots; expected ${count * dims}`);
  }
  if (target.mean.length !== dims || target.variance.length !== dims) {
    throw new InvalidRequestError(`the target has ${target.mean.length} means and ${target.variance.length} variances; expected ${dims} each`);
  }
  if (mask && mask.length !== dims) throw new InvalidRequestError(`the mask has ${mask.length} slots; expected ${dims}`);
  // Two passes in float64, rows outermost so the sample array is read in order.
  const sum = new Float64Array(dims);
  let maxAbsPadded = 0;
  for (let i = 0; i < count; i++) {
    const row = i * dims;
    for (let d = 0; d < dims; d++) {
      const v = samples[row + d];
      if (mask && mask[d] === 0) maxAbsPadded = Math.max(maxAbsPadded, Math.abs(v));
      else sum[d] += v;
    }
  }
  const mean = sum.map((s) => s / count);
  const squares = new Float64Array(dims);
  for (let i = 0; i < count; i++) {
    const row = i * dims;
    for (let d = 0; d < dims; d++) squares[d] += (samples[row + d] - mean[d]) ** 2;
  }
  const out: MomentComparison = {
    slots: [], sampleMean: [], sampleVariance: [], targetMean: [], targetVariance: [], meanZ: [], varianceRatio: [],
    summary: { n: count, slotCount: 0, maxAbsZ: 0, meanVarianceRatio: NaN, maxVarianceRatioError: 0, maxAbsPadded },
  };
  for (let d = 0; d < dims; d++) {
    if (mask && mask[d] === 0) continue;
    const mu = target.mean[d];
    const sigma2 = target.variance[d];
    if (!(sigma2 > 0)) throw new InvalidRequestError(`target variance of slot ${d} is ${sigma2}; expected > 0`);
    const variance = squares[d] / (count - 1);
    out.slots.push(d);
    out.sampleMean.push(mean[d]);
    out.sampleVariance.push(variance);
    out.targetMean.push(mu);
    out.targetVariance.push(sigma2);
    out.meanZ.push((mean[d] - mu) / Math.sqrt(sigma2 / count));
    out.varianceRatio.push(variance / sigma2);
  }
  out.summary = summarise(out, count, maxAbsPadded);
  return out;
}

function summarise(c: MomentComparison, n: number, maxAbsPadded: number): MomentSummary {
  const slotCount = c.slots.length;
  let maxAbsZ = 0;
  let ratioSum = 0;
  let maxVarianceRatioError = 0;
  for (let k = 0; k < slotCount; k++) {
    maxAbsZ = Math.max(maxAbsZ, Math.abs(c.meanZ[k]));
    ratioSum += c.varianceRatio[k];
    maxVarianceRatioError = Math.max(maxVarianceRatioError, Math.abs(c.varianceRatio[k] - 1));
  }
  return { n, slotCount, maxAbsZ, meanVarianceRatio: slotCount ? ratioSum / slotCount : NaN, maxVarianceRatioError, maxAbsPadded };
}

/** True when every statistic is within its tolerance and every padded slot is exactly 0. */
export function isConsistentWithTarget(summary: MomentSummary, tolerances: MomentTolerances): boolean {
  return summary.slotCount > 0
    && summary.maxAbsZ <= tolerances.maxAbsZ
    && Math.abs(summary.meanVarianceRatio - 1) <= tolerances.meanVarianceRatioError
    && summary.maxVarianceRatioError <= tolerances.maxVarianceRatioError
    && summary.maxAbsPadded === 0;
}

const standardNormalDensity = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * The z at which `slotCount` independent two-sided tests together raise a false alarm with
 * probability at most `falseAlarm` (Bonferroni), from the Mills-ratio bound
 * P(|Z| > z) ≤ 2φ(z)/z. Bisection: the bound falls monotonically for z ≥ 1.
 */
export function bonferroniZ(slotCount: number, falseAlarm: number): number {
  const excess = (z: number): number => slotCount * (2 * standardNormalDensity(z)) / z - falseAlarm;
  let lo = 1;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (excess(mid) > 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** χ²_k/k at standard-normal quantile z, by the Wilson–Hilferty cube (Wilson & Hilferty 1931). */
function chiSquareRatioQuantile(k: number, z: number): number {
  const a = 2 / (9 * k);
  return Math.max(0, 1 - a + z * Math.sqrt(a)) ** 3;
}

/**
 * Tolerances that sampling noise alone exceeds with probability about `falseAlarm` (default
 * 1e-3) per statistic, for n samples and `slotCount` independent slots:
 *   maxAbsZ                 Bonferroni z over the slots
 *   maxVarianceRatioError   the χ²_{n−1}/(n−1) quantile at that z (upper tail, the wider one)
 *   meanVarianceRatioError  4 standard errors of the mean of slotCount ratios, √(2/(n−1)/slotCount)
 */
export function statisticalTolerances(n: number, slotCount: number, falseAlarm = 1e-3): MomentTolerances {
  if (!(n >= 2 && slotCount >= 1)) throw new InvalidRequestError(`tolerances need n ≥ 2 and at least one slot; got n = ${n}, ${slotCount} slots`);
  const z = bonferroniZ(slotCount, falseAlarm);
  const k = n - 1;
  return {
    maxAbsZ: z,
    maxVarianceRatioError: Math.max(chiSquareRatioQuantile(k, z) - 1, 1 - chiSquareRatioQuantile(k, -z)),
    meanVarianceRatioError: 4 * Math.sqrt(2 / k / slotCount),
  };
}
