// One backbone per worker: build the ONNX Runtime engine (WebGPU build) and expose it. Once a
// backbone runs on WebGPU, a lost device is posted to the page, which ends the worker (supervise.ts).
// Generated samples go to the page in shared memory when the page is cross-origin isolated (the
// page and every worker it hands them to read the same bytes), else they move by transfer.
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import { probeWebGpu } from '../src/engines/gpuProbe';
import type { SampleRequest } from '../src/core/diffusion/sampler';
import type { LoadOptions } from '../src/engines/inference';
import { createOrtInferenceEngine } from '../src/engines/ortInferenceEngine';
import type { SampleProgress } from '../src/engines/progress';
import type { TranslationProgress, TranslationRequest } from '../src/engines/translation';
import { movableView, toSharedFloat32 } from '../src/engines/sharedTensors';
import { reportGpuLoss } from '../src/engines/supervise';

installTypedErrorTransfer();
ort.env.logLevel = 'error';
ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
const engine = createOrtInferenceEngine({ ort, probeGpu: probeWebGpu, now: () => performance.now() });
Comlink.expose({
  ...engine,
  load: async (bytes: Uint8Array, options: LoadOptions) => {
    const loaded = await engine.load(bytes, options);
    if (loaded.executionProvider === 'webgpu') reportGpuLoss(ort.env.webgpu.device, (message) => self.postMessage(message));
    return loaded;
  },
  sample: async (request: SampleRequest, onProgress?: (event: SampleProgress) => void) => {
    const result = await engine.sample(request, onProgress);
    const transfer: Transferable[] = [];
    const samples = movableView(toSharedFloat32(result.samples), transfer);
    return Comlink.transfer({ ...result, samples }, transfer);
  },
  translate: async (request: TranslationRequest, onProgress?: (event: TranslationProgress) => void) => {
    const result = await engine.translate(request, onProgress);
    const transfer: Transferable[] = [];
    const [translated, reconstructed] = [movableView(result.translated, transfer), movableView(result.reconstructed, transfer)];
    const cycled = result.cycled ? movableView(result.cycled, transfer) : null;
    return Comlink.transfer({ ...result, translated, reconstructed, cycled }, transfer);
  },
});
