// Allele frequencies synthetic vs real (Yelmen et al. 2021, Fig. 2): per SNP the ALT frequency
// Σ dosage / (2 · called samples) in each set, then Pearson r and RMSE over the SNPs both sets call.
import { altFrequency, correlation } from '../sim/cohortStats';
import type { GenotypeMatrix } from './matrix';

/** Column j of a sample-major matrix (copied; missing stays MISSING_DOSAGE). */
export function snpColumn(m: GenotypeMatrix, j: number, out = new Int8Array(m.samples)): Int8Array {
  for (let i = 0; i < m.samples; i++) out[i] = m.data[i * m.snps + j];
  return out;
}

/** ALT frequency of every SNP; NaN where no sample is called. */
export function alleleFrequencies(m: GenotypeMatrix): Float64Array {
  const out = new Float64Array(m.snps);
  const column = new Int8Array(m.samples);
  for (let j = 0; j < m.snps; j++) out[j] = altFrequency(snpColumn(m, j, column));
  return out;
}

export interface AlleleFrequencyComparison {
  real: Float64Array;
  synthetic: Float64Array;
  /** Pearson r of the two frequency vectors over `snps` SNPs (NaN when either is constant). */
  pearson: number;
  /** √(mean (f_syn − f_real)²) over the same SNPs. */
  rmse: number;
  /** SNPs called in both sets (the others are left out of r and RMSE). */
  snps: number;
}

export function compareAlleleFrequencies(real: GenotypeMatrix, synthetic: GenotypeMatrix): AlleleFrequencyComparison {
  const fr = alleleFrequencies(real);
  const fs = alleleFrequencies(synthetic);
  const both: number[] = [];
  for (let j = 0; j < fr.length; j++) if (!Number.isNaN(fr[j]) && !Number.isNaN(fs[j])) both.push(j);
  const x = Float64Array.from(both, (j) => fr[j]);
  const y = Float64Array.from(both, (j) => fs[j]);
  let squares = 0;
  for (let k = 0; k < x.length; k++) squares += (y[k] - x[k]) ** 2;
  return { real: fr, synthetic: fs, pearson: correlation(x, y), rmse: both.length > 0 ? Math.sqrt(squares / both.length) : Number.NaN, snps: both.length };
}
