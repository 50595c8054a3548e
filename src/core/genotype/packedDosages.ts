// Genotype calls packed 2 bits each, variant-major: every variant is a row of ⌈N/4⌉ bytes, as in
// a SNP-major PLINK 1 .bed, so N samples × V variants take ⌈N/4⌉·V bytes instead of N·V.
// Code points are PLINK's own with A1 = ALT (the orientation plink.ts reads and writePlink.ts
// writes): a .bed row is copied in and out without decoding. Sample i sits in bits 2(i mod 4)
// and up of byte ⌊i/4⌋; the unused bits of a row's last byte are always 0, as PLINK writes them.
// Rows live in blocks of whole rows, never in one ArrayBuffer, so a cohort can grow while a file
// of unknown variant count is read (VCF) and can exceed what one buffer may hold.
import { InvalidRequestError } from '../errors';
import { MISSING_DOSAGE } from './types';

/** The 2-bit code of a call (PLINK 1 .bed codes, A1 = ALT). */
export const callCodes = {
  /** 00: two copies of ALT (PLINK: homozygous A1). */
  homAlt: 0b00,
  /** 01: missing call. */
  missing: 0b01,
  /** 10: heterozygous. */
  het: 0b10,
  /** 11: no copy of ALT (PLINK: homozygous A2). */
  homRef: 0b11,
} as const;

/** Dosage of each code: 00 → 2, 01 → missing, 10 → 1, 11 → 0. */
export const dosageOfCode = Int8Array.of(2, MISSING_DOSAGE, 1, 0);
/** Code of each dosage + 1 (missing, 0, 1, 2); a plain array so a bad index reads undefined. */
const codeOfDosagePlusOne: readonly number[] = [callCodes.missing, callCodes.homRef, callCodes.het, callCodes.homAlt];

/** Bytes of one block of rows: big enough to amortise, small enough to grow in small steps. */
const defaultBlockBytes = 1 << 22;
/** A growing store's last block starts at this many rows and doubles up to a full block. */
const firstGrowRows = 64;

/** The four dosages of every byte value, as Int8 (byte b at [4b, 4b + 4)). */
const dosagesOfByte = new Int8Array(256 * 4);
/** The same four bytes read as one 32-bit word (platform order, so a store writes them back in order). */
const dosageWordOfByte = new Int32Array(256);
/** Calls of each code in a byte, one code per 8-bit lane (code c in bits 8c … 8c + 7). */
const codeCountsOfByte = new Uint32Array(256);
for (let b = 0; b < 256; b++) {
  for (let k = 0; k < 4; k++) {
    const code = (b >> (2 * k)) & 3;
    dosagesOfByte[b * 4 + k] = dosageOfCode[code];
    codeCountsOfByte[b] += 1 << (8 * code);
  }
  dosageWordOfByte[b] = new Int32Array(dosagesOfByte.buffer, b * 4, 1)[0];
}

/** The code of sample i in a row that starts at bytes[offset]. */
export function codeAt(bytes: Uint8Array, offset: number, i: number): number {
  return (bytes[offset + (i >> 2)] >> ((i & 3) << 1)) & 3;
}

function badDosage(dosage: number, i: number, v: number): InvalidRequestError {
  return new InvalidRequestError(`dosage ${dosage} for sample ${i} at variant ${v} is not 0, 1, 2 or missing (−1)`);
}

export interface PackedDosagesOptions {
  /** Bytes per block of rows (default 4 MiB); small values exercise block edges in tests. */
  blockBytes?: number;
}

/** A variant-major matrix of calls, 2 bits each. */
export class PackedDosages {
  /** Calls per row. */
  readonly samples: number;
  /** ⌈samples / 4⌉. */
  readonly bytesPerRow: number;
  /** Rows per block; every block but the last holds exactly this many. */
  readonly rowsPerBlock: number;
  private readonly blocks: Uint8Array[] = [];
  private rows = 0;
  /** Mask that keeps the used bits of a row's last byte. */
  private readonly lastByteMask: number;

  private constructor(samples: number, options: PackedDosagesOptions) {
    if (!Number.isInteger(samples) || samples < 0) throw new InvalidRequestError(`sample count ${samples} is not a whole number ≥ 0`);
    this.samples = samples;
    this.bytesPerRow = Math.ceil(samples / 4);
    this.rowsPerBlock = Math.max(1, Math.floor((options.blockBytes ?? defaultBlockBytes) / Math.max(1, this.bytesPerRow)));
    const usedInLast = samples % 4;
    this.lastByteMask = usedInLast === 0 ? 0xff : (1 << (2 * usedInLast)) - 1;
  }

  /** `variants` rows of `samples` calls, every call missing until written. */
  static create(samples: number, variants: number, options: PackedDosagesOptions = {}): PackedDosages {
    const store = new PackedDosages(samples, options);
    for (let left = variants; left > 0; left -= store.rowsPerBlock) {
      store.blocks.push(new Uint8Array(Math.min(left, store.rowsPerBlock) * store.bytesPerRow));
    }
    store.rows = variants;
    for (let v = 0; v < variants; v++) store.fillRowMissing(v);
    return store;
  }

  /** An empty store that grows by `appendRow` (a file of unknown variant count). */
  static growing(samples: number, options: PackedDosagesOptions = {}): PackedDosages {
    return new PackedDosages(samples, options);
  }

  /** Packs a variant-major Int8Array [variants × samples] of −1/0/1/2 (tests, small cohorts). */
  static fromDosages(dosages: ArrayLike<number>, samples: number, options: PackedDosagesOptions = {}): PackedDosages {
    const variants = samples === 0 ? 0 : dosages.length / samples;
    if (!Number.isInteger(variants)) throw new InvalidRequestError(`${dosages.length} dosages are not whole rows of ${samples} samples`);
    const store = PackedDosages.create(samples, variants, options);
    for (let v = 0; v < variants; v++) store.encodeRow(v, dosages, v * samples);
    return store;
  }

  /** Rows (variants) held. */
  get variants(): number {
    return this.rows;
  }

  /** Bytes allocated for the calls: ⌈samples / 4⌉ × variants once `compact` (or `create`) sized them. */
  get byteLength(): number {
    return this.blocks.reduce((sum, block) => sum + block.length, 0);
  }

  /** The block holding row v and the row's first byte in it. */
  private locate(v: number): { bytes: Uint8Array; offset: number } {
    if (!(v >= 0 && v < this.rows)) throw new InvalidRequestError(`variant ${v} is outside the ${this.rows} rows held`);
    const b = Math.floor(v / this.rowsPerBlock);
    return { bytes: this.blocks[b], offset: (v - b * this.rowsPerBlock) * this.bytesPerRow };
  }

  /**
   * The packed bytes of row v: a view into the store (writes go through), ⌈samples / 4⌉ long.
   * Read calls with `codeAt(row, 0, i)` and `dosageOfCode`; never transfer its buffer.
   */
  rowBytes(v: number): Uint8Array {
    const { bytes, offset } = this.locate(v);
    return bytes.subarray(offset, offset + this.bytesPerRow);
  }

  get(v: number, i: number): number {
    this.checkSample(i);
    const { bytes, offset } = this.locate(v);
    return dosageOfCode[codeAt(bytes, offset, i)];
  }

  set(v: number, i: number, dosage: number): void {
    this.checkSample(i);
    const { bytes, offset } = this.locate(v);
    const code = codeOfDosagePlusOne[dosage + 1];
    if (code === undefined) throw badDosage(dosage, i, v);
    const at = offset + (i >> 2);
    const shift = (i & 3) << 1;
    bytes[at] = (bytes[at] & ~(3 << shift)) | (code << shift);
  }

  /** Decodes row v into out[0, samples) (a reused scratch; default a new array) and returns out. */
  decodeRow(v: number, out: Int8Array = new Int8Array(this.samples)): Int8Array {
    const n = this.samples;
    if (out.length < n) throw new InvalidRequestError(`scratch holds ${out.length} calls, a row has ${n}`);
    const { bytes, offset } = this.locate(v);
    const whole = n >> 2;
    if ((out.byteOffset & 3) === 0) {
      // One table read and one 32-bit store per byte: 4 calls at a time.
      const words = new Int32Array(out.buffer, out.byteOffset, whole);
      for (let b = 0; b < whole; b++) words[b] = dosageWordOfByte[bytes[offset + b]];
    } else {
      for (let b = 0; b < whole; b++) {
        const t = bytes[offset + b] << 2;
        const o = b << 2;
        out[o] = dosagesOfByte[t]; out[o + 1] = dosagesOfByte[t + 1]; out[o + 2] = dosagesOfByte[t + 2]; out[o + 3] = dosagesOfByte[t + 3];
      }
    }
    for (let i = whole << 2; i < n; i++) out[i] = dosageOfCode[codeAt(bytes, offset, i)];
    return out;
  }

  /** Packs dosages[from, from + samples) (−1, 0, 1, 2) into row v; throws on any other value. */
  encodeRow(v: number, dosages: ArrayLike<number>, from = 0): void {
    const n = this.samples;
    if (dosages.length - from < n) throw new InvalidRequestError(`${Math.max(0, dosages.length - from)} dosages for a row of ${n} samples`);
    const { bytes, offset } = this.locate(v);
    for (let b = 0; b < this.bytesPerRow; b++) {
      let byte = 0;
      for (let i = b << 2, k = 0, end = Math.min(n, i + 4); i < end; i++, k += 2) {
        const d = dosages[from + i];
        const code = codeOfDosagePlusOne[d + 1];
        if (code === undefined) throw badDosage(d, i, v);
        byte |= code << k;
      }
      bytes[offset + b] = byte;
    }
  }

  /**
   * Counts of each code in row v, into out[code] (homAlt, missing, het, homRef): a table read
   * per byte. The row's unused bits are 00 and are taken back off the homAlt count.
   */
  countRow(v: number, out: Int32Array | number[] = new Int32Array(4)): Int32Array | number[] {
    const { bytes, offset } = this.locate(v);
    out[0] = out[1] = out[2] = out[3] = 0;
    // Each lane grows by at most 4 a byte: flush before 64 bytes can overflow 8 bits.
    for (let b = 0; b < this.bytesPerRow; b += 63) {
      let lanes = 0;
      for (let k = b, end = Math.min(this.bytesPerRow, b + 63); k < end; k++) lanes += codeCountsOfByte[bytes[offset + k]];
      out[0] += lanes & 0xff; out[1] += (lanes >>> 8) & 0xff; out[2] += (lanes >>> 16) & 0xff; out[3] += lanes >>> 24;
    }
    out[0] -= this.bytesPerRow * 4 - this.samples;
    return out;
  }

  /** Appends a row of missing calls and returns its index; grows without copying the store. */
  appendRow(): number {
    const last = this.blocks[this.blocks.length - 1];
    const rowsInLast = this.rows - (this.blocks.length - 1) * this.rowsPerBlock;
    if (last === undefined || rowsInLast === this.rowsPerBlock) {
      this.blocks.push(new Uint8Array(Math.min(firstGrowRows, this.rowsPerBlock) * this.bytesPerRow));
    } else if ((rowsInLast + 1) * this.bytesPerRow > last.length) {
      // Only the last block is ever reallocated, so growing copies at most one block.
      const grown = new Uint8Array(Math.min(this.rowsPerBlock, rowsInLast * 2) * this.bytesPerRow);
      grown.set(last);
      this.blocks[this.blocks.length - 1] = grown;
    }
    this.rows++;
    this.fillRowMissing(this.rows - 1);
    return this.rows - 1;
  }

  /** Shrinks the last block to the rows it holds (after the last `appendRow`); returns the store. */
  compact(): this {
    const b = this.blocks.length - 1;
    const used = (this.rows - b * this.rowsPerBlock) * this.bytesPerRow;
    if (b >= 0 && used < this.blocks[b].length) this.blocks[b] = this.blocks[b].slice(0, used);
    return this;
  }

  /**
   * Writes packed bytes (e.g. .bed rows) at byte `at` of the row-after-row layout (row v starts
   * at v·bytesPerRow), across blocks; the unused bits of every row end written are cleared.
   */
  writePacked(at: number, source: Uint8Array): void {
    const total = this.rows * this.bytesPerRow;
    if (at < 0 || at + source.length > total) throw new InvalidRequestError(`bytes [${at}, ${at + source.length}) are outside the ${total} packed bytes`);
    const blockBytes = this.rowsPerBlock * this.bytesPerRow;
    let done = 0;
    while (done < source.length) {
      const b = Math.floor((at + done) / blockBytes);
      const inBlock = at + done - b * blockBytes;
      const take = Math.min(source.length - done, this.blocks[b].length - inBlock);
      this.blocks[b].set(source.subarray(done, done + take), inBlock);
      done += take;
    }
    if (this.lastByteMask === 0xff) return;
    const firstRow = Math.floor(at / this.bytesPerRow);
    const endRow = Math.floor((at + source.length) / this.bytesPerRow);
    for (let v = firstRow; v < endRow; v++) this.clearPadding(v);
  }

  /** Rows [from, to) packed one after another in a new array (a .bed body; safe to transfer). */
  copyRows(from: number, to: number): Uint8Array {
    if (!(from >= 0 && from <= to && to <= this.rows)) throw new InvalidRequestError(`rows [${from}, ${to}) are outside the ${this.rows} rows held`);
    const out = new Uint8Array((to - from) * this.bytesPerRow);
    for (let v = from; v < to;) {
      const { bytes, offset } = this.locate(v);
      const rows = Math.min(to - v, this.rowsPerBlock - (v % this.rowsPerBlock));
      out.set(bytes.subarray(offset, offset + rows * this.bytesPerRow), (v - from) * this.bytesPerRow);
      v += rows;
    }
    return out;
  }

  private fillRowMissing(v: number): void {
    const { bytes, offset } = this.locate(v);
    if (this.bytesPerRow === 0) return;
    bytes.fill(0x55, offset, offset + this.bytesPerRow);
    bytes[offset + this.bytesPerRow - 1] &= this.lastByteMask;
  }

  private clearPadding(v: number): void {
    const { bytes, offset } = this.locate(v);
    bytes[offset + this.bytesPerRow - 1] &= this.lastByteMask;
  }

  private checkSample(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.samples)) throw new InvalidRequestError(`sample ${i} is outside the ${this.samples} samples`);
  }
}
