// Phase of a cohort's calls, so its haplotypes can be recovered from the dosages: one bit a call,
// variant-major like PackedDosages, set where a heterozygous call carries ALT on the second
// haplotype (GT 0|1) and clear for 1|0 and homozygous calls. Dosage + this bit give both
// haplotypes: 0 → 0,0; 2 → 1,1; 1 → (1,0) or (0,1). Kept only when every call of the file is a
// phased diploid call ('|', no missing allele): one unphased call leaves the pairing of every
// other person's alleles unknown only there, but a haplotype with holes is not what Yelmen et
// al.'s haplotype AATS measures, so the whole file is then read as dosages only, with the reason.
import { InvalidRequestError } from '../errors';

/** Whether a cohort's haplotypes were kept, and if not, why (said in the load report). */
export type PhaseStatus = { phased: true } | { phased: false; reason: string };

/** The het-phase bits of a cohort, one row of ⌈samples / 8⌉ bytes per variant. */
export class HetPhase {
  readonly samples: number;
  readonly bytesPerRow: number;
  private bytes: Uint8Array;
  private rows = 0;

  constructor(samples: number, variants = 0) {
    if (!Number.isInteger(samples) || samples < 0) throw new InvalidRequestError(`sample count ${samples} is not a whole number ≥ 0`);
    this.samples = samples;
    this.bytesPerRow = Math.ceil(samples / 8);
    this.bytes = new Uint8Array(this.bytesPerRow * Math.max(variants, 1));
    this.rows = variants;
  }

  get variants(): number {
    return this.rows;
  }

  /** Bytes held: ⌈samples / 8⌉ × variants once `compact` (or the constructor) sized them. */
  get byteLength(): number {
    return this.bytes.length;
  }

  /** Appends a row of clear bits (a reader sets the het calls' bits as it reads them); returns its index. */
  appendRow(): number {
    const need = (this.rows + 1) * this.bytesPerRow;
    if (need > this.bytes.length) {
      // Doubling: a VCF's variant count is not known in advance.
      const grown = new Uint8Array(Math.max(need, 2 * this.bytes.length));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    return this.rows++;
  }

  /** True where sample i's ALT at a het call of variant v is on its second haplotype. */
  altOnSecond(v: number, i: number): boolean {
    return ((this.bytes[v * this.bytesPerRow + (i >> 3)] >> (i & 7)) & 1) === 1;
  }

  set(v: number, i: number, altOnSecond: boolean): void {
    const at = v * this.bytesPerRow + (i >> 3);
    const bit = 1 << (i & 7);
    this.bytes[at] = altOnSecond ? this.bytes[at] | bit : this.bytes[at] & ~bit;
  }

  /** Shrinks the buffer to the rows held (after the last `appendRow`); returns the store. */
  compact(): this {
    this.bytes = this.bytes.slice(0, this.rows * this.bytesPerRow);
    return this;
  }
}
