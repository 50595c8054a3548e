// The page's handle on the evaluation worker (sample-set metrics, cosine UMAP), reached through
// comlink. A set in shared memory is posted as it is (the worker reads the same bytes), rows cut
// from the shared encoded cohort as their index lists; any other is copied before transfer so the
// caller keeps its buffers (STYLE.md 4).
import * as Comlink from 'comlink';
import type { SampleSetMetrics, SampleSetMetricSettings, UmapSection } from '../core/report/types';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type {
  EmbeddingSettings, EvaluationEngine, EvaluationProgress, HeldSets, RealSetsInput, SampleSetData,
} from '../engines/evaluation';
import { postableRows, postableView } from '../engines/sharedTensors';
import { superviseWorker, type OnWorkerFailed } from '../engines/supervise';
import { registerWorkerForTests } from './testHooks';

export interface EvaluationClient {
  setRealSets(real: RealSetsInput): Promise<HeldSets>;
  putSyntheticSet(backboneId: string, set: SampleSetData): Promise<HeldSets>;
  removeSyntheticSet(backboneId: string): Promise<HeldSets>;
  evaluateSyntheticSet(
    backboneId: string, settings: Partial<SampleSetMetricSettings>, onProgress: (event: EvaluationProgress) => void,
  ): Promise<SampleSetMetrics>;
  embed(settings: Partial<EmbeddingSettings>, onProgress: (event: EvaluationProgress) => void): Promise<UmapSection>;
  cancel(): Promise<void>;
  /** Ends the worker and frees the sets it holds. */
  terminate(): void;
}

function copySet(set: SampleSetData): { set: SampleSetData; buffers: Transferable[] } {
  const buffers: Transferable[] = [];
  const data = postableRows(set.data, buffers);
  const labels = set.labels ? postableView(set.labels, buffers) : null;
  return { set: { ...set, data, labels }, buffers };
}

/** A supervised worker (supervise.ts): if it fails, its calls reject and onFailed hears once. */
export function createEvaluationClient(onFailed: OnWorkerFailed): EvaluationClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/evaluation.worker.ts', import.meta.url), { type: 'module', name: 'evaluation' });
  registerWorkerForTests('evaluation', worker);
  const remote = Comlink.wrap<EvaluationEngine>(worker);
  const supervised = superviseWorker(worker, remote, {
    describe: () => 'the evaluation worker',
    retryAdvice: () => 'evaluate again to retry (a new worker starts)',
    onFailed,
  });
  return {
    setRealSets: (real) => {
      const train = copySet(real.train);
      const holdout = copySet(real.holdout);
      const payload = { ...real, train: train.set, holdout: holdout.set };
      return supervised.call((r) => r.setRealSets(Comlink.transfer(payload, [...train.buffers, ...holdout.buffers])));
    },
    putSyntheticSet: (backboneId, set) => {
      const copy = copySet(set);
      return supervised.call((r) => r.putSyntheticSet(backboneId, Comlink.transfer(copy.set, copy.buffers)));
    },
    removeSyntheticSet: (backboneId) => supervised.call((r) => r.removeSyntheticSet(backboneId)),
    evaluateSyntheticSet: (backboneId, settings, onProgress) =>
      supervised.call((r) => r.evaluateSyntheticSet(backboneId, settings, Comlink.proxy(onProgress))),
    embed: (settings, onProgress) => supervised.call((r) => r.embed(settings, Comlink.proxy(onProgress))),
    cancel: () => supervised.cancel((r) => r.cancel()),
    terminate: () => {
      if (!supervised.failure) remote[Comlink.releaseProxy]();
      supervised.terminate();
    },
  };
}
