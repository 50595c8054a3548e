// A zip written as a stream of chunks, one entry after another, so a writer holds one chunk of the
// output at a time beside its entries (a session's sets, a bundle's tensor) and never the zip whole.
// Written by hand on fflate's Deflate because fflate's streaming Zip writes no zip64: an entry or an
// archive past 4 GiB (the paper's 6.1 GB tensor) would wrap its 32-bit sizes and offsets.
// Format: APPNOTE.TXT 4.3 (local header, data, data descriptor, central directory, end records),
// zip64 (4.3.14, 4.3.15, 4.5.3) where a size or offset needs it; readable by boundedUnzip,
// zipStreamReader, Python's zipfile and `unzip`.
import { Deflate } from 'fflate';
import { crc32Start, finishCrc32, updateCrc32 } from '../genotype/crc32';
import { ChunkCoalescer } from './zipChunks';

/** 0 stores the bytes as they are (float noise hardly compresses); 1–9 deflate at that level. */
export type ZipLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** An entry whose bytes are in memory: its size and CRC-32 are known before its header, so a stored one needs no data descriptor. */
export interface ZipPartsEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  level: ZipLevel;
  /** The bytes, in order (e.g. a .npy header and the tensor it describes, without joining them). */
  parts: readonly Uint8Array[];
}

/**
 * An entry whose bytes are made while it is written (a VCF, a tensor encoded chunk by chunk). A
 * stored chunk is yielded as a view and may be held until the zip is collected: make each one fresh.
 */
export interface ZipChunksEntry {
  name: string;
  level: ZipLevel;
  chunks: Iterable<Uint8Array>;
  /** The bytes the chunks hold, when known; an entry of unknown size is written in zip64 form in case it passes 4 GiB. */
  sizeBytes?: number;
}

export type ZipEntrySource = ZipPartsEntry | ZipChunksEntry;

export interface ZipStreamOptions {
  /** The entries' modification time (local time, 2-second steps); now when absent. */
  modifiedAt?: Date;
  /** The largest chunk yielded (default 1 MiB); smaller pieces are joined up to 64 KiB. */
  chunkBytes?: number;
  /** Write every size and offset in zip64 form, as an archive past 4 GiB has them: for tests, without writing 4 GiB. */
  forceZip64?: boolean;
}

/** What the central directory repeats of an entry. */
interface WrittenEntry {
  name: Uint8Array;
  flags: number;
  method: number;
  crc32: number;
  compressedBytes: number;
  sizeBytes: number;
  localHeaderOffset: number;
  /** 45 where the local header has a zip64 extra field; the central record says the same. */
  versionNeeded: number;
}

const u32Max = 0xffffffff;
/** Below this an entry of known size stays in 32-bit form even deflated (deflate adds ~5 bytes per 16 KiB at worst). */
const classicSizeLimit = 0xff000000;
const deflateStepBytes = 1 << 16;
const versionClassic = 20;
const versionZip64 = 45;
/** Made by Unix (3) with zip 4.5, and regular files rw-r--r--: Info-ZIP then keeps UTF-8 names and sane modes. */
const versionMadeBy = (3 << 8) | versionZip64;
const fileAttributes = 0o100644 * 2 ** 16;
const flagDataDescriptor = 1 << 3;
const flagUtf8 = 1 << 11;

/** Little-endian writes into a fresh buffer, in order. */
class Fields {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;

  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  u16(value: number): this {
    this.view.setUint16(this.at, value, true);
    this.at += 2;
    return this;
  }

  u32(value: number): this {
    this.view.setUint32(this.at, value, true);
    this.at += 4;
    return this;
  }

  u64(value: number): this {
    return this.u32(value % 2 ** 32).u32(Math.floor(value / 2 ** 32));
  }

  raw(bytes: Uint8Array): this {
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
    return this;
  }
}

/** MS-DOS time and date (APPNOTE 4.4.6), local time as fflate and Info-ZIP write it; years clamped to 1980–2107. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

function encodeName(name: string): { bytes: Uint8Array; flags: number } {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length === 0 || bytes.length > 0xffff) throw new RangeError(`a zip entry name must be 1 to 65,535 bytes long, not ${bytes.length}`);
  return { bytes, flags: bytes.some((b) => b > 0x7f) ? flagUtf8 : 0 };
}

function* slices(bytes: Uint8Array, stepBytes: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += stepBytes) yield bytes.subarray(at, Math.min(at + stepBytes, bytes.length));
}

/** One entry's data: stored as it comes, or deflated in 64 KiB steps; counts and checksums what passes. */
class EntryData {
  private crc = crc32Start;
  sizeBytes = 0;
  compressedBytes = 0;
  private readonly pending: Uint8Array[] = [];
  private readonly deflate: Deflate | null;

  /** `knownCrc`: the CRC-32 computed before the header, not computed again. */
  constructor(level: ZipLevel, private readonly knownCrc?: number) {
    this.deflate = level === 0 ? null : new Deflate({ level }, (chunk) => this.pending.push(chunk));
  }

  get crc32(): number {
    return this.knownCrc ?? finishCrc32(this.crc);
  }

  *write(bytes: Uint8Array, stepBytes: number): Generator<Uint8Array> {
    if (this.knownCrc === undefined) this.crc = updateCrc32(this.crc, bytes);
    this.sizeBytes += bytes.length;
    if (!this.deflate) {
      this.compressedBytes += bytes.length;
      yield* slices(bytes, stepBytes);
      return;
    }
    for (const step of slices(bytes, deflateStepBytes)) {
      this.deflate.push(step, false);
      yield* this.drain();
    }
  }

  *end(): Generator<Uint8Array> {
    this.deflate?.push(new Uint8Array(0), true);
    yield* this.drain();
  }

  private *drain(): Generator<Uint8Array> {
    for (const chunk of this.pending.splice(0)) {
      this.compressedBytes += chunk.length;
      yield chunk;
    }
  }
}

function localHeader(entry: WrittenEntry, dos: { time: number; date: number }, zip64: boolean, sized: boolean): Uint8Array {
  const sizeField = (value: number) => (!sized ? 0 : zip64 ? u32Max : value);
  const header = new Fields(30 + entry.name.length + (zip64 ? 20 : 0))
    .u32(0x04034b50).u16(entry.versionNeeded).u16(entry.flags).u16(entry.method).u16(dos.time).u16(dos.date)
    .u32(sized ? entry.crc32 : 0).u32(sizeField(entry.compressedBytes)).u32(sizeField(entry.sizeBytes))
    .u16(entry.name.length).u16(zip64 ? 20 : 0).raw(entry.name);
  // A zip64 local extra holds both sizes (4.5.3); zero when a data descriptor follows.
  if (zip64) header.u16(1).u16(16).u64(sized ? entry.sizeBytes : 0).u64(sized ? entry.compressedBytes : 0);
  return header.bytes;
}

function dataDescriptor(entry: WrittenEntry, zip64: boolean): Uint8Array {
  const sizes = zip64 ? 16 : 8;
  const fields = new Fields(8 + sizes).u32(0x08074b50).u32(entry.crc32);
  return (zip64 ? fields.u64(entry.compressedBytes).u64(entry.sizeBytes) : fields.u32(entry.compressedBytes).u32(entry.sizeBytes)).bytes;
}

function centralRecord(entry: WrittenEntry, dos: { time: number; date: number }, force: boolean): Uint8Array {
  const wide = (value: number) => force || value >= u32Max;
  const zip64Values = [entry.sizeBytes, entry.compressedBytes, entry.localHeaderOffset].filter(wide);
  const extraBytes = zip64Values.length > 0 ? 4 + 8 * zip64Values.length : 0;
  const field = (value: number) => (wide(value) ? u32Max : value);
  const record = new Fields(46 + entry.name.length + extraBytes)
    .u32(0x02014b50).u16(versionMadeBy).u16(extraBytes > 0 ? versionZip64 : entry.versionNeeded).u16(entry.flags).u16(entry.method)
    .u16(dos.time).u16(dos.date).u32(entry.crc32).u32(field(entry.compressedBytes)).u32(field(entry.sizeBytes))
    .u16(entry.name.length).u16(extraBytes).u16(0).u16(0).u16(0).u32(fileAttributes).u32(field(entry.localHeaderOffset)).raw(entry.name);
  if (extraBytes > 0) {
    record.u16(1).u16(extraBytes - 4);
    zip64Values.forEach((value) => record.u64(value));
  }
  return record.bytes;
}

/** The end records: zip64 ones first when the count, size or offset of the directory needs them. */
function endRecords(count: number, directoryOffset: number, directoryBytes: number, force: boolean): Uint8Array {
  const zip64 = force || count >= 0xffff || directoryOffset >= u32Max || directoryBytes >= u32Max;
  const end = new Fields(22 + (zip64 ? 76 : 0));
  if (zip64) {
    end.u32(0x06064b50).u64(44).u16(versionMadeBy).u16(versionZip64).u32(0).u32(0)
      .u64(count).u64(count).u64(directoryBytes).u64(directoryOffset);
    end.u32(0x07064b50).u32(0).u64(directoryOffset + directoryBytes).u32(1);
  }
  return end.u32(0x06054b50).u16(0).u16(0).u16(zip64 ? 0xffff : count).u16(zip64 ? 0xffff : count)
    .u32(zip64 ? u32Max : directoryBytes).u32(zip64 ? u32Max : directoryOffset).u16(0).bytes;
}

function crcOfParts(parts: readonly Uint8Array[]): number {
  return finishCrc32(parts.reduce((crc, part) => updateCrc32(crc, part), crc32Start));
}

/**
 * The zip of `entries` as chunks of at most `chunkBytes` (stored data is yielded as views of the
 * entries' own bytes; consume each chunk before asking for the next). Entries are pulled one at a
 * time, so a generated entry is made while it is written.
 */
export function* zipStream(entries: Iterable<ZipEntrySource>, options: ZipStreamOptions = {}): Generator<Uint8Array> {
  const dos = dosDateTime(options.modifiedAt ?? new Date());
  const chunkBytes = Math.max(1 << 16, options.chunkBytes ?? 1 << 20);
  const force = options.forceZip64 ?? false;
  const out = new ChunkCoalescer(chunkBytes);
  const written: WrittenEntry[] = [];
  let offset = 0;
  const emit = function* (chunk: Uint8Array): Generator<Uint8Array> {
    offset += chunk.length;
    yield* out.add(chunk);
  };
  for (const source of entries) {
    // 1. The header: complete for a stored entry in memory, else its sizes and CRC follow the data.
    const { bytes: name, flags } = encodeName(source.name);
    const inMemory = 'parts' in source;
    const knownBytes = inMemory ? source.parts.reduce((n, p) => n + p.length, 0) : source.sizeBytes;
    const sized = inMemory && source.level === 0;
    const entry: WrittenEntry = {
      name, flags: flags | (sized ? 0 : flagDataDescriptor), method: source.level === 0 ? 0 : 8,
      crc32: sized ? crcOfParts(source.parts) : 0, compressedBytes: sized ? knownBytes! : 0, sizeBytes: sized ? knownBytes! : 0,
      localHeaderOffset: offset, versionNeeded: versionClassic,
    };
    const zip64 = force || knownBytes === undefined || knownBytes >= (sized ? u32Max : classicSizeLimit);
    if (zip64) entry.versionNeeded = versionZip64;
    yield* emit(localHeader(entry, dos, zip64, sized));
    // 2. The data, chunk by chunk.
    const data = new EntryData(source.level, sized ? entry.crc32 : undefined);
    for (const chunk of inMemory ? source.parts : source.chunks) for (const piece of data.write(chunk, chunkBytes)) yield* emit(piece);
    for (const piece of data.end()) yield* emit(piece);
    if (knownBytes !== undefined && data.sizeBytes !== knownBytes) {
      throw new RangeError(`zip entry ${source.name} declared ${knownBytes} bytes but its chunks held ${data.sizeBytes}`);
    }
    Object.assign(entry, { crc32: data.crc32, compressedBytes: data.compressedBytes, sizeBytes: data.sizeBytes });
    // 3. The data descriptor, where the header could not hold the sizes.
    if (!sized) yield* emit(dataDescriptor(entry, zip64));
    written.push(entry);
  }
  // 4. The central directory and the end records.
  const directoryOffset = offset;
  for (const entry of written) yield* emit(centralRecord(entry, dos, force));
  yield* emit(endRecords(written.length, directoryOffset, offset - directoryOffset, force));
  yield* out.flush();
}

/** Most bytes deflate adds to data it cannot shrink: a stored block's 5-byte header per 16 KiB, and the end. */
const deflateGrowthBytes = (bytes: number): number => Math.ceil(bytes / 16_384) * 5 + 16;

/** An upper bound on the zip of these in-memory entries (headers, zip64 fields and descriptors included): a buffer this large holds it. */
export function getZipBytesBound(entries: readonly ZipPartsEntry[]): number {
  const perEntry = 30 + 20 + 24 + 46 + 28;
  const entryBytes = entries.reduce((sum, entry) => {
    const dataBytes = entry.parts.reduce((n, p) => n + p.length, 0);
    const nameBytes = new TextEncoder().encode(entry.name).length;
    return sum + perEntry + 2 * nameBytes + dataBytes + (entry.level === 0 ? 0 : deflateGrowthBytes(dataBytes));
  }, 0);
  return entryBytes + 22 + 76;
}
