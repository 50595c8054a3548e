import { describe, expect, it } from 'vitest';
import { createGenotypeMatrix } from '../core/genospace/matrix';
import type { BootstrapInterval } from '../core/metrics/bootstrap';
import { fooledFlag, ldDrift } from './designScoring';

/** Pearson r² of two columns, written out (no missing calls in these fixtures). */
function r2(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((_, i) => { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; });
  return (sxy * sxy) / (sxx * syy);
}

describe('ldDrift', () => {
  it('is the mean |Δr²| over the pairs of each 20-SNP window, by brute force', () => {
    const [samples, snps] = [9, 40];
    const gen = (salt: number) => Int8Array.from({ length: samples * snps }, (_, i) => Math.floor(Math.abs(Math.sin(i * 1.7 + salt) * 3)) % 3);
    const a = createGenotypeMatrix(samples, snps, gen(1));
    const b = createGenotypeMatrix(samples, snps, gen(2));
    const col = (m: typeof a, j: number) => Array.from({ length: samples }, (_, i) => m.data[i * snps + j]);
    let sum = 0;
    let pairs = 0;
    for (const start of [0, 20]) {
      for (let i = start; i < start + 20; i++) {
        for (let j = i + 1; j < start + 20; j++) {
          const d = Math.abs(r2(col(a, i), col(a, j)) - r2(col(b, i), col(b, j)));
          if (Number.isFinite(d)) { sum += d; pairs++; }
        }
      }
    }
    const drift = ldDrift(a, b);
    expect(drift.pairs).toBe(pairs);
    expect(drift.meanAbsR2Diff).toBeCloseTo(sum / pairs, 12);
    expect(ldDrift(a, a).meanAbsR2Diff).toBe(0);
  });
});

describe('fooledFlag', () => {
  const iv = (lower: number, upper: number): BootstrapInterval => ({ estimate: (lower + upper) / 2, lower, upper, level: 0.95, resamples: 10, seed: 0, method: 'percentile', groupSizes: [5] });
  it('flags a predictor rise that no oracle shares, not one an oracle shares, and stays null without an oracle', () => {
    const before = { predictor: iv(0.3, 0.5), liability: iv(-0.2, 0.2), oracleClassifier: iv(0.3, 0.4) };
    expect(fooledFlag(before, { predictor: iv(0.8, 0.9), liability: iv(-0.1, 0.3), oracleClassifier: iv(0.35, 0.45) }).fooled).toBe(true);
    expect(fooledFlag(before, { predictor: iv(0.8, 0.9), liability: iv(0.5, 0.9), oracleClassifier: iv(0.35, 0.45) }).fooled).toBe(false);
    expect(fooledFlag(before, { predictor: iv(0.4, 0.6), liability: iv(-0.1, 0.3), oracleClassifier: iv(0.35, 0.45) }).fooled).toBe(false);
    expect(fooledFlag({ ...before, liability: null, oracleClassifier: null }, { predictor: iv(0.8, 0.9), liability: null, oracleClassifier: null }).fooled).toBeNull();
  });
});
