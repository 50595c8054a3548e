// Hooks for the e2e tests, present only when the page is opened with `?test-hooks=1`:
// `window.__gdwTest.killWorker(kind)` makes every worker of that kind fail as a crash would
// (terminated, then an `error` event), or, with 'gpu-lost', as a worker whose WebGPU device was
// lost tells it (supervise.ts), so a test can check that the job ends as failed.
// `heldSets()` says where each generated set's samples live (issue 11: held once, shared).
import { isSharedView } from '../engines/sharedTensors';
import type { WorkerFailureMessage } from '../engines/supervise';
import { listSyntheticSets } from './sampleSets';

export type WorkerKind = 'inference' | 'data' | 'evaluation' | 'training';

export interface GdwTestHooks {
  /** Kills the live workers of a kind; returns how many. */
  killWorker(kind: WorkerKind, how?: 'crash' | 'gpu-lost'): number;
  /** Each held synthetic set: whether its samples are a view of a SharedArrayBuffer, and their bytes. */
  heldSets(): { backboneId: string; shared: boolean; bytes: number }[];
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
    heldSets: () => listSyntheticSets().map((set) => ({
      backboneId: set.backboneId, shared: isSharedView(set.samples), bytes: set.samples.byteLength,
    })),
  };
}
