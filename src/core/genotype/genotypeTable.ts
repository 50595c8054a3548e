// What a genotype reader (VCF or PLINK) returns, and the variant columns grown row by row when
// the variant count is not known in advance (VCF; its calls grow in PackedDosages.growing).
import type { PackedDosages } from './packedDosages';
import type { HetPhase } from './phase';
import type { VariantTable } from './types';

/** Samples, variants and variant-major dosages read from one genotype source. */
export interface GenotypeTable {
  /** File the genotypes came from (the .bed for PLINK), for messages. */
  file: string;
  sampleIds: string[];
  /** PLINK family ids (.fam column 1), parallel to sampleIds; absent for VCF. */
  familyIds?: string[];
  variants: VariantTable;
  /** [variants × samples], 2 bits a call: 0/1/2 copies of ALT, MISSING_DOSAGE when missing. */
  dosages: PackedDosages;
  /** The het calls' phase, when every call of the file is a phased diploid call (VCF, .hapt). */
  phase?: HetPhase;
  /** Why there is no `phase` (an unphased or missing call, a PLINK .bed), for the load report. */
  unphasedReason?: string;
  /** Sites with more than one ALT allele that were left out (VCF, multiallelic: 'skip'). */
  multiallelicSkipped: number;
  /** Sites with more than one ALT allele written as one biallelic row per ALT ('split'). */
  multiallelicSplit: number;
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
