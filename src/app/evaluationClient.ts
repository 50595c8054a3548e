// The page's handle on the evaluation worker (sample-set metrics, cosine UMAP), reached through
// comlink. Sets are copied before transfer so the caller keeps its buffers (STYLE.md 4).
import * as Comlink from 'comlink';
import type { SampleSetMetrics, SampleSetMetricSettings, UmapSection } from '../core/report/types';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type {
  EmbeddingSettings, EvaluationEngine, EvaluationProgress, HeldSets, RealSetsInput, SampleSetData,
} from '../engines/evaluation';

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

function copySet(set: SampleSetData): { set: SampleSetData; buffers: ArrayBuffer[] } {
  const data = set.data.slice();
  const labels = set.labels ? set.labels.slice() : null;
  const buffers = [data.buffer, ...(labels ? [labels.buffer] : [])] as ArrayBuffer[];
  return { set: { ...set, data, labels }, buffers };
}

export function createEvaluationClient(): EvaluationClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/evaluation.worker.ts', import.meta.url), { type: 'module', name: 'evaluation' });
  const remote = Comlink.wrap<EvaluationEngine>(worker);
  return {
    setRealSets: (real) => {
      const train = copySet(real.train);
      const holdout = copySet(real.holdout);
      const payload = { ...real, train: train.set, holdout: holdout.set };
      return remote.setRealSets(Comlink.transfer(payload, [...train.buffers, ...holdout.buffers]));
    },
    putSyntheticSet: (backboneId, set) => {
      const copy = copySet(set);
      return remote.putSyntheticSet(backboneId, Comlink.transfer(copy.set, copy.buffers));
    },
    removeSyntheticSet: (backboneId) => remote.removeSyntheticSet(backboneId),
    evaluateSyntheticSet: (backboneId, settings, onProgress) => remote.evaluateSyntheticSet(backboneId, settings, Comlink.proxy(onProgress)),
    embed: (settings, onProgress) => remote.embed(settings, Comlink.proxy(onProgress)),
    cancel: () => remote.cancel(),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
