// Whole-range reads and writes over a SyncFileHandle: OPFS and node:fs may move fewer bytes than
// asked, so both loop; a read that stops early means the file changed under the store.
import { RuntimeFailureError } from '../errors';
import type { SyncFileHandle } from './types';

/** Bytes of `view` as a Uint8Array over the same memory (no copy). */
export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Fills `target` from the file at `atBytes`. */
export function readFully(handle: SyncFileHandle, target: Uint8Array, atBytes: number, what: string): void {
  for (let done = 0; done < target.byteLength;) {
    const got = handle.read(target.subarray(done), { at: atBytes + done });
    if (got <= 0) {
      throw new RuntimeFailureError(`${what}: its spill file ends at byte ${(atBytes + done).toLocaleString('en-US')}, `
        + `before the ${target.byteLength.toLocaleString('en-US')} bytes asked; it was changed or removed outside the store: delete the set and generate it again`);
    }
    done += got;
  }
}

/** Writes all of `source` at `atBytes`; errors (disk full, quota) propagate as thrown. */
export function writeFully(handle: SyncFileHandle, source: Uint8Array, atBytes: number): void {
  for (let done = 0; done < source.byteLength;) {
    const wrote = handle.write(source.subarray(done), { at: atBytes + done });
    if (wrote <= 0) throw new RuntimeFailureError(`spill file write at byte ${atBytes + done} wrote nothing`);
    done += wrote;
  }
}
