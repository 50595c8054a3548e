// Linkage disequilibrium (Yelmen et al. 2021, Fig. 3): genotype r², the squared Pearson
// correlation of two SNPs' dosages over the samples that call both, in a window of consecutive
// SNPs; and LD decay, the mean r² of every pair in the window by physical-distance bin.
import { InvalidRequestError } from '../errors';
import { rSquared } from '../sim/cohortStats';
import { snpColumn } from './alleleFrequency';
import type { GenotypeMatrix } from './matrix';

export interface LdWindow {
  /** First SNP (column) of the window. */
  start: number;
  /** SNPs in the window. */
  length: number;
}

function checkWindow(m: GenotypeMatrix, window: LdWindow): void {
  const { start, length } = window;
  if (!(Number.isInteger(start) && Number.isInteger(length) && start >= 0 && length >= 1 && start + length <= m.snps)) {
    throw new InvalidRequestError(`LD window of ${length} SNPs from SNP ${start} does not fit ${m.snps} SNPs`);
  }
}

function windowColumns(m: GenotypeMatrix, window: LdWindow): Int8Array[] {
  return Array.from({ length: window.length }, (_, k) => snpColumn(m, window.start + k));
}

/** Row-major [w × w] r²; the diagonal is 1 for a polymorphic SNP; NaN for a monomorphic one. */
export function ldMatrix(m: GenotypeMatrix, window: LdWindow): Float64Array {
  checkWindow(m, window);
  const w = window.length;
  const columns = windowColumns(m, window);
  const out = new Float64Array(w * w);
  for (let a = 0; a < w; a++) {
    for (let b = a; b < w; b++) {
      const r2 = rSquared(columns[a], columns[b]);
      out[a * w + b] = r2;
      out[b * w + a] = r2;
    }
  }
  return out;
}

export interface LdDecayBin {
  /** Distance range [lowerBp, upperBp) in base pairs. */
  lowerBp: number;
  upperBp: number;
  /** Mean r² of the pairs in the bin (NaN pairs, monomorphic SNPs, left out); null when none. */
  meanR2: number | null;
  pairs: number;
}

export interface LdDecaySettings {
  window: LdWindow;
  /** Width of each distance bin in bp. */
  binBp: number;
  bins: number;
}

/**
 * Mean r² by |pos_a − pos_b| bin over the pairs a < b of the window; pairs beyond the last bin, and
 * pairs on different chromosomes when `chroms` is given, are left out.
 */
export function ldDecay(m: GenotypeMatrix, positions: ArrayLike<number>, settings: LdDecaySettings, chroms?: readonly string[]): LdDecayBin[] {
  const { window, binBp, bins } = settings;
  checkWindow(m, window);
  if (positions.length !== m.snps) throw new InvalidRequestError(`${positions.length} positions for ${m.snps} SNPs`);
  if (!(binBp > 0 && Number.isInteger(bins) && bins >= 1)) throw new InvalidRequestError(`LD decay needs bins ≥ 1 of a width > 0 bp, got ${bins} × ${binBp}`);
  const sums = new Float64Array(bins);
  const counts = new Int32Array(bins);
  const columns = windowColumns(m, window);
  for (let a = 0; a < window.length; a++) {
    for (let b = a + 1; b < window.length; b++) {
      if (chroms && chroms[window.start + a] !== chroms[window.start + b]) continue;
      const bin = Math.floor(Math.abs(positions[window.start + b] - positions[window.start + a]) / binBp);
      if (bin >= bins) continue;
      const r2 = rSquared(columns[a], columns[b]);
      if (Number.isNaN(r2)) continue;
      sums[bin] += r2;
      counts[bin]++;
    }
  }
  return Array.from({ length: bins }, (_, k) => ({
    lowerBp: k * binBp, upperBp: (k + 1) * binBp, meanR2: counts[k] > 0 ? sums[k] / counts[k] : null, pairs: counts[k],
  }));
}
