// The ArchiveEngine: zip files written and read off the main thread (workers/archive.worker.ts),
// the page's session files first. Large entries cross by transfer, never by copy: the bytes of an
// entry to write are lent to the worker and handed back with the answer (bytes in shared memory are
// posted as they are: both sides read them); unzipped entries are transferred to the caller.
import type { ZipLimits } from '../core/archive/zipDirectory';
import type { ZipPartsEntry, ZipStreamOptions } from '../core/archive/zipStreamWriter';
import type { SerializedError } from '../core/errors';
import { isSharedView } from './sharedTensors';

/** A written zip, or why it was not written; either way the buffers of the entries' parts come back. */
export type ZipWriteResult = ({ blob: Blob; error: null } | { blob: null; error: SerializedError }) & {
  /** Every buffer the entries' parts were views of, once each, in the order first met. */
  lent: ArrayBuffer[];
};

export interface ZipReadRequest {
  /** The zip: a File the user chose, or any Blob; read by slices, never whole. */
  file: Blob;
  /** Named in messages, e.g. 'gdw-session-2025-01-31.zip'. */
  fileName: string;
  limits: ZipLimits;
  /** What the user can do when the file is not a zip at all. */
  advice?: string;
}

export interface ArchiveEngine {
  /** The entries as one zip Blob, written a chunk at a time (stored entries are never copied in the worker's heap). */
  writeZip(entries: ZipPartsEntry[], options?: Pick<ZipStreamOptions, 'modifiedAt'>): Promise<ZipWriteResult>;
  /** Every entry of the zip by name, each inflated within the limits into a buffer of its own; a ParseError names the file and entry. */
  readZip(request: ZipReadRequest): Promise<Record<string, Uint8Array>>;
}

/** The buffers behind the parts, once each (a buffer may back several parts), in the order first met: the same on both sides of a transfer. Shared memory is never lent. */
export function getLentBuffers(entries: readonly ZipPartsEntry[]): ArrayBuffer[] {
  const lent = entries.flatMap((entry) => entry.parts.filter((part) => !isSharedView(part)).map((part) => part.buffer as ArrayBuffer));
  return [...new Set(lent)];
}

/** Entries about to be lent by transfer: the buffers to transfer, and each part found again in the buffers handed back. */
export interface LentEntries {
  buffers: ArrayBuffer[];
  /** Each entry's parts by name, as views of `returned` (ZipWriteResult.lent) where the lent parts lay. */
  giveBack(returned: readonly ArrayBuffer[]): Map<string, Uint8Array[]>;
}

/** Where a part lies in the buffers handed back, or the part itself when it is shared memory (never lent). */
type LentPart = { shared: Uint8Array } | { at: number; byteOffset: number; byteLength: number };

export function lendEntries(entries: readonly ZipPartsEntry[]): LentEntries {
  const buffers = getLentBuffers(entries);
  // Kept now: a transfer empties the views, offsets and lengths included.
  const layout = entries.map((entry) => ({
    name: entry.name,
    parts: entry.parts.map((part): LentPart => (isSharedView(part)
      ? { shared: part }
      : { at: buffers.indexOf(part.buffer as ArrayBuffer), byteOffset: part.byteOffset, byteLength: part.byteLength })),
  }));
  return {
    buffers,
    giveBack: (returned) => new Map(layout.map(({ name, parts }) => [name, parts.map((p) => ('shared' in p
      ? p.shared : new Uint8Array(returned[p.at], p.byteOffset, p.byteLength)))])),
  };
}
