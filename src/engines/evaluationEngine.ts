// The EvaluationEngine: holds the sample sets, selects a tfjs backend lazily (the caller says how:
// webgpu → webgl → wasm → cpu in a worker, cpu in Node) and, when given an ONNX Runtime, runs the
// distance engine's tile products there (ortGemm.ts) instead of on tfjs; runs one task at a time
// with status-keyed progress, and turns an abort into a CancelledError. The maths is in core/report.
import { CancelledError, InvalidRequestError, isCancelled } from '../core/errors';
import type { SampleSetInput } from '../core/embed/points';
import { createSampleRows, type SampleRows } from '../core/metrics/sampleRows';
import { setDefaultTileGemm, type TileGemm } from '../core/metrics/tileGemm';
import { defaultEmbeddingSettings, embedSampleSets, umapProgressFraction } from '../core/report/embedding';
import { computeSampleSetMetrics, resolveMetricSettings } from '../core/report/sampleSetMetrics';
import { umapSection } from '../core/report/sections';
import type {
  EvaluationEngine, EvaluationProgress, EvaluationTask, HeldSets, RealSetsInput, SampleSetData,
} from './evaluation';
import { openOrtTileGemm, type OrtGemmSource } from './ortGemm';
import { isStoredRows } from '../core/store/rowData';
import { createRowsOpener, type RowsOpener } from './storedRows';

export interface EvaluationEngineOptions {
  /** Registers and selects a tfjs backend, once, before the first task; resolves to its name. */
  selectBackend: () => Promise<string>;
  /**
   * The distance engine's matrix products on ONNX Runtime (opened before the first task): the CLI
   * passes onnxruntime-node, the worker onnxruntime-web on WASM threads. Absent: tfjs on the backend above.
   */
  gemm?: OrtGemmSource;
  now?: () => number;
  /** Makes posted rows readable here (the worker's: a store on OPFS); default: shared memory only. */
  openRows?: RowsOpener;
}

interface Held {
  genes: number;
  channels: number;
  mask: Uint8Array | null;
  train: SampleSetData;
  holdout: SampleSetData;
}

type Emit = (event: EvaluationProgress) => void;

function checkSet(set: SampleSetData, dims: number, name: string): void {
  createSampleRows(set.data, set.count, dims, name);
  if (set.labels && set.labels.length !== set.count) {
    throw new InvalidRequestError(`${name} has ${set.labels.length} labels for ${set.count} samples; expected one each`);
  }
  if (set.sampleIds && set.sampleIds.length !== set.count) {
    throw new InvalidRequestError(`${name} has ${set.sampleIds.length} sample ids for ${set.count} samples; expected one each`);
  }
}


function checkReal(real: RealSetsInput): void {
  const { genes, channels, mask } = real;
  if (!(Number.isInteger(genes) && genes >= 1 && Number.isInteger(channels) && channels >= 1)) {
    throw new InvalidRequestError(`gene tensors of [${genes}, ${channels}]; expected positive integers`);
  }
  if (mask && mask.length !== genes * channels) {
    throw new InvalidRequestError(`the padding mask has ${mask.length} slots; expected genes × channels = ${genes * channels}`);
  }
  checkSet(real.train, genes * channels, 'the real training set');
  checkSet(real.holdout, genes * channels, 'the real holdout');
}

const rows = (set: SampleSetData, dims: number, label: string): SampleRows => ({ data: set.data, count: set.count, dims, label });

function embeddingInput(set: SampleSetData, origin: SampleSetInput['origin']): SampleSetInput {
  return { origin, vectors: set.data, count: set.count, labels: set.labels ?? null, sampleIds: set.sampleIds };
}

export function createEvaluationEngine(options: EvaluationEngineOptions): EvaluationEngine {
  const now = options.now ?? (() => performance.now());
  let held: Held | null = null;
  const synthetic = new Map<string, SampleSetData>();
  let running: AbortController | null = null;
  let backend: Promise<string> | null = null;
  let gemm: Promise<TileGemm | null> | null = null;
  const openRows = options.openRows ?? createRowsOpener();
  /** A set as this engine received it, its rows readable here (a posted `{ sharedRows }` or `{ storedRows }` opened). */
  const revived = async (set: SampleSetData): Promise<SampleSetData> => ({ ...set, data: await openRows(set.data) });

  const requireHeld = (): Held => {
    if (!held) throw new InvalidRequestError('no real sets are loaded in the evaluation engine; load the data first');
    return held;
  };
  const describeHeld = (): HeldSets => {
    const { genes, channels, train, holdout } = requireHeld();
    return { genes, channels, train: train.count, holdout: holdout.count, synthetic: Object.fromEntries([...synthetic].map(([id, s]) => [id, s.count])) };
  };
  const selectBackend = (): Promise<string> => {
    backend ??= options.selectBackend().catch((err: unknown) => {
      backend = null;
      throw err;
    });
    return backend;
  };
  const openGemm = (): Promise<TileGemm | null> => {
    gemm ??= (options.gemm ? openOrtTileGemm(options.gemm) : Promise.resolve(null)).catch((err: unknown) => {
      gemm = null;
      throw err;
    });
    return gemm;
  };

  /** One task at a time: initiate, backend, the body's events, then done or cancelled. */
  async function runTask<T>(
    task: EvaluationTask, backboneId: string | null, onProgress: Emit | undefined,
    body: (signal: AbortSignal, tfBackend: string, emit: Emit) => Promise<T>,
  ): Promise<T> {
    if (running) throw new InvalidRequestError('the evaluation engine is already running a task; wait for it or cancel it');
    const controller = new AbortController();
    running = controller;
    const started = now();
    let fraction = 0;
    const emit: Emit = (event) => {
      if ('fraction' in event) fraction = event.fraction;
      onProgress?.(event);
    };
    try {
      emit({ status: 'initiate', task, backboneId });
      const tfBackend = await selectBackend();
      const tileGemm = await openGemm();
      emit({ status: 'backend', task, backend: tfBackend });
      // The metrics and the UMAP reach distance.ts without a gemm option: set this engine's as the
      // default for the task (one task at a time), and put back what was there.
      const previousGemm = tileGemm ? setDefaultTileGemm(tileGemm) : null;
      try {
        const result = await body(controller.signal, tfBackend, emit);
        emit({ status: 'done', task, elapsedMs: now() - started });
        return result;
      } finally {
        if (tileGemm) setDefaultTileGemm(previousGemm);
      }
    } catch (err) {
      if (isCancelled(err) || controller.signal.aborted) {
        emit({ status: 'cancelled', task, fraction, elapsedMs: now() - started });
        throw err instanceof CancelledError ? err : new CancelledError(task === 'metrics' ? 'evaluation' : 'UMAP');
      }
      throw err;
    } finally {
      running = null;
    }
  }

  return {
    async setRealSets(posted) {
      // Sets opened for earlier real sets are closed: their owner may free them.
      await openRows.keepOnly([posted.train, posted.holdout].flatMap((s) => (isStoredRows(s.data) ? [s.data.storedRows.set.setId] : [])));
      const real = { ...posted, train: await revived(posted.train), holdout: await revived(posted.holdout) };
      checkReal(real);
      if (running) throw new InvalidRequestError('the evaluation engine is running a task; cancel it before loading new data');
      held = { genes: real.genes, channels: real.channels, mask: real.mask, train: real.train, holdout: real.holdout };
      synthetic.clear();
      return describeHeld();
    },

    async putSyntheticSet(backboneId, posted) {
      const set = await revived(posted);
      const { genes, channels } = requireHeld();
      if (!backboneId) throw new InvalidRequestError('a synthetic set needs a backbone id');
      checkSet(set, genes * channels, `the synthetic set of ${backboneId}`);
      synthetic.set(backboneId, set);
      return describeHeld();
    },

    async removeSyntheticSet(backboneId) {
      synthetic.delete(backboneId);
      return describeHeld();
    },

    evaluateSyntheticSet(backboneId, partial, onProgress) {
      const { genes, channels, mask, train, holdout } = requireHeld();
      const set = synthetic.get(backboneId);
      if (!set) return Promise.reject(new InvalidRequestError(`no synthetic set of '${backboneId}' is held; generate or load it first`));
      const settings = resolveMetricSettings(partial);
      const dims = genes * channels;
      return runTask('metrics', backboneId, onProgress, async (signal, tfBackend, emit) => {
        const started = now();
        const sets = {
          train: rows(train, dims, 'the real training set'), holdout: rows(holdout, dims, 'the real holdout'),
          synthetic: rows(set, dims, `the synthetic set of ${backboneId}`), mask,
        };
        const metrics = await computeSampleSetMetrics(sets, settings, {
          signal,
          onProgress: (p) => emit({
            status: 'metric', backboneId, metric: p.stage, metricIndex: p.stageIndex, metricsTotal: p.stagesTotal, fraction: p.fraction,
          }),
        });
        return { ...metrics, tfBackend, elapsedMs: now() - started };
      });
    },

    embed(partial, onProgress) {
      const { mask, train, holdout } = requireHeld();
      const settings = { ...defaultEmbeddingSettings, ...partial };
      const inputs = [
        embeddingInput(train, { kind: 'real-train' }), embeddingInput(holdout, { kind: 'real-holdout' }),
        ...[...synthetic].map(([backboneId, set]) => embeddingInput(set, { kind: 'backbone', backboneId })),
      ];
      return runTask('embedding', null, onProgress, async (signal, tfBackend, emit) => {
        const started = now();
        let reached = 0;
        const embedding = await embedSampleSets(inputs, mask, settings, {
          signal,
          onProgress: (event) => {
            reached = Math.max(reached, umapProgressFraction(event));
            if (event.status === 'epoch') emit({ status: 'epoch', epochsDone: event.epochsDone, epochsTotal: event.epochsTotal, fraction: reached });
            else emit({ status: 'knn', fraction: reached });
          },
        });
        return umapSection(embedding, { maxPerSet: settings.maxPerSet, seed: settings.seed }, { tfBackend, elapsedMs: now() - started });
      });
    },

    cancel() {
      running?.abort();
    },
  };
}
