// The in-memory cohort every reader produces and the codec consumes. Dosages are stored
// variant-major (one row of N samples per variant, like PLINK's SNP-major .bed) so a gene's
// SNPs are contiguous rows and can be processed gene by gene, packed 2 bits per call
// (packedDosages.ts): the paper's 10,405 samples take 2,602 bytes a variant, not 10,405.
import type { PackedDosages } from './packedDosages';
import type { HetPhase } from './phase';

/** Dosage value for a missing call. Never used as a number in arithmetic (REFERENCE.md). */
export const MISSING_DOSAGE = -1;

/** Column-oriented variant table; index v is the v-th variant (row of `dosages`). */
export interface VariantTable {
  chrom: string[];
  /** 1-based position (VCF POS, PLINK .bim column 4). */
  pos: Float64Array;
  id: string[];
  ref: string[];
  alt: string[];
}

/** Case/control or other categorical phenotype, one entry per sample. */
export interface Phenotype {
  /** Class index per sample, -1 when missing. */
  labels: Int8Array;
  /** Human names of the classes, index = class (e.g. ['control', 'case']). */
  classNames: string[];
}

/** A gene interval, 0-based half-open [start, end) as in BED. */
export interface GeneInterval {
  chrom: string;
  start: number;
  end: number;
  name: string;
}

export interface Cohort {
  sampleIds: string[];
  /** PLINK family ids (.fam column 1), parallel to sampleIds, when read from PLINK. */
  familyIds?: string[];
  variants: VariantTable;
  /** Variant-major [variants × samples], 2 bits a call: 0/1/2 copies of ALT or MISSING_DOSAGE. */
  dosages: PackedDosages;
  /** The het calls' phase (phase.ts) when every call was read phased: the cohort's haplotypes. */
  phase?: HetPhase;
  /** Why there is no `phase` (an unphased or missing call, a PLINK .bed), when the reader said. */
  unphasedReason?: string;
  phenotype?: Phenotype;
  genes?: GeneInterval[];
}

export function variantCount(cohort: Cohort): number {
  return cohort.variants.pos.length;
}

/**
 * The dosage row of variant v decoded into `scratch` (reuse one across rows; default a new
 * array). A copy: writing into it does not change the cohort (use `cohort.dosages.set`).
 */
export function dosageRow(cohort: Cohort, v: number, scratch?: Int8Array): Int8Array {
  return cohort.dosages.decodeRow(v, scratch).subarray(0, cohort.sampleIds.length);
}
