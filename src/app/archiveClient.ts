// The page's handle on the archive worker: zips written and read off the main thread. A write
// posts shared buffers as they are and lends the others by transfer (they are empty here
// meanwhile) to get them back with the answer, so a session's sets are never copied; a read
// returns entries the page then owns.
import * as Comlink from 'comlink';
import type { ZipPartsEntry } from '../core/archive/zipStreamWriter';
import { reviveError } from '../core/errors';
import { lendEntries, type ArchiveEngine, type ZipReadRequest, type ZipWriteResult } from '../engines/archive';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import { superviseWorker, type OnWorkerFailed } from '../engines/supervise';

export interface ArchiveClient {
  /**
   * Writes the entries as a zip Blob. Their unshared buffers are detached until this settles: on success
   * and on a typed error (rejected after `giveBack` ran) they come back through `giveBack`; only a
   * worker that dies keeps them, and then the WorkerFailedError says so.
   */
  writeZip(entries: ZipPartsEntry[], giveBack: (returned: Map<string, Uint8Array[]>) => void): Promise<Blob>;
  readZip(request: ZipReadRequest): Promise<Record<string, Uint8Array>>;
  /** Ends the worker. */
  terminate(): void;
}

/** A supervised worker (supervise.ts): if it fails, its calls reject and onFailed hears once. */
export function createArchiveClient(onFailed: OnWorkerFailed): ArchiveClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/archive.worker.ts', import.meta.url), { type: 'module', name: 'archive' });
  const remote = Comlink.wrap<ArchiveEngine>(worker);
  let writesLending = 0;
  const supervised = superviseWorker(worker, remote, {
    describe: () => 'the archive worker (session files)',
    retryAdvice: () => (writesLending > 0
      ? 'the generated sets it was writing are no longer in this page: reload it to restore them from the session saved in this browser'
      : 'try again (a new worker starts)'),
    onFailed,
  });
  return {
    writeZip: async (entries, giveBack) => {
      const lent = lendEntries(entries);
      writesLending++;
      try {
        const result = await supervised.call<ZipWriteResult>((r) => r.writeZip(Comlink.transfer(entries, lent.buffers)));
        giveBack(lent.giveBack(result.lent));
        if (result.error) throw reviveError(result.error);
        return result.blob;
      } finally {
        writesLending--;
      }
    },
    readZip: (request) => supervised.call((r) => r.readZip(request)),
    terminate: () => {
      if (!supervised.failure) remote[Comlink.releaseProxy]();
      supervised.terminate();
    },
  };
}
