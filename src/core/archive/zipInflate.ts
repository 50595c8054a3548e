// One zip entry inflated (or copied, when stored) into a buffer of its declared size, fed its
// compressed bytes in as many pieces as the reader has: the whole entry when the zip is in memory,
// slices of a file when it is streamed. A header that lies about the size fails as soon as the
// stream writes more than declared, and the CRC-32 the directory gives is checked at the end.
import { Inflate } from 'fflate';
import { ParseError } from '../errors';
import { crc32Start, finishCrc32, updateCrc32 } from '../genotype/crc32';
import { formatBytes, type DirectoryEntry } from './zipDirectory';

/** Compressed bytes per inflate step: bounds what one step can write past a lying size (~66 MB). */
const inflateStepBytes = 1 << 16;

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

export class EntryInflater {
  private readonly out: Uint8Array;
  private written = 0;
  private crc = crc32Start;
  private readonly inflater: Inflate | null;

  constructor(private readonly fileName: string, private readonly entry: DirectoryEntry) {
    try {
      this.out = new Uint8Array(entry.declaredBytes);
    } catch {
      throw new ParseError(`${fileName}: ${entry.name} needs ${formatBytes(entry.declaredBytes)} of memory, more than this page can have`,
        { file: this.where });
    }
    this.inflater = entry.method === 0 ? null : new Inflate((chunk) => this.write(chunk));
  }

  private get where(): string {
    return `${this.fileName}/${this.entry.name}`;
  }

  private mismatch(actual: string): ParseError {
    return new ParseError(`${this.fileName}: ${this.entry.name} declares ${this.entry.declaredBytes} bytes `
      + `but inflates to ${actual}: the archive is corrupt or crafted`, { file: this.where });
  }

  private write(chunk: Uint8Array): void {
    if (this.written + chunk.length > this.out.length) throw this.mismatch(`more (over ${this.written + chunk.length} bytes so far)`);
    this.out.set(chunk, this.written);
    this.crc = updateCrc32(this.crc, chunk);
    this.written += chunk.length;
  }

  /** The next compressed bytes of the entry; `final` with the last of them (an empty entry gets one empty final push). */
  push(compressed: Uint8Array, final: boolean): void {
    if (!this.inflater) {
      this.write(compressed);
      return;
    }
    try {
      for (let at = 0; at < compressed.length || (at === 0 && final); at += inflateStepBytes) {
        const end = Math.min(at + inflateStepBytes, compressed.length);
        this.inflater.push(compressed.subarray(at, end), final && end === compressed.length);
      }
    } catch (err) {
      if (err instanceof ParseError) throw err;
      throw new ParseError(`${this.fileName}: ${this.entry.name} is not a valid deflate stream (${(err as Error).message})`, { file: this.where });
    }
  }

  /** The entry's bytes, once every compressed byte was pushed: its size and CRC-32 checked. */
  finish(): Uint8Array {
    if (this.written !== this.out.length) throw this.mismatch(`${this.written} bytes`);
    const crc = finishCrc32(this.crc);
    if (crc !== this.entry.crc32) {
      throw new ParseError(`${this.fileName}: ${this.entry.name} fails its CRC-32 check (the directory says ${hex(this.entry.crc32)}, `
        + `its bytes give ${hex(crc)}): the archive is corrupt`, { file: this.where });
    }
    return this.out;
  }
}
