// The page's handle on one backbone: a dedicated worker running the InferenceEngine, reached
// through comlink and supervised (a crash or a lost GPU fails its calls; see supervise.ts).
// Terminating the worker frees everything the backbone held. Sets in shared memory are posted as
// they are (sharedTensors.ts); others are copied and the copy transferred.
import * as Comlink from 'comlink';
import type { SampleRequest } from '../core/diffusion/sampler';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type { EvaluationSet, ReconstructionCurve, ValidationLoss } from '../core/diffusion/evaluate';
import type {
  BackboneForward, InferenceEngine, LoadOptions, LoadedBackbone, ReconstructionRequest, SampleResult, ValidationLossRequest,
} from '../engines/inference';
import type { TranslationProgress, TranslationRequest, TranslationResult } from '../engines/translation';
import type { BackboneEvaluationProgress, SampleProgress } from '../engines/progress';
import { postableRows, postableView } from '../engines/sharedTensors';
import { superviseWorker, type OnWorkerFailed } from '../engines/supervise';
import { registerWorkerForTests } from './testHooks';
import { readStoredRows, type StoredRows, type StoredRowsReader } from '../core/store/rowData';
import type { SampleHealth } from '../core/diffusion/sampleHealth';

export interface InferenceClient {
  load(bytes: Uint8Array, options: LoadOptions): Promise<LoadedBackbone>;
  sample(request: SampleRequest, onProgress: (event: SampleProgress) => void): Promise<SampleResult>;
  /** Reconstruction error vs noise level on real samples; the caller keeps the set (shared, or copied). */
  reconstructionCurve(set: EvaluationSet, request: ReconstructionRequest, onProgress: (event: BackboneEvaluationProgress) => void): Promise<ReconstructionCurve>;
  validationLoss(set: EvaluationSet, request: ValidationLossRequest): Promise<ValidationLoss>;
  /** Class translation of real samples; the caller keeps its x0 (shared, or copied). A cancel resolves with the finished samples. */
  translate(request: TranslationRequest, onProgress?: (event: TranslationProgress) => void): Promise<TranslationResult>;
  /** One forward pass (a denoiser call or G(z)) for the design pipeline; the caller keeps its input. */
  forward(call: BackboneForward): Promise<Float32Array>;
  /**
   * Generates into the worker's sample store (memory to a budget, then OPFS); the set comes back by
   * reference, with its health computed in the worker (where every row can be read).
   */
  sampleStored(request: SampleRequest, setId: string, onProgress: (event: SampleProgress) => void): Promise<StoredSample<StoredRowsReader>>;
  /** Frees a set sampleStored made. */
  deleteStored(setId: string): Promise<void>;
  /** Bytes of generated sets the worker keeps in memory before rows spill to OPFS (from the next set). */
  setSetsMemoryBudget(bytes: number): Promise<void>;
  cancel(): Promise<void>;
  /** Ends the worker: the backbone's memory (CPU and GPU) is released. */
  terminate(): void;
}

/** A set generated into the worker's store: its rows by reference, the run, and its health. */
export interface StoredSample<Rows> {
  samples: Rows;
  result: Omit<SampleResult, 'samples'>;
  health: SampleHealth;
}

/** The inference worker's API: the engine, and sets generated into its own store (workers/inference.worker.ts). */
type InferenceWorkerApi = InferenceEngine & {
  sampleStored(request: SampleRequest, setId: string, onProgress: (event: SampleProgress) => void): Promise<StoredSample<StoredRows>>;
  deleteStored(setId: string): Promise<void>;
  setSetsMemoryBudget(bytes: number): Promise<void>;
};

/** The set as posted: its rows by reference when shared or stored (the worker opens them), else a copy moved by transfer. */
function postableSet(set: EvaluationSet): EvaluationSet {
  const transfer: Transferable[] = [];
  const x0 = postableRows(set.x0, transfer);
  return Comlink.transfer({ ...set, x0 }, transfer);
}

export function createInferenceClient(onFailed: OnWorkerFailed): InferenceClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
  registerWorkerForTests('inference', worker);
  const remote = Comlink.wrap<InferenceWorkerApi>(worker);
  let fileName: string | null = null;
  const supervised = superviseWorker(worker, remote, {
    describe: () => `the inference worker${fileName ? ` for ${fileName}` : ''}`,
    retryAdvice: (reason) => (reason === 'gpu-lost'
      ? 'load the backbone again to retry (it will run on WASM)' : 'load the backbone again to retry'),
    onFailed,
  });
  return {
    // The bytes are copied before transfer so the caller keeps its buffer (STYLE.md 4).
    load: (bytes, options) => {
      fileName = options.fileName;
      const copy = bytes.slice();
      return supervised.call((r) => r.load(Comlink.transfer(copy, [copy.buffer]), options));
    },
    sample: (request, onProgress) => supervised.call((r) => r.sample(request, Comlink.proxy(onProgress))),
    reconstructionCurve: (set, request, onProgress) =>
      supervised.call((r) => r.reconstructionCurve(postableSet(set), request, Comlink.proxy(onProgress))),
    validationLoss: (set, request) => supervised.call((r) => r.validationLoss(postableSet(set), request)),
    translate: (request, onProgress) => {
      const transfer: Transferable[] = [];
      const x0 = postableView(request.x0, transfer);
      const posted = Comlink.transfer({ ...request, x0 }, transfer);
      return supervised.call((r) => r.translate(posted, onProgress ? Comlink.proxy(onProgress) : undefined));
    },
    forward: (call) => {
      const input = call.kind === 'denoise' ? call.x.slice() : call.z.slice();
      const posted = call.kind === 'denoise' ? { ...call, x: input } : { ...call, z: input };
      return supervised.call((r) => r.forward(Comlink.transfer(posted, [input.buffer])));
    },
    sampleStored: async (request, setId, onProgress) => {
      const stored = await supervised.call((r) => r.sampleStored(request, setId, Comlink.proxy(onProgress)));
      return { ...stored, samples: readStoredRows(stored.samples) };
    },
    deleteStored: (setId) => supervised.call((r) => r.deleteStored(setId)),
    setSetsMemoryBudget: (bytes) => supervised.call((r) => r.setSetsMemoryBudget(bytes)),
    cancel: () => supervised.cancel((r) => r.cancel()),
    terminate: () => {
      if (!supervised.failure) remote[Comlink.releaseProxy]();
      supervised.terminate();
    },
  };
}
