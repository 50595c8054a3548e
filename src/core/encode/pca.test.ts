import { describe, expect, it } from 'vitest';
import { MISSING_DOSAGE, type Cohort } from '../genotype/types';
import { JACOBI_MAX_ORDER } from './eigen';
import {
  componentRules, diseaseCapsuleComponents, fitGenePca, imputationKinds, type PcaSettings,
} from './pca';
import { makeCohort, range } from './testFixtures';

const capsule: PcaSettings = { imputation: 'mean', componentRule: 'disease-capsule', varianceTarget: 1, maxComponents: 8 };
const keepAll: PcaSettings = { ...capsule, componentRule: componentRules.varianceTarget, varianceTarget: 1 };

/** The gene's SNP rows when the fixture has one gene (all variants). */
function source(cohort: Cohort, trainIdx: Int32Array) {
  return { dosages: cohort.dosages, rows: range(cohort.variants.pos.length), trainIdx };
}

/**
 * Independent reference: the mean-imputed [n][p] matrix as nested arrays and its covariance
 * with the n − 1 denominator, by the textbook double loop.
 */
function naiveCovariance(cohort: Cohort, train: Int32Array): number[][] {
  const p = cohort.variants.pos.length;
  const x = Array.from(train, (i) => Array.from({ length: p }, (_, a) => cohort.dosages.get(a, i)));
  for (let a = 0; a < p; a++) {
    const called = x.map((row) => row[a]).filter((d) => d !== MISSING_DOSAGE);
    const mean = called.reduce((s, d) => s + d, 0) / called.length;
    for (const row of x) if (row[a] === MISSING_DOSAGE) row[a] = mean;
  }
  const mu = Array.from({ length: p }, (_, a) => x.reduce((s, row) => s + row[a], 0) / x.length);
  return mu.map((_, a) => mu.map((__, b) => x.reduce((s, row) => s + (row[a] - mu[a]) * (row[b] - mu[b]), 0) / (x.length - 1)));
}

const matVec = (s: number[][], v: number[]): number[] => s.map((row) => row.reduce((acc, x, b) => acc + x * v[b], 0));
const norm = (v: number[]): number => Math.sqrt(v.reduce((acc, x) => acc + x * x, 0));

/** Largest eigenvalue by power iteration (independent of Jacobi). */
function powerIteration(s: number[][]): number {
  let v = s.map((_, a) => 1 + a / 7);
  let lambda = 0;
  for (let it = 0; it < 5000; it++) {
    const w = matVec(s, v);
    lambda = norm(w) / norm(v);
    v = w.map((x) => x / norm(w));
  }
  return lambda;
}

/** det(S) by Gaussian elimination with partial pivoting: the constant term of det(S − λI). */
function determinant(s: number[][]): number {
  const a = s.map((row) => row.slice());
  let det = 1;
  for (let c = 0; c < a.length; c++) {
    let pivot = c;
    for (let r = c + 1; r < a.length; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (pivot !== c) { [a[c], a[pivot]] = [a[pivot], a[c]]; det = -det; }
    det *= a[c][c];
    for (let r = c + 1; r < a.length; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k < a.length; k++) a[r][k] -= f * a[c][k];
    }
  }
  return det;
}

function column(loadings: Float64Array, p: number, k: number, j: number): number[] {
  return Array.from({ length: p }, (_, a) => loadings[a * k + j]);
}

describe('fitGenePca against an independent computation', () => {
  const cohort = makeCohort({ samples: 300, genes: [{ name: 'LD', snps: 30 }], founders: 5, missingRate: 0.02, seed: 4 });
  const train = range(240);
  const fit = fitGenePca(source(cohort, train), capsule);
  const s = naiveCovariance(cohort, train);
  const p = 30;

  it('keeps 8 orthonormal loading vectors (1e-9)', () => {
    expect(fit.components).toBe(8);
    for (let j = 0; j < 8; j++) {
      for (let l = 0; l < 8; l++) {
        const dot = column(fit.loadings, p, 8, j).reduce((acc, x, a) => acc + x * fit.loadings[a * 8 + l], 0);
        expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(1e-9);
      }
    }
  });

  it('explained variances are eigenvalues of the directly computed covariance (1e-8 relative)', () => {
    const scale = powerIteration(s);
    expect(Math.abs(fit.eigenvalues[0] - scale) / scale).toBeLessThan(1e-8);
    for (let j = 0; j < 8; j++) {
      const w = column(fit.loadings, p, 8, j);
      const sw = matVec(s, w);
      const rayleigh = sw.reduce((acc, x, a) => acc + x * w[a], 0);
      expect(Math.abs(rayleigh - fit.eigenvalues[j]) / scale).toBeLessThan(1e-8);
      expect(norm(sw.map((x, a) => x - fit.eigenvalues[j] * w[a])) / scale).toBeLessThan(1e-8);
    }
    const trace = s.reduce((acc, row, a) => acc + row[a], 0);
    expect(Math.abs(fit.totalVariance - trace) / trace).toBeLessThan(1e-12);
  });

  it('all eigenvalues: their sum is the trace and their product det(S) (characteristic check, 1e-8)', () => {
    const small = makeCohort({ samples: 200, genes: [{ name: 'G6', snps: 6 }], seed: 8 });
    const smallTrain = range(200);
    const all = fitGenePca(source(small, smallTrain), keepAll);
    const s6 = naiveCovariance(small, smallTrain);
    expect(all.components).toBe(6);
    const sum = all.eigenvalues.reduce((a, b) => a + b, 0);
    const product = all.eigenvalues.reduce((a, b) => a * b, 1);
    expect(Math.abs(sum - s6.reduce((acc, row, a) => acc + row[a], 0)) / sum).toBeLessThan(1e-8);
    expect(Math.abs(product - determinant(s6)) / Math.abs(product)).toBeLessThan(1e-8);
  });

  it('signs: the largest-magnitude entry of every loading is positive', () => {
    for (let j = 0; j < 8; j++) {
      const w = column(fit.loadings, p, 8, j);
      const largest = w.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
  });
});

describe('the Gram-matrix path (more SNPs than training samples)', () => {
  it('gives orthonormal eigenvectors of the p × p covariance (1e-9, 1e-8 relative)', () => {
    const cohort = makeCohort({ samples: 40, genes: [{ name: 'WIDE', snps: 60 }], seed: 12 });
    const train = range(25);
    const fit = fitGenePca(source(cohort, train), capsule);
    const s = naiveCovariance(cohort, train);
    const scale = powerIteration(s);
    expect(fit.components).toBe(8);
    expect(Math.abs(fit.eigenvalues[0] - scale) / scale).toBeLessThan(1e-8);
    for (let j = 0; j < 8; j++) {
      const w = column(fit.loadings, 60, 8, j);
      expect(Math.abs(norm(w) - 1)).toBeLessThan(1e-9);
      expect(norm(matVec(s, w).map((x, a) => x - fit.eigenvalues[j] * w[a])) / scale).toBeLessThan(1e-8);
      for (let l = 0; l < j; l++) expect(Math.abs(w.reduce((acc, x, a) => acc + x * fit.loadings[a * 8 + l], 0))).toBeLessThan(1e-9);
    }
  });
});

describe('a gene above the Jacobi size (tridiagonal path)', () => {
  it('still gives eigenpairs of the directly computed covariance (1e-9, 1e-8 relative)', () => {
    const p = JACOBI_MAX_ORDER + 24;
    const cohort = makeCohort({ samples: 400, genes: [{ name: 'LARGE', snps: p }], founders: 12, missingRate: 0.01, seed: 19 });
    const train = range(350);
    const fit = fitGenePca(source(cohort, train), capsule);
    const s = naiveCovariance(cohort, train);
    const scale = powerIteration(s);
    expect(fit.components).toBe(8);
    expect(Math.abs(fit.eigenvalues[0] - scale) / scale).toBeLessThan(1e-8);
    for (let j = 0; j < 8; j++) {
      const w = column(fit.loadings, p, 8, j);
      expect(norm(matVec(s, w).map((x, a) => x - fit.eigenvalues[j] * w[a])) / scale).toBeLessThan(1e-8);
      for (let l = 0; l <= j; l++) {
        const dot = w.reduce((acc, x, a) => acc + x * fit.loadings[a * 8 + l], 0);
        expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(1e-9);
      }
    }
  });
});

describe('components per gene', () => {
  it('follows the DiseaseCapsule rule at its boundaries: 4 → 1, 5 → 4, 20 → 4, 21 → 8', () => {
    expect([0, 1, 4, 5, 20, 21, 300].map(diseaseCapsuleComponents)).toEqual([1, 1, 1, 4, 4, 8, 8]);
    for (const [snps, expected] of [[4, 1], [5, 4], [20, 4], [21, 8]]) {
      const cohort = makeCohort({ samples: 200, genes: [{ name: 'G', snps }], seed: snps });
      expect(fitGenePca(source(cohort, range(200)), capsule).components).toBe(expected);
    }
  });

  it('reaches an explained-variance target with the fewest components, at most 8', () => {
    const cohort = makeCohort({ samples: 300, genes: [{ name: 'G', snps: 25 }], founders: 4, seed: 2 });
    const all = fitGenePca(source(cohort, range(300)), { ...keepAll, maxComponents: 25 });
    const ratios = Array.from(all.eigenvalues, (v) => v / all.totalVariance);
    const target = ratios[0] + ratios[1] + 0.5 * ratios[2];
    const fit = fitGenePca(source(cohort, range(300)), { ...keepAll, varianceTarget: target });
    expect(fit.components).toBe(3);
    expect(fitGenePca(source(cohort, range(300)), { ...keepAll, varianceTarget: 1 }).components).toBeLessThanOrEqual(8);
  });

  it('caps at the numerical rank: monomorphic SNPs add no component', () => {
    const cohort = makeCohort({ samples: 50, genes: [{ name: 'G', snps: 6 }], seed: 3 });
    for (let a = 0; a < 4; a++) cohort.dosages.encodeRow(a, new Int8Array(50).fill(1)); // four SNPs constant
    const fit = fitGenePca(source(cohort, range(50)), keepAll);
    expect(fit.components).toBe(2);
    for (let a = 0; a < 6; a++) cohort.dosages.encodeRow(a, new Int8Array(50));
    expect(fitGenePca(source(cohort, range(50)), capsule).components).toBe(0);
  });
});

describe('imputation from the training split', () => {
  const cohort = makeCohort({ samples: 10, genes: [{ name: 'G', snps: 1 }], seed: 1 });
  cohort.dosages.encodeRow(0, [2, 2, MISSING_DOSAGE, 1, 0, 2, MISSING_DOSAGE, 0, 0, 0]);

  it('mean: the mean of the called training dosages, never −1', () => {
    const fit = fitGenePca(source(cohort, Int32Array.from([0, 1, 2, 3, 4, 5])), capsule);
    expect(fit.impute[0]).toBeCloseTo((2 + 2 + 1 + 0 + 2) / 5, 12);
    expect(fit.mean[0]).toBeCloseTo(fit.impute[0], 12);
  });

  it('majority: the most frequent training dosage, and the mean of the imputed column', () => {
    const fit = fitGenePca(source(cohort, Int32Array.from([0, 1, 2, 3, 4, 5])), { ...capsule, imputation: imputationKinds.majority });
    expect(fit.impute[0]).toBe(2);
    expect(fit.mean[0]).toBeCloseTo((2 + 2 + 2 + 1 + 0 + 2) / 6, 12);
  });
});
