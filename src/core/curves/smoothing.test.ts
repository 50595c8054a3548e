import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smoothDebiasedEma } from './smoothing';

describe('smoothDebiasedEma', () => {
  it('matches a hand computation (within 1e-12)', () => {
    // w = 0.5: last = 0.5, 1.25, 2.625; debiased by 0.5, 0.75, 0.875.
    const smoothed = smoothDebiasedEma([1, 2, 4], 0.5);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(smoothed[2]).toBeCloseTo(2.625 / 0.875, 12);
  });

  it('keeps a constant run at its value, the closed form c·(1 − w^(i+1)) / (1 − w^(i+1)) (within 1e-12)', () => {
    // The series is not constant as a whole, so the shortcut for constant series does not apply.
    const c = 0.37;
    for (const w of [0.1, 0.6, 0.9, 0.999]) {
      const smoothed = smoothDebiasedEma([...new Array<number>(50).fill(c), 5], w);
      for (let i = 0; i < 50; i++) expect(Math.abs(smoothed[i] - c)).toBeLessThan(1e-12);
      expect(smoothed[50]).toBeGreaterThan(c);
    }
  });

  it('returns the data at w = 0 and a constant series as it is', () => {
    expect(smoothDebiasedEma([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smoothDebiasedEma([2, 2, 2], 0.9)).toEqual([2, 2, 2]);
    expect(smoothDebiasedEma([], 0.9)).toEqual([]);
  });

  it('passes non-finite values through and skips them in the average, as TensorBoard does', () => {
    const smoothed = smoothDebiasedEma([1, NaN, 2, Infinity], 0.5);
    expect(smoothed[0]).toBeCloseTo(1, 12);
    expect(smoothed[1]).toBeNaN();
    expect(smoothed[2]).toBeCloseTo(1.25 / 0.75, 12);
    expect(smoothed[3]).toBe(Infinity);
  });

  it('stays within the range of the values seen so far (a convex combination; within 1e-9)', () => {
    const values = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(values, fc.double({ min: 0, max: 0.999, noNaN: true }), (xs, w) => {
      const smoothed = smoothDebiasedEma(xs, w);
      let lo = Infinity;
      let hi = -Infinity;
      return xs.every((x, i) => {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        return smoothed[i] >= lo - 1e-9 && smoothed[i] <= hi + 1e-9;
      });
    }));
  });

  it('rejects a weight outside [0, 1)', () => {
    for (const w of [-0.1, 1, NaN]) expect(() => smoothDebiasedEma([1, 2], w)).toThrow(/smoothing weight/);
  });
});
