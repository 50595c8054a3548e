// PLINK 1 binary reader: .fam (samples), .bim (variants), then the SNP-major .bed streamed chunk
// by chunk. Dosage = copies of the .bim A1 allele, reported as ALT (A2 as REF), because
// `plink1.9 --recode vcf` writes A1 as ALT: our dosages then equal those read from PLINK's own
// VCF export of the same data. Format: https://www.cog-genomics.org/plink/1.9/formats#bed
// That orientation is the packed store's own (packedDosages.ts), so .bed rows are copied in as they are.
import { type ByteSource, type ReadOptions, progressForEach, readChunks } from './byteSource';
import type { GenotypeTable } from './genotypeTable';
import { byteError, decodeText, fileError, forEachLine, formatCount, lineError, parseInteger, quote, splitWhitespace } from './lines';
import { PackedDosages } from './packedDosages';
import type { VariantTable } from './types';

export interface PlinkSources {
  bed: ByteSource;
  bim: ByteSource;
  fam: ByteSource;
}

/** The .fam file: one row per sample. */
export interface FamTable {
  file: string;
  /** Sample ids: the IIDs, or FID_IID for every sample when IIDs alone are not unique. */
  sampleIds: string[];
  familyIds: string[];
  /** 1 male, 2 female, 0 unknown (any other code is read as unknown, as PLINK does). */
  sex: Int8Array;
  /** Column 6 as written ('1', '2', '0', '-9' or a quantitative value); see phenotypeFromFam. */
  phenotypeCodes: string[];
  /** 1-based line of each sample, for messages about its phenotype. */
  lineNumbers: number[];
}

export interface PlinkTable extends GenotypeTable {
  fam: FamTable;
}

/** Reads .fam and .bim, then streams the .bed into dosages. */
export async function readPlink(sources: PlinkSources, options: ReadOptions = {}): Promise<PlinkTable> {
  const [famOptions, bimOptions, bedOptions] = progressForEach([sources.fam, sources.bim, sources.bed], options);
  const fam = await readFam(sources.fam, famOptions);
  const variants = await readBim(sources.bim, bimOptions);
  const dosages = await readBed(sources.bed, fam.sampleIds.length, variants.pos.length, bedOptions, [sources.fam.name, sources.bim.name]);
  return {
    file: sources.bed.name,
    sampleIds: fam.sampleIds,
    familyIds: fam.familyIds,
    variants,
    dosages,
    unphasedReason: 'a PLINK .bed holds dosages only, no phase',
    multiallelicSkipped: 0,
    multiallelicSplit: 0,
    fam,
  };
}

/** Reads whitespace-separated lines with exactly `columns` fields, skipping blank lines. */
async function readColumns(source: ByteSource, options: ReadOptions, columns: number, layout: string,
  onRow: (fields: string[], lineNumber: number, byteOffset: number) => void): Promise<void> {
  await forEachLine(readChunks(source, options), (line, lineNumber, byteOffset) => {
    const fields = splitWhitespace(decodeText(line));
    if (fields.length === 0) return;
    if (fields.length !== columns) {
      throw lineError(source.name, lineNumber, byteOffset,
        `expected ${columns} whitespace-separated columns (${layout}), found ${fields.length}`);
    }
    onRow(fields, lineNumber, byteOffset);
  });
}

export async function readFam(source: ByteSource, options: ReadOptions = {}): Promise<FamTable> {
  const familyIds: string[] = [];
  const individualIds: string[] = [];
  const sex: number[] = [];
  const phenotypeCodes: string[] = [];
  const lineNumbers: number[] = [];
  const seen = new Map<string, number>();
  await readColumns(source, options, 6, 'FID IID father mother sex phenotype', (fields, lineNumber, byteOffset) => {
    const key = `${fields[0]}\t${fields[1]}`;
    const before = seen.get(key);
    if (before !== undefined) {
      throw lineError(source.name, lineNumber, byteOffset,
        `sample ${quote(fields[1])} of family ${quote(fields[0])} appears twice (lines ${formatCount(before)} and ${formatCount(lineNumber)})`);
    }
    seen.set(key, lineNumber);
    familyIds.push(fields[0]);
    individualIds.push(fields[1]);
    sex.push(fields[4] === '1' ? 1 : fields[4] === '2' ? 2 : 0);
    phenotypeCodes.push(fields[5]);
    lineNumbers.push(lineNumber);
  });
  // IIDs are the ids other files use; fall back to FID_IID only when IIDs repeat across families.
  const unique = new Set(individualIds).size === individualIds.length;
  const sampleIds = unique ? individualIds : individualIds.map((iid, i) => `${familyIds[i]}_${iid}`);
  return { file: source.name, sampleIds, familyIds, sex: Int8Array.from(sex), phenotypeCodes, lineNumbers };
}

/** Reads a .bim: chromosome, id, cM, base-pair position, A1 (→ ALT), A2 (→ REF). */
export async function readBim(source: ByteSource, options: ReadOptions = {}): Promise<VariantTable> {
  const variants: VariantTable = { chrom: [], pos: new Float64Array(0), id: [], ref: [], alt: [] };
  const pos: number[] = [];
  await readColumns(source, options, 6, 'chromosome id cM position A1 A2', (fields, lineNumber, byteOffset) => {
    const bp = parseInteger(fields[3]);
    if (bp === undefined) {
      throw lineError(source.name, lineNumber, byteOffset, `position ${quote(fields[3])} (column 4) is not an integer`);
    }
    if (!Number.isFinite(Number(fields[2]))) {
      throw lineError(source.name, lineNumber, byteOffset, `genetic distance ${quote(fields[2])} (column 3) is not a number`);
    }
    variants.chrom.push(fields[0]);
    variants.id.push(fields[1]);
    pos.push(bp);
    variants.alt.push(fields[4]);
    variants.ref.push(fields[5]);
  });
  variants.pos = Float64Array.from(pos);
  return variants;
}

const bedMagic = [0x6c, 0x1b] as const;
const snpMajor = 0x01;
const bedHeaderBytes = 3;

/**
 * Streams a SNP-major .bed of `samples` × `variants` into packed dosages (2-bit codes 00 hom A1,
 * 01 missing, 10 het, 11 hom A2, copied as they are). A known size is checked once the header
 * is read: a wrong mode byte explains a wrong size better than the size.
 */
export async function readBed(source: ByteSource, samples: number, variants: number,
  options: ReadOptions = {}, companions: string[] = ['.fam', '.bim']): Promise<PackedDosages> {
  const bytesPerVariant = Math.ceil(samples / 4);
  const expectedBytes = bedHeaderBytes + bytesPerVariant * variants;
  const sizeText = () => `3 + ${formatCount(bytesPerVariant)} × ${formatCount(variants)} = ${formatCount(expectedBytes)} bytes` +
    ` for ${formatCount(samples)} samples (${companions[0]}) and ${formatCount(variants)} variants (${companions[1]})`;
  const checkSize = () => {
    if (source.size === undefined || source.size === expectedBytes) return;
    throw fileError(source.name, `has ${formatCount(source.size)} bytes, expected ${sizeText()}; ` +
      'the .bed, .bim and .fam do not belong together or the .bed is truncated');
  };
  const dosages = PackedDosages.create(samples, variants);
  const decoder = new BedDecoder(source.name, expectedBytes, dosages, checkSize);
  for await (const chunk of readChunks(source, options)) decoder.push(chunk);
  if (decoder.bytesRead < bedHeaderBytes) checkSize();
  if (decoder.bytesRead !== expectedBytes) {
    throw fileError(source.name, `ends after ${formatCount(decoder.bytesRead)} bytes, expected ${sizeText()}; the file is truncated`);
  }
  return dosages;
}

/** Copies .bed bytes into the store as they arrive; a chunk may end anywhere, even inside the header. */
class BedDecoder {
  bytesRead = 0;

  constructor(
    private readonly file: string,
    private readonly expectedBytes: number,
    private readonly dosages: PackedDosages,
    private readonly onHeader: () => void,
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    if (this.bytesRead < bedHeaderBytes) {
      for (; i < chunk.length && this.bytesRead < bedHeaderBytes; i++) this.checkHeaderByte(chunk[i], this.bytesRead++);
      if (this.bytesRead === bedHeaderBytes) this.onHeader();
    }
    const dataBytes = chunk.length - i;
    if (this.bytesRead + dataBytes > this.expectedBytes) {
      throw byteError(this.file, this.expectedBytes, `the file goes on past the ${formatCount(this.expectedBytes)} bytes its` +
        ' .bim and .fam imply; the .bed, .bim and .fam do not belong together');
    }
    if (dataBytes > 0) this.dosages.writePacked(this.bytesRead - bedHeaderBytes, chunk.subarray(i));
    this.bytesRead += dataBytes;
  }

  private checkHeaderByte(byte: number, at: number): void {
    if (at < 2 && byte !== bedMagic[at]) {
      throw byteError(this.file, at, 'not a PLINK 1 .bed file: expected the magic bytes 0x6c 0x1b');
    }
    if (at === 2 && byte !== snpMajor) {
      const stem = this.file.replace(/\.bed$/i, '');
      const what = byte === 0x00
        ? 'this .bed is individual-major (mode byte 0x00, written by PLINK before 1.0), which is not supported; ' +
          `convert it with \`plink1.9 --bfile ${stem} --make-bed --out ${stem}_snp_major\`, which writes SNP-major`
        : `expected mode byte 0x01 (SNP-major), found 0x${byte.toString(16).padStart(2, '0')}`;
      throw byteError(this.file, at, what);
    }
  }
}
