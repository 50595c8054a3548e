// Symmetric eigen-decomposition for the per-gene PCA. Written by hand: no well-kept JS package
// offers a pure-TS symmetric eigen solver without pulling in a heavy dependency, and the
// matrices are small (a gene's covariance, at most a few hundred rows).
//
// Cyclic Jacobi (Golub & Van Loan, "Matrix Computations", 4th ed., §8.5; rotation formulas of
// Numerical Recipes 3rd ed. §11.1, eq. 11.1.8–11.1.18): each rotation zeroes one off-diagonal
// pair with θ = (a_qq − a_pp) / (2 a_pq), t = sgn θ / (|θ| + √(θ² + 1)), c = 1/√(t² + 1), s = t·c.
// It is backward stable and accurate for small eigenvalues, which matters for genes whose
// covariance is nearly rank-deficient (SNPs in tight LD).

import { topSymmetricEigen } from './tridiagonal';

/** Eigenvalues (descending) and unit eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** Matrix order n. */
  order: number;
  /** Eigenvalues sorted from largest to smallest. */
  values: Float64Array;
  /** Row-major [n × n]; column j is the eigenvector of values[j]. */
  vectors: Float64Array;
}

/** Sweeps after which Jacobi gives up; quadratic convergence needs ~6–10 in practice. */
const MAX_SWEEPS = 64;
/** Stop when the off-diagonal Frobenius norm is below this share of the whole norm. */
const RELATIVE_OFF_DIAGONAL_TOLERANCE = 1e-15;

function offDiagonalNorm(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) sum += a[i * n + j] * a[i * n + j];
  }
  return Math.sqrt(2 * sum);
}

function frobeniusNorm(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * a[i];
  return Math.sqrt(sum);
}

/** One Jacobi rotation in the (p, q) plane, applied to A (both triangles) and to V. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number): void {
  const apq = a[p * n + q];
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  // For huge θ, θ² would overflow: t ≈ 1/(2θ) there (Numerical Recipes eq. 11.1.18 note).
  const t = Math.abs(theta) > 1e150
    ? 1 / (2 * theta)
    : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  a[p * n + p] -= t * apq;
  a[q * n + q] += t * apq;
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let r = 0; r < n; r++) {
    if (r !== p && r !== q) {
      const arp = a[r * n + p];
      const arq = a[r * n + q];
      const newRp = c * arp - s * arq;
      const newRq = s * arp + c * arq;
      a[r * n + p] = newRp;
      a[p * n + r] = newRp;
      a[r * n + q] = newRq;
      a[q * n + r] = newRq;
    }
    const vrp = v[r * n + p];
    const vrq = v[r * n + q];
    v[r * n + p] = c * vrp - s * vrq;
    v[r * n + q] = s * vrp + c * vrq;
  }
}

/**
 * Eigen-decomposition of the symmetric matrix `matrix` (row-major [n × n], only symmetric
 * input is meaningful; it is not modified). Deterministic: the same input gives the same bits.
 */
export function symmetricEigen(matrix: Float64Array, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new RangeError(`expected ${n * n} entries, got ${matrix.length}`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const tolerance = RELATIVE_OFF_DIAGONAL_TOLERANCE * frobeniusNorm(a);
  for (let sweep = 0; sweep < MAX_SWEEPS && offDiagonalNorm(a, n) > tolerance; sweep++) {
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        // Exact zeros need no rotation; tiny ones are still rotated so the sweep converges.
        if (a[p * n + q] !== 0) rotate(a, v, n, p, q);
      }
    }
  }
  return sortDescending(a, v, n);
}

function sortDescending(a: Float64Array, v: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i);
  // Ties keep the original index order, so the result stays deterministic.
  order.sort((i, j) => a[j * n + j] - a[i * n + i] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from];
    for (let r = 0; r < n; r++) vectors[r * n + to] = v[r * n + from];
  });
  return { order: n, values, vectors };
}

/** The k largest eigenpairs: values descending, vectors row-major [n × k]. */
export interface TopEigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * Above this order the tridiagonal path (tridiagonal.ts, ~n³ flops for k ≤ 8 vectors) beats
 * Jacobi (~50 n³); below it Jacobi is fast and the most accurate.
 */
export const JACOBI_MAX_ORDER = 96;

/** The k largest eigenpairs of a symmetric matrix, by Jacobi or, when large, tridiagonalisation. */
export function topEigenpairs(matrix: Float64Array, n: number, k: number): TopEigen {
  const count = Math.min(k, n);
  if (n > JACOBI_MAX_ORDER) return topSymmetricEigen(matrix, n, count);
  const all = symmetricEigen(matrix, n);
  const vectors = new Float64Array(n * count);
  for (let r = 0; r < n; r++) for (let j = 0; j < count; j++) vectors[r * count + j] = all.vectors[r * n + j];
  return { values: all.values.slice(0, count), vectors };
}
