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
import type { EvaluationSet } from '../src/core/diffusion/evaluate';
import { createOpfsSpillBackend } from '../src/engines/opfsHandle';
import { createSampleStore } from '../src/engines/sampleStore';
import { movableView, newSharedFloat32, toSharedFloat32 } from '../src/engines/sharedTensors';
import { createRowsOpener } from '../src/engines/storedRows';
import { generateSet } from '../src/engines/generateSet';
import { sampleHealth } from '../src/core/diffusion/sampleHealth';
import { reportGpuLoss } from '../src/engines/supervise';

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

installTypedErrorTransfer();
ort.env.logLevel = 'error';
ort.env.wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
// Samples are written straight into shared memory: posted to the page without a copy (toSharedFloat32 below keeps them as they are).
const engine = createOrtInferenceEngine({ ort, probeGpu: probeWebGpu, now: () => performance.now(), allocateSamples: newSharedFloat32 });
// Holdout rows arrive by reference to the data worker's store: opened here, read a batch at a time.
const openRows = createRowsOpener(createSampleStore({ memoryBudgetBytes: 0, spill: createOpfsSpillBackend() }));
// Sets generated into this worker's store (the Generate panel's, and an evaluation's TSTR sets of the
// training split's size): memory to a budget and the rest on OPFS, posted by reference (the paper's
// TSTR set is 5.1 GiB). Shared chunks outlive this worker while the page holds their descriptor.
const generatedMemoryBudgetBytes = 128 * 2 ** 20;
const generated = createSampleStore({ memoryBudgetBytes: generatedMemoryBudgetBytes, spill: createOpfsSpillBackend(), storeId: `inference-${Math.random().toString(36).slice(2, 8)}` });
const opened = async (set: EvaluationSet): Promise<EvaluationSet> => ({ ...set, x0: await openRows(set.x0) });
Comlink.expose({
  ...engine,
  load: async (bytes: Uint8Array, options: LoadOptions) => {
    const loaded = await engine.load(bytes, options);
    if (loaded.executionProvider === 'webgpu') reportGpuLoss(ort.env.webgpu.device, (message) => self.postMessage(message));
    return loaded;
  },
  reconstructionCurve: async (set: EvaluationSet, ...rest: Tail<Parameters<typeof engine.reconstructionCurve>>) => engine.reconstructionCurve(await opened(set), ...rest),
  validationLoss: async (set: EvaluationSet, ...rest: Tail<Parameters<typeof engine.validationLoss>>) => engine.validationLoss(await opened(set), ...rest),
  sampleStored: async (request: SampleRequest, setId: string, onProgress: (event: SampleProgress) => void) => {
    if (generated.has(setId)) await generated.delete(setId);
    try {
      const { samples, result } = await generateSet(engine, request, generated, setId, onProgress, { log: () => undefined, onFinish: () => undefined });
      // Summarised here, where every row can be read (the page cannot read spilled rows).
      const health = sampleHealth(samples, result.count, request.genes * request.channels, request.mask ?? null);
      return { samples: { storedRows: { set: generated.share(setId), rows: null } }, result, health };
    } catch (err) {
      // A cancelled or failed set is nobody's: free its memory and file now.
      if (generated.has(setId)) await generated.delete(setId);
      throw err;
    }
  },
  setSetsMemoryBudget: async (bytes: number) => generated.setMemoryBudget(bytes),
  deleteStored: async (setId: string) => {
    if (generated.has(setId)) await generated.delete(setId);
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
