// Nearest-neighbour test (paper eq. 11): S(D1, D2) = 1/#D1 · Σ_{x ∈ D1} 1/k · Σ_{j ≤ k} δ(x_j),
// δ = 1 when the j-th nearest neighbour of x in D1 ∪ D2 (x itself excluded by index) is in D1.
// Ideal 0.5. If both sets come from one distribution, every other point is equally likely to be a
// neighbour, so the expected score is (|D1| − 1) / (|D1| + |D2| − 1): just under 0.5 for equal
// sizes, and far from it for unequal ones — hence sizes are equalised by default (seeded draw).
// Exact distance ties are ranked D1 first, then by row; rows where that rule decides the share
// are counted as boundary ties.
import { InvalidRequestError } from '../errors';
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import type { NearestNeighbours } from './distance';
import { createDistancePasses, type DistanceSpaceOptions, type DistanceSpaceSettings } from './distanceSpace';
import type { SizePolicy } from './nnaa';
import type { SampleRows } from './sampleRows';
import { metricStreams } from './streams';
import { subsampleRows, type SubsampleRecord } from './subsample';

export interface NnTestOptions extends DistanceSpaceOptions {
  /** Neighbours per point (default 10, the paper's). */
  k?: number;
  /** Default 'subsample-equal'. */
  sizePolicy?: SizePolicy;
  maxRows?: number;
  /** Seeds the subsamples (and the bootstrap unless it has its own). Default 0. */
  seed?: number;
  bootstrap?: BootstrapOptions;
}

export interface NnTestShares {
  /** Per point of D1: the share of its k nearest neighbours that lie in D1. */
  shares: Float64Array;
  /** Points whose share depends on how exact distance ties at the k-th neighbour are ranked. */
  boundaryTies: number;
}

export interface NnTestResult extends NnTestShares {
  score: number;
  /** The score expected when D1 and D2 come from one distribution: (n1 − 1) / (n1 + n2 − 1). */
  expectedUnderNull: number;
  interval: BootstrapInterval;
  d1Rows: Int32Array;
  d2Rows: Int32Array;
  settings: {
    k: number;
    sizePolicy: SizePolicy;
    seed: number;
    d1: SubsampleRecord;
    d2: SubsampleRecord;
    tieRule: 'd1-first-then-row';
    distance: DistanceSpaceSettings;
  };
}

/** Merges each D1 point's neighbours within D1 and in D2 and takes the k nearest. */
export function nnTestShares(withinD1: NearestNeighbours, toD2: NearestNeighbours, k: number): NnTestShares {
  const rows = withinD1.rows;
  const shares = new Float64Array(rows);
  let boundaryTies = 0;
  const merged: { distance: number; inD1: boolean }[] = [];
  for (let i = 0; i < rows; i++) {
    merged.length = 0;
    for (let j = 0; j < withinD1.k; j++) merged.push({ distance: withinD1.distances[i * withinD1.k + j], inD1: true });
    for (let j = 0; j < toD2.k; j++) merged.push({ distance: toD2.distances[i * toD2.k + j], inD1: false });
    // Stable sort: within a set the engine already ranked ties by row; D1 entries precede D2's.
    merged.sort((a, b) => a.distance - b.distance);
    let inD1 = 0;
    for (let j = 0; j < k; j++) inD1 += merged[j].inD1 ? 1 : 0;
    shares[i] = inD1 / k;
    if (merged.length > k && merged[k].distance === merged[k - 1].distance) {
      const tied = merged.filter((entry) => entry.distance === merged[k - 1].distance);
      if (tied.some((entry) => entry.inD1) && tied.some((entry) => !entry.inD1)) boundaryTies++;
    }
  }
  return { shares, boundaryTies };
}

/** Eq. 11 for D1 against D2 (e.g. D1 real train, D2 one backbone's synthetic set). */
export async function computeNnTest(d1: SampleRows, d2: SampleRows, options: NnTestOptions = {}): Promise<NnTestResult> {
  // 1. Sizes and subsamples.
  const { k = 10, seed = 0 } = options;
  const sizePolicy = options.sizePolicy ?? 'subsample-equal';
  const cap = options.maxRows ?? Infinity;
  const equal = Math.min(d1.count, d2.count);
  const target = (set: SampleRows): number => Math.min(cap, sizePolicy === 'subsample-equal' ? equal : set.count);
  const sub1 = subsampleRows(d1, target(d1), seed, metricStreams.subsampleTrain);
  const sub2 = subsampleRows(d2, target(d2), seed, metricStreams.subsampleOther);
  const [n1, n2] = [sub1.rows.count, sub2.rows.count];
  if (n1 < 2 || !(Number.isInteger(k) && k >= 1 && k <= n1 - 1 + n2)) {
    throw new InvalidRequestError(`NN test with k = ${k} on ${n1} + ${n2} points; expected |D1| ≥ 2 and 1 ≤ k ≤ |D1| − 1 + |D2|`);
  }
  // 2. One more neighbour than k from each side, so boundary ties are visible.
  const passes = await createDistancePasses([sub1.rows, sub2.rows], options, 2);
  const [p1, p2] = passes.sets;
  const withinD1 = await passes.within(p1, Math.min(k + 1, n1 - 1));
  const toD2 = await passes.nearest(p1, p2, Math.min(k + 1, n2));
  // 3. Shares, score, interval.
  const shares = nnTestShares(withinD1, toD2, k);
  const interval = bootstrapMean(shares.shares, { seed, ...options.bootstrap });
  return {
    ...shares,
    score: interval.estimate,
    expectedUnderNull: (n1 - 1) / (n1 + n2 - 1),
    interval,
    d1Rows: sub1.indices,
    d2Rows: sub2.indices,
    settings: { k, sizePolicy, seed, d1: sub1.record, d2: sub2.record, tieRule: 'd1-first-then-row', distance: passes.settings },
  };
}
