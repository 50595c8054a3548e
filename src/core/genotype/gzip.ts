// Transparent gzip/bgzip decompression for the text readers, detected by the magic bytes 1f 8b.
// fflate's streaming Gunzip inflates multi-member files (bgzip writes one member per 64 KiB
// block) but checks no member trailer and accepts a stream cut inside a member header, so this
// wrapper verifies each member's CRC-32 and length: a truncated or corrupt file raises a
// ParseError instead of silently losing its last variants.
import { Gunzip } from 'fflate';
import { ParseError } from '../errors';
import { byteError } from './lines';

const gzipMagic0 = 0x1f;
const gzipMagic1 = 0x8b;
/** How much recent input to keep for reading a member trailer back; longer headers are refused. */
const keptInputBytes = 1 << 16;

// fflate computes CRC-32 internally but does not export it, hence this small table version.
const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Updates a running CRC-32 (gzip's polynomial; start from 0xffffffff, finish with ^ 0xffffffff). */
function updateCrc(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === gzipMagic0 && head[1] === gzipMagic1;
}

/** Pushes compressed chunks in, hands inflated chunks out, and checks every member's trailer. */
class CheckedGunzip {
  private readonly inflater = new Gunzip();
  private output: Uint8Array[] = [];
  private crc = 0xffffffff;
  private memberBytes = 0;
  private bytesIn = 0;
  /** The chunk being pushed, where it starts, and a ring of the input before it. */
  private current: Uint8Array = new Uint8Array(0);
  private currentStart = 0;
  private readonly ring = new Uint8Array(keptInputBytes);

  constructor(private readonly fileName: string) {
    this.inflater.ondata = (data) => {
      this.output.push(data);
      this.crc = updateCrc(this.crc, data);
      this.memberBytes += data.length;
    };
    // Called when the next member's header is complete: the previous member ended 8 bytes before.
    this.inflater.onmember = (memberOffset) => this.checkTrailer(memberOffset);
  }

  push(chunk: Uint8Array, final: boolean): Uint8Array[] {
    this.current = chunk;
    this.currentStart = this.bytesIn;
    this.bytesIn += chunk.length;
    try {
      this.inflater.push(chunk, final);
    } catch (err) {
      if (err instanceof ParseError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw byteError(this.fileName, this.bytesIn, `corrupt gzip data (${reason}); the file is damaged or truncated`);
    }
    this.keepInRing(chunk, this.currentStart);
    this.current = new Uint8Array(0);
    this.currentStart = this.bytesIn;
    if (final) this.checkTrailer(this.bytesIn);
    const out = this.output;
    this.output = [];
    return out;
  }

  private keepInRing(chunk: Uint8Array, chunkStart: number): void {
    const skip = Math.max(0, chunk.length - keptInputBytes);
    for (let i = skip; i < chunk.length; i++) this.ring[(chunkStart + i) % keptInputBytes] = chunk[i];
  }

  /** The input byte at an absolute offset, or undefined when it is no longer kept. */
  private inputByte(offset: number): number | undefined {
    if (offset < 0 || offset >= this.bytesIn) return undefined;
    if (offset >= this.currentStart) return this.current[offset - this.currentStart];
    if (offset < this.currentStart - keptInputBytes) return undefined;
    return this.ring[offset % keptInputBytes];
  }

  /** Compares the CRC-32 and length stored in the 8 bytes before `memberEnd` with what we inflated. */
  private checkTrailer(memberEnd: number): void {
    const trailer: number[] = [];
    for (let at = memberEnd - 8; at < memberEnd; at++) {
      const byte = this.inputByte(at);
      if (byte === undefined) break;
      trailer.push(byte);
    }
    const word = (i: number) => (trailer[i] | (trailer[i + 1] << 8) | (trailer[i + 2] << 16) | (trailer[i + 3] << 24)) >>> 0;
    const crc = (this.crc ^ 0xffffffff) >>> 0;
    if (trailer.length < 8 || word(0) !== crc || word(4) !== this.memberBytes >>> 0) {
      throw byteError(this.fileName, memberEnd,
        'gzip member is incomplete or corrupt (its CRC-32 or length does not match); the file is damaged or truncated');
    }
    this.crc = 0xffffffff;
    this.memberBytes = 0;
  }
}

/**
 * The stream inflated when it starts with the gzip magic, otherwise unchanged. Multi-member
 * gzip (bgzip, `cat a.gz b.gz`) is read as one stream.
 */
export async function* maybeGunzip(chunks: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | undefined;
  let gunzip: CheckedGunzip | undefined;
  let decided = false;
  for await (const chunk of chunks) {
    if (!decided) {
      head = head ? concatBytes(head, chunk) : chunk;
      if (head.length < 2) continue;
      decided = true;
      if (isGzip(head)) gunzip = new CheckedGunzip(fileName);
      yield* gunzip ? gunzip.push(head, false) : [head];
      head = undefined;
      continue;
    }
    yield* gunzip ? gunzip.push(chunk, false) : [chunk];
  }
  if (head) yield head;
  if (gunzip) yield* gunzip.push(new Uint8Array(0), true);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
