import { describe, expect, it } from 'vitest';
import { createSchedule } from './schedule';

describe('linear schedule (Ho et al. 2020: β from 1e-4 to 0.02, T = 1000)', () => {
  const s = createSchedule({ kind: 'linear', timesteps: 1000 });

  it('hits both endpoints and spaces β evenly (1e-15)', () => {
    expect(s.betas[0]).toBeCloseTo(1e-4, 15);
    expect(s.betas[999]).toBeCloseTo(0.02, 15);
    const stride = (0.02 - 1e-4) / 999;
    for (let t = 1; t < 1000; t++) expect(Math.abs(s.betas[t] - s.betas[t - 1] - stride)).toBeLessThan(1e-15);
  });

  it('accumulates ᾱ_t = ∏ (1 − β_s) and shifts it into ᾱ_{t−1} (relative 1e-12)', () => {
    let product = 1;
    for (let t = 0; t < 1000; t++) {
      expect(s.alphasCumprodPrev[t]).toBe(product);
      product *= 1 - s.betas[t];
      expect(Math.abs(s.alphasCumprod[t] / product - 1)).toBeLessThan(1e-12);
    }
    // Near-pure noise at the end: the textbook value ᾱ_999 ≈ 4.0e-5.
    expect(s.alphasCumprod[999]).toBeGreaterThan(3e-5);
    expect(s.alphasCumprod[999]).toBeLessThan(5e-5);
  });
});

describe('cosine schedule (Nichol & Dhariwal 2021, T = 500)', () => {
  const T = 500;
  const offset = 0.008;
  const s = createSchedule({ kind: 'cosine', timesteps: T });
  const f = (t: number) => Math.cos(((t / T + offset) / (1 + offset)) * (Math.PI / 2)) ** 2;

  it('matches the closed form ᾱ_t = f(t+1)/f(0) wherever β was not clipped (relative 1e-12)', () => {
    let checked = 0;
    for (let t = 0; t < T && s.betas[t] < 0.999; t++, checked++) {
      expect(Math.abs(s.alphasCumprod[t] / (f(t + 1) / f(0)) - 1)).toBeLessThan(1e-12);
    }
    expect(checked).toBe(T - 1); // only the last β (f(T) = 0) is clipped to 0.999
    expect(s.betas[T - 1]).toBe(0.999);
  });

  it('keeps every β in (0, 1) and ᾱ strictly decreasing', () => {
    for (let t = 0; t < T; t++) {
      expect(s.betas[t]).toBeGreaterThan(0);
      expect(s.betas[t]).toBeLessThan(1);
      if (t > 0) expect(s.alphasCumprod[t]).toBeLessThan(s.alphasCumprod[t - 1]);
    }
  });
});

describe('posterior variance β̃_t = (1 − ᾱ_{t−1}) / (1 − ᾱ_t) · β_t (Ho et al. eq. 7)', () => {
  it.each(['linear', 'cosine'] as const)('%s: follows the formula (relative 1e-12), is 0 at t = 0 and below β_t', (kind) => {
    const s = createSchedule({ kind, timesteps: 300 });
    expect(s.posteriorVariance[0]).toBe(0);
    for (let t = 1; t < 300; t++) {
      const expected = ((1 - s.alphasCumprod[t - 1]) / (1 - s.alphasCumprod[t])) * s.betas[t];
      expect(Math.abs(s.posteriorVariance[t] / expected - 1)).toBeLessThan(1e-12);
      expect(s.posteriorVariance[t]).toBeLessThan(s.betas[t]);
    }
  });
});

describe('edge cases', () => {
  it('T = 1: one step with β = betaStart, ᾱ_{−1} = 1 and no posterior variance', () => {
    const s = createSchedule({ kind: 'linear', timesteps: 1 });
    expect(Array.from(s.betas)).toEqual([1e-4]);
    expect(Array.from(s.alphasCumprod)).toEqual([1 - 1e-4]);
    expect(Array.from(s.alphasCumprodPrev)).toEqual([1]);
    expect(Array.from(s.posteriorVariance)).toEqual([0]);
    const c = createSchedule({ kind: 'cosine', timesteps: 1 });
    expect(Array.from(c.betas)).toEqual([0.999]);
  });

  it.each([0, -3, 2.5, Number.NaN])('rejects timesteps = %s', (timesteps) => {
    expect(() => createSchedule({ kind: 'linear', timesteps })).toThrow(RangeError);
  });
});
