import { describe, expect, it } from 'vitest';
import { drawBeta, drawExponential, drawGamma, drawGeometricSkip, normalQuantile } from './distributions';
import { AddressedRng, streamPurposes } from './streams';
import { mean } from './testHelpers';

const draws = (n: number, draw: (rng: AddressedRng) => number) => {
  const rng = new AddressedRng(42).reset(streamPurposes.effects, 0, 0);
  return Array.from({ length: n }, () => draw(rng));
};
const variance = (x: number[]) => {
  const m = mean(x);
  return mean(x.map((v) => (v - m) ** 2));
};

describe('normalQuantile (Acklam)', () => {
  it('matches tabulated quantiles to 1e-8', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('distributions', () => {
  // 20,000 draws: standard errors of the means below 1 % of the values checked.
  it.each([0.2, 1, 4.5])('Gamma(%s) has mean and variance equal to the shape (± 5 %, ± 10 %)', (shape) => {
    const x = draws(20_000, (rng) => drawGamma(rng, shape));
    expect(Math.abs(mean(x) / shape - 1)).toBeLessThan(0.05);
    expect(Math.abs(variance(x) / shape - 1)).toBeLessThan(0.1);
  });

  it('Beta(a, b) has mean a/(a+b) (± 5 %) and variance ab/((a+b)²(a+b+1)) (± 10 %)', () => {
    const [a, b] = [0.5, 9.5];
    const x = draws(20_000, (rng) => drawBeta(rng, a, b, 0));
    expect(Math.abs(mean(x) / 0.05 - 1)).toBeLessThan(0.05);
    expect(Math.abs(variance(x) / ((a * b) / (100 * 11)) - 1)).toBeLessThan(0.1);
  });

  it('exponential and geometric skips have the right means (± 3 %)', () => {
    expect(Math.abs(mean(draws(20_000, (rng) => drawExponential(rng, 800))) / 800 - 1)).toBeLessThan(0.03);
    const rate = 0.05;
    expect(Math.abs(mean(draws(20_000, (rng) => drawGeometricSkip(rng, rate))) / ((1 - rate) / rate) - 1)).toBeLessThan(0.03);
    expect(drawGeometricSkip(new AddressedRng(1), 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('AddressedRng', () => {
  it('replays a stream after reset and separates addresses', () => {
    const rng = new AddressedRng(9);
    const take = (purpose: 4 | 5, block: number, individual: number) => {
      rng.reset(purpose, block, individual);
      return Array.from({ length: 6 }, () => rng.nextUint32());
    };
    const a = take(streamPurposes.haplotypes, 3, 17);
    expect(take(streamPurposes.haplotypes, 3, 17)).toEqual(a);
    expect(take(streamPurposes.haplotypes, 3, 18)).not.toEqual(a);
    expect(take(streamPurposes.haplotypes, 4, 17)).not.toEqual(a);
    expect(take(streamPurposes.missing, 3, 17)).not.toEqual(a);
  });
});
