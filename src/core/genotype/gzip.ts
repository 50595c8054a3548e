// Transparent gzip/bgzip decompression for the text readers, detected by the magic bytes 1f 8b.
// Where the platform has DecompressionStream (Chrome, Node ≥ 18) each member's deflate data goes
// through it, about 2× faster than fflate; fflate's streaming Gunzip is the fallback. Either way
// every member's CRC-32 and length are checked here (fflate checks no trailer and accepts a
// stream cut inside a header), so a truncated or corrupt file raises a ParseError instead of
// silently losing its last variants. Multi-member files (bgzip, `cat a.gz b.gz`) read as one.
import { Gunzip } from 'fflate';
import { ParseError } from '../errors';
import { crc32Start, finishCrc32, updateCrc32 } from './crc32';
import { memberMismatch } from './gzipMembers';
import { hasDecompressionStream, inflateMembers } from './gzipPlatform';
import { byteError } from './lines';

const gzipMagic0 = 0x1f;
const gzipMagic1 = 0x8b;
/** How much recent input to keep for reading a member trailer back; longer headers are refused. */
const keptInputBytes = 1 << 16;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === gzipMagic0 && head[1] === gzipMagic1;
}

/** Pushes compressed chunks in, hands inflated chunks out, and checks every member's trailer. */
class CheckedGunzip {
  private readonly inflater = new Gunzip();
  private output: Uint8Array[] = [];
  private crc = crc32Start;
  private memberBytes = 0;
  private bytesIn = 0;
  /** The chunk being pushed, where it starts, and a ring of the input before it. */
  private current: Uint8Array = new Uint8Array(0);
  private currentStart = 0;
  private readonly ring = new Uint8Array(keptInputBytes);

  constructor(private readonly fileName: string) {
    this.inflater.ondata = (data) => {
      this.output.push(data);
      this.crc = updateCrc32(this.crc, data);
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
    if (trailer.length < 8 || word(0) !== finishCrc32(this.crc) || word(4) !== this.memberBytes >>> 0) {
      throw byteError(this.fileName, memberEnd, memberMismatch);
    }
    this.crc = crc32Start;
    this.memberBytes = 0;
  }
}

/** `head`, then the rest; stopping early stops the rest too (for-await calls its return()). */
async function* prepend(head: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield head;
  yield* { [Symbol.asyncIterator]: () => rest };
}

/**
 * The stream inflated when it starts with the gzip magic, otherwise unchanged. Multi-member
 * gzip (bgzip, `cat a.gz b.gz`) is read as one stream.
 */
export async function* maybeGunzip(chunks: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
  if (hasDecompressionStream()) {
    const input = chunks[Symbol.asyncIterator]();
    let head: Uint8Array = new Uint8Array(0);
    while (head.length < 2) {
      const next = await input.next();
      if (next.done) break;
      head = head.length === 0 ? next.value : concatBytes(head, next.value);
    }
    if (head.length === 0) return;
    yield* isGzip(head) ? inflateMembers(prepend(head, input), fileName) : prepend(head, input);
    return;
  }
  yield* gunzipWithFflate(chunks, fileName);
}

async function* gunzipWithFflate(chunks: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
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
