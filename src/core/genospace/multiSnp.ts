// 2- and 3-SNP correlation agreement (Yelmen et al. 2021, their pairwise and 3-point statistics):
// for nearby SNPs — pairs (a, b) with 0 < b − a ≤ span and triplets (a, b, c) with a < b < c,
// c − a ≤ span, in column order — the ALT co-occurrence frequency in a set, E[(d_a/2)(d_b/2)] and
// E[(d_a/2)(d_b/2)(d_c/2)] over the samples that call every SNP of the tuple (on 0/1 haplotypes
// exactly the frequency of carrying ALT at all of them); then Pearson r of the real and synthetic
// frequencies over the tuples both sets define. Cheap: n · p · span² operations.
import { InvalidRequestError } from '../errors';
import { MISSING_DOSAGE } from '../genotype/types';
import { correlation } from '../sim/cohortStats';
import type { GenotypeMatrix } from './matrix';

export interface CoOccurrence {
  /** Tuples both sets define (each called by at least one sample in each). */
  tuples: number;
  /** Pearson r of the real and synthetic frequencies; NaN when either is constant or < 2 tuples. */
  pearson: number;
}

export interface MultiSnpAgreement {
  span: number;
  pairs: CoOccurrence;
  triplets: CoOccurrence;
}

/** Co-occurrence frequency of every tuple, in the order of `forEachTuple`; NaN where no sample calls all its SNPs. */
function frequencies(m: GenotypeMatrix, span: number, size: 2 | 3): Float64Array {
  const out: number[] = [];
  const { samples: n, snps: p, data } = m;
  const at = (i: number, j: number) => data[i * p + j];
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p && b - a <= span; b++) {
      if (size === 2) {
        let sum = 0;
        let called = 0;
        for (let i = 0; i < n; i++) {
          const x = at(i, a), y = at(i, b);
          if (x === MISSING_DOSAGE || y === MISSING_DOSAGE) continue;
          sum += x * y;
          called++;
        }
        out.push(called > 0 ? sum / (4 * called) : Number.NaN);
        continue;
      }
      for (let c = b + 1; c < p && c - a <= span; c++) {
        let sum = 0;
        let called = 0;
        for (let i = 0; i < n; i++) {
          const x = at(i, a), y = at(i, b), z = at(i, c);
          if (x === MISSING_DOSAGE || y === MISSING_DOSAGE || z === MISSING_DOSAGE) continue;
          sum += x * y * z;
          called++;
        }
        out.push(called > 0 ? sum / (8 * called) : Number.NaN);
      }
    }
  }
  return Float64Array.from(out);
}

function agreement(real: Float64Array, synthetic: Float64Array): CoOccurrence {
  const keep: number[] = [];
  for (let t = 0; t < real.length; t++) if (!Number.isNaN(real[t]) && !Number.isNaN(synthetic[t])) keep.push(t);
  const x = Float64Array.from(keep, (t) => real[t]);
  const y = Float64Array.from(keep, (t) => synthetic[t]);
  return { tuples: keep.length, pearson: keep.length >= 2 ? correlation(x, y) : Number.NaN };
}

/** Pairwise and triplet co-occurrence agreement of two sets over the same SNPs (columns in genome order). */
export function multiSnpAgreement(real: GenotypeMatrix, synthetic: GenotypeMatrix, span: number): MultiSnpAgreement {
  if (real.snps !== synthetic.snps) throw new InvalidRequestError(`sets of ${real.snps} and ${synthetic.snps} SNPs cannot be compared`);
  if (!(Number.isInteger(span) && span >= 2)) throw new InvalidRequestError(`the 2- and 3-SNP span must be a whole number ≥ 2 SNPs, got ${span}`);
  return {
    span,
    pairs: agreement(frequencies(real, span, 2), frequencies(synthetic, span, 2)),
    triplets: agreement(frequencies(real, span, 3), frequencies(synthetic, span, 3)),
  };
}
