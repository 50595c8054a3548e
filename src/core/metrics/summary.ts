// Order statistics shared by the metrics: linear-interpolation quantiles (Hyndman & Fan type 7,
// numpy's default) and a fixed set of summary quantiles for distance distributions.
import { InvalidRequestError } from '../errors';

/** Quantile p ∈ [0, 1] of ascending `sorted` values (type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new InvalidRequestError('a quantile of no values');
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export interface DistributionSummary {
  n: number;
  mean: number;
  min: number;
  q05: number;
  q25: number;
  median: number;
  q75: number;
  q95: number;
  max: number;
}

export function summarise(values: ArrayLike<number>): DistributionSummary {
  const sorted = Float64Array.from(values).sort();
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  const q = (p: number): number => quantileOfSorted(sorted, p);
  return {
    n: sorted.length, mean, min: sorted[0], q05: q(0.05), q25: q(0.25), median: q(0.5), q75: q(0.75), q95: q(0.95),
    max: sorted[sorted.length - 1],
  };
}
