// Helpers shared by the simulator's tests: which gene interval holds each variant, rows, means.

import type { Cohort } from '../genotype/types';

/** Gene index of each variant by its gene interval (BED [start, end) holds 1-based pos − 1), or −1. */
export function geneOfVariants(cohort: Cohort): Int32Array {
  const genes = cohort.genes ?? [];
  const out = new Int32Array(cohort.variants.pos.length).fill(-1);
  for (let v = 0; v < out.length; v++) {
    const at = cohort.variants.pos[v] - 1;
    out[v] = genes.findIndex((g) => g.chrom === cohort.variants.chrom[v] && at >= g.start && at < g.end);
  }
  return out;
}

/** Dosage row of variant v, decoded (a copy). */
export function rowOf(cohort: Cohort, v: number): Int8Array {
  return cohort.dosages.decodeRow(v);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
