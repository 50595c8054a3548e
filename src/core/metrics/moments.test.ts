import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { bonferroniZ, compareMoments, isConsistentWithTarget, statisticalTolerances } from './moments';

const DIMS = 6;
const MEAN = [0.5, -1, 2, 0, 0.25, 0];
const VARIANCE = [1, 0.25, 2, 0.5, 1.5, 1];
/** The last slot is padding. */
const MASK = Uint8Array.from([1, 1, 1, 1, 1, 0]);

/** count samples of N(mean, variance) per slot, padded slots exactly 0, scaled by `spread`. */
function drawSamples(count: number, seed: number, spread = 1, shift = 0): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(count * DIMS);
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < DIMS; d++) {
      out[i * DIMS + d] = MASK[d] ? MEAN[d] + shift + spread * Math.sqrt(VARIANCE[d]) * rng.nextNormal() : 0;
    }
  }
  return out;
}

describe('compareMoments', () => {
  it('matches a brute-force computation slot by slot (within 1e-12 relative)', () => {
    const count = 37;
    const samples = drawSamples(count, 11);
    const result = compareMoments(samples, count, DIMS, { mean: MEAN, variance: VARIANCE }, MASK);
    expect(result.slots).toEqual([0, 1, 2, 3, 4]);
    for (const [k, d] of result.slots.entries()) {
      const column = Array.from({ length: count }, (_, i) => samples[i * DIMS + d]);
      const m = column.reduce((a, b) => a + b, 0) / count;
      const s2 = column.reduce((a, b) => a + (b - m) ** 2, 0) / (count - 1);
      expect(result.sampleMean[k]).toBeCloseTo(m, 12);
      expect(result.sampleVariance[k] / s2).toBeCloseTo(1, 12);
      expect(result.meanZ[k]).toBeCloseTo((m - MEAN[d]) / Math.sqrt(VARIANCE[d] / count), 10);
      expect(result.varianceRatio[k]).toBeCloseTo(s2 / VARIANCE[d], 12);
    }
    const { summary } = result;
    expect(summary.n).toBe(count);
    expect(summary.slotCount).toBe(5);
    expect(summary.maxAbsZ).toBe(Math.max(...result.meanZ.map(Math.abs)));
    expect(summary.meanVarianceRatio).toBeCloseTo(result.varianceRatio.reduce((a, b) => a + b, 0) / 5, 12);
    expect(summary.maxAbsPadded).toBe(0);
  });

  it('compares every slot when there is no mask', () => {
    const samples = drawSamples(10, 3);
    expect(compareMoments(samples, 10, DIMS, { mean: MEAN, variance: VARIANCE }).summary.slotCount).toBe(DIMS);
  });

  it('reports a non-zero padded slot', () => {
    const samples = drawSamples(20, 5);
    samples[7 * DIMS + 5] = -1e-6;
    expect(compareMoments(samples, 20, DIMS, { mean: MEAN, variance: VARIANCE }, MASK).summary.maxAbsPadded)
      .toBeCloseTo(1e-6, 12);
  });

  it('rejects shapes that do not fit', () => {
    const target = { mean: MEAN, variance: VARIANCE };
    expect(() => compareMoments(new Float32Array(DIMS), 1, DIMS, target)).toThrow(/at least 2/);
    expect(() => compareMoments(new Float32Array(5), 2, DIMS, target)).toThrow(/expected 12/);
    expect(() => compareMoments(new Float32Array(12), 2, DIMS, { mean: [0], variance: [1] })).toThrow(/expected 6 each/);
  });
});

describe('statisticalTolerances', () => {
  it('gives the Bonferroni z: P(|Z| > z) summed over slots is at most the false-alarm rate', () => {
    // Known values: one slot at 1e-3 is z ≈ 3.29 (the bound is slightly conservative).
    expect(bonferroniZ(1, 1e-3)).toBeGreaterThan(3.29);
    expect(bonferroniZ(1, 1e-3)).toBeLessThan(3.35);
    expect(bonferroniZ(112, 1e-3)).toBeGreaterThan(bonferroniZ(1, 1e-3));
  });

  it('shrinks with more samples', () => {
    const small = statisticalTolerances(100, 50);
    const large = statisticalTolerances(10_000, 50);
    expect(large.maxVarianceRatioError).toBeLessThan(small.maxVarianceRatioError / 5);
    expect(large.meanVarianceRatioError).toBeLessThan(small.meanVarianceRatioError / 5);
  });
});

describe('isConsistentWithTarget', () => {
  const n = 400;
  const slotCount = 5;
  const tolerances = statisticalTolerances(n, slotCount);
  const target = { mean: MEAN, variance: VARIANCE };

  it('accepts draws from the target for 20 seeds', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { summary } = compareMoments(drawSamples(n, seed), n, DIMS, target, MASK);
      expect(isConsistentWithTarget(summary, tolerances), `seed ${seed}`).toBe(true);
    }
  });

  it('rejects a variance 30 % too large, a mean shifted by 0.5, and a non-zero padded slot', () => {
    const wide = compareMoments(drawSamples(n, 1, Math.sqrt(1.3)), n, DIMS, target, MASK).summary;
    expect(isConsistentWithTarget(wide, tolerances)).toBe(false);
    const shifted = compareMoments(drawSamples(n, 1, 1, 0.5), n, DIMS, target, MASK).summary;
    expect(isConsistentWithTarget(shifted, tolerances)).toBe(false);
    const leaky = drawSamples(n, 1);
    leaky[DIMS - 1] = 1e-7;
    expect(isConsistentWithTarget(compareMoments(leaky, n, DIMS, target, MASK).summary, tolerances)).toBe(false);
  });
});
