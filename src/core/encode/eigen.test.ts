import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { JACOBI_MAX_ORDER, symmetricEigen, topEigenpairs } from './eigen';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = createRng(seed, 3);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.nextNormal();
  return a;
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

describe('symmetricEigen (Jacobi)', () => {
  it('solves A v = λ v with orthonormal vectors, sorted descending (residual ≤ 1e-12·max|A|)', () => {
    for (const n of [1, 2, 5, 17, 40]) {
      const a = randomSymmetric(n, n);
      const { values, vectors } = symmetricEigen(a, n);
      const scale = maxAbs(a);
      for (let j = 0; j < n; j++) {
        if (j > 0) expect(values[j]).toBeLessThanOrEqual(values[j - 1]);
        for (let r = 0; r < n; r++) {
          let av = 0;
          for (let c = 0; c < n; c++) av += a[r * n + c] * vectors[c * n + j];
          expect(Math.abs(av - values[j] * vectors[r * n + j])).toBeLessThan(1e-12 * scale * n);
        }
        for (let k = 0; k < n; k++) {
          let dot = 0;
          for (let r = 0; r < n; r++) dot += vectors[r * n + j] * vectors[r * n + k];
          expect(Math.abs(dot - (j === k ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('finds a known spectrum, repeated eigenvalues included (1e-13)', () => {
    // Q·diag(5, 2, 2, −1)·Qᵀ with Q a Householder reflection I − 2uuᵀ/uᵀu, u = (1, 2, 3, 4).
    const u = [1, 2, 3, 4];
    const uu = 30;
    const q = (i: number, j: number): number => (i === j ? 1 : 0) - (2 * u[i] * u[j]) / uu;
    const d = [5, 2, 2, -1];
    const a = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) a[i * 4 + j] += q(i, k) * d[k] * q(j, k);
    const { values } = symmetricEigen(a, 4);
    [5, 2, 2, -1].forEach((expected, j) => expect(Math.abs(values[j] - expected)).toBeLessThan(1e-13));
  });

  it('is deterministic and leaves its input alone', () => {
    const a = randomSymmetric(12, 9);
    const copy = Float64Array.from(a);
    const first = symmetricEigen(a, 12);
    const second = symmetricEigen(a, 12);
    expect(Array.from(a)).toEqual(Array.from(copy));
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => symmetricEigen(new Float64Array(5), 2)).toThrow(RangeError);
  });
});

/** Q·diag(spectrum)·Qᵀ with Q from the Jacobi eigenvectors of a random matrix (orthogonal). */
function withSpectrum(spectrum: number[], seed: number): Float64Array {
  const n = spectrum.length;
  const q = symmetricEigen(randomSymmetric(n, seed), n).vectors;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += q[i * n + k] * spectrum[k] * q[j * n + k];
      a[i * n + j] = a[j * n + i] = sum;
    }
  }
  return a;
}

describe('topEigenpairs above the Jacobi size (tridiagonal path)', () => {
  function check(a: Float64Array, n: number, k: number): Float64Array {
    const top = topEigenpairs(a, n, k);
    const scale = maxAbs(a) * n;
    for (let j = 0; j < k; j++) {
      for (let r = 0; r < n; r++) {
        let av = 0;
        for (let c = 0; c < n; c++) av += a[r * n + c] * top.vectors[c * k + j];
        expect(Math.abs(av - top.values[j] * top.vectors[r * k + j])).toBeLessThan(1e-11 * scale);
      }
      for (let l = 0; l <= j; l++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += top.vectors[r * k + j] * top.vectors[r * k + l];
        expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
    return top.values;
  }

  it('agrees with Jacobi on a random matrix (residual 1e-11·n·max|A|, values 1e-12 relative)', () => {
    const n = JACOBI_MAX_ORDER + 54;
    const a = randomSymmetric(n, 31);
    const values = check(a, n, 8);
    const jacobi = symmetricEigen(a, n).values;
    values.forEach((v, j) => expect(Math.abs(v - jacobi[j]) / Math.abs(jacobi[0])).toBeLessThan(1e-12));
  });

  it('handles a repeated top eigenvalue and a rank-deficient matrix', () => {
    const n = 120;
    const spectrum = Array.from({ length: n }, (_, i) => (i < 3 ? 7 : i < 10 ? 5 - i / 10 : 0));
    const values = check(withSpectrum(spectrum, 5), n, 8);
    [7, 7, 7, 4.7, 4.6, 4.5, 4.4, 4.3].forEach((v, j) => expect(Math.abs(values[j] - v)).toBeLessThan(1e-11 * 7 * n));
  });
});
