// Classification metrics on a test set and their seeded bootstrap intervals (REFERENCE.md,
// TSTR): accuracy, balanced accuracy (mean per-class recall), F1, the confusion matrix, and
// AUC by the Mann–Whitney statistic, AUC = (R₊ − n₊(n₊+1)/2) / (n₊·n₋) with mid-ranks for
// ties (= P(s₊ > s₋) + ½·P(s₊ = s₋)). Binary tasks: positive class 1. K classes: macro averages
// (F1 and one-vs-rest AUC over the classes present).

import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';

/** Counts [true class][predicted class]. */
export type ConfusionMatrix = number[][];

export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number, idx?: ArrayLike<number>): ConfusionMatrix {
  const cm = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const n = idx ? idx.length : yTrue.length;
  for (let j = 0; j < n; j++) {
    const i = idx ? idx[j] : j;
    cm[yTrue[i]][yPred[i]]++;
  }
  return cm;
}

const total = (cm: ConfusionMatrix): number => cm.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);

export function accuracyOf(cm: ConfusionMatrix): number {
  const n = total(cm);
  return n === 0 ? NaN : cm.reduce((s, row, k) => s + row[k], 0) / n;
}

/** Mean recall over the classes present in the test set. */
export function balancedAccuracyOf(cm: ConfusionMatrix): number {
  const recalls = cm.map((row, k) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n === 0 ? null : row[k] / n;
  }).filter((r): r is number => r !== null);
  return recalls.length === 0 ? NaN : recalls.reduce((a, b) => a + b, 0) / recalls.length;
}

/** F1 of class k: 2TP / (2TP + FP + FN); 0 when the class is neither present nor predicted. */
function f1OfClass(cm: ConfusionMatrix, k: number): number {
  const tp = cm[k][k];
  const fn = cm[k].reduce((a, b) => a + b, 0) - tp;
  const fp = cm.reduce((s, row) => s + row[k], 0) - tp;
  return 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Binary: F1 of class 1. K > 2: macro F1 over all classes. */
export function f1Of(cm: ConfusionMatrix): number {
  if (cm.length === 2) return f1OfClass(cm, 1);
  return cm.reduce((s, _row, k) => s + f1OfClass(cm, k), 0) / cm.length;
}

/**
 * AUC by the Mann–Whitney U statistic with mid-ranks for ties; NaN when either group is
 * empty. `positive[i]` says whether sample i is in the positive group.
 */
export function aucMannWhitney(scores: ArrayLike<number>, positive: ArrayLike<boolean>, idx?: ArrayLike<number>): number {
  const rows = idx ? Array.from(idx) : Array.from({ length: scores.length }, (_, i) => i);
  rows.sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end + 1 < rows.length && scores[rows[end + 1]] === scores[rows[start]]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) {
      if (positive[rows[j]]) { positives++; rankSum += midRank; }
    }
    start = end + 1;
  }
  const negatives = rows.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Index of the largest probability per row of probs [N, K]. */
export function argmaxRows(probs: ArrayLike<number>, classes: number): Int32Array {
  const n = probs.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[i * classes + k] > probs[i * classes + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Binary: AUC of P(class 1). K > 2: mean one-vs-rest AUC over the classes present. */
export function aucOf(probs: ArrayLike<number>, yTrue: ArrayLike<number>, classes: number, idx?: ArrayLike<number>): number {
  const n = yTrue.length;
  const scoresOf = (k: number): Float64Array => Float64Array.from({ length: n }, (_, i) => probs[i * classes + k]);
  const isClass = (k: number): boolean[] => Array.from({ length: n }, (_, i) => yTrue[i] === k);
  if (classes === 2) return aucMannWhitney(scoresOf(1), isClass(1), idx);
  const aucs = Array.from({ length: classes }, (_, k) => aucMannWhitney(scoresOf(k), isClass(k), idx)).filter((a) => !Number.isNaN(a));
  return aucs.length === 0 ? NaN : aucs.reduce((a, b) => a + b, 0) / aucs.length;
}

export interface ClassificationMetrics {
  accuracy: number;
  balancedAccuracy: number;
  auc: number;
  f1: number;
  confusion: ConfusionMatrix;
  n: number;
}

/** Every metric of one prediction: probs [N, K] row-major, true classes [N]. */
export function classificationMetrics(probs: ArrayLike<number>, yTrue: ArrayLike<number>, classes: number, idx?: ArrayLike<number>): ClassificationMetrics {
  if (probs.length !== yTrue.length * classes) {
    throw new InvalidRequestError(`${probs.length} probabilities for ${yTrue.length} samples × ${classes} classes`);
  }
  const confusion = confusionMatrix(yTrue, argmaxRows(probs, classes), classes, idx);
  return {
    accuracy: accuracyOf(confusion),
    balancedAccuracy: balancedAccuracyOf(confusion),
    auc: aucOf(probs, yTrue, classes, idx),
    f1: f1Of(confusion),
    confusion,
    n: idx ? idx.length : yTrue.length,
  };
}

/** A point estimate with its bootstrap percentile interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
  /** Standard deviation of the bootstrap replicates. */
  standardError: number;
}

/** Recorded next to every interval. */
export interface BootstrapSettings {
  resamples: number;
  /** Central coverage, e.g. 0.95. */
  level: number;
  seed: number;
  /** Resample within each class, keeping the test set's class counts (its balance). */
  stratified: boolean;
}

export const defaultBootstrapSettings: BootstrapSettings = { resamples: 1000, level: 0.95, seed: 1, stratified: true };

const BOOTSTRAP_STREAM = 0xb0075;

/** Linear-interpolation quantile (type 7) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

function strataGroups(n: number, stratified: boolean, strata?: ArrayLike<number>): Int32Array[] {
  if (!stratified || !strata) return [Int32Array.from({ length: n }, (_, i) => i)];
  const byStratum = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const members = byStratum.get(strata[i]);
    if (members) members.push(i);
    else byStratum.set(strata[i], [i]);
  }
  return [...byStratum.keys()].sort((a, b) => a - b).map((key) => Int32Array.from(byStratum.get(key) ?? []));
}

function summarise(estimate: number, replicates: number[], level: number): Interval {
  replicates.sort((a, b) => a - b);
  const mean = replicates.reduce((a, b) => a + b, 0) / replicates.length;
  const variance = replicates.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, replicates.length - 1);
  const tail = (1 - level) / 2;
  return {
    estimate,
    lower: quantileSorted(replicates, tail),
    upper: quantileSorted(replicates, 1 - tail),
    standardError: replicates.length > 0 ? Math.sqrt(variance) : NaN,
  };
}

/**
 * Seeded percentile bootstrap of several statistics over n test samples, all on the same
 * replicates (paired): each replicate draws n indices with replacement (within each stratum
 * when `strata` is given and the settings ask for it). Replicates where a statistic is
 * undefined (NaN) are left out of that statistic's quantiles.
 */
export function bootstrapIntervals<K extends string>(
  n: number, statistics: Record<K, (idx: Int32Array) => number>, settings: BootstrapSettings, strata?: ArrayLike<number>,
): Record<K, Interval> {
  if (!(settings.level > 0 && settings.level < 1) || !Number.isInteger(settings.resamples) || settings.resamples < 1) {
    throw new InvalidRequestError(`bootstrap needs resamples ≥ 1 and a level in (0, 1), got ${settings.resamples} and ${settings.level}`);
  }
  const names = Object.keys(statistics) as K[];
  const groups = strataGroups(n, settings.stratified, strata);
  const rng = createRng(settings.seed, BOOTSTRAP_STREAM);
  const replicates = names.map(() => [] as number[]);
  const idx = new Int32Array(n);
  for (let r = 0; r < settings.resamples; r++) {
    let at = 0;
    for (const group of groups) for (let j = 0; j < group.length; j++) idx[at++] = group[rng.nextInt(group.length)];
    names.forEach((name, s) => {
      const value = statistics[name](idx);
      if (!Number.isNaN(value)) replicates[s].push(value);
    });
  }
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return Object.fromEntries(names.map((name, s) => [name, summarise(statistics[name](all), replicates[s], settings.level)])) as Record<K, Interval>;
}

/** The bootstrap interval of one statistic (see bootstrapIntervals). */
export function bootstrapInterval(
  n: number, statistic: (idx: Int32Array) => number, settings: BootstrapSettings, strata?: ArrayLike<number>,
): Interval {
  return bootstrapIntervals(n, { value: statistic }, settings, strata).value;
}

/** The four reported metrics, each with its bootstrap interval, and the full-set confusion matrix. */
export interface EvaluatedMetrics {
  accuracy: Interval;
  balancedAccuracy: Interval;
  auc: Interval;
  f1: Interval;
  confusion: ConfusionMatrix;
  n: number;
  bootstrap: BootstrapSettings;
}

/** Metrics of probs [N, K] against yTrue with intervals (stratified by true class when asked). */
export function evaluatePredictions(probs: ArrayLike<number>, yTrue: ArrayLike<number>, classes: number, bootstrap: BootstrapSettings): EvaluatedMetrics {
  const full = classificationMetrics(probs, yTrue, classes);
  const predicted = argmaxRows(probs, classes);
  const cmOf = (idx: Int32Array): ConfusionMatrix => confusionMatrix(yTrue, predicted, classes, idx);
  const intervals = bootstrapIntervals(yTrue.length, {
    accuracy: (idx) => accuracyOf(cmOf(idx)),
    balancedAccuracy: (idx) => balancedAccuracyOf(cmOf(idx)),
    auc: (idx) => aucOf(probs, yTrue, classes, idx),
    f1: (idx) => f1Of(cmOf(idx)),
  }, bootstrap, yTrue);
  return { ...intervals, confusion: full.confusion, n: full.n, bootstrap };
}
