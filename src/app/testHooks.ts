// Hooks for the e2e tests, present only when the page is opened with `?test-hooks=1`:
// `window.__gdwTest.killWorker(kind)` makes every worker of that kind fail as a crash would
// (terminated, then an `error` event), or, with 'gpu-lost', as a worker whose WebGPU device was
// lost tells it (supervise.ts), so a test can check that the job ends as failed.
// `heldSets()` says where each generated set's samples live (issue 11: held once, shared), and
// `encodedTensor()` where the encoded cohort's rows are (the data worker's store: memory or OPFS).
import { isSharedView } from '../engines/sharedTensors';
import type { WorkerFailureMessage } from '../engines/supervise';
import { listSyntheticSets, samplesBytes } from './sampleSets';
import { isInMemory, isStoredRows } from '../core/store/rowData';
import { getEncodedDataset } from './effects/dataJobs';

export type WorkerKind = 'inference' | 'data' | 'evaluation' | 'training';

export interface GdwTestHooks {
  /** Kills the live workers of a kind; returns how many. */
  killWorker(kind: WorkerKind, how?: 'crash' | 'gpu-lost'): number;
  /** Each held synthetic set: whether its samples are a view of a SharedArrayBuffer, and their bytes. */
  heldSets(): { backboneId: string; shared: boolean; bytes: number; stored: boolean; chunksInMemory: number; chunksSpilled: number }[];
  /** The encoded tensor as the page receives it: values never, only its store descriptor (chunks in shared memory or spilled). */
  encodedTensor(): Promise<EncodedTensorPlace>;
}

export interface EncodedTensorPlace {
  /** Whether the page got the values (an array) rather than a descriptor. */
  valuesOnPage: boolean;
  rows: number;
  chunksInMemory: number;
  chunksSpilled: number;
  /** Whether every chunk in memory is shared memory (the data worker's, read in place). */
  memoryShared: boolean;
  spillFile: string | null;
}

declare global {
  interface Window {
    __gdwTest?: GdwTestHooks;
  }
}

const areEnabled = (): boolean =>
  typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('test-hooks') === '1';

const liveWorkers = new Map<WorkerKind, Set<Worker>>();

/** Remembers a worker for killWorker; a no-op unless the hooks are enabled. */
export function registerWorkerForTests(kind: WorkerKind, worker: Worker): void {
  if (!areEnabled()) return;
  const workers = liveWorkers.get(kind) ?? new Set<Worker>();
  workers.add(worker);
  liveWorkers.set(kind, workers);
}

export function installTestHooks(): void {
  if (!areEnabled()) return;
  window.__gdwTest = {
    killWorker(kind, how = 'crash') {
      const workers = [...(liveWorkers.get(kind) ?? [])];
      liveWorkers.delete(kind);
      for (const worker of workers) {
        worker.terminate();
        if (how === 'crash') {
          worker.dispatchEvent(new ErrorEvent('error', { message: `the ${kind} worker was killed by a test`, cancelable: true }));
        } else {
          const lost: WorkerFailureMessage = { gdwWorkerFailure: { reason: 'gpu-lost', detail: 'the WebGPU device was lost (a test)' } };
          worker.dispatchEvent(new MessageEvent('message', { data: lost }));
        }
      }
      return workers.length;
    },
    encodedTensor: async () => {
      const { tensor } = await getEncodedDataset();
      if (!isStoredRows(tensor)) return { valuesOnPage: true, rows: 0, chunksInMemory: 0, chunksSpilled: 0, memoryShared: false, spillFile: null };
      const { set } = tensor.storedRows;
      const inMemory = set.chunks.filter((c) => c.memory);
      return {
        valuesOnPage: false, rows: set.rows, chunksInMemory: inMemory.length, chunksSpilled: set.chunks.length - inMemory.length,
        memoryShared: inMemory.every((c) => c.memory instanceof SharedArrayBuffer), spillFile: set.file?.name ?? null,
      };
    },
    heldSets: () => listSyntheticSets().map(({ backboneId, samples }) => {
      const chunks = isStoredRows(samples) ? samples.storedRows.set.chunks : [];
      const inMemory = chunks.filter((c) => c.memory);
      return {
        backboneId, bytes: samplesBytes({ samples }),
        // Held by a backbone worker's store: the page has its descriptor (shared chunks, the spill file's name), no array of its own.
        stored: isStoredRows(samples), chunksInMemory: inMemory.length, chunksSpilled: chunks.length - inMemory.length,
        shared: isStoredRows(samples) ? inMemory.every((c) => c.memory instanceof SharedArrayBuffer) : isInMemory(samples) && isSharedView(samples),
      };
    }),
  };
}
