// Rows of a sample set as the core reads them: one Float32Array in memory (row-major), or a
// reader over a store set (chunks in memory or in a spill file: chunkedSet.ts) so that a set
// larger than memory is read a range at a time. Metrics, classifiers and the embedding read rows
// only through these helpers; a whole set is asked for (wholeRows) only where it is small.
import { InvalidRequestError } from '../errors';
import { ChunkedSampleSet } from './chunkedSet';
import type { SampleSetDescriptor } from './types';

/** A set read by row range (ChunkedSampleSet is one). */
export interface RowReader {
  readonly rows: number;
  readonly dims: number;
  /** Rows [start, end) as one row-major Float32Array, written into `into` when given. */
  readRows(start: number, end: number, into?: Float32Array): Float32Array;
}

export type RowData = Float32Array | RowReader;

/** Bytes of row blocks read at once by the streaming helpers below. */
const BLOCK_BYTES = 32 * 1024 * 1024;

export function isInMemory(data: RowData): data is Float32Array {
  return data instanceof Float32Array;
}

/** Values the data holds: length in memory, rows × dims for a reader. */
export function valueCountOf(data: RowData): number {
  return isInMemory(data) ? data.length : data.rows * data.dims;
}

/** Rows of `dims` values per block that fit the streaming block size (at least 1). */
export function blockRowsFor(dims: number): number {
  return Math.max(1, Math.floor(BLOCK_BYTES / (4 * dims)));
}

/**
 * Rows [start, end): a view of the memory (no copy) in memory, else read from the reader. With
 * `into` the rows are always copied there, so the result may be kept while other rows are read.
 */
export function readRowRange(data: RowData, dims: number, start: number, end: number, into?: Float32Array): Float32Array {
  if (isInMemory(data)) {
    const view = data.subarray(start * dims, end * dims);
    if (!into) return view;
    const out = into.subarray(0, view.length);
    out.set(view);
    return out;
  }
  if (data.dims !== dims) throw new InvalidRequestError(`a set of ${data.dims} values per row was read as ${dims} per row`);
  return data.readRows(start, end, into);
}

/**
 * Visits rows [first, end) in blocks of at most `blockRows` (default: 32 MiB of rows): views in
 * memory, else one reused buffer (a block must not be kept past its visit).
 */
export function forEachRowBlock(
  data: RowData, dims: number, end: number, visit: (block: Float32Array, start: number, end: number) => void,
  blockRows = blockRowsFor(dims), first = 0,
): void {
  const buffer = isInMemory(data) ? undefined : new Float32Array(Math.max(0, Math.min(blockRows, end - first)) * dims);
  for (let start = first; start < end; start += blockRows) {
    const stop = Math.min(end, start + blockRows);
    visit(readRowRange(data, dims, start, stop, buffer), start, stop);
  }
}

/**
 * Rows `rows` (any order) into `out` ([rows.length, dims]), reading runs of consecutive rows in
 * one call so a reader over a file reads each run once.
 */
export function gatherRows(data: RowData, dims: number, rows: ArrayLike<number>, out: Float32Array = new Float32Array(rows.length * dims)): Float32Array {
  if (out.length < rows.length * dims) throw new InvalidRequestError(`${rows.length} rows need ${rows.length * dims} floats; the buffer holds ${out.length}`);
  for (let r = 0; r < rows.length;) {
    let run = 1;
    while (r + run < rows.length && rows[r + run] === rows[r] + run) run++;
    readRowRange(data, dims, rows[r], rows[r] + run, out.subarray(r * dims, (r + run) * dims));
    r += run;
  }
  return out.subarray(0, rows.length * dims);
}

/** A reader of rows `rows` of `data` in that order, gathered on each read: a subset of a set in a store, never copied whole. */
export function rowsView(data: RowData, dims: number, rows: Int32Array): RowReader {
  return { rows: rows.length, dims, readRows: (start, end, into) => gatherRows(data, dims, rows.subarray(start, end), into) };
}

/** Every row in one array: the memory itself, or a copy read from the reader (small sets only). */
export function wholeRows(data: RowData): Float32Array {
  return isInMemory(data) ? data : data.readRows(0, data.rows);
}

/**
 * Rows picked by index from a tensor in shared memory (the app's encoded cohort): the picked
 * subset is never copied. Posted to a worker as `{ sharedRows }` alone (the memory is shared, the
 * index list is cloned) and read there again as a view (reviveRows).
 */
export interface SharedRows {
  readonly sharedRows: { readonly source: Float32Array; readonly dims: number; readonly rows: Int32Array };
}

export type SharedRowsReader = RowReader & SharedRows;

/** A reader of `rows` of `source` (row-major, `dims` values a row) that keeps what it picks from, so it can be posted. */
export function sharedRowsView(source: Float32Array, dims: number, rows: Int32Array): SharedRowsReader {
  return { ...rowsView(source, dims, rows), sharedRows: { source, dims, rows } };
}

export function isSharedRows(data: unknown): data is SharedRows {
  return typeof data === 'object' && data !== null && !(data instanceof Float32Array) && 'sharedRows' in data;
}

/** Rows `rows` of a shared-rows reader: the same source, the indices composed (still postable). */
export function pickSharedRows(data: SharedRows, rows: ArrayLike<number>): SharedRowsReader {
  const { source, dims, rows: picked } = data.sharedRows;
  return sharedRowsView(source, dims, Int32Array.from(rows, (i) => picked[i]));
}

/** What a worker received as rows: a posted `{ sharedRows }` becomes a reader again; anything else is as it came. */
export function reviveRows(data: RowData | SharedRows): RowData {
  if (!isSharedRows(data)) return data;
  if (typeof (data as Partial<RowReader>).readRows === 'function') return data as SharedRowsReader;
  const { source, dims, rows } = data.sharedRows;
  return sharedRowsView(source, dims, rows);
}

/**
 * Rows of a set that a worker's sample store holds (the app's encoded cohort: chunks in shared
 * memory up to the store's budget, the rest spilled to that worker's OPFS file), picked by index
 * (`rows`, or every row when null). Posted as `{ storedRows }` alone: another worker opens the
 * descriptor in its own store (src/engines/storedRows.ts) and reads the same memory and file.
 */
export interface StoredRows {
  readonly storedRows: { readonly set: SampleSetDescriptor; readonly rows: Int32Array | null };
}

export type StoredRowsReader = RowReader & StoredRows;

export function isStoredRows(data: unknown): data is StoredRows {
  return typeof data === 'object' && data !== null && !(data instanceof Float32Array) && 'storedRows' in data;
}

/** Only a worker can read a spilled chunk (OPFS sync handles): where there is none, say so by name. */
function chunkReaderOf(set: SampleSetDescriptor, opened: ChunkedSampleSet | null): RowReader {
  if (opened) return opened;
  const inMemory = ChunkedSampleSet.fromDescriptor(
    { ...set, file: undefined }, 'shared', { allocate: () => null, adopt: () => undefined, release: () => undefined }, null, null,
  );
  return {
    rows: set.rows,
    dims: set.dims,
    readRows(start, end, into) {
      const spilled = set.chunks.find((c) => !c.memory && c.startRow < end && c.startRow + c.rowCount > start);
      if (spilled) {
        throw new InvalidRequestError(`rows ${spilled.startRow}–${spilled.startRow + spilled.rowCount - 1} of '${set.setId}' were spilled to the browser's disk store (OPFS), `
          + 'which only a worker can read: this step reads the set on the page; run it on a smaller set, or with the gdw CLI');
      }
      return inMemory.readRows(start, end, into);
    },
  };
}

/**
 * A reader of `rows` (null: all) of a stored set that can still be posted. `opened` is this
 * context's open copy of the set (a worker's store); without it only chunks in memory are read.
 */
export function storedRowsView(set: SampleSetDescriptor, rows: Int32Array | null, opened: ChunkedSampleSet | null = null): StoredRowsReader {
  const whole = chunkReaderOf(set, opened);
  const reader = rows ? rowsView(whole, set.dims, rows) : whole;
  return { rows: reader.rows, dims: set.dims, readRows: (start, end, into) => reader.readRows(start, end, into), storedRows: { set, rows } };
}

/** Posted `{ storedRows }` as a reader on this side again (the page: chunks in memory read in place). */
export function readStoredRows(posted: StoredRows): StoredRowsReader {
  return storedRowsView(posted.storedRows.set, posted.storedRows.rows);
}

/** Rows `rows` of stored rows: the same set, the indices composed (still postable). */
export function pickStoredRows(data: StoredRows, rows: ArrayLike<number>): StoredRowsReader {
  const { set, rows: picked } = data.storedRows;
  return storedRowsView(set, Int32Array.from(rows, (i) => (picked ? picked[i] : i)));
}
