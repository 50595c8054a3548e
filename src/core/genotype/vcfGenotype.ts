// Reads the GT value of one VCF sample column straight from the line's bytes: the hot loop of
// the VCF reader runs once per sample per variant, so it allocates nothing and decodes no text.
import { MISSING_DOSAGE } from './types';

const colon = 0x3a;
const slash = 0x2f;
const pipe = 0x7c;
const dot = 0x2e;
const digit0 = 0x30;
const digit9 = 0x39;
/** Allele indices above this are refused before they can overflow (VCF sites have a few ALTs). */
const maxAlleleIndex = 1_000_000;

/** `parseGenotype` result for a GT that is not alleles joined by '/' or '|'. */
export const malformedGenotype = -1;
/** `parseGenotype` result for more than two alleles (polyploid calls). */
export const polyploidGenotype = -2;
/** Allele value written for '.', a missing allele. */
export const missingAllele = -1;
/** Slot of `alleles` that `parseGenotype` sets to 1 when a diploid call's alleles are joined by '|' (phased), else 0. */
export const phasedSlot = 2;

/**
 * Finds field `gtIndex` of the ':'-separated sample column line[start, end) and parses it into
 * `alleles` (allele indices, `missingAllele` for '.'). Returns the ploidy (1 or 2), 0 when the
 * column has no GT value (absent, empty or '.' trailing fields dropped), or a negative code.
 * `alleles` needs 3 slots: the third is `phasedSlot`.
 */
export function parseGenotype(line: Uint8Array, start: number, end: number, gtIndex: number, alleles: Int32Array): number {
  let at = start;
  for (let skip = gtIndex; skip > 0; skip--) {
    while (at < end && line[at] !== colon) at++;
    if (at >= end) return 0;
    at++;
  }
  let stop = at;
  while (stop < end && line[stop] !== colon) stop++;
  if (stop === at) return 0;
  return parseAlleles(line, at, stop, alleles);
}

function parseAlleles(line: Uint8Array, start: number, end: number, alleles: Int32Array): number {
  let ploidy = 0;
  alleles[phasedSlot] = 0;
  // VCF 4.4 may prefix the first allele with its phasing ('|0|1', '/1'); the separator between the alleles is what pairs them.
  let at = start < end && (line[start] === slash || line[start] === pipe) ? start + 1 : start;
  for (;;) {
    if (at >= end) return malformedGenotype;
    let allele: number;
    if (line[at] === dot) {
      allele = missingAllele;
      at++;
    } else {
      allele = 0;
      const digitsStart = at;
      while (at < end && line[at] >= digit0 && line[at] <= digit9) {
        allele = allele * 10 + (line[at] - digit0);
        if (allele > maxAlleleIndex) return malformedGenotype;
        at++;
      }
      if (at === digitsStart) return malformedGenotype;
    }
    if (ploidy === 2) return polyploidGenotype;
    alleles[ploidy++] = allele;
    if (at === end) return ploidy;
    if (line[at] !== slash && line[at] !== pipe) return malformedGenotype;
    alleles[phasedSlot] = line[at] === pipe ? 1 : 0;
    at++;
  }
}

/**
 * Copies of ALT allele `altIndex` (1-based) in a parsed call; MISSING_DOSAGE when any allele is
 * missing (so a half call like ./1 is missing, as with `plink1.9 --vcf-half-call missing`).
 * A haploid call counts as two copies, as PLINK 1.9 imports it (it stores haploid X/Y/MT calls
 * as homozygous), so our dosages agree with a .bed made from the same VCF.
 */
export function altDosage(alleles: Int32Array, ploidy: number, altIndex: number): number {
  if (ploidy === 0 || alleles[0] === missingAllele) return MISSING_DOSAGE;
  if (ploidy === 1) return alleles[0] === altIndex ? 2 : 0;
  if (alleles[1] === missingAllele) return MISSING_DOSAGE;
  return (alleles[0] === altIndex ? 1 : 0) + (alleles[1] === altIndex ? 1 : 0);
}
