// The classifier worker: tfjs with its WebGPU and wasm backends registered (wasm files
// self-hosted through Vite), the TrainingEngine exposed.
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as Comlink from 'comlink';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import { createOpfsSpillBackend } from '../src/engines/opfsHandle';
import { createSampleStore } from '../src/engines/sampleStore';
import { createRowsOpener } from '../src/engines/storedRows';
import { createTfTrainingEngine } from '../src/engines/trainingEngine';

installTypedErrorTransfer();
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd });
// Sets arrive by reference to the data and backbone workers' stores: read in place, spilled rows from their OPFS files.
Comlink.expose(createTfTrainingEngine({
  now: () => performance.now(),
  openRows: createRowsOpener(createSampleStore({ memoryBudgetBytes: 0, spill: createOpfsSpillBackend() })),
}));
