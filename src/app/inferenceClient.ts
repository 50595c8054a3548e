// The page's handle on one backbone: a dedicated worker running the InferenceEngine, reached
// through comlink. Terminating the worker frees everything the backbone held.
import * as Comlink from 'comlink';
import type { SampleRequest } from '../core/diffusion/sampler';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type { EvaluationSet, ReconstructionCurve, ValidationLoss } from '../core/diffusion/evaluate';
import type {
  InferenceEngine, LoadOptions, LoadedBackbone, ReconstructionRequest, SampleResult, ValidationLossRequest,
} from '../engines/inference';
import type { BackboneEvaluationProgress, SampleProgress } from '../engines/progress';

export interface InferenceClient {
  load(bytes: Uint8Array, options: LoadOptions): Promise<LoadedBackbone>;
  sample(request: SampleRequest, onProgress: (event: SampleProgress) => void): Promise<SampleResult>;
  /** Reconstruction error vs noise level on real samples; the set is copied, the caller keeps it. */
  reconstructionCurve(set: EvaluationSet, request: ReconstructionRequest, onProgress: (event: BackboneEvaluationProgress) => void): Promise<ReconstructionCurve>;
  validationLoss(set: EvaluationSet, request: ValidationLossRequest): Promise<ValidationLoss>;
  cancel(): Promise<void>;
  /** Ends the worker: the backbone's memory (CPU and GPU) is released. */
  terminate(): void;
}

export function createInferenceClient(): InferenceClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
  const remote = Comlink.wrap<InferenceEngine>(worker);
  return {
    // The bytes are copied before transfer so the caller keeps its buffer (STYLE.md 4).
    load: (bytes, options) => {
      const copy = bytes.slice();
      return remote.load(Comlink.transfer(copy, [copy.buffer]), options);
    },
    sample: (request, onProgress) => remote.sample(request, Comlink.proxy(onProgress)),
    reconstructionCurve: (set, request, onProgress) => remote.reconstructionCurve(set, request, Comlink.proxy(onProgress)),
    validationLoss: (set, request) => remote.validationLoss(set, request),
    cancel: () => remote.cancel(),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
