// Node backend of the sample-set store's spill files: OPFS's FileSystemSyncAccessHandle surface
// over node:fs file descriptors, so the store runs the same code in the CLI, tests and browser.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpillBackend, SpillOpenMode, SyncFileHandle } from '../core/store/types';

const flagsByMode: Record<SpillOpenMode, string> = { create: 'w+', write: 'r+', read: 'r' };

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * Opens `path` as a SyncFileHandle. Like OPFS, `read`/`write` without `at` use and advance a
 * cursor; `write` writes everything or throws (ENOSPC, EDQUOT …); `read` may return fewer bytes.
 */
export function openNodeSyncFileHandle(path: string, mode: SpillOpenMode): SyncFileHandle {
  const fd = openSync(path, flagsByMode[mode]);
  let cursor = 0;
  return {
    read(buffer, options) {
      const at = options?.at ?? cursor;
      const bytes = bytesOf(buffer);
      const got = readSync(fd, bytes, 0, bytes.byteLength, at);
      cursor = at + got;
      return got;
    },
    write(buffer, options) {
      const at = options?.at ?? cursor;
      const bytes = bytesOf(buffer);
      let done = 0;
      while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done, at + done);
      cursor = at + done;
      return done;
    },
    truncate: (newSizeBytes) => ftruncateSync(fd, newSizeBytes),
    getSize: () => fstatSync(fd).size,
    flush: () => fsyncSync(fd),
    close: () => closeSync(fd),
  };
}

export interface NodeSpillBackend extends SpillBackend {
  /** The folder holding this backend's files. */
  readonly dir: string;
  /** Removes the folder and every file in it (close the store first). */
  dispose(): void;
}

/** Spill files in `dir` (default: a fresh folder under the system temp dir, made on first use). */
export function createNodeSpillBackend(dir?: string): NodeSpillBackend {
  let folder = dir ?? null;
  const ensureFolder = (): string => {
    if (folder === null) folder = mkdtempSync(join(tmpdir(), 'gdw-store-'));
    else mkdirSync(folder, { recursive: true });
    return folder;
  };
  return {
    get dir() {
      return ensureFolder();
    },
    // Many fds on one file read the same bytes, so a spilled set is always shareable in Node.
    open: async (name, mode) => ({ handle: openNodeSyncFileHandle(join(ensureFolder(), name), mode), shareable: true }),
    remove: async (name) => rmSync(join(ensureFolder(), name), { force: true }),
    dispose: () => {
      if (folder !== null) rmSync(folder, { recursive: true, force: true });
    },
  };
}
