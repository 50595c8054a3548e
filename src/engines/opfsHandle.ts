// Browser backend of the sample-set store's spill files: the origin private file system (OPFS)
// through FileSystemSyncAccessHandle, which exists only in dedicated workers.
//
// OPFS semantics this relies on (MDN createSyncAccessHandle; Chrome blog "multiple readers and
// writers", Chrome 121): the default 'readwrite' handle is exclusive (a second open throws
// NoModificationAllowedError); 'read-only' handles coexist only with other read-only ones;
// 'readwrite-unsafe' handles coexist with each other. So the owner and every reader open
// 'readwrite-unsafe'. A browser without the `mode` option ignores it and returns an exclusive
// handle, whose `mode` property is then missing: the file is marked unshareable and the store
// refuses to share() the set (moving it with detach() still works: the owner closes first).
// A write past the origin's quota throws a QuotaExceededError DOMException (StorageFullError).
import { RuntimeFailureError } from '../core/errors';
import type { SpillBackend, SpillFile, SyncFileHandle } from '../core/store/types';

export const defaultOpfsFolder = 'gdw-sample-store';

interface OpfsFileHandle {
  createSyncAccessHandle(options?: { mode?: 'readwrite' | 'read-only' | 'readwrite-unsafe' }): Promise<SyncFileHandle & { mode?: string }>;
}

async function getFolder(folderName: string): Promise<FileSystemDirectoryHandle> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) {
    throw new RuntimeFailureError('this browser has no origin private file system (navigator.storage.getDirectory): large sample sets cannot spill to disk');
  }
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(folderName, { create: true });
}

/** Spill files in the OPFS folder `folderName`; call from a dedicated worker. */
export function createOpfsSpillBackend(folderName = defaultOpfsFolder): SpillBackend {
  return {
    async open(name, mode): Promise<SpillFile> {
      const folder = await getFolder(folderName);
      const fileHandle = await folder.getFileHandle(name, { create: mode === 'create' }) as unknown as OpfsFileHandle;
      if (typeof fileHandle.createSyncAccessHandle !== 'function') {
        throw new RuntimeFailureError('OPFS sync access handles exist only in dedicated workers: open the sample store in a worker');
      }
      const handle = await fileHandle.createSyncAccessHandle({ mode: 'readwrite-unsafe' });
      if (mode === 'create') handle.truncate(0);
      return { handle, shareable: handle.mode === 'readwrite-unsafe' };
    },
    async remove(name) {
      const folder = await getFolder(folderName);
      try {
        await folder.removeEntry(name);
      } catch (err) {
        const errName = (err as { name?: string }).name;
        if (errName === 'NoModificationAllowedError') {
          throw new RuntimeFailureError(`spill file ${name} is still open in another worker: delete the set there first (clearOpfsSpillFolder removes it at the next start)`);
        }
        if (errName !== 'NotFoundError') throw err;
      }
    },
  };
}

/**
 * Removes every spill file left in the folder (a tab closed or crashed mid-run). Call once at
 * startup, before any worker opens a store; a file still open elsewhere is left in place.
 */
export async function clearOpfsSpillFolder(folderName = defaultOpfsFolder): Promise<number> {
  const folder = await getFolder(folderName);
  let removed = 0;
  for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys()) {
    try {
      await folder.removeEntry(name);
      removed++;
    } catch {
      // Held open by a live worker of another tab: it is that tab's to remove.
    }
  }
  return removed;
}
