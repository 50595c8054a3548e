// What a genotype reader (VCF or PLINK) returns, and the builders that grow it row by row
// when the variant count is not known in advance (VCF).
import type { VariantTable } from './types';

/** Samples, variants and variant-major dosages read from one genotype source. */
export interface GenotypeTable {
  /** File the genotypes came from (the .bed for PLINK), for messages. */
  file: string;
  sampleIds: string[];
  /** PLINK family ids (.fam column 1), parallel to sampleIds; absent for VCF. */
  familyIds?: string[];
  variants: VariantTable;
  /** [variants × samples]: 0/1/2 copies of ALT, MISSING_DOSAGE when missing. */
  dosages: Int8Array;
  /** Sites with more than one ALT allele that were left out (VCF, multiallelic: 'skip'). */
  multiallelicSkipped: number;
  /** Sites with more than one ALT allele written as one biallelic row per ALT ('split'). */
  multiallelicSplit: number;
}

/** Target size of one block of dosage rows: big enough to amortise, small enough to waste little. */
const blockBytes = 1 << 22;

/**
 * Dosage rows appended one at a time into fixed-size blocks (no doubling copies while reading);
 * `finish` joins them once, so the peak is about twice the final dosage matrix.
 */
export class DosageRows {
  private readonly rowsPerBlock: number;
  private readonly blocks: Int8Array[] = [];
  private rowsInLast = 0;
  rows = 0;

  constructor(private readonly samples: number) {
    this.rowsPerBlock = Math.max(1, Math.floor(blockBytes / Math.max(1, samples)));
  }

  /** A zero-filled row to write into; it stays valid until `finish`. */
  appendRow(): Int8Array {
    let block = this.blocks[this.blocks.length - 1];
    if (block === undefined || this.rowsInLast * this.samples === block.length) {
      // The first blocks grow from 64 rows, so a small file does not zero a whole 4 MiB block.
      const rows = Math.min(this.rowsPerBlock, 64 * 2 ** this.blocks.length);
      block = new Int8Array(Math.max(1, rows * this.samples));
      this.blocks.push(block);
      this.rowsInLast = 0;
    }
    const row = block.subarray(this.rowsInLast * this.samples, (this.rowsInLast + 1) * this.samples);
    this.rowsInLast += 1;
    this.rows += 1;
    return row;
  }

  finish(): Int8Array {
    const out = new Int8Array(this.rows * this.samples);
    let offset = 0;
    for (const block of this.blocks) {
      const used = Math.min(block.length, out.length - offset);
      out.set(block.subarray(0, used), offset);
      offset += used;
    }
    this.blocks.length = 0;
    return out;
  }
}

/** Variant columns grown row by row. */
export class VariantColumns {
  private readonly chrom: string[] = [];
  private readonly pos: number[] = [];
  private readonly id: string[] = [];
  private readonly ref: string[] = [];
  private readonly alt: string[] = [];

  get length(): number {
    return this.pos.length;
  }

  push(chrom: string, pos: number, id: string, ref: string, alt: string): void {
    // Reuse the previous chromosome string: sorted files repeat it on every row.
    const last = this.chrom.length > 0 ? this.chrom[this.chrom.length - 1] : undefined;
    this.chrom.push(chrom === last ? last : chrom);
    this.pos.push(pos);
    this.id.push(id);
    this.ref.push(ref);
    this.alt.push(alt);
  }

  finish(): VariantTable {
    return { chrom: this.chrom, pos: Float64Array.from(this.pos), id: this.id, ref: this.ref, alt: this.alt };
  }
}
