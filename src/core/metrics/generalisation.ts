// Generalisation vs memorisation (seed 003 §4.2, after Kadkhodaie et al. 2024): two backbones of one
// architecture, trained on disjoint training sets, generate from the same seeds (sample i of each from
// the same noise). Per pair, the cosine similarity of the two samples: near 1 when both models learned
// the same map from noise to data, i.e. the distribution rather than their own samples. Beside it, each
// sample's similarity to its closest sample of the set its model trained on (memorisation.ts): near 1
// when the model reproduces its training data. Cosines over the real slots, cos(π·d) with d of eq. 10.
import { InvalidRequestError } from '../errors';
import { blockRowsFor, readRowRange } from '../store/rowData';
import { angularDistance64, cosineFromDistance } from './angular';
import {
  computeMemorisation, DEFAULT_SIMILARITY_BINS, fixedHistogram, type FixedHistogram, type HistogramBins, type MemorisationSide,
} from './memorisation';
import type { DistanceSpaceOptions, DistanceSpaceSettings } from './distanceSpace';
import { describeSet, getRealSlots, getRowNorms, type SampleRows } from './sampleRows';
import { summarise, type DistributionSummary } from './summary';

/** "Near 1" for the summary shares: a cosine at or above it counts (a recorded setting). */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.9;

/** One histogram's numbers: the distribution summary and the share at or above the threshold. */
export interface SimilaritySummary extends DistributionSummary {
  /** Share of values ≥ the threshold, 0 … 1. */
  shareAtLeastThreshold: number;
}

export interface SimilarityDistribution {
  /** One value per sample (pair), in sample order. */
  values: Float64Array;
  histogram: FixedHistogram;
  summary: SimilaritySummary;
}

/** One backbone's side: its samples and the real holdout against the set it trained on. */
export interface ModelMemorisation {
  /** Each sample's max cosine to its model's training set. */
  toTrain: SimilarityDistribution;
  nearestTrainRow: Int32Array;
  /** The real holdout's max cosine to the same training set: what unseen real data scores. */
  holdoutToTrain: SimilarityDistribution;
  trainCount: number;
}

export interface GeneralisationInput {
  a: { samples: SampleRows; train: SampleRows };
  b: { samples: SampleRows; train: SampleRows };
  holdout: SampleRows;
}

export interface GeneralisationOptions extends DistanceSpaceOptions {
  bins?: HistogramBins;
  threshold?: number;
}

export interface GeneralisationResult {
  /** Same-seed pairs: cosine of sample i of A with sample i of B. */
  sameSeed: SimilarityDistribution;
  a: ModelMemorisation;
  b: ModelMemorisation;
  /**
   * Share of pairs whose same-seed cosine exceeds both samples' closest-training cosines: the two
   * models agree with each other more than either agrees with its own training data.
   */
  shareGeneralising: number;
  settings: {
    bins: HistogramBins;
    threshold: number;
    pairs: number;
    holdout: number;
    distance: DistanceSpaceSettings;
  };
}

function shareAtLeast(values: ArrayLike<number>, threshold: number): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] >= threshold) count++;
  return count / values.length;
}

export function similarityDistribution(values: Float64Array, bins: HistogramBins, threshold: number): SimilarityDistribution {
  return {
    values, histogram: fixedHistogram(values, bins), summary: { ...summarise(values), shareAtLeastThreshold: shareAtLeast(values, threshold) },
  };
}

/** Throws unless `a` and `b` are pairs: the same number of rows of the same width. */
function checkPaired(a: SampleRows, b: SampleRows): void {
  if (a.count !== b.count || a.dims !== b.dims) {
    throw new InvalidRequestError(`${describeSet(a, 'set A')} is ${a.count} × ${a.dims} and ${describeSet(b, 'set B')} is `
      + `${b.count} × ${b.dims}; same-seed pairs need two sets of the same shape, sample i of each from the same seed`);
  }
}

/** Cosine of row i of `a` with row i of `b` over the real slots (float64; identical rows give exactly 1). */
export function sameSeedSimilarity(a: SampleRows, b: SampleRows, mask: Uint8Array | null = null): Float64Array {
  checkPaired(a, b);
  const { dims, count } = a;
  const slots = getRealSlots(mask, dims);
  const normsA = getRowNorms(a, slots);
  const normsB = getRowNorms(b, slots);
  const out = new Float64Array(count);
  const blockRows = Math.min(count, blockRowsFor(dims));
  const bufferA = new Float32Array(blockRows * dims);
  const bufferB = new Float32Array(blockRows * dims);
  for (let start = 0; start < count; start += blockRows) {
    const end = Math.min(count, start + blockRows);
    const rowsA = readRowRange(a.data, dims, start, end, bufferA);
    const rowsB = readRowRange(b.data, dims, start, end, bufferB);
    for (let i = start; i < end; i++) {
      const offset = (i - start) * dims;
      out[i] = cosineFromDistance(angularDistance64(rowsA, offset, normsA[i], rowsB, offset, normsB[i], slots, dims));
    }
  }
  return out;
}

function fromSide(side: MemorisationSide, bins: HistogramBins, threshold: number): SimilarityDistribution {
  return similarityDistribution(side.maxSimilarity, bins, threshold);
}

/** Both backbones' same-seed pairs and their closest-training-sample similarities, on shared bins. */
export async function computeGeneralisation(input: GeneralisationInput, options: GeneralisationOptions = {}): Promise<GeneralisationResult> {
  const bins = options.bins ?? DEFAULT_SIMILARITY_BINS;
  const threshold = options.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  if (!(threshold >= -1 && threshold <= 1)) throw new InvalidRequestError(`similarity threshold ${threshold}; expected a cosine in [−1, 1]`);
  const { a, b, holdout } = input;
  checkPaired(a.samples, b.samples);
  const sameSeed = similarityDistribution(sameSeedSimilarity(a.samples, b.samples, options.mask ?? null), bins, threshold);
  // Every sample is kept (no subsample): sample i of A must stay paired with sample i of B.
  const memoOptions = { ...options, bins, maxRows: Infinity };
  const sides = [];
  let distance: DistanceSpaceSettings | null = null;
  for (const model of [a, b]) {
    const memo = await computeMemorisation(model.train, holdout, model.samples, memoOptions);
    distance = memo.settings.distance;
    sides.push({
      toTrain: fromSide(memo.synthetic, bins, threshold), nearestTrainRow: memo.synthetic.nearestTrainRow,
      holdoutToTrain: fromSide(memo.holdout, bins, threshold), trainCount: model.train.count,
    });
  }
  const [sideA, sideB] = sides;
  let generalising = 0;
  for (let i = 0; i < sameSeed.values.length; i++) {
    if (sameSeed.values[i] > Math.max(sideA.toTrain.values[i], sideB.toTrain.values[i])) generalising++;
  }
  return {
    sameSeed, a: sideA, b: sideB, shareGeneralising: generalising / sameSeed.values.length,
    settings: { bins, threshold, pairs: a.samples.count, holdout: holdout.count, distance: distance! },
  };
}
