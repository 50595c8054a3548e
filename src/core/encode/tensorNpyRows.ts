// A bundle's tensor.npy arriving in pieces of any size (a zip entry inflated step by step) turned
// into whole rows: the header is gathered from the first bytes and checked before any row moves,
// then the data bytes fill one block of rows, handed on each time it is full. Pieces align neither
// to rows nor to 4 bytes; the partly filled block carries the remainder. Memory: one block.
import { ParseError } from '../errors';
import { checkNpyDataBytes, npyHeaderByteCount, readNpyHeader, type NpyHeader } from './npy';

/** numpy writes headers of a few hundred bytes; one claiming more is refused rather than gathered. */
const maxHeaderBytes = 1 << 20;

export interface NpyRowStreamOptions {
  /** Name in messages, e.g. 'tensor.npy'. */
  file: string;
  /** Checks the header before any row is handed on, admitting '<f4' only; throws to refuse it. */
  checkHeader: (header: NpyHeader) => void;
  /** Bytes of the row block (rounded down to whole rows, at least one row). */
  blockBytes: number;
  /** Takes whole rows (along the first dimension, row-major float32); the block is reused once this resolves. */
  onRows: (rows: Float32Array) => Promise<void>;
}

/** Write the file's bytes in order, awaiting each write, then end(). */
export class NpyRowStream {
  private head: Uint8Array = new Uint8Array(0);
  private header: NpyHeader | null = null;
  private block = new Float32Array(0);
  private blockBytes = new Uint8Array(0);
  private filledBytes = 0;
  private dataBytes = 0;
  private dataReceived = 0;

  constructor(private readonly options: NpyRowStreamOptions) {}

  async write(piece: Uint8Array): Promise<void> {
    const data = this.header ? piece : this.gatherHeader(piece);
    for (let at = 0; at < data.length && this.dataReceived < this.dataBytes;) {
      const take = Math.min(data.length - at, this.blockBytes.length - this.filledBytes, this.dataBytes - this.dataReceived);
      this.blockBytes.set(data.subarray(at, at + take), this.filledBytes);
      this.filledBytes += take;
      this.dataReceived += take;
      at += take;
      if (this.filledBytes === this.blockBytes.length) await this.flush();
    }
  }

  /** After the last byte: a short file fails as readNpy fails it; the last rows are handed on. */
  async end(): Promise<void> {
    const header = this.header ?? this.parseHeader(this.head);
    checkNpyDataBytes(header, this.dataReceived, this.options.file);
    await this.flush();
  }

  /** Header bytes are gathered (no more than the header) until it is whole; what follows it in `piece` is data. */
  private gatherHeader(piece: Uint8Array): Uint8Array {
    for (let at = 0; ;) {
      const wanted = npyHeaderByteCount(this.head, this.options.file) ?? 12;
      if (wanted > maxHeaderBytes) {
        throw new ParseError(`${this.options.file}, byte 8: a header of ${wanted} bytes is longer than the ${maxHeaderBytes} this reader takes`,
          { file: this.options.file, byteOffset: 8 });
      }
      if (this.head.length >= wanted) {
        this.parseHeader(this.head);
        return piece.subarray(at);
      }
      if (at === piece.length) return piece.subarray(at);
      const take = Math.min(wanted - this.head.length, piece.length - at);
      const joined = new Uint8Array(this.head.length + take);
      joined.set(this.head);
      joined.set(piece.subarray(at, at + take), this.head.length);
      this.head = joined;
      at += take;
    }
  }

  private parseHeader(bytes: Uint8Array): NpyHeader {
    const header = readNpyHeader(bytes, this.options.file);
    this.options.checkHeader(header);
    const rowFloats = header.shape.slice(1).reduce((a, b) => a * b, 1);
    const blockRows = Math.max(1, Math.floor(this.options.blockBytes / (4 * Math.max(1, rowFloats))));
    this.block = new Float32Array(Math.min(blockRows, header.shape[0] ?? 1) * rowFloats);
    this.blockBytes = new Uint8Array(this.block.buffer);
    this.dataBytes = header.shape.reduce((a, b) => a * b, 1) * 4;
    this.header = header;
    return header;
  }

  private async flush(): Promise<void> {
    if (this.filledBytes === 0) return;
    await this.options.onRows(this.block.subarray(0, this.filledBytes / 4));
    this.filledBytes = 0;
  }
}
