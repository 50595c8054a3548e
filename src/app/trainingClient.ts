// The page's handle on the classifier worker: the TrainingEngine reached through comlink.
// Terminating the worker frees every model it trained (CPU and GPU memory). Sets in shared memory
// are posted as they are; others are copied and the copy transferred (sharedTensors.ts).
import * as Comlink from 'comlink';
import type { LabelledSet } from '../core/classify/dataset';
import type { TstrRequest } from '../core/classify/tstr';
import type { ObjectiveGradient } from '../core/design/classifierGradient';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type { TfBackendReport } from '../engines/tfBackend';
import type {
  EvaluateRequest, EvaluateResult, InputGradientRequest, TrainingEngine, TrainingProgress, TrainRequest, TrainResult, TstrResult,
} from '../engines/training';
import { postableRows, postableView } from '../engines/sharedTensors';
import { superviseWorker, type OnWorkerFailed } from '../engines/supervise';
import { registerWorkerForTests } from './testHooks';

export interface TrainingClient {
  init(): Promise<TfBackendReport>;
  train(request: TrainRequest, onProgress: (event: TrainingProgress) => void): Promise<TrainResult>;
  evaluate(request: EvaluateRequest): Promise<EvaluateResult>;
  tstr(request: TstrRequest, onProgress: (event: TrainingProgress) => void): Promise<TstrResult>;
  /** The design pipeline's s(x) and ∂s/∂x of a trained model (the data is copied, the caller keeps its own). */
  inputGradient(request: InputGradientRequest): Promise<ObjectiveGradient>;
  disposeModel(modelId: string): Promise<void>;
  cancel(): Promise<void>;
  /** Ends the worker and everything it trained. */
  terminate(): void;
}

/** The set as posted: shared arrays as they are, copies of the others (their buffers pushed for transfer); the caller keeps its own (STYLE.md 4). */
function transferableCopy(set: LabelledSet, buffers: Transferable[]): LabelledSet {
  const [data, labels, mask] = [postableRows(set.data, buffers), postableView(set.labels, buffers), postableView(set.mask, buffers)];
  return { data, shape: { ...set.shape }, labels, mask };
}

/** A supervised worker (supervise.ts): if it fails, its calls reject and onFailed hears once. */
export function createTrainingClient(onFailed: OnWorkerFailed): TrainingClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  registerWorkerForTests('training', worker);
  const remote = Comlink.wrap<TrainingEngine>(worker);
  const supervised = superviseWorker(worker, remote, {
    describe: () => 'the training worker',
    retryAdvice: () => 'the classifiers it trained are gone: train again to retry (a new worker starts)',
    onFailed,
  });
  return {
    init: () => supervised.call((r) => r.init()),
    train: (request, onProgress) => {
      const buffers: Transferable[] = [];
      const set = transferableCopy(request.set, buffers);
      return supervised.call((r) => r.train(Comlink.transfer({ ...request, set }, buffers), Comlink.proxy(onProgress)));
    },
    evaluate: (request) => {
      const buffers: Transferable[] = [];
      const set = transferableCopy(request.set, buffers);
      return supervised.call((r) => r.evaluate(Comlink.transfer({ ...request, set }, buffers)));
    },
    tstr: (request, onProgress) => {
      const buffers: Transferable[] = [];
      const copy: TstrRequest = {
        ...request,
        realTrain: transferableCopy(request.realTrain, buffers),
        holdout: transferableCopy(request.holdout, buffers),
        synthetic: request.synthetic.map(({ id, set }) => ({ id, set: transferableCopy(set, buffers) })),
      };
      return supervised.call((r) => r.tstr(Comlink.transfer(copy, buffers), Comlink.proxy(onProgress)));
    },
    inputGradient: (request) => supervised.call((r) => r.inputGradient(request)),
    disposeModel: (modelId) => supervised.call((r) => r.disposeModel(modelId)),
    cancel: () => supervised.cancel((r) => r.cancel()),
    terminate: () => {
      if (!supervised.failure) remote[Comlink.releaseProxy]();
      supervised.terminate();
    },
  };
}
