import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import { bootstrapInterval, bootstrapMean } from './bootstrap';
import { quantileOfSorted, summarise } from './summary';

function bernoulli(n: number, p: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: n }, () => (rng.nextUnit() < p ? 1 : 0));
}

describe('bootstrapInterval', () => {
  const values = bernoulli(400, 0.3, 1);

  it('is reproducible from its seed and records its settings', () => {
    const first = bootstrapMean(values, { seed: 5 });
    expect(bootstrapMean(values, { seed: 5 })).toEqual(first);
    expect(bootstrapMean(values, { seed: 6 })).not.toEqual(first);
    expect(first).toMatchObject({ level: 0.95, resamples: 1000, seed: 5, method: 'percentile', groupSizes: [400] });
  });

  it('estimates the observed statistic exactly and brackets it', () => {
    const interval = bootstrapMean(values);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(interval.estimate).toBe(mean);
    expect(interval.lower).toBeLessThan(mean);
    expect(interval.upper).toBeGreaterThan(mean);
  });

  it('has about the normal-theory width for a Bernoulli mean (half-width 1.96·√(p̂(1−p̂)/n), within 15 %)', () => {
    const interval = bootstrapMean(values, { resamples: 4000 });
    const p = interval.estimate;
    const expected = 1.96 * Math.sqrt((p * (1 - p)) / values.length);
    expect(Math.abs((interval.upper - interval.lower) / 2 / expected - 1)).toBeLessThan(0.15);
  });

  it('resamples the columns of one group with shared indices (paired) and groups independently', () => {
    const paired = bootstrapInterval([[values, values]], (m) => m[0][0] - m[0][1]);
    expect([paired.lower, paired.upper]).toEqual([0, 0]);
    const independent = bootstrapInterval([[values], [values]], (m) => m[0][0] - m[1][0]);
    expect(independent.upper - independent.lower).toBeGreaterThan(0.05);
  });

  it('gives a zero-width interval for constant values', () => {
    const interval = bootstrapMean(new Uint8Array(50).fill(1));
    expect([interval.lower, interval.estimate, interval.upper]).toEqual([1, 1, 1]);
  });

  it('rejects empty groups, ragged columns and impossible settings', () => {
    expect(() => bootstrapMean([])).toThrow(InvalidRequestError);
    expect(() => bootstrapInterval([[[1, 0], [1]]], () => 0)).toThrow(InvalidRequestError);
    expect(() => bootstrapMean([1, 0], { level: 1 })).toThrow(InvalidRequestError);
    expect(() => bootstrapMean([1, 0], { resamples: 0 })).toThrow(InvalidRequestError);
  });
});

describe('quantiles', () => {
  it('interpolate linearly between order statistics (type 7, numpy\'s default)', () => {
    const sorted = [1, 2, 3, 4];
    expect(quantileOfSorted(sorted, 0)).toBe(1);
    expect(quantileOfSorted(sorted, 0.25)).toBe(1.75);
    expect(quantileOfSorted(sorted, 0.5)).toBe(2.5);
    expect(quantileOfSorted(sorted, 1)).toBe(4);
    const expected = { n: 4, mean: 2.5, min: 1, q05: 1.15, q25: 1.75, median: 2.5, q75: 3.25, q95: 3.85, max: 4 };
    const summary = summarise([4, 1, 3, 2]);
    // Interpolation weights such as 0.95·3 are not exact in binary: 1e-12 absolute.
    for (const [key, value] of Object.entries(expected)) expect(summary[key as keyof typeof expected]).toBeCloseTo(value, 12);
  });
});
