// The page's handle on one backbone: a dedicated worker running the InferenceEngine, reached
// through comlink. Terminating the worker frees everything the backbone held.
import * as Comlink from 'comlink';
import type { SampleRequest } from '../core/diffusion/sampler';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type { InferenceEngine, LoadOptions, LoadedBackbone, SampleResult } from '../engines/inference';
import type { SampleProgress } from '../engines/progress';

export interface InferenceClient {
  load(bytes: Uint8Array, options: LoadOptions): Promise<LoadedBackbone>;
  sample(request: SampleRequest, onProgress: (event: SampleProgress) => void): Promise<SampleResult>;
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
    cancel: () => remote.cancel(),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
