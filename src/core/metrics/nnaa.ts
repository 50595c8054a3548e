// Nearest-neighbour adversarial accuracy (Yale et al. 2019; paper eq. 9), T real, S synthetic:
//   AA_truth = mean_i 1[d_TS(i) > d_TT(i)],  AA_syn = mean_i 1[d_ST(i) > d_SS(i)],
//   AATS = (AA_truth + AA_syn) / 2, ideal 0.5; privacy loss = AATS(holdout) − AATS(train).
// d_TT and d_SS exclude the point itself by index (the paper's code drops every distance ≤ 1e-3,
// which hides exact copies); the inequality is strict and ties are counted, not hidden.
// Sizes: the definition assumes |T| = |S|. With sizePolicy 'subsample-equal' (default) every set
// is reduced to the smallest size by a seeded draw; with 'use-all' the means run over each whole
// set, and the set with more points has closer same-set neighbours, which moves the null from 0.5.
import { bootstrapInterval, type BootstrapInterval, type BootstrapOptions } from './bootstrap';
import { createDistancePasses, type DistancePasses, type DistanceSpaceOptions, type DistanceSpaceSettings } from './distanceSpace';
import type { SampleRows } from './sampleRows';
import { metricStreams } from './streams';
import { subsampleRows, type Subsample, type SubsampleRecord } from './subsample';

/** Nearest-neighbour distances per point, each array indexed by the point of its first set. */
export interface NnaaDistances {
  truthToSyn: ArrayLike<number>;
  truthToTruth: ArrayLike<number>;
  synToTruth: ArrayLike<number>;
  synToSyn: ArrayLike<number>;
}

export interface AdversarialAccuracy {
  aaTruth: number;
  aaSyn: number;
  aats: number;
  /** Per real point: 1 where d_TS(i) > d_TT(i) (strict). */
  truthIndicators: Uint8Array;
  /** Per synthetic point: 1 where d_ST(i) > d_SS(i) (strict). */
  synIndicators: Uint8Array;
  /** Real points with d_TS(i) = d_TT(i) exactly (counted as 0). */
  truthTies: number;
  /** Synthetic points with d_ST(i) = d_SS(i) exactly (counted as 0). */
  synTies: number;
}

export type SizePolicy = 'subsample-equal' | 'use-all';

export interface NnaaOptions extends DistanceSpaceOptions {
  /** Default 'subsample-equal'. */
  sizePolicy?: SizePolicy;
  /** At most this many rows per set (seeded draw); default: no cap. */
  maxRows?: number;
  /** Seeds the subsamples (and the bootstrap unless it has its own). Default 0. */
  seed?: number;
  bootstrap?: BootstrapOptions;
}

export interface NnaaSettings {
  sizePolicy: SizePolicy;
  seed: number;
  real: SubsampleRecord;
  synthetic: SubsampleRecord;
  inequality: 'strict';
  distance: DistanceSpaceSettings;
}

export interface NnaaResult extends AdversarialAccuracy {
  intervals: { aaTruth: BootstrapInterval; aaSyn: BootstrapInterval; aats: BootstrapInterval };
  /** Original row of each evaluated point. */
  realRows: Int32Array;
  syntheticRows: Int32Array;
  settings: NnaaSettings;
}

export interface NnaaPrivacyResult {
  train: NnaaResult;
  holdout: NnaaResult;
  /** AATS(holdout) − AATS(train): > 0 when the synthetic set sits closer to the training set. */
  privacyLoss: number;
  privacyLossInterval: BootstrapInterval;
}

function strictIndicators(across: ArrayLike<number>, same: ArrayLike<number>): { indicators: Uint8Array; ties: number; mean: number } {
  const indicators = new Uint8Array(across.length);
  let ties = 0;
  let hits = 0;
  for (let i = 0; i < across.length; i++) {
    if (across[i] > same[i]) indicators[i] = 1;
    if (across[i] === same[i]) ties++;
    hits += indicators[i];
  }
  return { indicators, ties, mean: hits / across.length };
}

/** Eq. 9 from the four nearest-neighbour distance arrays. */
export function adversarialAccuracy(distances: NnaaDistances): AdversarialAccuracy {
  const truth = strictIndicators(distances.truthToSyn, distances.truthToTruth);
  const syn = strictIndicators(distances.synToTruth, distances.synToSyn);
  return {
    aaTruth: truth.mean, aaSyn: syn.mean, aats: (truth.mean + syn.mean) / 2,
    truthIndicators: truth.indicators, synIndicators: syn.indicators, truthTies: truth.ties, synTies: syn.ties,
  };
}

function intervalsOf(accuracy: AdversarialAccuracy, options: BootstrapOptions): NnaaResult['intervals'] {
  const groups = [[accuracy.truthIndicators], [accuracy.synIndicators]];
  return {
    aaTruth: bootstrapInterval(groups, (m) => m[0][0], options),
    aaSyn: bootstrapInterval(groups, (m) => m[1][0], options),
    aats: bootstrapInterval(groups, (m) => (m[0][0] + m[1][0]) / 2, options),
  };
}

/** Rows per set after the size policy (smallest size when equalising; capped by maxRows). */
function targetRows(sets: readonly SampleRows[], options: NnaaOptions): (set: SampleRows) => number {
  const cap = options.maxRows ?? Infinity;
  const smallest = Math.min(...sets.map((set) => set.count));
  return (set) => Math.min(cap, (options.sizePolicy ?? 'subsample-equal') === 'subsample-equal' ? smallest : set.count);
}

async function evaluatePrepared(
  passes: DistancePasses, real: SampleRows, synthetic: SampleRows, synToSyn: ArrayLike<number>,
): Promise<AdversarialAccuracy> {
  const truthToTruth = (await passes.within(real, 1)).distances;
  const truthToSyn = (await passes.nearest(real, synthetic, 1)).distances;
  const synToTruth = (await passes.nearest(synthetic, real, 1)).distances;
  return adversarialAccuracy({ truthToSyn, truthToTruth, synToTruth, synToSyn });
}

function describe(options: NnaaOptions, real: Subsample, synthetic: Subsample, distance: DistanceSpaceSettings): NnaaSettings {
  return {
    sizePolicy: options.sizePolicy ?? 'subsample-equal', seed: options.seed ?? 0,
    real: real.record, synthetic: synthetic.record, inequality: 'strict', distance,
  };
}

function bootstrapOptions(options: NnaaOptions): BootstrapOptions {
  return { seed: options.seed ?? 0, ...options.bootstrap };
}

/** NNAA of one real set against a synthetic set. */
export async function computeNnaa(real: SampleRows, synthetic: SampleRows, options: NnaaOptions = {}): Promise<NnaaResult> {
  const seed = options.seed ?? 0;
  const rows = targetRows([real, synthetic], options);
  const realSub = subsampleRows(real, rows(real), seed, metricStreams.subsampleTrain);
  const synSub = subsampleRows(synthetic, rows(synthetic), seed, metricStreams.subsampleSynthetic);
  const passes = await createDistancePasses([realSub.rows, synSub.rows], options, 4);
  const [t, s] = passes.sets;
  const synToSyn = (await passes.within(s, 1)).distances;
  const accuracy = await evaluatePrepared(passes, t, s, synToSyn);
  return {
    ...accuracy, intervals: intervalsOf(accuracy, bootstrapOptions(options)),
    realRows: realSub.indices, syntheticRows: synSub.indices, settings: describe(options, realSub, synSub, passes.settings),
  };
}

/**
 * NNAA against the training set and against the holdout with one shared synthetic subsample, and
 * the privacy loss AATS(holdout) − AATS(train). Under 'subsample-equal' all three sets use the
 * same n, so the two AATS values are comparable.
 */
export async function computeNnaaPrivacy(
  train: SampleRows, holdout: SampleRows, synthetic: SampleRows, options: NnaaOptions = {},
): Promise<NnaaPrivacyResult> {
  // 1. Subsample every set to its target size (seeded, one stream per role).
  const seed = options.seed ?? 0;
  const rows = targetRows([train, holdout, synthetic], options);
  const trainSub = subsampleRows(train, rows(train), seed, metricStreams.subsampleTrain);
  const holdoutSub = subsampleRows(holdout, rows(holdout), seed, metricStreams.subsampleHoldout);
  const synSub = subsampleRows(synthetic, rows(synthetic), seed, metricStreams.subsampleSynthetic);
  // 2. Seven engine passes: SS once, then TT, TS, ST and HH, HS, SH.
  const passes = await createDistancePasses([trainSub.rows, holdoutSub.rows, synSub.rows], options, 7);
  const [t, h, s] = passes.sets;
  const synToSyn = (await passes.within(s, 1)).distances;
  const trainAccuracy = await evaluatePrepared(passes, t, s, synToSyn);
  const holdoutAccuracy = await evaluatePrepared(passes, h, s, synToSyn);
  // 3. Intervals: the synthetic indicators of both comparisons belong to the same points (paired).
  const boot = bootstrapOptions(options);
  const privacyLossInterval = bootstrapInterval(
    [[trainAccuracy.truthIndicators], [holdoutAccuracy.truthIndicators], [trainAccuracy.synIndicators, holdoutAccuracy.synIndicators]],
    (m) => (m[1][0] + m[2][1]) / 2 - (m[0][0] + m[2][0]) / 2, boot);
  const result = (accuracy: AdversarialAccuracy, real: Subsample): NnaaResult => ({
    ...accuracy, intervals: intervalsOf(accuracy, boot),
    realRows: real.indices, syntheticRows: synSub.indices, settings: describe(options, real, synSub, passes.settings),
  });
  return {
    train: result(trainAccuracy, trainSub),
    holdout: result(holdoutAccuracy, holdoutSub),
    privacyLoss: holdoutAccuracy.aats - trainAccuracy.aats,
    privacyLossInterval,
  };
}
