// Unzipping a file the user chose without letting it exhaust memory (a zip bomb): the entry count
// and every declared size are checked against limits from the central directory before anything
// is inflated, and each entry is inflated in small steps into a buffer of its declared size, so a
// header that lies about the size is caught while inflating. fflate's unzipSync cannot do this:
// it allocates the declared size and silently cuts a stream that inflates to more, and it gives
// no entry offsets. So the directory is walked here (APPNOTE.TXT 4.3) and fflate inflates.
import { Inflate } from 'fflate';
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
interface DirectoryEntry {
  name: string;
  method: number;
  compressedBytes: number;
  declaredBytes: number;
  localHeaderOffset: number;
}

const eocdSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EocdSignature = 0x06064b50;
const centralSignature = 0x02014b50;
const localSignature = 0x04034b50;
/** DEFLATE expands at most ~1032:1 (a 258-byte match per 2 bits); more than this is a lying header. */
const maxDeflateRatio = 1032;
/** Compressed bytes per inflate step: bounds what one step can write past a lying size (~66 MB). */
const inflateStepBytes = 1 << 16;

const formatBytes = (bytes: number): string =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${bytes} bytes`;

/** Little-endian reads that fail with a ParseError rather than reading past the end. */
class ZipView {
  constructor(readonly bytes: Uint8Array, readonly fileName: string, private readonly advice?: string) {}

  fail(what: string, byteOffset?: number): never {
    const advice = this.advice ? `: ${this.advice}` : '';
    throw new ParseError(`${this.fileName} is not a readable zip archive (${what})${advice}`, { file: this.fileName, byteOffset });
  }

  private need(at: number, length: number, what: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + length > this.bytes.length) this.fail(`${what} runs past the end of the file`, at);
  }

  u16(at: number, what: string): number {
    this.need(at, 2, what);
    return this.bytes[at] | (this.bytes[at + 1] << 8);
  }

  u32(at: number, what: string): number {
    this.need(at, 4, what);
    return (this.bytes[at] | (this.bytes[at + 1] << 8) | (this.bytes[at + 2] << 16) | (this.bytes[at + 3] << 24)) >>> 0;
  }

  /** A 64-bit size or offset; above 2^53 no real file reaches, so it is refused. */
  u64(at: number, what: string): number {
    const value = this.u32(at + 4, what) * 2 ** 32 + this.u32(at, what);
    if (!Number.isSafeInteger(value)) this.fail(`${what} is ${value}, beyond any file`, at);
    return value;
  }

  slice(at: number, length: number, what: string): Uint8Array {
    this.need(at, length, what);
    return this.bytes.subarray(at, at + length);
  }
}

/** The end-of-central-directory record: entry count and where the directory starts (zip64 aware). */
function readEnd(view: ZipView): { count: number; offset: number } {
  const { bytes } = view;
  let at = bytes.length - 22;
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  while (at >= stop && view.u32(at, 'end record') !== eocdSignature) at--;
  if (at < stop) view.fail('no end-of-central-directory record');
  let count = view.u16(at + 10, 'end record');
  let offset = view.u32(at + 16, 'end record');
  if ((count === 0xffff || offset === 0xffffffff) && at >= 20 && view.u32(at - 20, 'zip64 locator') === zip64LocatorSignature) {
    const end64 = view.u64(at - 12, 'zip64 locator');
    if (view.u32(end64, 'zip64 end record') !== zip64EocdSignature) view.fail('bad zip64 end record', end64);
    count = view.u64(end64 + 32, 'zip64 end record');
    offset = view.u64(end64 + 48, 'zip64 end record');
  }
  return { count, offset };
}

/** One central directory record at `at`; returns it and where the next one starts. */
function readCentralEntry(view: ZipView, at: number): [DirectoryEntry, number] {
  if (view.u32(at, 'central directory') !== centralSignature) view.fail('bad central directory record', at);
  const flags = view.u16(at + 8, 'central directory');
  const method = view.u16(at + 10, 'central directory');
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
  return [{ name, method, compressedBytes, declaredBytes, localHeaderOffset }, extraEnd + commentLength];
}

function limitError(fileName: string, entry: string, what: string, limitName: keyof ZipLimits, limit: number): ParseError {
  return new ParseError(`${fileName}: ${entry} ${what}, more than the ${formatBytes(limit)} limit (${limitName}): `
    + 'this is not an archive the workbench wrote, or it is larger than this page can hold', { file: `${fileName}/${entry}` });
}

/** The directory, every limit checked on the declared sizes; nothing is inflated yet. */
function readDirectory(view: ZipView, limits: ZipLimits, keep: (name: string) => boolean): DirectoryEntry[] {
  const { count, offset } = readEnd(view);
  if (count > limits.maxEntries) {
    throw new ParseError(`${view.fileName}: the archive lists ${count} entries, more than the limit of ${limits.maxEntries} (maxEntries): `
      + 'this is not an archive the workbench wrote', { file: view.fileName });
  }
  const entries: DirectoryEntry[] = [];
  let totalBytes = 0;
  for (let i = 0, at = offset; i < count; i++) {
    const [entry, next] = readCentralEntry(view, at);
    at = next;
    if (!keep(entry.name)) continue;
    const { name, method, compressedBytes, declaredBytes } = entry;
    if (method !== 0 && method !== 8) view.fail(`${name} uses compression method ${method}; only stored and deflated entries are read`);
    if (declaredBytes > limits.maxEntryBytes) throw limitError(view.fileName, name, `inflates to ${formatBytes(declaredBytes)}`, 'maxEntryBytes', limits.maxEntryBytes);
    totalBytes += declaredBytes;
    if (totalBytes > limits.maxTotalBytes) throw limitError(view.fileName, name, `brings the archive to ${formatBytes(totalBytes)}`, 'maxTotalBytes', limits.maxTotalBytes);
    const possible = method === 0 ? declaredBytes === compressedBytes : declaredBytes <= compressedBytes * maxDeflateRatio + 1024;
    if (!possible) view.fail(`${name} declares ${declaredBytes} bytes from ${compressedBytes} compressed bytes, which no entry can hold`);
    entries.push(entry);
  }
  return entries;
}

/** Inflates one entry into a buffer of its declared size, failing as soon as the stream writes more. */
function inflateEntry(view: ZipView, entry: DirectoryEntry, compressed: Uint8Array): Uint8Array {
  const where = `${view.fileName}/${entry.name}`;
  const mismatch = (actual: string) => new ParseError(`${view.fileName}: ${entry.name} declares ${entry.declaredBytes} bytes `
    + `but inflates to ${actual}: the archive is corrupt or crafted`, { file: where });
  let out: Uint8Array;
  try {
    out = new Uint8Array(entry.declaredBytes);
  } catch {
    throw new ParseError(`${view.fileName}: ${entry.name} needs ${formatBytes(entry.declaredBytes)} of memory, more than this page can have`, { file: where });
  }
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > out.length) throw mismatch(`more (over ${written + chunk.length} bytes so far)`);
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let at = 0; at < compressed.length || at === 0; at += inflateStepBytes) {
      const end = Math.min(at + inflateStepBytes, compressed.length);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
    }
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw new ParseError(`${view.fileName}: ${entry.name} is not a valid deflate stream (${(err as Error).message})`, { file: where });
  }
  if (written !== out.length) throw mismatch(`${written} bytes`);
  return out;
}

/** The kept entries by name, each inflated within `limits`; any fault is a ParseError naming the file and entry. */
export function boundedUnzip(bytes: Uint8Array, fileName: string, limits: ZipLimits, options: UnzipOptions = {}): Record<string, Uint8Array> {
  const view = new ZipView(bytes, fileName, options.advice);
  const entries = readDirectory(view, limits, options.keep ?? (() => true));
  const files: Record<string, Uint8Array> = {};
  for (const entry of entries) {
    const local = entry.localHeaderOffset;
    if (view.u32(local, 'local header') !== localSignature) view.fail(`bad local header for ${entry.name}`, local);
    const start = local + 30 + view.u16(local + 26, 'local header') + view.u16(local + 28, 'local header');
    const compressed = view.slice(start, entry.compressedBytes, `${entry.name}'s data`);
    files[entry.name] = entry.method === 0 ? compressed.slice() : inflateEntry(view, entry, compressed);
  }
  return files;
}
