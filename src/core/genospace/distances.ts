// Manhattan distance between genotype vectors: Σ |d_a − d_b| over the SNPs both samples call
// (on haplotypes this is the Hamming distance; on dosages Yelmen et al.'s cityblock distance).
// Every pair is measured (no index): on bit planes, 32 SNPs a step (bitPlanes.ts); `manhattan` is
// the plain per-SNP definition they are tested against.
import { InvalidRequestError } from '../errors';
import { MISSING_DOSAGE } from '../genotype/types';
import { drawRowIndices } from '../metrics/subsample';
import { quantileOfSorted } from '../metrics/summary';
import { manhattanOfPlanes, toBitPlanes } from './bitPlanes';
import type { GenotypeMatrix } from './matrix';

/** The missing code as a local constant: an imported binding read in the inner loop costs a lookup per call. */
const missing = MISSING_DOSAGE;

export function manhattan(a: GenotypeMatrix, i: number, b: GenotypeMatrix, j: number): number {
  const p = a.snps;
  const x = a.data;
  const y = b.data;
  let sum = 0;
  for (let k = 0, s = i * p, t = j * p; k < p; k++, s++, t++) {
    const u = x[s];
    const v = y[t];
    if (u !== missing && v !== missing) sum += u > v ? u - v : v - u;
  }
  return sum;
}

function checkSameSnps(a: GenotypeMatrix, b: GenotypeMatrix): void {
  if (a.snps !== b.snps) throw new InvalidRequestError(`sets of ${a.snps} and ${b.snps} SNPs cannot be compared`);
}

/**
 * Distance from each row of `from` to its nearest row of `to`. With `excludeSelf` (from = to)
 * row i skips itself by index, never by distance, so an exact copy still counts as 0.
 */
export function nearestManhattan(from: GenotypeMatrix, to: GenotypeMatrix, excludeSelf = false): Float64Array {
  checkSameSnps(from, to);
  const a = toBitPlanes(from);
  const b = from === to ? a : toBitPlanes(to);
  const out = new Float64Array(from.samples).fill(Infinity);
  for (let i = 0; i < from.samples; i++) {
    for (let j = 0; j < to.samples; j++) {
      if (excludeSelf && i === j) continue;
      const d = manhattanOfPlanes(a, i, b, j);
      if (d < out[i]) out[i] = d;
    }
  }
  return out;
}

export interface DistanceSummary {
  /** Pairs measured, and of how many distinct pairs. */
  pairs: number;
  ofPairs: number;
  mean: number;
  /** Quantiles 0.05, 0.25, 0.5, 0.75, 0.95 (type 7). */
  quantiles: number[];
  /** The distances measured (for the histogram). */
  values: Float64Array;
}

export const distanceQuantiles = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/**
 * Index pairs (i, j): every distinct pair when there are at most maxPairs, else maxPairs distinct
 * pairs drawn by their linear index (a pool of all pairs: callers cap the rows first).
 */
function pairsOf(n: number, m: number, within: boolean, maxPairs: number, seed: number, stream: number): [Int32Array, Int32Array, number] {
  const total = within ? (n * (n - 1)) / 2 : n * m;
  if (total <= maxPairs) {
    const a = new Int32Array(total);
    const b = new Int32Array(total);
    let k = 0;
    for (let i = 0; i < n; i++) for (let j = within ? i + 1 : 0; j < m; j++, k++) { a[k] = i; b[k] = j; }
    return [a, b, total];
  }
  // Distinct pairs drawn without replacement by their linear index.
  const picks = drawRowIndices(total, maxPairs, seed, stream);
  const a = new Int32Array(maxPairs);
  const b = new Int32Array(maxPairs);
  picks.forEach((t, k) => {
    if (!within) { a[k] = Math.floor(t / m); b[k] = t % m; return; }
    // t-th pair of the upper triangle, row by row: row i holds n − 1 − i pairs.
    let i = 0;
    let left = t;
    while (left >= n - 1 - i) { left -= n - 1 - i; i++; }
    a[k] = i; b[k] = i + 1 + left;
  });
  return [a, b, total];
}

/** Manhattan distances within one set (b omitted) or between two sets, summarised. */
export function pairwiseDistances(a: GenotypeMatrix, b: GenotypeMatrix | null, options: { maxPairs: number; seed: number; stream: number }): DistanceSummary {
  const other = b ?? a;
  checkSameSnps(a, other);
  const [left, right, total] = pairsOf(a.samples, other.samples, b === null, options.maxPairs, options.seed, options.stream);
  const planes = toBitPlanes(a);
  const otherPlanes = b === null ? planes : toBitPlanes(other);
  const values = new Float64Array(left.length);
  for (let k = 0; k < left.length; k++) values[k] = manhattanOfPlanes(planes, left[k], otherPlanes, right[k]);
  const sorted = Float64Array.from(values).sort();
  const mean = values.reduce((s, x) => s + x, 0) / Math.max(1, values.length);
  return { pairs: values.length, ofPairs: total, mean, quantiles: distanceQuantiles.map((q) => quantileOfSorted(sorted, q)), values };
}
