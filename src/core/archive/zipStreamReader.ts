// A zip read entry by entry from a file it never holds whole: the end records, the central
// directory and each entry's data are read as slices (Blob.slice in the page and in a worker),
// with boundedUnzip's limits checked on the directory before anything is inflated, and each entry
// inflated in steps into its declared size (zipInflate.ts), or handed to a sink piece by piece.
// Memory: the entries kept, plus one slice (and one inflate step's output for a sunk entry).
import { throwIfCancelled } from '../errors';
import {
  checkEntryCount, readDataStart, readDirectory, readEnd, readZip64End, tailBytesOf, ZipView, localHeaderBytes, zip64EndBytes,
  type DirectoryEntry, type DirectoryPlace, type UnzipOptions, type ZipLimits,
} from './zipDirectory';
import { EntryInflater, type EntrySink } from './zipInflate';

export type { EntrySink } from './zipInflate';

/** Bytes that can be read at any offset: a Blob or File through slices, or bytes in memory. */
export interface RandomAccessSource {
  /** File name used in messages, e.g. 'gdw-session-2025-01-31.zip'. */
  name: string;
  sizeBytes: number;
  /** The bytes [offset, offset + length), which the caller keeps inside [0, sizeBytes). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function createBlobRandomAccess(blob: Blob, name = (blob as Blob & { name?: string }).name ?? 'file'): RandomAccessSource {
  return {
    name,
    sizeBytes: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}

/** A source over bytes in memory: reads are views, not copies. */
export function createBytesRandomAccess(bytes: Uint8Array, name: string): RandomAccessSource {
  return { name, sizeBytes: bytes.length, read: async (offset, length) => bytes.subarray(offset, offset + length) };
}

export interface StreamUnzipOptions extends UnzipOptions {
  /** Aborting rejects with CancelledError between reads. */
  signal?: AbortSignal;
  /** Called after every read with the bytes read so far (end records and directory included). */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Bytes per read of an entry's data (default 4 MiB; at least 4 KiB). */
  readBytes?: number;
  /**
   * A sink for a kept entry too large to hold: its inflated bytes go there piece by piece (each
   * awaited before the next read), its size and CRC-32 are checked after the last, and it is not
   * yielded. Entries without one are collected as before.
   */
  sinkFor?: (name: string) => EntrySink | undefined;
}

/** One inflated entry. */
export interface UnzippedEntry {
  name: string;
  bytes: Uint8Array;
}

/** The source's reads, each clamped to the file and seen as a window at its absolute offset. */
class WindowReader {
  bytesRead = 0;
  readonly file: ZipView;

  constructor(private readonly source: RandomAccessSource, private readonly options: StreamUnzipOptions) {
    this.file = new ZipView(new Uint8Array(0), 0, source.sizeBytes, source.name, options.advice);
  }

  async read(at: number, length: number, end?: string): Promise<ZipView> {
    throwIfCancelled(this.options.signal, `reading ${this.source.name}`);
    const size = this.source.sizeBytes;
    const start = Math.min(Math.max(0, at), size);
    const stop = Math.min(Math.max(start, at + length), size);
    const bytes = stop > start ? await this.source.read(start, stop - start) : new Uint8Array(0);
    this.bytesRead += bytes.length;
    this.options.onProgress?.(Math.min(this.bytesRead, size), size);
    return this.file.window(bytes, start, end);
  }
}

async function findDirectory(reader: WindowReader): Promise<DirectoryPlace> {
  const size = reader.file.fileBytes;
  const end = readEnd(await reader.read(size - tailBytesOf(size), tailBytesOf(size)));
  if ('count' in end) return end;
  return readZip64End(await reader.read(end.end64Offset, zip64EndBytes), end.end64Offset);
}

/** The kept entries as the central directory lists them, its entry count checked before it is read. */
async function readKeptDirectory(reader: WindowReader, limits: ZipLimits, keep: (name: string) => boolean): Promise<DirectoryEntry[]> {
  const place = await findDirectory(reader);
  checkEntryCount(reader.file, place, limits);
  const directory = await reader.read(place.offset, place.sizeBytes, 'the central directory');
  return readDirectory(directory, place, limits, keep);
}

/** The entries the zip lists (those `keep` admits), within `limits`, without reading any entry's data. */
export async function listZipEntries(source: RandomAccessSource, limits: ZipLimits, options: StreamUnzipOptions = {}): Promise<DirectoryEntry[]> {
  return readKeptDirectory(new WindowReader(source, options), limits, options.keep ?? (() => true));
}

/**
 * The kept entries, one at a time, each inflated within `limits`; every limit on the declared
 * sizes is checked before the first entry is read. Any fault is a ParseError naming the file and
 * entry, as boundedUnzip gives it for the same bytes.
 */
export async function* readZipEntries(source: RandomAccessSource, limits: ZipLimits, options: StreamUnzipOptions = {}): AsyncGenerator<UnzippedEntry> {
  const reader = new WindowReader(source, options);
  const readBytes = Math.max(1 << 12, options.readBytes ?? 1 << 22);
  // 1. The directory, its entry count checked before it is read.
  const entries = await readKeptDirectory(reader, limits, options.keep ?? (() => true));
  // 2. Each entry from its local header on, a slice at a time, into its buffer or its sink.
  for (const entry of entries) {
    const dataStart = readDataStart(await reader.read(entry.localHeaderOffset, localHeaderBytes), entry);
    if (dataStart + entry.compressedBytes > source.sizeBytes) reader.file.fail(`${entry.name}'s data runs past the end of the file`, dataStart);
    const sink = options.sinkFor?.(entry.name);
    const inflater = new EntryInflater(source.name, entry, sink);
    let at = dataStart;
    const end = dataStart + entry.compressedBytes;
    do {
      const length = Math.min(readBytes, end - at);
      const { bytes } = await reader.read(at, length);
      if (sink) await inflater.pushToSink(bytes, at + length === end);
      else inflater.push(bytes, at + length === end);
      at += length;
    } while (at < end);
    const bytes = inflater.finish();
    if (!sink) yield { name: entry.name, bytes };
  }
  throwIfCancelled(options.signal, `reading ${source.name}`);
}

/** Every kept entry by name: readZipEntries gathered. */
export async function unzipSource(source: RandomAccessSource, limits: ZipLimits, options: StreamUnzipOptions = {}): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for await (const { name, bytes } of readZipEntries(source, limits, options)) files[name] = bytes;
  return files;
}
