// VCF 4.2 writer: one unphased diploid GT per sample (0/0, 0/1, 1/1, ./.), dosage = copies of
// ALT. Genotype columns are written as bytes straight from the packed calls (4 bytes a call), so
// a 10,000-sample line never passes through string concatenation.

import { checkCohortShape, checkFieldText, concatChunks, encodeLines, gzipChunks, targetChunkBytes, type GzipChunkOptions } from './writeChunks';
import { codeAt } from './packedDosages';
import type { Cohort } from './types';

export interface VcfWriteOptions {
  /** Written as ##source=…; default "gene-diffusion-workbench". */
  source?: string;
  /** Wrap the text in one gzip member (fflate, mtime 0). */
  gzip?: boolean;
  gzipLevel?: GzipChunkOptions['level'];
}

const encoder = new TextEncoder();
/** GT bytes by 2-bit call code (packedDosages.ts): 00 → 1/1, 01 → ./., 10 → 0/1, 11 → 0/0. */
const genotypeBytes = ['1/1', './.', '0/1', '0/0'].map((gt) => encoder.encode(gt));
const TAB = 0x09;
const NEWLINE = 0x0a;

/** The meta lines and the #CHROM line. */
export function vcfHeader(cohort: Cohort, source = 'gene-diffusion-workbench'): string {
  const contigs = [...new Set(cohort.variants.chrom)].map((c) => `##contig=<ID=${c}>\n`);
  const columns = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...cohort.sampleIds];
  return [
    '##fileformat=VCFv4.2\n',
    `##source=${source}\n`,
    ...contigs,
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n',
    `${columns.join('\t')}\n`,
  ].join('');
}

/** Fixed columns of variant v up to and including FORMAT and its trailing tab. */
function fixedColumns(cohort: Cohort, v: number): Uint8Array {
  const { chrom, pos, id, ref, alt } = cohort.variants;
  return encoder.encode(`${chrom[v]}\t${pos[v]}\t${id[v] || '.'}\t${ref[v]}\t${alt[v] || '.'}\t.\t.\t.\tGT\t`);
}

/** Data lines of variants [from, to) as one chunk. */
function encodeVariantLines(cohort: Cohort, from: number, to: number): Uint8Array {
  const n = cohort.sampleIds.length;
  const prefixes = [];
  for (let v = from; v < to; v++) prefixes.push(fixedColumns(cohort, v));
  const out = new Uint8Array(prefixes.reduce((a, p) => a + p.length + 4 * n, 0));
  let at = 0;
  for (let v = from; v < to; v++) {
    const prefix = prefixes[v - from];
    out.set(prefix, at);
    at += prefix.length;
    const row = cohort.dosages.rowBytes(v);
    for (let i = 0; i < n; i++) {
      const gt = genotypeBytes[codeAt(row, 0, i)];
      out[at] = gt[0];
      out[at + 1] = gt[1];
      out[at + 2] = gt[2];
      out[at + 3] = i === n - 1 ? NEWLINE : TAB;
      at += 4;
    }
  }
  return out;
}

function* plainVcfChunks(cohort: Cohort, source: string | undefined): Generator<Uint8Array> {
  checkCohortShape(cohort);
  cohort.sampleIds.forEach((s) => checkFieldText('VCF sample id', s, /[\t\n\r]/));
  yield* encodeLines([vcfHeader(cohort, source)]);
  const linesPerChunk = Math.max(1, Math.floor(targetChunkBytes / (4 * cohort.sampleIds.length + 64)));
  const variantCount = cohort.variants.pos.length;
  for (let v = 0; v < variantCount; v += linesPerChunk) {
    yield encodeVariantLines(cohort, v, Math.min(variantCount, v + linesPerChunk));
  }
}

/** The VCF as chunks (gzip-compressed when options.gzip). */
export function vcfChunks(cohort: Cohort, options: VcfWriteOptions = {}): Generator<Uint8Array> {
  const plain = plainVcfChunks(cohort, options.source);
  return options.gzip ? gzipChunks(plain, { level: options.gzipLevel }) : plain;
}

/** The whole VCF in memory (tests, small cohorts). */
export function vcfBytes(cohort: Cohort, options: VcfWriteOptions = {}): Uint8Array {
  return concatChunks(vcfChunks(cohort, options));
}
