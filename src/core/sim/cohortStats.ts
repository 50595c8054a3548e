// Summary statistics that check a cohort against its simulation truth (tests, benchmarks):
// allele frequencies, LD r², a Balding–Nichols F_ST moment estimator and the trend test.
// Missing calls are left out pair-wise; they never enter as a value.

import type { PackedDosages } from '../genotype/packedDosages';
import { MISSING_DOSAGE } from '../genotype/types';

/** ALT frequency of one dosage row over its called samples (NaN when none is called). */
export function altFrequency(row: Int8Array): number {
  let sum = 0;
  let called = 0;
  for (const d of row) {
    if (d === MISSING_DOSAGE) continue;
    sum += d;
    called++;
  }
  return called > 0 ? sum / (2 * called) : Number.NaN;
}

/** Pearson correlation of x and y over samples where both are called and `keep` (if given) is set. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>, keep?: (i: number) => boolean): number {
  let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === MISSING_DOSAGE || y[i] === MISSING_DOSAGE || (keep && !keep(i))) continue;
    n++;
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    syy += y[i] * y[i];
    sxy += x[i] * y[i];
  }
  const cov = sxy - (sx * sy) / n;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : Number.NaN;
}

/** Genotype r² of two SNPs (NaN when either is monomorphic among the shared calls). */
export function rSquared(a: Int8Array, b: Int8Array): number {
  const r = correlation(a, b);
  return r * r;
}

/**
 * Cochran–Armitage trend test for case/control labels 0/1, as N·r² of dosage and label
 * (Armitage 1955; the N·r² form is exact for the score test). 0 when the SNP is monomorphic.
 */
export function trendChiSquare(row: Int8Array, labels: Int8Array): number {
  let n = 0;
  for (let i = 0; i < row.length; i++) if (row[i] !== MISSING_DOSAGE && labels[i] >= 0) n++;
  const r = correlation(row, labels, (i) => labels[i] >= 0);
  return Number.isNaN(r) ? 0 : n * r * r;
}

/**
 * F_ST of K subpopulations under Balding–Nichols, a ratio of averages over SNPs:
 * F̂ = Σ_j (s²_j − c_j) / Σ_j (p̄_j(1 − p̄_j) + s²_j / K), with s²_j the variance of the
 * subpopulation frequencies around their plain mean p̄_j (E s² = F·p(1−p)), c_j the mean
 * sampling variance p̂(1−p̂)/(2n − 1), and s²/K restoring E p̄(1 − p̄) to p(1 − p).
 */
export function estimateFst(dosages: PackedDosages, subpops: ArrayLike<number>): number {
  const sampleCount = dosages.samples;
  const row = new Int8Array(sampleCount);
  const k = Math.max(...Array.from(subpops)) + 1;
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  let numerator = 0;
  let denominator = 0;
  for (let v = 0; v < dosages.variants; v++) {
    sums.fill(0);
    counts.fill(0);
    dosages.decodeRow(v, row);
    for (let i = 0; i < sampleCount; i++) {
      const d = row[i];
      if (d === MISSING_DOSAGE) continue;
      sums[subpops[i]] += d;
      counts[subpops[i]]++;
    }
    const freqs = Array.from(sums, (s, j) => s / (2 * counts[j]));
    const mean = freqs.reduce((a, p) => a + p, 0) / k;
    const s2 = freqs.reduce((a, p) => a + (p - mean) * (p - mean), 0) / (k - 1);
    const sampling = freqs.reduce((a, p, j) => a + (p * (1 - p)) / (2 * counts[j] - 1), 0) / k;
    numerator += s2 - sampling;
    denominator += mean * (1 - mean) + s2 / k;
  }
  return numerator / denominator;
}
