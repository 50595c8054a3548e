// The ONNX Runtime the engine uses in Node (CLI, tests): onnxruntime-web's Node build, WASM EP.
import * as ort from 'onnxruntime-web';
import type { OrtRuntime } from './ortInferenceEngine';

export function createNodeOrtRuntime(numThreads = 1): OrtRuntime {
  ort.env.wasm.numThreads = numThreads;
  ort.env.logLevel = 'error';
  return { ort, probeGpu: async () => null, now: () => performance.now() };
}
