import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accuracyOf, argmaxRows, aucMannWhitney, aucOf, balancedAccuracyOf, bootstrapInterval, classificationMetrics,
  confusionMatrix, evaluatePredictions, f1Of, quantileSorted,
} from './evaluate';

/** P(s₊ > s₋) + ½ P(s₊ = s₋) over every positive–negative pair. */
function bruteForceAuc(scores: number[], positive: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (!positive[i]) return;
    scores.forEach((sn, j) => {
      if (positive[j]) return;
      pairs++;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

const labelled = (maxLength: number, classes: number) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: classes - 1 }), fc.integer({ min: 0, max: classes - 1 })), { minLength: 1, maxLength });

describe('confusion-matrix metrics', () => {
  it('accuracy, balanced accuracy and F1 match their definitions counted sample by sample', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 4 }).chain((k) => fc.tuple(fc.constant(k), labelled(60, k))), ([classes, pairs]) => {
      const yTrue = pairs.map(([t]) => t);
      const yPred = pairs.map(([, p]) => p);
      const cm = confusionMatrix(yTrue, yPred, classes);
      expect(accuracyOf(cm)).toBeCloseTo(pairs.filter(([t, p]) => t === p).length / pairs.length, 12);
      const present = [...new Set(yTrue)];
      const recall = (k: number) => pairs.filter(([t, p]) => t === k && p === k).length / pairs.filter(([t]) => t === k).length;
      expect(balancedAccuracyOf(cm)).toBeCloseTo(present.reduce((s, k) => s + recall(k), 0) / present.length, 12);
      const f1 = (k: number) => {
        const tp = pairs.filter(([t, p]) => t === k && p === k).length;
        const fp = pairs.filter(([t, p]) => t !== k && p === k).length;
        const fn = pairs.filter(([t, p]) => t === k && p !== k).length;
        return tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
      };
      const expectedF1 = classes === 2 ? f1(1) : Array.from({ length: classes }, (_, k) => f1(k)).reduce((a, b) => a + b, 0) / classes;
      expect(f1Of(cm)).toBeCloseTo(expectedF1, 12);
    }));
  });

  it('balanced accuracy equals accuracy on a balanced test set and differs on an unbalanced one', () => {
    // 10 controls all right, 10 cases half right: accuracy 15/20 = balanced (1 + 0.5)/2.
    const balanced = confusionMatrix([...Array(10).fill(0), ...Array(10).fill(1)], [...Array(10).fill(0), ...Array(5).fill(1), ...Array(5).fill(0)], 2);
    expect(accuracyOf(balanced)).toBe(0.75);
    expect(balancedAccuracyOf(balanced)).toBe(0.75);
    // 90 controls predicted control, 10 cases predicted control: accuracy 0.9, balanced 0.5.
    const skewed = confusionMatrix([...Array(90).fill(0), ...Array(10).fill(1)], Array(100).fill(0), 2);
    expect(accuracyOf(skewed)).toBe(0.9);
    expect(balancedAccuracyOf(skewed)).toBe(0.5);
    expect(f1Of(skewed)).toBe(0);
  });
});

describe('AUC (Mann–Whitney with mid-ranks)', () => {
  it('matches the pairwise count on random scores with many ties', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 80 })
        .filter((rows) => rows.some(([, p]) => p) && rows.some(([, p]) => !p)),
      (rows) => {
        const scores = rows.map(([s]) => s / 6);
        const positive = rows.map(([, p]) => p);
        expect(aucMannWhitney(scores, positive)).toBeCloseTo(bruteForceAuc(scores, positive), 12);
      },
    ));
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, ½ when every score ties, and NaN with one class', () => {
    const positive = [false, false, false, true, true];
    expect(aucMannWhitney([0.1, 0.2, 0.3, 0.8, 0.9], positive)).toBe(1);
    expect(aucMannWhitney([0.9, 0.8, 0.7, 0.2, 0.1], positive)).toBe(0);
    expect(aucMannWhitney([0.5, 0.5, 0.5, 0.5, 0.5], positive)).toBe(0.5);
    // One swap out of 6 pairs: positive 0.25 is below negative 0.3 only → 5/6.
    expect(aucMannWhitney([0.1, 0.2, 0.3, 0.25, 0.9], positive)).toBeCloseTo(5 / 6, 15);
    expect(aucMannWhitney([0.1, 0.2], [true, true])).toBeNaN();
  });

  it('restricted to indices (with repeats) equals the AUC of the resampled vectors', () => {
    const scores = [0.3, 0.1, 0.7, 0.7, 0.2, 0.9];
    const positive = [true, false, true, false, false, true];
    const idx = [0, 0, 1, 3, 3, 5, 4];
    expect(aucMannWhitney(scores, positive, idx)).toBeCloseTo(bruteForceAuc(idx.map((i) => scores[i]), idx.map((i) => positive[i])), 15);
  });

  it('one-vs-rest macro AUC for three classes averages the per-class AUCs', () => {
    const probs = [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1, 0.1, 0.2, 0.7];
    const yTrue = [0, 1, 2, 1, 2];
    const perClass = [0, 1, 2].map((k) => bruteForceAuc(yTrue.map((_, i) => probs[i * 3 + k]), yTrue.map((y) => y === k)));
    expect(aucOf(probs, yTrue, 3)).toBeCloseTo(perClass.reduce((a, b) => a + b, 0) / 3, 12);
  });
});

describe('classificationMetrics', () => {
  it('uses argmax of the probabilities and the class-1 probability for binary AUC', () => {
    const probs = [0.9, 0.1, 0.4, 0.6, 0.3, 0.7, 0.8, 0.2];
    const yTrue = [0, 1, 0, 1];
    expect(Array.from(argmaxRows(probs, 2))).toEqual([0, 1, 1, 0]);
    const m = classificationMetrics(probs, yTrue, 2);
    expect(m.confusion).toEqual([[1, 1], [1, 1]]);
    expect(m.accuracy).toBe(0.5);
    expect(m.auc).toBeCloseTo(bruteForceAuc([0.1, 0.6, 0.7, 0.2], [false, true, false, true]), 15);
  });
});

describe('bootstrap intervals', () => {
  const correctness = (n: number, correct: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (i < correct ? 1 : 0));
  const meanOf = (values: Float64Array) => (idx: Int32Array) => idx.reduce((s, i) => s + values[i], 0) / idx.length;

  it('type-7 quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 15);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });

  it('the bootstrap SE of an accuracy matches the closed form √(p(1−p)/n) within 4 %', () => {
    // The bootstrap of a mean has variance p̂(1−p̂)/n exactly; 4000 resamples estimate its SD to ~1.1 %.
    const values = correctness(400, 320);
    const interval = bootstrapInterval(400, meanOf(values), { resamples: 4000, level: 0.95, seed: 3, stratified: false });
    const se = Math.sqrt((0.8 * 0.2) / 400);
    expect(interval.estimate).toBe(0.8);
    expect(interval.standardError / se).toBeGreaterThan(0.96);
    expect(interval.standardError / se).toBeLessThan(1.04);
    // Percentile limits near p ± 1.96·SE (normal approximation, n = 400), within 0.01.
    expect(Math.abs(interval.lower - (0.8 - 1.96 * se))).toBeLessThan(0.01);
    expect(Math.abs(interval.upper - (0.8 + 1.96 * se))).toBeLessThan(0.01);
  });

  it('stratified resampling keeps class counts: SE² = Σ n_k p_k(1−p_k) / n² within 4 %', () => {
    // 200 controls 90 % right, 200 cases 60 % right.
    const values = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? (i < 180 ? 1 : 0) : (i < 320 ? 1 : 0)));
    const strata = Int8Array.from({ length: 400 }, (_, i) => (i < 200 ? 0 : 1));
    const interval = bootstrapInterval(400, meanOf(values), { resamples: 4000, level: 0.95, seed: 5, stratified: true }, strata);
    const se = Math.sqrt(200 * 0.9 * 0.1 + 200 * 0.6 * 0.4) / 400;
    expect(interval.standardError / se).toBeGreaterThan(0.96);
    expect(interval.standardError / se).toBeLessThan(1.04);
  });

  it('is a function of the seed, and a constant statistic has a zero-width interval', () => {
    const values = correctness(50, 31);
    const settings = { resamples: 300, level: 0.9, seed: 11, stratified: false };
    expect(bootstrapInterval(50, meanOf(values), settings)).toEqual(bootstrapInterval(50, meanOf(values), settings));
    expect(bootstrapInterval(50, meanOf(values), { ...settings, seed: 12 })).not.toEqual(bootstrapInterval(50, meanOf(values), settings));
    const perfect = bootstrapInterval(50, meanOf(correctness(50, 50)), settings);
    expect([perfect.lower, perfect.estimate, perfect.upper, perfect.standardError]).toEqual([1, 1, 1, 0]);
  });

  it('evaluatePredictions reports every metric with an interval that holds its estimate', () => {
    const n = 200;
    const yTrue = Int8Array.from({ length: n }, (_, i) => i % 2);
    // Probability of class 1 rises with the label plus a deterministic spread.
    const probs = Float32Array.from({ length: 2 * n }, (_, j) => {
      const i = j >> 1;
      const p1 = Math.min(0.99, Math.max(0.01, 0.35 + 0.3 * yTrue[i] + 0.3 * Math.sin(i * 1.7)));
      return j % 2 === 1 ? p1 : 1 - p1;
    });
    const m = evaluatePredictions(probs, yTrue, 2, { resamples: 500, level: 0.95, seed: 1, stratified: true });
    for (const metric of [m.accuracy, m.balancedAccuracy, m.auc, m.f1]) {
      expect(metric.lower).toBeLessThanOrEqual(metric.estimate);
      expect(metric.upper).toBeGreaterThanOrEqual(metric.estimate);
      expect(metric.upper - metric.lower).toBeGreaterThan(0);
    }
    // Balanced test set: accuracy and balanced accuracy agree exactly.
    expect(m.accuracy.estimate).toBeCloseTo(m.balancedAccuracy.estimate, 15);
    expect(m.n).toBe(n);
  });
});
