// The zip central directory (APPNOTE.TXT 4.3), read over windows of the file: the whole file when
// it is in memory (boundedUnzip), or the few slices a streamed reader fetched (zipStreamReader).
// Every limit is checked here on the declared sizes, before anything is inflated.
import { ParseError } from '../errors';

/** How much a zip may expand to; every limit is checked before inflating and again while inflating. */
export interface ZipLimits {
  /** Most entries the central directory may list, folders and archiver noise included. */
  maxEntries: number;
  /** Most bytes one entry may inflate to. */
  maxEntryBytes: number;
  /** Most bytes all inflated entries together may take. */
  maxTotalBytes: number;
}

export interface UnzipOptions {
  /** Entries to inflate; the others are listed (and counted) but never inflated. */
  keep?: (name: string) => boolean;
  /** What the user can do when the file is not a zip at all, appended to that message. */
  advice?: string;
}

/** One entry as the central directory describes it. */
export interface DirectoryEntry {
  name: string;
  method: number;
  crc32: number;
  compressedBytes: number;
  declaredBytes: number;
  localHeaderOffset: number;
}

/** Where the central directory lies, from the end record (zip64 aware). */
export interface DirectoryPlace {
  count: number;
  offset: number;
  sizeBytes: number;
}

/** A zip64 end record the end record points to; it may lie outside the window that held the end record. */
export interface Zip64Pointer {
  classic: DirectoryPlace;
  end64Offset: number;
}

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const centralSignature = 0x02014b50;
export const localSignature = 0x04034b50;
/** The end record (22 bytes) and the largest comment it may carry. */
export const endRecordBytes = 22;
export const maxCommentBytes = 0xffff;
export const zip64LocatorBytes = 20;
export const zip64EndBytes = 56;
export const localHeaderBytes = 30;
/** DEFLATE expands at most ~1032:1 (a 258-byte match per 2 bits); more than this is a lying header. */
const maxDeflateRatio = 1032;

export const formatBytes = (bytes: number): string =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${bytes} bytes`;

/**
 * Little-endian reads at absolute file offsets inside a window [base, base + bytes.length) of a
 * file of fileBytes; a read past the file (or past the window's `end` name) is a ParseError.
 */
export class ZipView {
  constructor(
    readonly bytes: Uint8Array, readonly base: number, readonly fileBytes: number, readonly fileName: string,
    readonly advice?: string, private readonly end = 'the file',
  ) {}

  /** The same file seen through another window. */
  window(bytes: Uint8Array, base: number, end = 'the file'): ZipView {
    return new ZipView(bytes, base, this.fileBytes, this.fileName, this.advice, end);
  }

  fail(what: string, byteOffset?: number): never {
    const advice = this.advice ? `: ${this.advice}` : '';
    throw new ParseError(`${this.fileName} is not a readable zip archive (${what})${advice}`, { file: this.fileName, byteOffset });
  }

  private need(at: number, length: number, what: string): number {
    const inWindow = at >= this.base && at + length <= this.base + this.bytes.length;
    if (!Number.isSafeInteger(at) || !inWindow) this.fail(`${what} runs past the end of ${at + length > this.fileBytes ? 'the file' : this.end}`, at);
    return at - this.base;
  }

  u16(at: number, what: string): number {
    const i = this.need(at, 2, what);
    return this.bytes[i] | (this.bytes[i + 1] << 8);
  }

  u32(at: number, what: string): number {
    const i = this.need(at, 4, what);
    return (this.bytes[i] | (this.bytes[i + 1] << 8) | (this.bytes[i + 2] << 16) | (this.bytes[i + 3] << 24)) >>> 0;
  }

  /** A 64-bit size or offset; above 2^53 no real file reaches, so it is refused. */
  u64(at: number, what: string): number {
    const value = this.u32(at + 4, what) * 2 ** 32 + this.u32(at, what);
    if (!Number.isSafeInteger(value)) this.fail(`${what} is ${value}, beyond any file`, at);
    return value;
  }

  slice(at: number, length: number, what: string): Uint8Array {
    const i = this.need(at, length, what);
    return this.bytes.subarray(i, i + length);
  }
}

/** The bytes at the end of a file that hold its end record and zip64 locator, whatever the comment. */
export const tailBytesOf = (fileBytes: number): number => Math.min(fileBytes, endRecordBytes + maxCommentBytes + zip64LocatorBytes);

/** The end record, found in a window that ends at the end of the file: the directory, or where its zip64 record lies. */
export function readEnd(tail: ZipView): DirectoryPlace | Zip64Pointer {
  const size = tail.fileBytes;
  let at = size - endRecordBytes;
  const stop = Math.max(tail.base, size - endRecordBytes - maxCommentBytes);
  while (at >= stop && tail.u32(at, 'end record') !== eocdSignature) at--;
  if (at < stop) tail.fail('no end-of-central-directory record');
  const classic = { count: tail.u16(at + 10, 'end record'), sizeBytes: tail.u32(at + 12, 'end record'), offset: tail.u32(at + 16, 'end record') };
  const saturated = classic.count === 0xffff || classic.offset === 0xffffffff || classic.sizeBytes === 0xffffffff;
  const locator = at - zip64LocatorBytes;
  if (saturated && locator >= tail.base && tail.u32(locator, 'zip64 locator') === zip64LocatorSignature) {
    return { classic, end64Offset: tail.u64(locator + 8, 'zip64 locator') };
  }
  return classic;
}

/** The zip64 end record, in a window that holds its zip64EndBytes. */
export function readZip64End(view: ZipView, end64Offset: number): DirectoryPlace {
  if (view.u32(end64Offset, 'zip64 end record') !== zip64EocdSignature) view.fail('bad zip64 end record', end64Offset);
  return {
    count: view.u64(end64Offset + 32, 'zip64 end record'),
    sizeBytes: view.u64(end64Offset + 40, 'zip64 end record'),
    offset: view.u64(end64Offset + 48, 'zip64 end record'),
  };
}

/** Refuses a directory listing more than maxEntries, or larger than its entries can be, before a byte of it is read. */
export function checkEntryCount(view: ZipView, place: DirectoryPlace, limits: ZipLimits): void {
  if (place.count > limits.maxEntries) {
    throw new ParseError(`${view.fileName}: the archive lists ${place.count} entries, more than the limit of ${limits.maxEntries} (maxEntries): `
      + 'this is not an archive the workbench wrote', { file: view.fileName });
  }
  // A record is 46 bytes and a name, an extra field and a comment of up to 65,535 bytes each.
  if (place.sizeBytes > place.count * (46 + 3 * 0xffff)) view.fail(`a central directory of ${place.sizeBytes} bytes for ${place.count} entries`);
}

/** One central directory record at `at`; returns it and where the next one starts. */
function readCentralEntry(view: ZipView, at: number): [DirectoryEntry, number] {
  if (view.u32(at, 'central directory') !== centralSignature) view.fail('bad central directory record', at);
  const flags = view.u16(at + 8, 'central directory');
  const method = view.u16(at + 10, 'central directory');
  const crc32 = view.u32(at + 16, 'central directory');
  let compressedBytes = view.u32(at + 20, 'central directory');
  let declaredBytes = view.u32(at + 24, 'central directory');
  const nameLength = view.u16(at + 28, 'central directory');
  const extraLength = view.u16(at + 30, 'central directory');
  const commentLength = view.u16(at + 32, 'central directory');
  let localHeaderOffset = view.u32(at + 42, 'central directory');
  const nameBytes = view.slice(at + 46, nameLength, 'entry name');
  const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
  // Zip64 extra field (id 1): the 64-bit values, in this order, of those saturated at 0xffffffff.
  const extraEnd = at + 46 + nameLength + extraLength;
  for (let e = at + 46 + nameLength; e + 4 <= extraEnd;) {
    const id = view.u16(e, 'extra field');
    const size = view.u16(e + 2, 'extra field');
    if (id === 1) {
      let field = e + 4;
      const next = (): number => {
        field += 8;
        return view.u64(field - 8, 'zip64 extra field');
      };
      if (declaredBytes === 0xffffffff) declaredBytes = next();
      if (compressedBytes === 0xffffffff) compressedBytes = next();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
    }
    e += 4 + size;
  }
  if (flags & 1) view.fail(`${name} is encrypted`, at);
  return [{ name, method, crc32, compressedBytes, declaredBytes, localHeaderOffset }, extraEnd + commentLength];
}

function limitError(fileName: string, entry: string, what: string, limitName: keyof ZipLimits, limit: number): ParseError {
  return new ParseError(`${fileName}: ${entry} ${what}, more than the ${formatBytes(limit)} limit (${limitName}): `
    + 'this is not an archive the workbench wrote, or it is larger than this page can hold', { file: `${fileName}/${entry}` });
}

/**
 * The kept entries of the directory, every limit checked on the declared sizes; nothing is inflated
 * yet. `directory` is a window over exactly [place.offset, place.offset + place.sizeBytes).
 */
export function readDirectory(directory: ZipView, place: DirectoryPlace, limits: ZipLimits, keep: (name: string) => boolean): DirectoryEntry[] {
  checkEntryCount(directory, place, limits);
  const entries: DirectoryEntry[] = [];
  let totalBytes = 0;
  for (let i = 0, at = place.offset; i < place.count; i++) {
    const [entry, next] = readCentralEntry(directory, at);
    at = next;
    if (!keep(entry.name)) continue;
    const { name, method, compressedBytes, declaredBytes } = entry;
    if (method !== 0 && method !== 8) directory.fail(`${name} uses compression method ${method}; only stored and deflated entries are read`);
    if (declaredBytes > limits.maxEntryBytes) throw limitError(directory.fileName, name, `inflates to ${formatBytes(declaredBytes)}`, 'maxEntryBytes', limits.maxEntryBytes);
    totalBytes += declaredBytes;
    if (totalBytes > limits.maxTotalBytes) throw limitError(directory.fileName, name, `brings the archive to ${formatBytes(totalBytes)}`, 'maxTotalBytes', limits.maxTotalBytes);
    const possible = method === 0 ? declaredBytes === compressedBytes : declaredBytes <= compressedBytes * maxDeflateRatio + 1024;
    if (!possible) directory.fail(`${name} declares ${declaredBytes} bytes from ${compressedBytes} compressed bytes, which no entry can hold`);
    if (entry.localHeaderOffset + localHeaderBytes + compressedBytes > directory.fileBytes) directory.fail(`${name}'s data runs past the end of the file`, entry.localHeaderOffset);
    entries.push(entry);
  }
  return entries;
}

/** Where an entry's data starts, from its local header (a window holding its first localHeaderBytes). */
export function readDataStart(view: ZipView, entry: DirectoryEntry): number {
  const local = entry.localHeaderOffset;
  if (view.u32(local, 'local header') !== localSignature) view.fail(`bad local header for ${entry.name}`, local);
  return local + localHeaderBytes + view.u16(local + 26, 'local header') + view.u16(local + 28, 'local header');
}
