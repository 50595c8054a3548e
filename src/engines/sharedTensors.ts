// Tensors that cross worker boundaries by reference (issue 11: a generated set is held once).
// A view over a SharedArrayBuffer is posted as it is: both sides see the same memory, nothing is
// copied. Any other view is copied and its copy transferred, so the sender keeps its own
// (STYLE.md 4). A SharedArrayBuffer cannot be transferred, nor written to IndexedDB.
import { isSharedRows, isStoredRows, wholeRows, type RowData, type SharedRows, type StoredRows } from '../core/store/rowData';
import { canShareMemory } from './sampleStore';

type TypedArray = Float32Array | Int32Array | Int8Array | Uint8Array;

export function isSharedView(view: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && view.buffer instanceof SharedArrayBuffer;
}

/** The view to post: itself when shared, else a copy whose buffer is pushed onto `transfer`. */
export function postableView<T extends TypedArray>(view: T, transfer: Transferable[]): T {
  if (isSharedView(view)) return view;
  const copy = view.slice() as T;
  transfer.push(copy.buffer as ArrayBuffer);
  return copy;
}

/** The view to return from a worker that drops it: itself when shared, else moved (its buffer pushed onto `transfer`, copied first only when the view is part of a larger buffer). */
export function movableView<T extends TypedArray>(view: T, transfer: Transferable[]): T {
  if (isSharedView(view)) return view;
  const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice() as T;
  transfer.push(whole.buffer as ArrayBuffer);
  return whole;
}

/** The values in shared memory when this context may share it (cross-origin isolated page or worker, Node); else the view itself. */
export function toSharedFloat32(view: Float32Array): Float32Array {
  if (isSharedView(view) || !canShareMemory()) return view;
  const shared = new Float32Array(new SharedArrayBuffer(view.byteLength));
  shared.set(view);
  return shared;
}

/** A copy in an ordinary ArrayBuffer when the view is shared (IndexedDB refuses shared memory); else the view itself. */
export function toStorableView<T extends TypedArray>(view: T): T {
  return isSharedView(view) ? view.slice() as T : view;
}

/** A new array of `length` floats in shared memory when this context may share it, else an ordinary one. */
export function newSharedFloat32(length: number): Float32Array {
  return canShareMemory() ? new Float32Array(new SharedArrayBuffer(length * 4)) : new Float32Array(length);
}

/**
 * Rows to post: rows picked from a shared tensor or a stored set as their `{ sharedRows }` or
 * `{ storedRows }` alone (no value copied: the receiver opens them, storedRows.ts), else the
 * values (postableView of all the rows).
 */
export function postableRows(data: RowData, transfer: Transferable[]): Float32Array | RowData {
  if (isStoredRows(data)) {
    const posted: StoredRows = { storedRows: data.storedRows };
    return posted as unknown as RowData;
  }
  if (isSharedRows(data) && isSharedView(data.sharedRows.source)) {
    const posted: SharedRows = { sharedRows: data.sharedRows };
    return posted as unknown as RowData;
  }
  return postableView(wholeRows(data), transfer);
}

/** The view itself when shared (the receiver reads the same memory), else a copy the receiver owns. */
export function sharedOrCopy<T extends TypedArray>(view: T): T {
  return isSharedView(view) ? view : view.slice() as T;
}
