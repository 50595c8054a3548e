// One zip entry inflated (or copied, when stored) into a buffer of its declared size, or handed
// piece by piece to a sink (an entry too large to hold: a bundle's tensor.npy), fed its compressed
// bytes in as many pieces as the reader has: the whole entry when the zip is in memory, slices of
// a file when it is streamed. A header that lies about the size fails as soon as the stream writes
// more than declared, and the CRC-32 the directory gives is checked at the end.
import { Inflate } from 'fflate';
import { ParseError } from '../errors';
import { crc32Start, finishCrc32, updateCrc32 } from '../genotype/crc32';
import { formatBytes, type DirectoryEntry } from './zipDirectory';

/** Compressed bytes per inflate step: bounds what one step can write past a lying size (~66 MB). */
const inflateStepBytes = 1 << 16;

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Where a streamed entry's inflated bytes go, in order; each piece is the sink's to keep or copy. */
export type EntrySink = (piece: Uint8Array) => void | Promise<void>;

export class EntryInflater {
  /** The entry's bytes when collected; null when they go to a sink. */
  private readonly out: Uint8Array | null;
  /** Pieces inflated by the current step, waiting for the sink. */
  private pending: Uint8Array[] = [];
  private written = 0;
  private crc = crc32Start;
  private readonly inflater: Inflate | null;

  /** Collects the entry into one buffer of its declared size, or with `sink`, holds no more than one step's output. */
  constructor(private readonly fileName: string, private readonly entry: DirectoryEntry, private readonly sink?: EntrySink) {
    this.out = sink ? null : this.allocate();
    this.inflater = entry.method === 0 ? null : new Inflate((chunk) => this.write(chunk));
  }

  private allocate(): Uint8Array {
    try {
      return new Uint8Array(this.entry.declaredBytes);
    } catch {
      throw new ParseError(`${this.fileName}: ${this.entry.name} needs ${formatBytes(this.entry.declaredBytes)} of memory, more than this page can have`,
        { file: this.where });
    }
  }

  private get where(): string {
    return `${this.fileName}/${this.entry.name}`;
  }

  private mismatch(actual: string): ParseError {
    return new ParseError(`${this.fileName}: ${this.entry.name} declares ${this.entry.declaredBytes} bytes `
      + `but inflates to ${actual}: the archive is corrupt or crafted`, { file: this.where });
  }

  private write(chunk: Uint8Array): void {
    if (this.written + chunk.length > this.entry.declaredBytes) throw this.mismatch(`more (over ${this.written + chunk.length} bytes so far)`);
    if (this.out) this.out.set(chunk, this.written);
    else this.pending.push(chunk);
    this.crc = updateCrc32(this.crc, chunk);
    this.written += chunk.length;
  }

  /** The next compressed bytes of the entry; `final` with the last of them (an empty entry gets one empty final push). */
  push(compressed: Uint8Array, final: boolean): void {
    const steps = this.steps(compressed, final);
    while (!steps.next().done) {
      // Each step has written into the buffer (or queued its pieces for pushToSink).
    }
  }

  /** push for an inflater with a sink: each step's pieces are handed over (and awaited) before the next step runs. */
  async pushToSink(compressed: Uint8Array, final: boolean): Promise<void> {
    for (const steps = this.steps(compressed, final); !steps.next().done;) {
      const pieces = this.pending;
      this.pending = [];
      for (const piece of pieces) await this.sink!(piece);
    }
  }

  /** Inflates `compressed` a step at a time, pausing after each: a step writes at most ~66 MB, even for a lying size. */
  private *steps(compressed: Uint8Array, final: boolean): Generator<void> {
    if (!this.inflater) {
      this.write(compressed);
      yield;
      return;
    }
    for (let at = 0; at < compressed.length || (at === 0 && final); at += inflateStepBytes) {
      const end = Math.min(at + inflateStepBytes, compressed.length);
      try {
        this.inflater.push(compressed.subarray(at, end), final && end === compressed.length);
      } catch (err) {
        if (err instanceof ParseError) throw err;
        throw new ParseError(`${this.fileName}: ${this.entry.name} is not a valid deflate stream (${(err as Error).message})`, { file: this.where });
      }
      yield;
    }
  }

  /**
   * The entry's bytes, once every compressed byte was pushed: its size and CRC-32 checked. With a
   * sink the bytes went there, and an empty array is returned.
   */
  finish(): Uint8Array {
    if (this.written !== this.entry.declaredBytes) throw this.mismatch(`${this.written} bytes`);
    const crc = finishCrc32(this.crc);
    if (crc !== this.entry.crc32) {
      throw new ParseError(`${this.fileName}: ${this.entry.name} fails its CRC-32 check (the directory says ${hex(this.entry.crc32)}, `
        + `its bytes give ${hex(crc)}): the archive is corrupt`, { file: this.where });
    }
    return this.out ?? new Uint8Array(0);
  }
}
