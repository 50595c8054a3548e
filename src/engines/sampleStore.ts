// The sample-set store: every set (real train/holdout, each backbone's samples, imported,
// translated and designed sets) held once, in row chunks, and read by reference (DESIGN.md,
// "Where the data lives").
//
// API, for the engines and workers that hold sets:
//   const store = createSampleStore({ memoryBudgetBytes, chunkBytes, spill });  // one per worker
//   const set = store.createSet('synthetic/unet-mlp', { dims: G * C, labels: true, expectedRows: N });
//   await set.append(batch, { labels });       // whole rows; await each before the next
//   set.finish();                              // flushes the spill file
//   set.readRows(start, end, into?)            // synchronous, any range, across chunks
//   for (const c of set.chunks()) …            // {startRow, endRow, rows, labels}; file chunks reuse one buffer
//   store.share(id) → descriptor               // postMessage it; the other worker calls
//   await otherStore.open(descriptor)          //   and reads the same memory (SharedArrayBuffer) and file
//   store.detach(id) → {descriptor, transfer}  // moves the set: postMessage(descriptor, transfer); receiver open()s it
//   await store.delete(id); store.stats()      // frees memory and file; bytes in memory and on disk per set
//
// Memory: chunks are SharedArrayBuffers when the context can share memory (cross-origin
// isolated page, Node), else ArrayBuffers that can only move (detach). While the store's owned
// chunk bytes stay within `memoryBudgetBytes` chunks live in memory; past it new chunks spill to
// one file per set through `spill` (OPFS in a worker: ./opfsHandle; Node: src/node/syncFileHandle),
// so a set larger than memory streams. A full disk or quota is a StorageFullError naming the set
// and the rows kept, which stay readable. Without `spill`, the budget's end is that same error.
//
// Sharing a spilled set needs a second handle on the file: Node always; OPFS only with
// 'readwrite-unsafe' sync handles (Chrome ≥ 121). Elsewhere share() refuses such a set and the
// caller moves it (detach) or asks its owner for ranges. A descriptor is a snapshot: rows
// appended after share() need a new descriptor (the memory is the same, nothing is copied).
import { InvalidRequestError, RuntimeFailureError } from '../core/errors';
import { ChunkedSampleSet, type ChunkMemory } from '../core/store/chunkedSet';
import { chunkRowsFor, type SampleSetDescriptor, type SampleStoreStats, type SpillBackend, type SpillFile } from '../core/store/types';

export type { SampleSetDescriptor, SampleStoreStats, SampleSetStats, SpillBackend, SyncFileHandle } from '../core/store/types';
export type { AppendExtras, RowChunk } from '../core/store/chunkedSet';
/** A set held by a store: written by append, read by readRows / chunks. */
export type SampleSet = ChunkedSampleSet;

export const defaultMemoryBudgetBytes = 1024 * 1024 * 1024;
export const defaultChunkBytes = 64 * 1024 * 1024;

export interface SampleStoreOptions {
  /** Owned chunk bytes kept in memory before new chunks spill (default 1 GiB). */
  memoryBudgetBytes?: number;
  /** Upper bound on one chunk's bytes (default 64 MiB); a chunk holds at least one row. */
  chunkBytes?: number;
  /** Where chunks past the budget go; null keeps everything in memory up to the budget. */
  spill?: SpillBackend | null;
  /** Back chunks with SharedArrayBuffer (default: when the context can share memory). */
  sharedMemory?: boolean;
  /** Prefix of this store's file names, unique per worker (default: random). */
  storeId?: string;
}

export interface CreateSetOptions {
  /** Floats per row: genes × components. */
  dims: number;
  labels?: boolean;
  ids?: boolean;
  /** Rows the set will hold, when known: chunks are then allocated once, at their final size. */
  expectedRows?: number;
}

interface Entry {
  set: ChunkedSampleSet;
  fileName: string;
  fileOpened: boolean;
}

/** Whether SharedArrayBuffer exists and may be posted: Node, or a cross-origin isolated page or worker. */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
}

export function createSampleStore(options: SampleStoreOptions = {}): SampleStore {
  return new SampleStore(options);
}

export class SampleStore {
  readonly storeId: string;
  private budgetBytes: number;
  readonly chunkBytes: number;
  readonly sharedMemory: boolean;
  private readonly spill: SpillBackend | null;
  private readonly entries = new Map<string, Entry>();
  private bytesInMemory = 0;
  private fileCount = 0;
  private closed = false;
  private readonly memory: ChunkMemory = {
    allocate: (bytes) => this.allocate(bytes),
    adopt: (bytes) => { this.bytesInMemory += bytes; },
    release: (bytes) => { this.bytesInMemory -= bytes; },
  };

  constructor(options: SampleStoreOptions) {
    this.budgetBytes = options.memoryBudgetBytes ?? defaultMemoryBudgetBytes;
    this.chunkBytes = options.chunkBytes ?? defaultChunkBytes;
    this.spill = options.spill ?? null;
    this.sharedMemory = options.sharedMemory ?? canShareMemory();
    if (this.sharedMemory && typeof SharedArrayBuffer !== 'function') throw new InvalidRequestError('sharedMemory asked for, but SharedArrayBuffer is unavailable: the page is not cross-origin isolated');
    this.storeId = options.storeId ?? Math.random().toString(36).slice(2, 10);
  }

  /** Owned chunk bytes kept in memory before new chunks spill. */
  get memoryBudgetBytes(): number {
    return this.budgetBytes;
  }

  /** A new budget for chunks allocated from now on (chunks already in memory stay there). */
  setMemoryBudget(bytes: number): void {
    if (!(Number.isFinite(bytes) && bytes >= 0)) throw new InvalidRequestError(`memory budget = ${bytes} bytes; expected a number ≥ 0`);
    this.budgetBytes = bytes;
  }

  /** Starts an empty set; its rows arrive through `append`. */
  createSet(setId: string, options: CreateSetOptions): SampleSet {
    this.checkFree(setId);
    const entry: Entry = { set: null as unknown as ChunkedSampleSet, fileName: this.newFileName(setId), fileOpened: false };
    entry.set = new ChunkedSampleSet({
      setId, dims: options.dims, chunkRows: chunkRowsFor(options.dims, this.chunkBytes), labels: !!options.labels, ids: !!options.ids,
      expectedRows: options.expectedRows, memory: this.memory, openSpill: this.spillOpener(entry),
    });
    this.entries.set(setId, entry);
    return entry.set;
  }

  get(setId: string): SampleSet {
    return this.entry(setId).set;
  }

  has(setId: string): boolean {
    return !this.closed && this.entries.has(setId);
  }

  /** A descriptor another worker opens to read this set by reference; this store still owns it. */
  share(setId: string): SampleSetDescriptor {
    const { set, fileName, fileOpened } = this.entry(setId);
    const descriptor = set.describe('shared', fileOpened ? fileName : undefined);
    if (descriptor.chunks.some((c) => c.memory && !(typeof SharedArrayBuffer === 'function' && c.memory instanceof SharedArrayBuffer))) {
      throw new InvalidRequestError(`sample set '${setId}' lives in unshared memory (the page is not cross-origin isolated): move it with detach() instead of sharing it`);
    }
    if (descriptor.file && !descriptor.file.shareable) {
      throw new InvalidRequestError(`sample set '${setId}' has spilled to a file this browser opens only once (no 'readwrite-unsafe' sync handles): move it with detach() or read it through its owner`);
    }
    return descriptor;
  }

  /** Hands the set to another worker: post `descriptor` with `transfer`; this store forgets it (its file stays). */
  detach(setId: string): { descriptor: SampleSetDescriptor; transfer: ArrayBuffer[] } {
    const entry = this.entry(setId);
    if (entry.set.ownership === 'shared') throw new InvalidRequestError(`sample set '${setId}' is only read by reference here: its owner moves it`);
    entry.set.flush();
    const descriptor = entry.set.describe('moved', entry.fileOpened ? entry.fileName : undefined);
    const transfer = descriptor.chunks.map((c) => c.memory).filter((m): m is ArrayBuffer => m instanceof ArrayBuffer);
    if (descriptor.labels) transfer.push(descriptor.labels.buffer as ArrayBuffer);
    entry.set.close();
    this.entries.delete(setId);
    return { descriptor, transfer };
  }

  /** Opens a descriptor from share() (read by reference) or detach() (owned from now on). */
  async open(descriptor: SampleSetDescriptor): Promise<SampleSet> {
    if (descriptor?.kind !== 'gdw-sample-set') throw new InvalidRequestError('not a sample-set descriptor (expected one from share() or detach())');
    this.checkFree(descriptor.setId);
    const moved = descriptor.access === 'moved';
    const entry: Entry = { set: null as unknown as ChunkedSampleSet, fileName: descriptor.file?.name ?? this.newFileName(descriptor.setId), fileOpened: !!descriptor.file };
    const file = descriptor.file ? await this.openFile(descriptor, moved ? 'write' : 'read') : null;
    const memory = moved ? this.memory : { allocate: () => null, adopt: () => undefined, release: () => undefined };
    entry.set = ChunkedSampleSet.fromDescriptor(descriptor, moved ? 'owned' : 'shared', memory, file, moved ? this.spillOpener(entry) : null);
    this.entries.set(descriptor.setId, entry);
    return entry.set;
  }

  /** Frees the set's memory, closes its file and removes the file when this store owns it. */
  async delete(setId: string): Promise<void> {
    const entry = this.entry(setId);
    this.entries.delete(setId);
    entry.set.close();
    if (entry.set.ownership === 'owned' && entry.fileOpened) await this.spill?.remove(entry.fileName);
  }

  stats(): SampleStoreStats {
    const sets = this.closed ? [] : [...this.entries.values()].map((e) => e.set.stats());
    const owned = sets.filter((s) => s.ownership === 'owned');
    return {
      memoryBudgetBytes: this.memoryBudgetBytes,
      bytesInMemory: owned.reduce((sum, s) => sum + s.bytesInMemory, 0),
      bytesOnDisk: owned.reduce((sum, s) => sum + s.bytesOnDisk, 0),
      sets,
    };
  }

  /** Deletes every set; the store refuses further calls. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const setId of [...this.entries.keys()]) await this.delete(setId);
    this.closed = true;
  }

  private allocate(bytes: number): ArrayBufferLike | null {
    if (this.bytesInMemory + bytes > this.budgetBytes) return null;
    let buffer: ArrayBufferLike;
    try {
      buffer = this.sharedMemory ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    } catch {
      return null; // The engine refused the allocation (memory pressure): spill instead.
    }
    this.bytesInMemory += bytes;
    return buffer;
  }

  private spillOpener(entry: Entry): (() => Promise<SpillFile>) | null {
    const spill = this.spill;
    if (!spill) return null;
    return async () => {
      const file = await spill.open(entry.fileName, entry.fileOpened ? 'write' : 'create');
      entry.fileOpened = true;
      return file;
    };
  }

  private async openFile(descriptor: SampleSetDescriptor, mode: 'read' | 'write'): Promise<SpillFile> {
    if (!this.spill) throw new InvalidRequestError(`sample set '${descriptor.setId}' has spilled rows, and this store was made without a spill backend to open its file`);
    try {
      return await this.spill.open(descriptor.file!.name, mode);
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'NoModificationAllowedError') throw new RuntimeFailureError(`sample set '${descriptor.setId}': its spill file is held open by another worker and this browser cannot open it twice; move the set (detach) or read it through its owner`);
      if (name === 'NotFoundError' || (err as { code?: string }).code === 'ENOENT') throw new RuntimeFailureError(`sample set '${descriptor.setId}': its spill file is gone (the set was deleted by its owner)`);
      throw err;
    }
  }

  private newFileName(setId: string): string {
    return `${this.storeId}-${setId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${this.fileCount++}.f32`;
  }

  private checkFree(setId: string): void {
    this.checkOpen();
    if (this.entries.has(setId)) throw new InvalidRequestError(`a sample set '${setId}' already exists in this store: delete it first`);
  }

  private entry(setId: string): Entry {
    this.checkOpen();
    const entry = this.entries.get(setId);
    if (!entry) throw new InvalidRequestError(`no sample set '${setId}' in this store${this.entries.size ? ` (it holds ${[...this.entries.keys()].join(', ')})` : ''}`);
    return entry;
  }

  private checkOpen(): void {
    if (this.closed) throw new InvalidRequestError('the sample store was closed');
  }
}
