// One backbone per worker: build the ONNX Runtime engine (WebGPU build) and expose it.
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import { probeWebGpu } from '../src/engines/gpuProbe';
import { createOrtInferenceEngine } from '../src/engines/ortInferenceEngine';

installTypedErrorTransfer();
ort.env.logLevel = 'error';
ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
Comlink.expose(createOrtInferenceEngine({ ort, probeGpu: probeWebGpu, now: () => performance.now() }));
