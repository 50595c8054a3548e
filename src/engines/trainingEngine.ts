// The TrainingEngine on TensorFlow.js: picks a backend once, runs one job at a time (train,
// evaluate or TSTR) with progress and cancel, and keeps trained models until disposed.
import * as tf from '@tensorflow/tfjs';
import { objectiveGradient, type ObjectiveGradient } from '../core/design/classifierGradient';
import { checkLabelledSet, type LabelledSet } from '../core/classify/dataset';
import { evaluatePredictions } from '../core/classify/evaluate';
import { predictProbabilities } from '../core/classify/predict';
import { trainClassifier, type TrainedClassifier } from '../core/classify/train';
import { runTstr, type TstrProgress, type TstrRequest } from '../core/classify/tstr';
import { CancelledError, InvalidRequestError, isCancelled } from '../core/errors';
import { selectTfBackend, type TfBackendApi, type TfBackendName, type TfBackendReport } from './tfBackend';
import {
  trainingProgressFraction, type EvaluateRequest, type EvaluateResult, type InputGradientRequest, type TrainingEngine, type TrainingProgress,
  type TrainRequest, type TrainResult, type TstrResult,
} from './training';
import { createRowsOpener, type RowsOpener } from './storedRows';

export interface TfTrainingEngineOptions {
  now: () => number;
  /** Backends to try, fastest first (default webgpu → webgl → wasm → cpu). */
  backendOrder?: readonly TfBackendName[];
  /** The tfjs API to select a backend with (tests fake it); default the real module. */
  backendApi?: TfBackendApi;
  /** Makes posted rows readable here (the worker's: a store on OPFS); default: shared memory only. */
  openRows?: RowsOpener;
}

/** One job's cancel switch and its progress reporter; the last fraction feeds `cancelled`. */
interface Job {
  controller: AbortController;
  startMs: number;
  lastFraction: number;
  emit: (event: TrainingProgress) => void;
}

export function createTfTrainingEngine(options: TfTrainingEngineOptions): TrainingEngine {
  const models = new Map<string, TrainedClassifier>();
  const openRows = options.openRows ?? createRowsOpener();
  /** A set as this engine received it, its rows readable here (a posted `{ sharedRows }` or `{ storedRows }` opened). */
  const revived = async (set: LabelledSet): Promise<LabelledSet> => ({ ...set, data: await openRows(set.data) });
  let backend: Promise<TfBackendReport> | null = null;
  let job: Job | null = null;
  let nextModel = 1;

  const init = (): Promise<TfBackendReport> => {
    backend ??= (async () => {
      const report = await selectTfBackend(options.backendApi ?? tf, { now: options.now, ...(options.backendOrder ? { order: options.backendOrder } : {}) });
      // Compile the first shaders now, not during the first epoch (STYLE.md 4).
      const warm = tf.tidy(() => tf.sum(tf.matMul(tf.ones([8, 8]), tf.ones([8, 8]))));
      await warm.data();
      warm.dispose();
      return report;
    })();
    backend.catch(() => { backend = null; });
    return backend;
  };

  /** Runs `work` as the only job, turning an abort into a `cancelled` event and CancelledError. */
  async function runJob<T>(onProgress: ((event: TrainingProgress) => void) | undefined, work: (current: Job) => Promise<T>): Promise<T> {
    if (job) throw new InvalidRequestError('the training engine is busy with another job: wait for it to finish or cancel it');
    const current: Job = {
      controller: new AbortController(), startMs: options.now(), lastFraction: 0,
      emit: (event) => {
        current.lastFraction = Math.max(current.lastFraction, trainingProgressFraction(event));
        onProgress?.(event);
      },
    };
    job = current;
    try {
      const result = await work(current);
      current.emit({ status: 'done', elapsedMs: options.now() - current.startMs });
      return result;
    } catch (err) {
      if (!isCancelled(err)) throw err;
      onProgress?.({ status: 'cancelled', fractionDone: current.lastFraction, elapsedMs: options.now() - current.startMs });
      throw err instanceof CancelledError ? err : new CancelledError('training');
    } finally {
      job = null;
      // Stored sets are opened per job: their owners may free them (and their files) once it ends.
      await openRows.keepOnly([]);
    }
  }

  /** Forwards a core TSTR event with the job's elapsed time. */
  const forward = (current: Job, epochsMax: number) => (event: TstrProgress): void => {
    const elapsedMs = options.now() - current.startMs;
    if (event.status === 'training') {
      current.emit({ status: 'epoch', source: event.source, sourceIndex: event.sourceIndex, sourcesTotal: event.sourcesTotal, epochsMax, record: event.record, elapsedMs });
    } else {
      current.emit({ status: 'evaluating', source: event.source, sourceIndex: event.sourceIndex, sourcesTotal: event.sourcesTotal, elapsedMs });
    }
  };

  const modelOf = (modelId: string): TrainedClassifier => {
    const model = models.get(modelId);
    if (!model) throw new InvalidRequestError(`no trained model "${modelId}" in this engine: train it again (models do not survive a reload)`);
    return model;
  };

  return {
    init,

    async train(posted: TrainRequest, onProgress): Promise<TrainResult> {
      const request = { ...posted, set: await revived(posted.set) };
      const { backend: name } = await init();
      return runJob(onProgress, async (current) => {
        const source = request.label ?? 'model';
        const epochsMax = request.settings.epochs;
        current.emit({ status: 'initiate', job: 'train', sourcesTotal: 1, epochsMax, backend: name });
        const trained = await trainClassifier(request.set, request.settings, {
          signal: current.controller.signal,
          ...(request.classes === undefined ? {} : { classes: request.classes }),
          onEpoch: (record) => forward(current, epochsMax)({ status: 'training', source, sourceIndex: 0, sourcesTotal: 1, epochsMax, record }),
        });
        const modelId = `model-${nextModel++}`;
        models.set(modelId, trained);
        const { history, selectedEpoch, stoppedEarly, fitPerClass, validationPerClass, parameterCount, settings } = trained;
        return { modelId, history, selectedEpoch, stoppedEarly, fitPerClass, validationPerClass, parameterCount, settings, backend: name, elapsedMs: options.now() - current.startMs };
      });
    },

    async evaluate(posted: EvaluateRequest): Promise<EvaluateResult> {
      const request = { ...posted, set: await revived(posted.set) };
      const { backend: name } = await init();
      return runJob(undefined, async (current) => {
        const trained = modelOf(request.modelId);
        checkLabelledSet(request.set, trained.classes, 'the test set');
        const probabilities = await predictProbabilities(trained, request.set);
        const metrics = evaluatePredictions(probabilities, request.set.labels, trained.classes, request.bootstrap);
        return { metrics, probabilities, backend: name, elapsedMs: options.now() - current.startMs };
      });
    },

    async tstr(posted: TstrRequest, onProgress): Promise<TstrResult> {
      const request: TstrRequest = {
        ...posted, realTrain: await revived(posted.realTrain), holdout: await revived(posted.holdout),
        synthetic: await Promise.all(posted.synthetic.map(async ({ id, set }) => ({ id, set: await revived(set) }))),
      };
      const { backend: name } = await init();
      return runJob(onProgress, async (current) => {
        const sourcesTotal = 1 + request.synthetic.length;
        current.emit({ status: 'initiate', job: 'tstr', sourcesTotal, epochsMax: request.train.epochs, backend: name });
        const report = await runTstr(request, { signal: current.controller.signal, onProgress: forward(current, request.train.epochs) });
        return { ...report, backend: name, elapsedMs: options.now() - current.startMs };
      });
    },

    async inputGradient(request: InputGradientRequest): Promise<ObjectiveGradient> {
      await init();
      return objectiveGradient(modelOf(request.modelId), { data: request.data, shape: request.shape }, request.targetClass, request.objective);
    },

    disposeModel(modelId: string): void {
      models.get(modelId)?.model.dispose();
      models.delete(modelId);
    },

    cancel(): void {
      job?.controller.abort();
    },
  };
}
