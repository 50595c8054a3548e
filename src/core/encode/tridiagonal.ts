// Top-k eigenpairs of a larger symmetric matrix, for genes with hundreds of SNPs where cyclic
// Jacobi (~50 n³ flops) gets slow: Householder tridiagonalisation T = QᵀAQ (Golub & Van Loan,
// 4th ed., Alg. 8.3.1, ~4n³/3 flops), the k largest eigenvalues of T by Sturm-sequence
// bisection (ibid. §8.4.1), their eigenvectors by inverse iteration on T − λI with partial
// pivoting and reorthogonalisation (the approach of LAPACK dstebz + dstein), then x = Q·y.
// Written by hand for the same reason as eigen.ts; only k ≤ 8 vectors are ever needed.

import { createRng } from '../rng';
import type { TopEigen } from './eigen';

interface Tridiagonal {
  diag: Float64Array;
  /** off[i] couples rows i and i + 1. */
  off: Float64Array;
  /** Unit Householder vectors: reflector k acts on rows k + 1 … n − 1. */
  reflectors: Float64Array[];
}

/** A = Q T Qᵀ with Q = H_0 H_1 … H_{n−3}, H_k = I − 2 v_k v_kᵀ. */
function tridiagonalise(matrix: Float64Array, n: number): Tridiagonal {
  const a = Float64Array.from(matrix);
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(0, n - 1));
  const reflectors: Float64Array[] = [];
  for (let k = 0; k < n - 2; k++) {
    const m = n - k - 1;
    const v = new Float64Array(m);
    let norm = 0;
    for (let i = 0; i < m; i++) { v[i] = a[(k + 1 + i) * n + k]; norm += v[i] * v[i]; }
    norm = Math.sqrt(norm);
    const alpha = v[0] > 0 ? -norm : norm;
    v[0] -= alpha;
    const vNorm = euclideanNorm(v);
    diag[k] = a[k * n + k];
    off[k] = alpha;
    if (vNorm === 0) { reflectors.push(v); continue; }
    for (let i = 0; i < m; i++) v[i] /= vNorm;
    reflectors.push(v);
    applyReflectorBothSides(a, n, k + 1, v);
  }
  if (n >= 2) { diag[n - 2] = a[(n - 2) * n + n - 2]; off[n - 2] = a[(n - 1) * n + n - 2]; }
  if (n >= 1) diag[n - 1] = a[(n - 1) * n + n - 1];
  return { diag, off, reflectors };
}

/** B ← H B H on the trailing block from row/column `from`: p = 2Bv, w = p − (vᵀp)v, B −= vwᵀ + wvᵀ. */
function applyReflectorBothSides(a: Float64Array, n: number, from: number, v: Float64Array): void {
  const m = v.length;
  const w = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += a[(from + i) * n + from + j] * v[j];
    w[i] = 2 * sum;
  }
  let vw = 0;
  for (let i = 0; i < m; i++) vw += v[i] * w[i];
  for (let i = 0; i < m; i++) w[i] -= vw * v[i];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) a[(from + i) * n + from + j] -= v[i] * w[j] + w[i] * v[j];
  }
}

/** Number of eigenvalues of T below x (Sturm count from the LDLᵀ pivots). */
function countBelow(t: Tridiagonal, x: number, tiny: number): number {
  let count = 0;
  let q = 1;
  for (let i = 0; i < t.diag.length; i++) {
    const coupling = i > 0 ? (t.off[i - 1] * t.off[i - 1]) / q : 0;
    q = t.diag[i] - x - coupling;
    if (q === 0) q = -tiny;
    if (q < 0) count++;
  }
  return count;
}

/** The eigenvalue with ascending index `index`, by bisection inside the Gershgorin bounds. */
function bisect(t: Tridiagonal, index: number, low: number, high: number, tiny: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > 2 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi)) + tiny) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (countBelow(t, mid, tiny) > index) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** Solves (T − λI) x = rhs in place by Gaussian elimination with partial pivoting (dgttrf/dgttrs). */
function solveShifted(t: Tridiagonal, lambda: number, rhs: Float64Array, tiny: number): void {
  const n = t.diag.length;
  const d = t.diag.map((x) => x - lambda);
  const sup = Float64Array.from(t.off);
  const sub = Float64Array.from(t.off);
  const sup2 = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(d[i]) >= Math.abs(sub[i])) {
      if (d[i] === 0) d[i] = tiny;
      const f = sub[i] / d[i];
      d[i + 1] -= f * sup[i];
      rhs[i + 1] -= f * rhs[i];
    } else {
      const f = d[i] / sub[i];
      const [oldSup, oldRhs] = [sup[i], rhs[i]];
      d[i] = sub[i];
      sup[i] = d[i + 1];
      d[i + 1] = oldSup - f * sup[i];
      if (i < n - 2) { sup2[i] = sup[i + 1]; sup[i + 1] = -f * sup2[i]; }
      rhs[i] = rhs[i + 1];
      rhs[i + 1] = oldRhs - f * rhs[i];
    }
  }
  if (d[n - 1] === 0) d[n - 1] = tiny;
  for (let i = n - 1; i >= 0; i--) {
    const next = i + 1 < n ? sup[i] * rhs[i + 1] : 0;
    const next2 = i + 2 < n ? sup2[i] * rhs[i + 2] : 0;
    rhs[i] = (rhs[i] - next - next2) / d[i];
  }
}

function euclideanNorm(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum);
}

function normalise(x: Float64Array): void {
  const norm = euclideanNorm(x) || 1;
  for (let i = 0; i < x.length; i++) x[i] /= norm;
}

/** Eigenvector of T for λ by inverse iteration, orthogonal to the vectors found before it. */
function inverseIteration(t: Tridiagonal, lambda: number, previous: Float64Array[], seed: number, tiny: number): Float64Array {
  const rng = createRng(seed, 0xe16);
  const y = Float64Array.from(t.diag, () => rng.nextUnit() - 0.5);
  for (let iteration = 0; iteration < 4; iteration++) {
    normalise(y);
    solveShifted(t, lambda, y, tiny);
    for (const p of previous) {
      let dot = 0;
      for (let i = 0; i < y.length; i++) dot += y[i] * p[i];
      for (let i = 0; i < y.length; i++) y[i] -= dot * p[i];
    }
  }
  normalise(y);
  return y;
}

/** x = Q y = H_0 (H_1 (… H_{n−3} y)). */
function backTransform(t: Tridiagonal, y: Float64Array): Float64Array {
  const x = Float64Array.from(y);
  for (let k = t.reflectors.length - 1; k >= 0; k--) {
    const v = t.reflectors[k];
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i] * x[k + 1 + i];
    for (let i = 0; i < v.length; i++) x[k + 1 + i] -= 2 * dot * v[i];
  }
  return x;
}

/** The k largest eigenpairs of the symmetric [n × n] matrix (row-major, left unmodified). */
export function topSymmetricEigen(matrix: Float64Array, n: number, k: number): TopEigen {
  const t = tridiagonalise(matrix, n);
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    const radius = (i > 0 ? Math.abs(t.off[i - 1]) : 0) + (i < n - 1 ? Math.abs(t.off[i]) : 0);
    low = Math.min(low, t.diag[i] - radius);
    high = Math.max(high, t.diag[i] + radius);
  }
  // Replaces exact zero pivots; also the bisection's absolute tolerance.
  const tiny = Math.max(Number.EPSILON * Math.max(Math.abs(low), Math.abs(high)), 1e-300);
  const count = Math.min(k, n);
  const values = new Float64Array(count);
  const vectors = new Float64Array(n * count);
  const found: Float64Array[] = [];
  for (let j = 0; j < count; j++) {
    values[j] = bisect(t, n - 1 - j, low, high, tiny);
    const y = inverseIteration(t, values[j], found, j + 1, tiny);
    found.push(y);
    backTransform(t, y).forEach((x, r) => { vectors[r * count + j] = x; });
  }
  return { values, vectors };
}
