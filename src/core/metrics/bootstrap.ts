// Seeded percentile bootstrap (Efron & Tibshirani 1993, ch. 13) for statistics of per-point
// values (NNAA indicators, NN-test shares, DCR indicators). Points are resampled with replacement
// within each group; columns of one group share the resampled indices (paired values of the same
// points); groups are resampled independently (stratified). Percentiles: type-7 quantiles.
// The neighbours themselves are not recomputed: the interval covers the point sampling given
// the distances, which is what a per-point indicator bootstrap measures.
import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import { metricStreams } from './streams';
import { quantileOfSorted } from './summary';

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  resamples?: number;
  /** Two-sided confidence level (default 0.95). */
  level?: number;
  seed?: number;
}

export interface BootstrapInterval {
  /** The statistic on the data as observed. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  seed: number;
  method: 'percentile';
  /** Points per group. */
  groupSizes: number[];
}

/** One group: per-point columns of equal length (values of the same points). */
export type BootstrapGroup = readonly ArrayLike<number>[];

/** The statistic as a function of column means, [group][column]. */
export type MeansStatistic = (means: readonly (readonly number[])[]) => number;

function columnMeans(group: BootstrapGroup, picks: Int32Array | null): number[] {
  return group.map((column) => {
    let sum = 0;
    if (picks) for (let i = 0; i < picks.length; i++) sum += column[picks[i]];
    else for (let i = 0; i < column.length; i++) sum += column[i];
    return sum / column.length;
  });
}

function checkGroups(groups: readonly BootstrapGroup[]): number[] {
  if (groups.length === 0) throw new InvalidRequestError('a bootstrap needs at least one group of values');
  return groups.map((group, g) => {
    const size = group[0]?.length ?? 0;
    if (size === 0) throw new InvalidRequestError(`bootstrap group ${g} has no values`);
    if (group.some((column) => column.length !== size)) {
      throw new InvalidRequestError(`bootstrap group ${g} has columns of different lengths; they must describe the same points`);
    }
    return size;
  });
}

/** Percentile bootstrap interval of `statistic` over the groups' column means. */
export function bootstrapInterval(
  groups: readonly BootstrapGroup[], statistic: MeansStatistic, options: BootstrapOptions = {},
): BootstrapInterval {
  const { resamples = 1000, level = 0.95, seed = 0 } = options;
  if (!(Number.isInteger(resamples) && resamples >= 1)) throw new InvalidRequestError(`${resamples} bootstrap resamples; expected a positive integer`);
  if (!(level > 0 && level < 1)) throw new InvalidRequestError(`confidence level ${level}; expected a value strictly between 0 and 1`);
  const groupSizes = checkGroups(groups);
  const rng = createRng(seed, metricStreams.bootstrap);
  const picks = groupSizes.map((size) => new Int32Array(size));
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (const pick of picks) for (let i = 0; i < pick.length; i++) pick[i] = rng.nextInt(pick.length);
    values[b] = statistic(groups.map((group, g) => columnMeans(group, picks[g])));
  }
  values.sort();
  const tail = (1 - level) / 2;
  return {
    estimate: statistic(groups.map((group) => columnMeans(group, null))),
    lower: quantileOfSorted(values, tail),
    upper: quantileOfSorted(values, 1 - tail),
    level, resamples, seed, method: 'percentile', groupSizes,
  };
}

/** Interval for the mean of one column of per-point values. */
export function bootstrapMean(values: ArrayLike<number>, options?: BootstrapOptions): BootstrapInterval {
  return bootstrapInterval([[values]], (means) => means[0][0], options);
}
