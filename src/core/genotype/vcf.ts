// Streaming VCF 4.x reader (plain, gzip or bgzip) into variant-major ALT dosages. Only GT is
// read; other FORMAT fields are skipped. Conventions, chosen to agree with PLINK 1.9's import:
// a haploid call counts 2 copies, a half-missing call (./1) is missing, and a multi-allelic site
// is skipped (default, counted) or split into one biallelic row per ALT, where a row counts the
// copies of its own ALT and every other allele as not-ALT (as `bcftools norm -m-` does). When
// every call is a phased diploid call (0|1) the phase of the het calls is kept too (phase.ts).
import { type ByteSource, type ReadOptions, readChunks } from './byteSource';
import { type GenotypeTable, VariantColumns } from './genotypeTable';
import { maybeGunzip } from './gzip';
import { decodeText, fileError, forEachLine, formatCount, lineError, parseInteger, quote } from './lines';
import { PackedDosages } from './packedDosages';
import { HetPhase } from './phase';
import { altDosage, malformedGenotype, missingAllele, parseGenotype, phasedSlot, polyploidGenotype } from './vcfGenotype';

/** What to do with sites that have more than one ALT allele. */
export type MultiallelicMode = 'skip' | 'split';

export interface VcfReadOptions extends ReadOptions {
  /** 'skip' (default) leaves multi-allelic sites out; 'split' writes one row per ALT allele. */
  multiallelic?: MultiallelicMode;
  /** Refuse haploid calls instead of counting them as two copies (an imported synthetic cohort must be diploid). */
  diploidOnly?: boolean;
}

const tab = 0x09;
const hash = 0x23;
const fixedColumns = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'];
/** Index of the first sample column when the header has FORMAT. */
const firstSampleColumn = 9;

/** Reads a VCF 4.x file into samples, variants and ALT dosages. */
export async function readVcf(source: ByteSource, options: VcfReadOptions = {}): Promise<GenotypeTable> {
  const parser = new VcfParser(source.name, options.multiallelic ?? 'skip', options.diploidOnly ?? false);
  const text = maybeGunzip(readChunks(source, options), source.name);
  await forEachLine(text, (line, lineNumber, byteOffset) => parser.acceptLine(line, lineNumber, byteOffset));
  return parser.finish();
}

class VcfParser {
  private sampleIds: string[] | undefined;
  private expectedFields = 0;
  /** Start of field i of the current line; entry expectedFields is one past the line's end. */
  private fieldStarts = new Int32Array(0);
  private rows: PackedDosages | undefined;
  /** One Int8 row per ALT of the current site, packed into `rows` once its calls are read. */
  private readonly scratchRows: Int8Array[] = [];
  private readonly variants = new VariantColumns();
  private readonly alleles = new Int32Array(3);
  /** The het calls' phase while every call so far is phased; dropped at the first that is not. */
  private phase: HetPhase | undefined;
  private unphasedReason: string | undefined;
  private lastFormat = '';
  private lastGtIndex = -1;
  private multiallelicSkipped = 0;
  private multiallelicSplit = 0;
  private lineCount = 0;

  constructor(
    private readonly file: string,
    private readonly multiallelic: MultiallelicMode,
    private readonly diploidOnly: boolean,
  ) {}

  acceptLine(line: Uint8Array, lineNumber: number, byteOffset: number): void {
    this.lineCount = lineNumber;
    if (lineNumber === 1) return this.checkFileFormat(decodeText(line), byteOffset);
    if (line.length === 0) return;
    const isHeader = line[0] === hash;
    if (this.sampleIds === undefined) {
      if (isHeader && line[1] === hash) return;
      if (isHeader) return this.readHeader(decodeText(line), lineNumber, byteOffset);
      throw lineError(this.file, lineNumber, byteOffset, 'expected the #CHROM header line before the first variant');
    }
    if (isHeader) throw lineError(this.file, lineNumber, byteOffset, 'header line after the #CHROM line; header lines must come first');
    this.readVariant(line, lineNumber, byteOffset);
  }

  finish(): GenotypeTable {
    if (this.lineCount === 0) throw fileError(this.file, 'the file is empty; expected a VCF starting with ##fileformat=VCFv4.x');
    if (this.sampleIds === undefined || this.rows === undefined) {
      throw fileError(this.file, 'no #CHROM header line found; expected one before the variants');
    }
    return {
      file: this.file,
      sampleIds: this.sampleIds,
      variants: this.variants.finish(),
      dosages: this.rows.compact(),
      ...(this.phase ? { phase: this.phase.compact() } : { unphasedReason: this.unphasedReason }),
      multiallelicSkipped: this.multiallelicSkipped,
      multiallelicSplit: this.multiallelicSplit,
    };
  }

  private checkFileFormat(text: string, byteOffset: number): void {
    const first = text.replace(/^\uFEFF/, '');
    if (/^##fileformat=VCFv4\.\d+\s*$/.test(first)) return;
    const hint = first.startsWith('BCF') ? ' (this is BCF: convert it with `bcftools view -Ov`)' : '';
    throw lineError(this.file, 1, byteOffset, `expected '##fileformat=VCFv4.x', found ${quote(first)}${hint}`);
  }

  /** The #CHROM line: the 8 fixed columns, then FORMAT and one column per sample. */
  private readHeader(text: string, lineNumber: number, byteOffset: number): void {
    const fields = text.split('\t');
    const fail = (what: string) => lineError(this.file, lineNumber, byteOffset, what);
    const expected = fields.length > fixedColumns.length ? [...fixedColumns, 'FORMAT'] : fixedColumns;
    for (let i = 0; i < expected.length; i++) {
      if (fields[i] !== expected[i]) {
        const tabHint = fields.length === 1 ? '; the header must be tab-separated' : '';
        throw fail(`expected column ${i + 1} of the header to be ${expected[i]}, found ${quote(fields[i] ?? '')}${tabHint}`);
      }
    }
    const sampleIds = fields.slice(firstSampleColumn);
    const seen = new Map<string, number>();
    sampleIds.forEach((id, i) => {
      const column = firstSampleColumn + i + 1;
      if (id === '') throw fail(`sample column ${column} has an empty sample id`);
      const before = seen.get(id);
      if (before !== undefined) throw fail(`sample id ${quote(id)} appears twice (columns ${before} and ${column})`);
      seen.set(id, column);
    });
    this.sampleIds = sampleIds;
    this.expectedFields = fields.length;
    this.fieldStarts = new Int32Array(fields.length + 1);
    this.rows = PackedDosages.growing(sampleIds.length);
    this.phase = new HetPhase(sampleIds.length);
  }

  /** Fills fieldStarts and checks the count against the header. */
  private splitFields(line: Uint8Array, lineNumber: number, byteOffset: number): void {
    const starts = this.fieldStarts;
    const expected = this.expectedFields;
    let count = 1;
    for (let at = line.indexOf(tab); at !== -1; at = line.indexOf(tab, at + 1)) {
      if (count < expected) starts[count] = at + 1;
      count++;
    }
    if (count !== expected) {
      const samples = this.sampleIds?.length ?? 0;
      const layout = expected > fixedColumns.length ? `9 fixed + ${formatCount(samples)} samples` : '8 fixed, no samples';
      throw lineError(this.file, lineNumber, byteOffset,
        `expected ${formatCount(expected)} tab-separated fields (${layout}), found ${formatCount(count)}`);
    }
    starts[expected] = line.length + 1;
  }

  private field(line: Uint8Array, i: number): string {
    return decodeText(line, this.fieldStarts[i], this.fieldStarts[i + 1] - 1);
  }

  private readVariant(line: Uint8Array, lineNumber: number, byteOffset: number): void {
    const fail = (what: string) => lineError(this.file, lineNumber, byteOffset, what);
    // 1. Fields and the fixed columns.
    this.splitFields(line, lineNumber, byteOffset);
    const chrom = this.field(line, 0);
    const pos = parseInteger(this.field(line, 1));
    const ref = this.field(line, 3);
    const altText = this.field(line, 4);
    if (chrom === '') throw fail('CHROM is empty');
    if (pos === undefined || pos < 0) throw fail(`POS ${quote(this.field(line, 1))} is not a non-negative integer`);
    if (ref === '') throw fail('REF is empty');
    const alts = altText === '.' ? [] : altText.split(',');
    if (alts.some((a) => a === '')) throw fail(`ALT ${quote(altText)} has an empty allele`);
    // 2. Multi-allelic sites: skipped, or one row per ALT.
    if (alts.length > 1 && this.multiallelic === 'skip') {
      this.multiallelicSkipped++;
      return;
    }
    if (alts.length > 1) this.multiallelicSplit++;
    const id = this.field(line, 2);
    const rowCount = Math.max(1, alts.length);
    const store = this.rows as PackedDosages;
    const firstRow = store.variants;
    for (let k = 0; k < rowCount; k++) {
      store.appendRow();
      this.phase?.appendRow();
      this.variants.push(chrom, pos, id, ref, alts[k] ?? '.');
    }
    // 3. Dosages; without GT in FORMAT every call is missing (as appended).
    const gtIndex = this.expectedFields > firstSampleColumn ? this.gtIndex(this.field(line, 8)) : -1;
    if (gtIndex < 0) {
      this.dropPhase(`line ${formatCount(lineNumber)} has no GT, so every call there is missing`);
      return;
    }
    const rows = this.scratchFor(rowCount);
    this.readCalls(line, rows, { altCount: alts.length, firstRow, lineNumber }, gtIndex, fail);
    for (let k = 0; k < rowCount; k++) store.encodeRow(firstRow + k, rows[k]);
  }

  /** `count` reused Int8 rows of one call per sample. */
  private scratchFor(count: number): Int8Array[] {
    const samples = (this.sampleIds as string[]).length;
    while (this.scratchRows.length < count) this.scratchRows.push(new Int8Array(samples));
    return this.scratchRows.length === count ? this.scratchRows : this.scratchRows.slice(0, count);
  }

  private dropPhase(reason: string): void {
    if (!this.phase) return;
    this.phase = undefined;
    this.unphasedReason = `not every call is phased: ${reason}`;
  }

  /** Sets the het calls' phase bits of one call, or drops the phase at the first call that is not a phased diploid call. */
  private phaseCall(line: Uint8Array, s: number, ploidy: number, gtIndex: number, site: { rowCount: number; firstRow: number; lineNumber: number }): void {
    const phase = this.phase as HetPhase;
    const a = this.alleles;
    const what = ploidy === 0 || a[0] === missingAllele || (ploidy === 2 && a[1] === missingAllele) ? 'missing' : ploidy === 1 ? 'haploid' : a[phasedSlot] === 1 ? '' : 'unphased';
    if (what) {
      const gt = this.field(line, firstSampleColumn + s).split(':')[gtIndex] ?? '';
      this.dropPhase(`line ${formatCount(site.lineNumber)}, sample ${quote((this.sampleIds as string[])[s])}: GT ${quote(gt)} is ${what}`);
      return;
    }
    // Row k counts ALT k + 1; its het call has ALT second when only the second allele is that ALT.
    for (let k = 0; k < site.rowCount; k++) if (a[1] === k + 1 && a[0] !== k + 1) phase.set(site.firstRow + k, s, true);
  }

  private readCalls(line: Uint8Array, rows: Int8Array[], site: { altCount: number; firstRow: number; lineNumber: number }, gtIndex: number, fail: (what: string) => Error): void {
    const { altCount } = site;
    const starts = this.fieldStarts;
    const alleles = this.alleles;
    const samples = rows[0].length;
    for (let s = 0; s < samples; s++) {
      const column = firstSampleColumn + s;
      const ploidy = parseGenotype(line, starts[column], starts[column + 1] - 1, gtIndex, alleles);
      if (ploidy < 0) throw fail(this.describeBadCall(line, s, gtIndex, ploidy));
      if (ploidy === 1 && this.diploidOnly) {
        throw fail(`sample ${quote((this.sampleIds as string[])[s])} (column ${column + 1}): GT ${quote(this.field(line, column).split(':')[gtIndex] ?? '')} is haploid; expected diploid calls (ploidy 2)`);
      }
      for (let p = 0; p < ploidy; p++) {
        if (alleles[p] > altCount) {
          throw fail(`sample ${quote((this.sampleIds as string[])[s])} (column ${column + 1}): GT refers to allele ${alleles[p]}` +
            ` but the site has ${altCount} ALT allele(s)`);
        }
      }
      for (let k = 0; k < rows.length; k++) rows[k][s] = altDosage(alleles, ploidy, k + 1);
      if (this.phase) this.phaseCall(line, s, ploidy, gtIndex, { rowCount: rows.length, firstRow: site.firstRow, lineNumber: site.lineNumber });
    }
  }

  private describeBadCall(line: Uint8Array, s: number, gtIndex: number, code: number): string {
    const column = firstSampleColumn + s;
    const gt = this.field(line, column).split(':')[gtIndex] ?? '';
    const who = `sample ${quote((this.sampleIds as string[])[s])} (column ${column + 1})`;
    if (code === polyploidGenotype) return `${who}: GT ${quote(gt)} has more than two alleles; only haploid and diploid calls are supported`;
    if (code === malformedGenotype) return `${who}: GT ${quote(gt)} is not a genotype like 0/1, 1|1, ./. or 1 (haploid)`;
    return `${who}: GT ${quote(gt)} could not be read`;
  }

  /** Position of GT among the FORMAT keys (usually 0), cached because FORMAT rarely changes. */
  private gtIndex(format: string): number {
    if (format !== this.lastFormat) {
      this.lastFormat = format;
      this.lastGtIndex = format.split(':').indexOf('GT');
    }
    return this.lastGtIndex;
  }
}
