// Cuts a gzip stream into its members without inflating it, so that each member's deflate data
// can go to the platform's DecompressionStream, which reads exactly one member (Compression
// spec). A BGZF member (bgzip, bcftools -Oz) states its size in its header (extra subfield 'BC',
// SAM spec §4.1). Any other member runs to the end of the input or to the next place that
// looks like a member header (RFC 1952 §2.3: magic, deflate, no reserved flag, a known XFL and
// OS) and whose first bytes inflate: inside deflate data that is vanishingly unlikely.
import { FlateErrorCode, inflateSync } from 'fflate';
import { byteError } from './lines';

const flagHeaderCrc = 0x02;
const flagExtra = 0x04;
const flagName = 0x08;
const flagComment = 0x10;
const reservedFlags = 0xe0;
const trailerBytes = 8;
/** 10-byte header, the 2 bytes of an empty deflate stream, the 8-byte trailer. */
const minMemberBytes = 20;
/** Deflate bytes a look-alike header must be followed by, inflating without error. */
const probeBytes = 512;
/** Longer file names or comments in a header are refused rather than buffered. */
const maxHeaderBytes = 1 << 16;

/** ID1, ID2 and CM (deflate): the bytes every member starts with. */
const fixed = [0x1f, 0x8b, 0x08];

type HeaderParse = { kind: 'header'; headerBytes: number; memberBytes?: number } | { kind: 'short' } | { kind: 'invalid' };

/** End of a zero-terminated header field starting at `at`, or -1 when not in the buffer yet. */
const zeroTerminated = (bytes: Uint8Array, at: number) => {
  const zero = bytes.indexOf(0, at);
  return zero < 0 ? -1 : zero + 1;
};

/**
 * The gzip member header at `at`: its length, and the member's length when BGZF states it.
 * `strict` also asks for a known XFL and OS, to tell a real header from deflate bytes.
 */
export function parseMemberHeader(bytes: Uint8Array, at: number, strict: boolean): HeaderParse {
  for (let i = 0; i < 10 && at + i < bytes.length; i++) {
    const b = bytes[at + i];
    if (i < 3 && b !== fixed[i]) return { kind: 'invalid' };
    if (i === 3 && (b & reservedFlags) !== 0) return { kind: 'invalid' };
    if (strict && i === 8 && b !== 0 && b !== 2 && b !== 4) return { kind: 'invalid' };
    if (strict && i === 9 && b > 13 && b !== 255) return { kind: 'invalid' };
  }
  if (bytes.length - at < 10) return { kind: 'short' };
  const flags = bytes[at + 3];
  let end = at + 10;
  let memberBytes: number | undefined;
  if (flags & flagExtra) {
    if (bytes.length < end + 2) return { kind: 'short' };
    const extraEnd = end + 2 + (bytes[end] | (bytes[end + 1] << 8));
    if (bytes.length < extraEnd) return { kind: 'short' };
    for (let sub = end + 2; sub + 4 <= extraEnd; sub += 4 + (bytes[sub + 2] | (bytes[sub + 3] << 8))) {
      const isBgzf = bytes[sub] === 0x42 && bytes[sub + 1] === 0x43 && bytes[sub + 2] === 2 && bytes[sub + 3] === 0 && sub + 6 <= extraEnd;
      if (isBgzf) memberBytes = (bytes[sub + 4] | (bytes[sub + 5] << 8)) + 1;
    }
    end = extraEnd;
  }
  for (const flag of [flagName, flagComment]) {
    if (!(flags & flag)) continue;
    end = zeroTerminated(bytes, end);
    if (end < 0) return bytes.length - at > maxHeaderBytes ? { kind: 'invalid' } : { kind: 'short' };
  }
  if (flags & flagHeaderCrc) end += 2;
  if (bytes.length < end) return { kind: 'short' };
  if (memberBytes !== undefined && memberBytes < end - at + trailerBytes) return { kind: 'invalid' };
  return { kind: 'header', headerBytes: end - at, ...(memberBytes === undefined ? {} : { memberBytes }) };
}

/** Whether deflate data starts like `bytes`: it inflates, or only runs out. */
function inflatesCleanly(bytes: Uint8Array): boolean {
  try {
    inflateSync(bytes);
    return true;
  } catch (err) {
    return (err as { code?: number }).code === FlateErrorCode.UnexpectedEOF;
  }
}

export const memberMismatch = 'gzip member is incomplete or corrupt (its CRC-32 or length does not match); the file is damaged or truncated';

/** A member's stored CRC-32 and length (ISIZE: the inflated length mod 2^32), and where it ends. */
export interface MemberTrailer {
  crc: number;
  size: number;
  /** Absolute input offset just past the member. */
  end: number;
  /** False when the input ended before the member's 8-byte trailer. */
  complete: boolean;
}

/**
 * Hands out the input member by member, whole (header, deflate data, trailer), and queues each
 * member's trailer before its last byte is handed out, so a consumer of the inflated output
 * always knows a member's length before any byte of the next member can come out.
 */
export class MemberSplitter {
  private readonly input: AsyncIterator<Uint8Array>;
  private pending: Uint8Array = new Uint8Array(0);
  /** Absolute input offset of pending[0]; everything before it was handed out. */
  private pendingStart = 0;
  private inputDone = false;
  /** Absolute end of the current member, once known (at once for BGZF). */
  private memberEnd: number | undefined;
  /** Where scanning for the next member's header resumes, for members of unknown length. */
  private scanFrom = 0;
  /** Trailers of members handed out whose output has not been checked yet, oldest first. */
  readonly trailers: MemberTrailer[] = [];

  constructor(chunks: AsyncIterable<Uint8Array>, private readonly fileName: string) {
    this.input = chunks[Symbol.asyncIterator]();
  }

  /** Stops reading the input (the caller stopped early). */
  async close(): Promise<void> {
    this.inputDone = true;
    await this.input.return?.();
  }

  /** Input bytes handed out so far. */
  get offset(): number {
    return this.pendingStart;
  }

  private get pendingEnd(): number {
    return this.pendingStart + this.pending.length;
  }

  private async pull(): Promise<boolean> {
    if (this.inputDone) return false;
    const next = await this.input.next();
    if (next.done) {
      this.inputDone = true;
      return false;
    }
    if (this.pending.length === 0) {
      this.pending = next.value;
    } else {
      const joined = new Uint8Array(this.pending.length + next.value.length);
      joined.set(this.pending);
      joined.set(next.value, this.pending.length);
      this.pending = joined;
    }
    return true;
  }

  /** Reads the next member's header: false at the end of the input. */
  async startMember(): Promise<boolean> {
    while (this.pending.length === 0) if (!(await this.pull())) return false;
    for (;;) {
      const header = parseMemberHeader(this.pending, 0, false);
      if (header.kind === 'invalid') {
        throw byteError(this.fileName, this.pendingStart, 'expected another gzip member or the end of the file; the file is damaged');
      }
      if (header.kind === 'header') {
        this.memberEnd = header.memberBytes === undefined ? undefined : this.pendingStart + header.memberBytes;
        this.scanFrom = this.pendingStart + header.headerBytes + minMemberBytes - 10;
        return true;
      }
      if (!(await this.pull())) throw byteError(this.fileName, this.pendingEnd, 'the file ends inside a gzip header; it is truncated');
    }
  }

  /** The next bytes of the current member; undefined once all of it was handed out. */
  async nextPiece(): Promise<Uint8Array | undefined> {
    for (;;) {
      if (this.memberEnd !== undefined && this.pendingStart >= this.memberEnd) return undefined;
      const end = this.pieceEnd();
      if (end > this.pendingStart) return this.take(end);
      if (await this.pull()) continue;
      // The input ended: decide the look-alike headers held back, else the member ends here
      // (a truncated one then fails to inflate or its trailer check).
      if (this.memberEnd === undefined) this.scanForNextMember();
      if (this.memberEnd === undefined || this.memberEnd > this.pendingEnd) this.memberEnd = this.pendingEnd;
    }
  }

  /** How far the pending bytes can be handed out now: a BGZF member whole, else all but the last 8. */
  private pieceEnd(): number {
    if (this.memberEnd === undefined) this.scanForNextMember();
    if (this.memberEnd !== undefined) return this.pendingEnd >= this.memberEnd ? this.memberEnd : this.pendingStart;
    return Math.max(this.pendingStart, Math.min(this.scanFrom, this.pendingEnd) - trailerBytes);
  }

  /** Advances scanFrom over bytes that cannot start a member; sets memberEnd at one that does. */
  private scanForNextMember(): void {
    const p = this.pending;
    let q = p.indexOf(0x1f, Math.max(0, this.scanFrom - this.pendingStart));
    for (; q !== -1; q = p.indexOf(0x1f, q + 1)) {
      const verdict = this.startsMember(q);
      if (verdict === 'no') continue;
      this.scanFrom = this.pendingStart + q;
      if (verdict === 'yes') this.memberEnd = this.scanFrom;
      return;
    }
    this.scanFrom = Math.max(this.scanFrom, this.pendingEnd);
  }

  private startsMember(q: number): 'yes' | 'no' | 'more' {
    const header = parseMemberHeader(this.pending, q, true);
    if (header.kind === 'invalid') return 'no';
    if (header.kind === 'short') return this.inputDone ? 'no' : 'more';
    const start = q + header.headerBytes;
    if (this.pending.length - start < probeBytes && !this.inputDone) return 'more';
    return inflatesCleanly(this.pending.subarray(start, start + probeBytes)) ? 'yes' : 'no';
  }

  /** Pending bytes up to `end` (absolute); queues the trailer when they end the member. */
  private take(end: number): Uint8Array {
    const piece = this.pending.subarray(0, end - this.pendingStart);
    this.pending = this.pending.subarray(end - this.pendingStart);
    this.pendingStart = end;
    if (end === this.memberEnd) {
      const at = piece.length - trailerBytes;
      const word = (i: number) => (piece[at + i] | (piece[at + i + 1] << 8) | (piece[at + i + 2] << 16) | (piece[at + i + 3] << 24)) >>> 0;
      const complete = at >= 0;
      this.trailers.push({ crc: complete ? word(0) : 0, size: complete ? word(4) : 0, end, complete });
    }
    return piece;
  }
}
