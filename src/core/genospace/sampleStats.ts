// Per-sample summaries (Yelmen et al. 2021): heterozygosity, the share of a sample's called SNPs
// that are heterozygous (dosage 1), and its ALT allele count Σ dosage over called SNPs.
import { MISSING_DOSAGE } from '../genotype/types';
import type { GenotypeMatrix } from './matrix';

export interface SampleStatistics {
  /** Heterozygous calls / called SNPs per sample (NaN when none is called). */
  heterozygosity: Float64Array;
  /** Copies of ALT over the called SNPs per sample. */
  altAlleleCount: Float64Array;
  /** Called (non-missing) SNPs per sample. */
  called: Int32Array;
}

export function sampleStatistics(m: GenotypeMatrix): SampleStatistics {
  const heterozygosity = new Float64Array(m.samples);
  const altAlleleCount = new Float64Array(m.samples);
  const called = new Int32Array(m.samples);
  for (let i = 0; i < m.samples; i++) {
    let het = 0;
    let alt = 0;
    let n = 0;
    for (let j = i * m.snps, end = j + m.snps; j < end; j++) {
      const d = m.data[j];
      if (d === MISSING_DOSAGE) continue;
      n++;
      alt += d;
      if (d === 1) het++;
    }
    heterozygosity[i] = n > 0 ? het / n : Number.NaN;
    altAlleleCount[i] = alt;
    called[i] = n;
  }
  return { heterozygosity, altAlleleCount, called };
}
