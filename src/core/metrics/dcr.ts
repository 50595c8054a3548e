// Distance to closest record (DCR): each synthetic sample's angular distance (paper eq. 10) to its
// closest training sample, beside the same for real holdout samples — what a model that never saw
// the holdout produces by chance. DCR overfitting protection = share of synthetic samples strictly
// closer to the training set than to the holdout (ideal ≤ 0.5; a tie counts as not closer and is
// reported). With |train| ≠ |holdout| the larger reference wins by chance, so by default the
// larger one is reduced to the smaller's size by a seeded draw for this share only.
// Copies: exact when d ≤ 1e-12, near when d ≤ ε (default 1e-3, the paper code's self-match
// cut-off; exact copies are also near). The float64 refinement gives exactly 0 for identical rows
// (and for power-of-two multiples); a one-ulp change of one typical slot of a float32 row moves d
// by ~1e-10 even at the paper's 147,456 slots, so 1e-12 only absorbs float64 rounding.
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import type { NearestNeighbours } from './distance';
import { createDistancePasses, type DistanceSpaceOptions, type DistanceSpaceSettings } from './distanceSpace';
import type { SampleRows } from './sampleRows';
import { metricStreams } from './streams';
import { subsampleRows, type Subsample, type SubsampleRecord } from './subsample';
import { summarise, type DistributionSummary } from './summary';

/** Distances at or below this are exact copies (a stated numerical zero). */
export const EXACT_COPY_TOLERANCE = 1e-12;
const DEFAULT_NEAR_COPY_EPSILON = 1e-3;

export interface DcrOptions extends DistanceSpaceOptions {
  /** Near-copy radius in angular distance (default 1e-3). */
  nearCopyEpsilon?: number;
  /** 'equal-size' (default): the larger of train / holdout is subsampled for the protection share. */
  protectionReference?: 'equal-size' | 'as-given';
  /** At most this many synthetic and holdout rows (seeded draw); train is always searched whole. */
  maxRows?: number;
  seed?: number;
  bootstrap?: BootstrapOptions;
}

export interface DcrSide {
  /** Per sample: distance to its closest training sample. */
  distances: Float64Array;
  /** Per sample: that training sample's row. */
  nearestTrainRow: Int32Array;
  summary: DistributionSummary;
}

export interface CopyCounts {
  exact: number;
  near: number;
  /** Rows (of the evaluated subsample) with d ≤ EXACT_COPY_TOLERANCE. */
  exactRows: Int32Array;
  /** Rows with d ≤ ε (exact copies included). */
  nearRows: Int32Array;
}

export interface Protection {
  share: number;
  /** Per synthetic sample: 1 when strictly closer to train than to holdout. */
  closerToTrain: Uint8Array;
  ties: number;
  interval: BootstrapInterval;
  train: SubsampleRecord;
  holdout: SubsampleRecord;
  /** Rows of train / holdout the share compared against. */
  trainRows: Int32Array;
  holdoutRows: Int32Array;
}

export interface DcrResult {
  synthetic: DcrSide;
  holdout: DcrSide;
  copies: { synthetic: CopyCounts; holdout: CopyCounts };
  protection: Protection;
  syntheticRows: Int32Array;
  holdoutRows: Int32Array;
  settings: {
    seed: number;
    nearCopyEpsilon: number;
    exactCopyTolerance: number;
    protectionReference: 'equal-size' | 'as-given';
    train: number;
    synthetic: SubsampleRecord;
    holdout: SubsampleRecord;
    distance: DistanceSpaceSettings;
  };
}

export function dcrSide(toTrain: NearestNeighbours): DcrSide {
  const distances = new Float64Array(toTrain.rows);
  const nearestTrainRow = new Int32Array(toTrain.rows);
  for (let i = 0; i < toTrain.rows; i++) {
    distances[i] = toTrain.distances[i * toTrain.k];
    nearestTrainRow[i] = toTrain.indices[i * toTrain.k];
  }
  return { distances, nearestTrainRow, summary: summarise(distances) };
}

export function countCopies(distances: ArrayLike<number>, epsilon: number): CopyCounts {
  const exactRows: number[] = [];
  const nearRows: number[] = [];
  for (let i = 0; i < distances.length; i++) {
    if (distances[i] <= EXACT_COPY_TOLERANCE) exactRows.push(i);
    if (distances[i] <= epsilon) nearRows.push(i);
  }
  return { exact: exactRows.length, near: nearRows.length, exactRows: Int32Array.from(exactRows), nearRows: Int32Array.from(nearRows) };
}

/** 1 where d(s, train) < d(s, holdout) strictly; ties counted. */
export function closerToTrain(toTrain: ArrayLike<number>, toHoldout: ArrayLike<number>): { closer: Uint8Array; ties: number } {
  const closer = new Uint8Array(toTrain.length);
  let ties = 0;
  for (let i = 0; i < toTrain.length; i++) {
    if (toTrain[i] < toHoldout[i]) closer[i] = 1;
    else if (toTrain[i] === toHoldout[i]) ties++;
  }
  return { closer, ties };
}

/** The protection references: whole sets, or the larger reduced to the smaller's size. */
function protectionReferences(train: SampleRows, holdout: SampleRows, options: DcrOptions): [Subsample, Subsample] {
  const seed = options.seed ?? 0;
  const equal = (options.protectionReference ?? 'equal-size') === 'equal-size';
  const n = equal ? Math.min(train.count, holdout.count) : Infinity;
  return [subsampleRows(train, n, seed, metricStreams.subsampleTrain), subsampleRows(holdout, n, seed, metricStreams.subsampleHoldout)];
}

export async function computeDcr(train: SampleRows, holdout: SampleRows, synthetic: SampleRows, options: DcrOptions = {}): Promise<DcrResult> {
  // 1. Query subsamples (capped) and protection references (equal size by default).
  const seed = options.seed ?? 0;
  const epsilon = options.nearCopyEpsilon ?? DEFAULT_NEAR_COPY_EPSILON;
  const cap = options.maxRows ?? Infinity;
  const synSub = subsampleRows(synthetic, cap, seed, metricStreams.subsampleSynthetic);
  const holdoutSub = subsampleRows(holdout, cap, seed, metricStreams.subsampleHoldout);
  const [trainRef, holdoutRef] = protectionReferences(train, holdout, options);
  const extraPass = trainRef.rows !== train ? 1 : 0;
  // 2. Passes: S→T, H→T, S→holdout reference, and S→train reference when it is a subsample.
  const passes = await createDistancePasses([train, synSub.rows, holdoutSub.rows, trainRef.rows, holdoutRef.rows], options, 3 + extraPass);
  const [t, s, h, tRef, hRef] = passes.sets;
  const syntheticSide = dcrSide(await passes.nearest(s, t, 1));
  const holdoutSide = dcrSide(await passes.nearest(h, t, 1));
  const toHoldoutRef = dcrSide(await passes.nearest(s, hRef, 1)).distances;
  const toTrainRef = extraPass ? dcrSide(await passes.nearest(s, tRef, 1)).distances : syntheticSide.distances;
  // 3. Protection share, copies, settings.
  const { closer, ties } = closerToTrain(toTrainRef, toHoldoutRef);
  const interval = bootstrapMean(closer, { seed, ...options.bootstrap });
  return {
    synthetic: syntheticSide,
    holdout: holdoutSide,
    copies: { synthetic: countCopies(syntheticSide.distances, epsilon), holdout: countCopies(holdoutSide.distances, epsilon) },
    protection: {
      share: interval.estimate, closerToTrain: closer, ties, interval,
      train: trainRef.record, holdout: holdoutRef.record, trainRows: trainRef.indices, holdoutRows: holdoutRef.indices,
    },
    syntheticRows: synSub.indices,
    holdoutRows: holdoutSub.indices,
    settings: {
      seed, nearCopyEpsilon: epsilon, exactCopyTolerance: EXACT_COPY_TOLERANCE,
      protectionReference: options.protectionReference ?? 'equal-size',
      train: train.count, synthetic: synSub.record, holdout: holdoutSub.record, distance: passes.settings,
    },
  };
}
