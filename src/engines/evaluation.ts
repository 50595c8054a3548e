// The EvaluationEngine interface: sample-set metrics (NNAA, NN test, DCR, memorisation) and the
// cosine UMAP on sets held inside the engine (a worker in the browser, the same object in Node),
// so the real training set crosses the boundary once, not once per backbone.
import type { RowData } from '../core/store/rowData';
import type { EmbeddingSettings } from '../core/report/embedding';
import type { MetricStage } from '../core/report/sampleSetMetrics';
import type { SampleSetMetrics, SampleSetMetricSettings, UmapSection } from '../core/report/types';

export type { EmbeddingSettings } from '../core/report/embedding';
export type { MetricStage } from '../core/report/sampleSetMetrics';

/** One sample set: `count` gene tensors [G, C], row-major, in memory or in a store (`D`). */
export interface SampleSetData<D extends RowData = RowData> {
  data: D;
  count: number;
  /** One class label per sample (−1: none); null when unknown. */
  labels?: Int32Array | null;
  /** One id per sample, for the embedding's points; default '<set>#<row>'. */
  sampleIds?: string[];
}

export interface RealSetsInput<D extends RowData = RowData> {
  genes: number;
  channels: number;
  /** [G·C], 1 = real slot, 0 = padding; null when every slot is real. */
  mask: Uint8Array | null;
  train: SampleSetData<D>;
  holdout: SampleSetData<D>;
}

/** What the engine holds. */
export interface HeldSets {
  genes: number;
  channels: number;
  train: number;
  holdout: number;
  /** Samples per backbone id. */
  synthetic: Record<string, number>;
}

export type EvaluationTask = 'metrics' | 'embedding';

/** Progress keyed by `status` (STYLE.md 2); `fraction` is the share of the whole task, never decreasing. */
export type EvaluationProgress =
  | { status: 'initiate'; task: EvaluationTask; backboneId: string | null }
  | { status: 'backend'; task: EvaluationTask; backend: string }
  | { status: 'metric'; backboneId: string; metric: MetricStage; metricIndex: number; metricsTotal: number; fraction: number }
  | { status: 'knn'; fraction: number }
  | { status: 'epoch'; epochsDone: number; epochsTotal: number; fraction: number }
  | { status: 'done'; task: EvaluationTask; elapsedMs: number }
  | { status: 'cancelled'; task: EvaluationTask; fraction: number; elapsedMs: number };

/** Share in [0, 1] of the task an event belongs to; `done` is exactly 1. */
export function evaluationProgressFraction(event: EvaluationProgress): number {
  switch (event.status) {
    case 'initiate':
    case 'backend':
      return 0;
    case 'done':
      return 1;
    default:
      return event.fraction;
  }
}

export interface EvaluationEngine {
  /** Holds the real sets; drops every synthetic set (they belong to the previous data). */
  setRealSets(real: RealSetsInput): Promise<HeldSets>;
  /** Holds (or replaces) one backbone's synthetic samples, shaped like the real sets. */
  putSyntheticSet(backboneId: string, set: SampleSetData): Promise<HeldSets>;
  removeSyntheticSet(backboneId: string): Promise<HeldSets>;
  /** Every sample-set metric of one held synthetic set; rejects with CancelledError after cancel(). */
  evaluateSyntheticSet(
    backboneId: string, settings?: Partial<SampleSetMetricSettings>, onProgress?: (event: EvaluationProgress) => void,
  ): Promise<SampleSetMetrics>;
  /** The cosine UMAP of real train, real holdout and every held synthetic set (in the order put). */
  embed(settings?: Partial<EmbeddingSettings>, onProgress?: (event: EvaluationProgress) => void): Promise<UmapSection>;
  /** Cancels the running task between two steps; a no-op when idle. */
  cancel(): void;
}
