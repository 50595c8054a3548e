// PLINK 1 binary fileset writer (https://www.cog-genomics.org/plink/1.9/formats#bed).
// .bed: magic 0x6c 0x1b, 0x01 = SNP-major, then per variant ⌈N/4⌉ bytes, sample i in bits
// 2(i mod 4) and up (low bits first); codes 00 hom A1, 01 missing, 10 het, 11 hom A2, unused
// bits 0. .bim: A1 = ALT, A2 = REF, so dosage = copies of A1 = copies of ALT, as plink1.9
// --keep-allele-order makes from a VCF and exports with --recode vcf. These are the packed
// store's own codes and layout (packedDosages.ts): .bed rows are copied out as they are.
// .fam: FID = IID, phenotype 1 control / 2 case / −9 missing.

import { checkCohortShape, checkFieldText, concatChunks, chunksToText, encodeLines, targetChunkBytes } from './writeChunks';
import type { Cohort } from './types';

export const bedMagic = Uint8Array.of(0x6c, 0x1b, 0x01);

/** The .bed file as chunks. */
export function* bedChunks(cohort: Cohort): Generator<Uint8Array> {
  checkCohortShape(cohort);
  yield bedMagic.slice();
  const variantsPerChunk = Math.max(1, Math.floor(targetChunkBytes / Math.max(1, Math.ceil(cohort.sampleIds.length / 4))));
  const variantCount = cohort.variants.pos.length;
  for (let v = 0; v < variantCount; v += variantsPerChunk) {
    yield cohort.dosages.copyRows(v, Math.min(variantCount, v + variantsPerChunk));
  }
}

function* bimLines(cohort: Cohort): Generator<string> {
  const { chrom, pos, id, ref, alt } = cohort.variants;
  for (let v = 0; v < pos.length; v++) {
    checkFieldText('variant id', id[v] || '.', /\s/);
    yield `${chrom[v]}\t${id[v] || '.'}\t0\t${pos[v]}\t${alt[v] || '.'}\t${ref[v]}\n`;
  }
}

/** The .bim file as chunks: chrom, id, cM (0), position, A1 (ALT), A2 (REF). */
export function bimChunks(cohort: Cohort): Generator<Uint8Array> {
  return encodeLines(bimLines(cohort));
}

/** .fam phenotype code of a class index: 0 → 1 (control), 1 → 2 (case), otherwise −9. */
function famPhenotype(cohort: Cohort, i: number): string {
  const phenotype = cohort.phenotype;
  if (!phenotype || phenotype.classNames.length > 2) return '-9';
  const label = phenotype.labels[i];
  return label === 0 ? '1' : label === 1 ? '2' : '-9';
}

function* famLines(cohort: Cohort): Generator<string> {
  for (let i = 0; i < cohort.sampleIds.length; i++) {
    const id = cohort.sampleIds[i];
    checkFieldText('sample id', id, /\s/);
    yield `${id} ${id} 0 0 0 ${famPhenotype(cohort, i)}\n`;
  }
}

/**
 * The .fam file as chunks: FID = IID = sample id, no parents, sex unknown (0) and the binary
 * phenotype. A phenotype of more than two classes is written −9 (the phenotype TSV keeps it).
 */
export function famChunks(cohort: Cohort): Generator<Uint8Array> {
  return encodeLines(famLines(cohort));
}

export interface PlinkFileset {
  bed: Uint8Array;
  bim: string;
  fam: string;
}

/** The three files in memory (tests, small cohorts). */
export function plinkFileset(cohort: Cohort): PlinkFileset {
  return { bed: concatChunks(bedChunks(cohort)), bim: chunksToText(bimChunks(cohort)), fam: chunksToText(famChunks(cohort)) };
}
