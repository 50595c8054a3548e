// Closest-training-sample similarity (the memorisation test of seed 003):
// for every synthetic and every real holdout sample, the largest cosine similarity to any training
// sample, cos(π·d_min) with d_min from the distance engine, histogrammed on fixed bins so that
// synthetic vs holdout (and one backbone vs another) share their bins. A synthetic histogram
// piled up near 1 while the holdout's is not means the model reproduces training samples.
import { InvalidRequestError } from '../errors';
import { cosineFromDistance } from './angular';
import type { NearestNeighbours } from './distance';
import { createDistancePasses, type DistanceSpaceOptions, type DistanceSpaceSettings } from './distanceSpace';
import type { SampleRows } from './sampleRows';
import { metricStreams } from './streams';
import { subsampleRows, type SubsampleRecord } from './subsample';
import { summarise, type DistributionSummary } from './summary';

export interface HistogramBins {
  lower: number;
  upper: number;
  bins: number;
}

/** Default: 100 bins of width 0.02 over the whole cosine range [−1, 1]. */
export const DEFAULT_SIMILARITY_BINS: HistogramBins = { lower: -1, upper: 1, bins: 100 };

export interface FixedHistogram {
  /** bins + 1 edges; bin b is [edges[b], edges[b+1]), the last one closed on the right. */
  edges: Float64Array;
  counts: Uint32Array;
  /** Values outside [lower, upper] (none for cosines on the default bins). */
  outside: number;
}

export interface MemorisationSide {
  /** Per sample: max cosine similarity to the training set. */
  maxSimilarity: Float64Array;
  nearestTrainRow: Int32Array;
  histogram: FixedHistogram;
  summary: DistributionSummary;
}

export interface MemorisationOptions extends DistanceSpaceOptions {
  bins?: HistogramBins;
  /** At most this many synthetic and holdout rows (seeded draw); train is always searched whole. */
  maxRows?: number;
  seed?: number;
}

export interface MemorisationResult {
  synthetic: MemorisationSide;
  holdout: MemorisationSide;
  syntheticRows: Int32Array;
  holdoutRows: Int32Array;
  settings: {
    bins: HistogramBins;
    seed: number;
    train: number;
    synthetic: SubsampleRecord;
    holdout: SubsampleRecord;
    distance: DistanceSpaceSettings;
  };
}

export function fixedHistogram(values: ArrayLike<number>, bins: HistogramBins): FixedHistogram {
  const { lower, upper } = bins;
  if (!(Number.isInteger(bins.bins) && bins.bins >= 1 && upper > lower)) {
    throw new InvalidRequestError(`histogram of ${bins.bins} bins over [${lower}, ${upper}]; expected ≥ 1 bin and upper > lower`);
  }
  const edges = Float64Array.from({ length: bins.bins + 1 }, (_, b) => lower + ((upper - lower) * b) / bins.bins);
  const counts = new Uint32Array(bins.bins);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lower && v <= upper)) {
      outside++;
      continue;
    }
    let b = Math.min(bins.bins - 1, Math.floor(((v - lower) / (upper - lower)) * bins.bins));
    // The division can round across an edge: settle on the bin whose edges hold v.
    if (v < edges[b]) b--;
    else if (b < bins.bins - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  return { edges, counts, outside };
}

export function memorisationSide(toTrain: NearestNeighbours, bins: HistogramBins): MemorisationSide {
  const maxSimilarity = new Float64Array(toTrain.rows);
  const nearestTrainRow = new Int32Array(toTrain.rows);
  for (let i = 0; i < toTrain.rows; i++) {
    maxSimilarity[i] = cosineFromDistance(toTrain.distances[i * toTrain.k]);
    nearestTrainRow[i] = toTrain.indices[i * toTrain.k];
  }
  return { maxSimilarity, nearestTrainRow, histogram: fixedHistogram(maxSimilarity, bins), summary: summarise(maxSimilarity) };
}

export async function computeMemorisation(
  train: SampleRows, holdout: SampleRows, synthetic: SampleRows, options: MemorisationOptions = {},
): Promise<MemorisationResult> {
  const seed = options.seed ?? 0;
  const bins = options.bins ?? DEFAULT_SIMILARITY_BINS;
  const cap = options.maxRows ?? Infinity;
  const synSub = subsampleRows(synthetic, cap, seed, metricStreams.subsampleSynthetic);
  const holdoutSub = subsampleRows(holdout, cap, seed, metricStreams.subsampleHoldout);
  const passes = await createDistancePasses([train, synSub.rows, holdoutSub.rows], options, 2);
  const [t, s, h] = passes.sets;
  return {
    synthetic: memorisationSide(await passes.nearest(s, t, 1), bins),
    holdout: memorisationSide(await passes.nearest(h, t, 1), bins),
    syntheticRows: synSub.indices,
    holdoutRows: holdoutSub.indices,
    settings: { bins, seed, train: train.count, synthetic: synSub.record, holdout: holdoutSub.record, distance: passes.settings },
  };
}
