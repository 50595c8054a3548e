// One backbone per worker: build the ONNX Runtime engine (WebGPU build) and expose it. Once a
// backbone runs on WebGPU, a lost device is posted to the page, which ends the worker (supervise.ts).
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import { probeWebGpu } from '../src/engines/gpuProbe';
import type { LoadOptions } from '../src/engines/inference';
import { createOrtInferenceEngine } from '../src/engines/ortInferenceEngine';
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
});
