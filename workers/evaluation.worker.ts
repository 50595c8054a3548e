// Sample-set metrics and the cosine UMAP: tfjs with its WebGPU and wasm backends registered (wasm
// files self-hosted through Vite) for the projection, and the distance engine's tile products on
// onnxruntime-web's WASM EP, threaded under cross-origin isolation. The backend starts on the first task.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import { createEvaluationEngine } from '../src/engines/evaluationEngine';
import { createOpfsSpillBackend } from '../src/engines/opfsHandle';
import { createSampleStore } from '../src/engines/sampleStore';
import { createRowsOpener } from '../src/engines/storedRows';
import { selectTfBackend } from '../src/engines/tfBackend';

installTypedErrorTransfer();
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd });
ort.env.logLevel = 'error';
ort.env.wasm.numThreads = self.crossOriginIsolated ? navigator.hardwareConcurrency || 1 : 1;
const now = () => performance.now();
Comlink.expose(createEvaluationEngine({
  selectBackend: async () => (await selectTfBackend(tf, { now })).backend,
  gemm: { runtime: { ort }, executionProvider: 'wasm' },
  now,
  // The real sets arrive by reference to the data worker's store: read in place, spilled rows from its OPFS file.
  openRows: createRowsOpener(createSampleStore({ memoryBudgetBytes: 0, spill: createOpfsSpillBackend() })),
}));
