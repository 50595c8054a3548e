// gzip through the platform's DecompressionStream (Chrome, Node ≥ 18), about 2× faster than
// fflate: the member splitter cuts the input into whole members, one stream inflates them (all
// of them where the platform reads concatenated members, else one each), and every member's
// CRC-32 and length are checked against the output here, as on the fflate path.
import { GdwError } from '../errors';
import { crc32Start, finishCrc32, updateCrc32 } from './crc32';
import { type MemberTrailer, MemberSplitter, memberMismatch } from './gzipMembers';
import { byteError } from './lines';

/** Whether the platform inflates gzip natively: `DecompressionStream` is a global in Chrome and Node ≥ 18. */
export function hasDecompressionStream(): boolean {
  return typeof globalThis.DecompressionStream === 'function';
}

/** gzip of 'a' then gzip of 'b': two members, to ask the platform whether it reads past the first. */
const twoMembers = Uint8Array.of(
  0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x4b, 0x04, 0x00, 0x43, 0xbe, 0xb7, 0xe8, 0x01, 0, 0, 0,
  0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0x4b, 0x02, 0x00, 0xf9, 0xef, 0xbe, 0x71, 0x01, 0, 0, 0);
/** The answer, per DecompressionStream implementation (tests swap the global). */
const readsConcatenated = new WeakMap<object, Promise<boolean>>();

/**
 * Whether this platform's DecompressionStream reads concatenated members (Node does; the
 * Compression spec and Chrome stop at the first). If so one stream takes the whole file: a
 * stream per BGZF block would cost more than the inflating (measured: ~0.5 ms per block in Node).
 */
function decompressesConcatenated(): Promise<boolean> {
  const platform = globalThis.DecompressionStream;
  let answer = readsConcatenated.get(platform);
  if (!answer) {
    answer = new Response(new Blob([twoMembers]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
      .then((out) => out === 'ab', () => false);
    readsConcatenated.set(platform, answer);
  }
  return answer;
}

/** Checks inflated output against the queued member trailers, splitting it at member ends. */
class TrailerCheck {
  private crc = crc32Start;
  private size = 0;

  constructor(private readonly members: MemberSplitter, private readonly fileName: string) {}

  push(out: Uint8Array): void {
    let at = 0;
    for (;;) {
      const member = this.members.trailers[0];
      if (!member) break;
      // ISIZE is the length mod 2^32; the trailer is queued before the member's last bytes come out.
      const need = (member.size - this.size) >>> 0;
      const take = Math.min(need, out.length - at);
      this.add(out.subarray(at, at + take));
      at += take;
      if (take < need) return;
      this.finishMember();
    }
    this.add(out.subarray(at));
  }

  private add(bytes: Uint8Array): void {
    this.crc = updateCrc32(this.crc, bytes);
    this.size += bytes.length;
  }

  private finishMember(): void {
    const member = this.members.trailers.shift() as MemberTrailer;
    if (!member.complete || member.crc !== finishCrc32(this.crc)) throw byteError(this.fileName, member.end, memberMismatch);
    this.crc = crc32Start;
    this.size = 0;
  }

  /** At the end of a stream every member handed out must have been checked, with no output left over. */
  finish(): void {
    // Members that end with no more output (bgzip's empty EOF block) are queued last.
    while (this.members.trailers.length > 0 && (this.members.trailers[0].size - this.size) >>> 0 === 0) this.finishMember();
    if (this.members.trailers.length > 0 || this.size > 0) {
      throw byteError(this.fileName, this.members.trailers[0]?.end ?? this.members.offset, memberMismatch);
    }
  }

  /** Where to report a failure of the platform's inflater: the end of the first unchecked member. */
  failureOffset(): number {
    return this.members.trailers[0]?.end ?? this.members.offset;
  }
}

/** Compressed bytes per write to the inflater: each write costs far more than a copy (bgzip blocks are ~20 KiB). */
const writeBytes = 1 << 18;

/** The next pieces of a run, joined up to writeBytes; undefined at the run's end. */
async function nextWrite(members: MemberSplitter, wholeFile: boolean): Promise<Uint8Array | undefined> {
  const pieces: Uint8Array[] = [];
  let total = 0;
  while (total < writeBytes) {
    let piece = await members.nextPiece();
    while (!piece && wholeFile && (await members.startMember())) piece = await members.nextPiece();
    if (!piece) break;
    pieces.push(piece);
    total += piece.length;
  }
  if (pieces.length <= 1) return pieces[0];
  const joined = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}

/**
 * Writes a run's input into the inflater, one write awaited at a time: Node's DecompressionStream
 * takes every write at once unless each is awaited, and would hold the whole file. Input errors
 * (a cancel, a failed read, a damaged member layout) abort the inflater with that very error.
 */
async function pump(members: MemberSplitter, wholeFile: boolean, writer: WritableStreamDefaultWriter<Uint8Array>): Promise<unknown> {
  let previous: Promise<void> = Promise.resolve();
  for (;;) {
    let piece: Uint8Array | undefined;
    try {
      piece = await nextWrite(members, wholeFile);
    } catch (err) {
      await writer.abort(err).catch(() => undefined);
      return err;
    }
    try {
      // Two writes in flight: the inflater has the next piece while this one is inflated.
      await previous;
      if (!piece) return await writer.close();
      previous = writer.write(piece);
      previous.catch(() => undefined);
    } catch {
      return undefined; // the inflater failed or was cancelled: its reader reports why
    }
  }
}

/** A run of whole members (the rest of the file, or one member) through one DecompressionStream. */
async function* inflateRun(members: MemberSplitter, fileName: string, wholeFile: boolean): AsyncGenerator<Uint8Array> {
  // DOM typing wants ArrayBuffer-backed input; reader chunks are, but are typed ArrayBufferLike.
  const inflater = new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
  const reader = inflater.readable.getReader();
  const pumped = pump(members, wholeFile, inflater.writable.getWriter());
  const check = new TrailerCheck(members, fileName);
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(async (err: unknown) => {
        // The input's own errors pass through; anything else the inflater says is bad data.
        const inputError = await pumped;
        if (err === inputError || err instanceof GdwError) throw err;
        const reason = err instanceof Error ? err.message : String(err);
        throw byteError(fileName, check.failureOffset(), `${memberMismatch} (${reason})`);
      });
      if (done) break;
      check.push(value);
      yield value;
    }
    finished = true;
  } finally {
    // The caller stopped early or the run failed: stop the inflater and the file read.
    if (!finished) {
      await reader.cancel().catch(() => undefined);
      await pumped;
      await members.close();
    }
  }
  check.finish();
}

export async function* inflateMembers(chunks: AsyncIterable<Uint8Array>, fileName: string): AsyncGenerator<Uint8Array> {
  const members = new MemberSplitter(chunks, fileName);
  const wholeFile = await decompressesConcatenated();
  while (await members.startMember()) yield* inflateRun(members, fileName, wholeFile);
}
