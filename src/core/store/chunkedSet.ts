// One sample set as row chunks of `chunkRows` rows × `dims` float32: each chunk in memory
// (an ArrayBuffer or SharedArrayBuffer from the store's budget) or at a fixed slot of the set's
// spill file. Rows are append-only, so a reader holding a chunk never sees a row change.
import { InvalidRequestError, StorageFullError } from '../errors';
import { bytesOf, readFully, writeFully } from './chunkIo';
import { isStorageFull, type SampleSetDescriptor, type SampleSetStats, type SpillFile } from './types';

/** Memory chunks come from the store, which counts it against its budget. */
export interface ChunkMemory {
  /** A zeroed buffer of `bytes`, or null when the budget has no room (the chunk then spills). */
  allocate(bytes: number): ArrayBufferLike | null;
  /** Counts buffers that arrived from another worker. */
  adopt(bytes: number): void;
  release(bytes: number): void;
}

/** Opens the set's spill file on first use; null when the store has nowhere to spill. */
export type SpillOpener = (() => Promise<SpillFile>) | null;

export interface ChunkedSetOptions {
  setId: string;
  dims: number;
  chunkRows: number;
  labels: boolean;
  ids: boolean;
  /** Rows the set will hold, when known: chunks are then allocated once, at their final size. */
  expectedRows?: number;
  memory: ChunkMemory;
  openSpill: SpillOpener;
}

export interface AppendExtras {
  labels?: ArrayLike<number>;
  ids?: readonly string[];
}

/** A run of whole rows: a view of the store's memory, or a scratch buffer reused by the next step. */
export interface RowChunk {
  startRow: number;
  endRow: number;
  rows: Float32Array;
  labels?: Int32Array;
}

interface Chunk {
  startRow: number;
  rowCount: number;
  /** Capacity rows × dims while in memory. */
  data?: Float32Array;
  fileOffsetBytes?: number;
}

const bytesPerFloat = Float32Array.BYTES_PER_ELEMENT;

export class ChunkedSampleSet {
  readonly setId: string;
  readonly dims: number;
  readonly chunkRows: number;
  readonly ownership: 'owned' | 'shared';
  private readonly rowBytes: number;
  private readonly memory: ChunkMemory;
  private readonly openSpill: SpillOpener;
  private readonly expectedRows: number | undefined;
  private chunkList: Chunk[] = [];
  private rowCount = 0;
  private labelData: Int32Array | null;
  private idList: string[] | null;
  private file: SpillFile | null = null;
  private fileEndBytes = 0;
  private fileSlots = 0;
  private state: 'writing' | 'finished' | 'closed' = 'writing';
  private appending = false;

  constructor(options: ChunkedSetOptions, ownership: 'owned' | 'shared' = 'owned') {
    if (!Number.isInteger(options.dims) || options.dims < 1) throw new InvalidRequestError(`sample set '${options.setId}': dims must be a positive integer, got ${options.dims}`);
    this.setId = options.setId;
    this.dims = options.dims;
    this.chunkRows = options.chunkRows;
    this.ownership = ownership;
    this.rowBytes = options.dims * bytesPerFloat;
    this.memory = options.memory;
    this.openSpill = options.openSpill;
    this.expectedRows = options.expectedRows;
    this.labelData = options.labels ? new Int32Array(0) : null;
    this.idList = options.ids ? [] : null;
  }

  /** Rebuilds a set from a descriptor; `file` is this side's own handle on the spill file. */
  static fromDescriptor(desc: SampleSetDescriptor, ownership: 'owned' | 'shared', memory: ChunkMemory, file: SpillFile | null, openSpill: SpillOpener): ChunkedSampleSet {
    const set = new ChunkedSampleSet({ setId: desc.setId, dims: desc.dims, chunkRows: desc.chunkRows, labels: !!desc.labels, ids: !!desc.ids, memory, openSpill }, ownership);
    set.chunkList = desc.chunks.map((c) => ({ startRow: c.startRow, rowCount: c.rowCount, data: c.memory ? new Float32Array(c.memory) : undefined, fileOffsetBytes: c.fileOffsetBytes }));
    set.rowCount = desc.rows;
    set.labelData = desc.labels ?? null;
    set.idList = desc.ids ? [...desc.ids] : null;
    set.file = file;
    set.fileSlots = set.chunkList.filter((c) => !c.data).length;
    set.fileEndBytes = Math.max(0, ...set.chunkList.filter((c) => !c.data).map((c) => (c.fileOffsetBytes ?? 0) + c.rowCount * set.rowBytes));
    if (ownership === 'owned') set.chunkList.forEach((c) => c.data && memory.adopt(c.data.byteLength));
    set.state = ownership === 'shared' ? 'finished' : 'writing';
    return set;
  }

  get rows(): number {
    return this.rowCount;
  }

  get hasLabels(): boolean {
    return this.labelData !== null;
  }

  get hasIds(): boolean {
    return this.idList !== null;
  }

  /** Appends whole rows (`batch.length` a multiple of dims); await each call before the next. */
  async append(batch: Float32Array, extras: AppendExtras = {}): Promise<void> {
    const count = this.checkAppend(batch, extras);
    this.appending = true;
    try {
      for (let done = 0; done < count;) done += await this.appendSegment(batch, extras, done, count - done);
    } finally {
      this.appending = false;
    }
  }

  /** No more rows: flushes the spill file so other handles see every row. */
  finish(): void {
    this.flush();
    this.state = 'finished';
  }

  /** Pushes written rows to the spill file's storage (before another worker opens it). */
  flush(): void {
    this.checkOpen();
    this.file?.handle.flush();
  }

  /** Rows [start, end) as one row-major Float32Array, written into `into` when given. */
  readRows(start: number, end: number, into?: Float32Array): Float32Array {
    this.checkRange(start, end);
    const length = (end - start) * this.dims;
    if (into && into.length < length) throw new InvalidRequestError(`sample set '${this.setId}': rows ${start}–${end} need ${length} floats, the buffer given holds ${into.length}`);
    const out = into ? into.subarray(0, length) : new Float32Array(length);
    for (let row = start; row < end;) {
      const chunk = this.chunkList[Math.floor(row / this.chunkRows)];
      const from = row - chunk.startRow;
      const take = Math.min(end - row, chunk.rowCount - from);
      const target = out.subarray((row - start) * this.dims, (row - start + take) * this.dims);
      if (chunk.data) target.set(chunk.data.subarray(from * this.dims, (from + take) * this.dims));
      else readFully(this.fileHandle(), bytesOf(target), chunk.fileOffsetBytes! + from * this.rowBytes, `sample set '${this.setId}'`);
      row += take;
    }
    return out;
  }

  readLabels(start: number, end: number): Int32Array {
    this.checkRange(start, end);
    if (!this.labelData) throw new InvalidRequestError(`sample set '${this.setId}' has no labels`);
    return this.labelData.slice(start, end);
  }

  readIds(start: number, end: number): string[] {
    this.checkRange(start, end);
    if (!this.idList) throw new InvalidRequestError(`sample set '${this.setId}' has no sample ids`);
    return this.idList.slice(start, end);
  }

  /** Every chunk in row order; chunks from the file share one scratch buffer, valid until the next step. */
  *chunks(): Generator<RowChunk> {
    this.checkOpen();
    let scratch: Float32Array | null = null;
    for (const chunk of this.chunkList.slice()) {
      const endRow = chunk.startRow + chunk.rowCount;
      let rows: Float32Array;
      if (chunk.data) rows = chunk.data.subarray(0, chunk.rowCount * this.dims);
      else rows = this.readRows(chunk.startRow, endRow, (scratch ??= new Float32Array(this.chunkRows * this.dims)));
      yield { startRow: chunk.startRow, endRow, rows, labels: this.labelData?.subarray(chunk.startRow, endRow) };
    }
  }

  stats(): SampleSetStats {
    const inMemory = this.chunkList.filter((c) => c.data);
    const labelBytes = this.labelData?.byteLength ?? 0;
    return {
      setId: this.setId, rows: this.rowCount, dims: this.dims, ownership: this.ownership,
      chunksInMemory: inMemory.length, chunksOnDisk: this.chunkList.length - inMemory.length,
      bytesInMemory: inMemory.reduce((sum, c) => sum + c.data!.byteLength, 0) + labelBytes,
      bytesOnDisk: this.fileEndBytes,
    };
  }

  /** The set as a structured-cloneable value; memory chunks are passed as their buffers. */
  describe(access: 'shared' | 'moved', fileName: string | undefined): SampleSetDescriptor {
    this.checkOpen();
    return {
      kind: 'gdw-sample-set', access, setId: this.setId, dims: this.dims, rows: this.rowCount, chunkRows: this.chunkRows,
      chunks: this.chunkList.map((c) => ({ startRow: c.startRow, rowCount: c.rowCount, memory: c.data?.buffer, fileOffsetBytes: c.fileOffsetBytes })),
      labels: this.labelData?.slice(0, this.rowCount), ids: this.idList?.slice(),
      file: this.file && fileName ? { name: fileName, shareable: this.file.shareable } : undefined,
    };
  }

  /** Drops the chunks and closes this side's handle; the store removes an owned file. */
  close(): void {
    if (this.state === 'closed') return;
    if (this.ownership === 'owned') this.chunkList.forEach((c) => c.data && this.memory.release(c.data.byteLength));
    this.chunkList = [];
    this.labelData = null;
    this.idList = null;
    try {
      this.file?.handle.close();
    } finally {
      this.file = null;
      this.state = 'closed';
    }
  }

  private checkAppend(batch: Float32Array, extras: AppendExtras): number {
    this.checkOpen();
    if (this.state !== 'writing') throw new InvalidRequestError(`sample set '${this.setId}' is ${this.ownership === 'shared' ? 'read by reference here' : 'finished'}: rows cannot be appended`);
    if (this.appending) throw new InvalidRequestError(`sample set '${this.setId}': await the previous append before the next`);
    if (batch.length % this.dims !== 0) throw new InvalidRequestError(`sample set '${this.setId}': a batch of ${batch.length} floats is not whole rows of ${this.dims} (genes × components)`);
    const count = batch.length / this.dims;
    if (this.labelData && extras.labels?.length !== count) throw new InvalidRequestError(`sample set '${this.setId}': ${count} rows need ${count} labels, got ${extras.labels?.length ?? 'none'}`);
    if (this.idList && extras.ids?.length !== count) throw new InvalidRequestError(`sample set '${this.setId}': ${count} rows need ${count} sample ids, got ${extras.ids?.length ?? 'none'}`);
    return count;
  }

  /** Writes rows [first, first + take) of the batch into the last chunk (started when full); returns rows written. */
  private async appendSegment(batch: Float32Array, extras: AppendExtras, first: number, remaining: number): Promise<number> {
    this.checkOpen();
    let chunk = this.chunkList[this.chunkList.length - 1];
    if (!chunk || chunk.rowCount === this.chunkRows) chunk = await this.startChunk(remaining);
    const take = Math.min(remaining, this.chunkRows - chunk.rowCount);
    const rows = batch.subarray(first * this.dims, (first + take) * this.dims);
    if (chunk.data && (chunk.rowCount + take) * this.dims > chunk.data.length) await this.growChunk(chunk, chunk.rowCount + take);
    if (chunk.data) chunk.data.set(rows, chunk.rowCount * this.dims);
    else this.writeToFile(rows, chunk.fileOffsetBytes! + chunk.rowCount * this.rowBytes);
    chunk.rowCount += take;
    this.commitExtras(extras, first, take);
    this.rowCount += take;
    return take;
  }

  private async startChunk(remaining: number): Promise<Chunk> {
    const startRow = this.rowCount;
    const planned = this.expectedRows !== undefined ? this.expectedRows - startRow : 0;
    const capacityRows = Math.min(this.chunkRows, Math.max(planned, remaining));
    const buffer = this.memory.allocate(capacityRows * this.rowBytes);
    const chunk: Chunk = { startRow, rowCount: 0 };
    if (buffer) chunk.data = new Float32Array(buffer);
    else chunk.fileOffsetBytes = await this.takeFileSlot();
    this.chunkList.push(chunk);
    return chunk;
  }

  /** Doubles a memory chunk's capacity (up to chunkRows), or moves its rows to the file when the budget is spent. */
  private async growChunk(chunk: Chunk, neededRows: number): Promise<void> {
    const old = chunk.data!;
    const capacityRows = Math.min(this.chunkRows, Math.max(neededRows, 2 * (old.length / this.dims)));
    const buffer = this.memory.allocate(capacityRows * this.rowBytes);
    if (buffer) {
      chunk.data = new Float32Array(buffer);
      chunk.data.set(old.subarray(0, chunk.rowCount * this.dims));
    } else {
      const offset = await this.takeFileSlot();
      this.writeToFile(old.subarray(0, chunk.rowCount * this.dims), offset);
      chunk.fileOffsetBytes = offset;
      chunk.data = undefined;
    }
    this.memory.release(old.byteLength);
  }

  private async takeFileSlot(): Promise<number> {
    if (!this.file) {
      if (!this.openSpill) throw new StorageFullError(this.setId, this.rowCount, 'the memory budget is spent and this store has no spill file');
      try {
        this.file = await this.openSpill();
      } catch (err) {
        if (isStorageFull(err)) throw new StorageFullError(this.setId, this.rowCount, (err as Error).message || String(err));
        throw err;
      }
    }
    return this.chunkRows * this.rowBytes * this.fileSlots++;
  }

  private writeToFile(rows: Float32Array, atBytes: number): void {
    try {
      writeFully(this.fileHandle(), bytesOf(rows), atBytes);
    } catch (err) {
      if (!isStorageFull(err)) throw err;
      this.releaseUnkeptBytes();
      throw new StorageFullError(this.setId, this.rowCount, (err as Error).message || String(err));
    }
    this.fileEndBytes = Math.max(this.fileEndBytes, atBytes + rows.byteLength);
  }

  /** After a failed write, gives back the part of the file beyond the rows kept (best effort: the disk is full). */
  private releaseUnkeptBytes(): void {
    try {
      this.file!.handle.truncate(this.fileEndBytes);
    } catch {
      // The rows kept are intact either way; the next append overwrites the tail.
    }
  }

  private commitExtras(extras: AppendExtras, first: number, take: number): void {
    if (this.labelData) {
      if (this.labelData.length < this.rowCount + take) {
        const grown = new Int32Array(Math.max(this.rowCount + take, 2 * this.labelData.length));
        grown.set(this.labelData.subarray(0, this.rowCount));
        this.labelData = grown;
      }
      for (let i = 0; i < take; i++) this.labelData[this.rowCount + i] = extras.labels![first + i];
    }
    if (this.idList) this.idList.push(...extras.ids!.slice(first, first + take));
  }

  private fileHandle() {
    if (!this.file) throw new InvalidRequestError(`sample set '${this.setId}' has spilled rows but no open spill file here`);
    return this.file.handle;
  }

  private checkOpen(): void {
    if (this.state === 'closed') throw new InvalidRequestError(`sample set '${this.setId}' was deleted or moved to another worker: open it again from its owner`);
  }

  private checkRange(start: number, end: number): void {
    this.checkOpen();
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > this.rowCount) {
      throw new InvalidRequestError(`sample set '${this.setId}': rows ${start}–${end} are outside its ${this.rowCount} rows`);
    }
  }
}
