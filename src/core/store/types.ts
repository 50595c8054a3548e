// Plain types of the sample-set store (src/engines/sampleStore.ts): the synchronous file handle
// chunks spill to, the backend that opens such handles, and the descriptor a set crosses a
// worker boundary as. Pure: the browser backend is OPFS, the Node one wraps node:fs.

/**
 * Exactly the surface of OPFS's `FileSystemSyncAccessHandle` that the store uses, so the browser
 * passes the real handle and Node a thin wrapper (src/node/syncFileHandle.ts). `read` and `write`
 * return the bytes moved; a full disk or quota throws (ENOSPC / QuotaExceededError).
 */
export interface SyncFileHandle {
  read(buffer: ArrayBufferView, options?: { at?: number }): number;
  write(buffer: ArrayBufferView, options?: { at?: number }): number;
  truncate(newSizeBytes: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

/** How a spill file is opened: emptied for a new set, kept to append to a moved set, or read beside its owner. */
export type SpillOpenMode = 'create' | 'write' | 'read';

/** Where spilled chunks go: one file per set, named by the store. */
export interface SpillBackend {
  /**
   * Opens the file. 'read' opens it beside the owner's open handle (another worker reading a
   * shared set); OPFS allows that only where both handles are 'readwrite-unsafe' (Chrome ≥ 121).
   */
  open(name: string, mode: SpillOpenMode): Promise<SpillFile>;
  /** Removes the file; a missing file is not an error. */
  remove(name: string): Promise<void>;
}

export interface SpillFile {
  handle: SyncFileHandle;
  /** Whether other workers may open the same file while this handle is open (see openRead). */
  shareable: boolean;
}

/** One chunk of a set as it crosses a worker boundary: its memory, or where it lies in the file. */
export interface ChunkDescriptor {
  startRow: number;
  rowCount: number;
  /** The chunk's rows (SharedArrayBuffer when shared; an ArrayBuffer moved by transfer). */
  memory?: ArrayBufferLike;
  /** Byte offset of the chunk in the set's file when it was spilled. */
  fileOffsetBytes?: number;
}

/**
 * A set as a small structured-cloneable value: `share()` gives one that reads the owner's memory
 * and file by reference, `detach()` one whose ArrayBuffers and file move to the receiver.
 */
export interface SampleSetDescriptor {
  kind: 'gdw-sample-set';
  access: 'shared' | 'moved';
  setId: string;
  dims: number;
  rows: number;
  chunkRows: number;
  chunks: ChunkDescriptor[];
  /** Per-row labels (copied: 4 bytes a row). */
  labels?: Int32Array;
  ids?: string[];
  /** The set's spill file, when some chunk lies there. */
  file?: { name: string; shareable: boolean };
}

/** Bytes a set holds, for the bench and for the "main thread holds no sample tensor" check. */
export interface SampleSetStats {
  setId: string;
  rows: number;
  dims: number;
  chunksInMemory: number;
  chunksOnDisk: number;
  /** Chunk buffers allocated (capacity, not only rows written) plus labels. */
  bytesInMemory: number;
  bytesOnDisk: number;
  /** Whether the set is owned here ('owned') or read by reference from another worker ('shared'). */
  ownership: 'owned' | 'shared';
}

export interface SampleStoreStats {
  memoryBudgetBytes: number;
  /** Owned chunk bytes only: what counts against the budget. */
  bytesInMemory: number;
  bytesOnDisk: number;
  sets: SampleSetStats[];
}

/** Rows per chunk so that a chunk stays within `chunkBytes` (at least one row). */
export function chunkRowsFor(dims: number, chunkBytes: number): number {
  return Math.max(1, Math.floor(chunkBytes / (dims * Float32Array.BYTES_PER_ELEMENT)));
}

/** A write failed because the disk or the origin's quota is full (Node ENOSPC/EDQUOT, OPFS QuotaExceededError). */
export function isStorageFull(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || code === 'ENOSPC' || code === 'EDQUOT';
}
