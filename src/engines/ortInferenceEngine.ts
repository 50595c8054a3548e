// The InferenceEngine on ONNX Runtime Web: the same class runs in a worker (the WebGPU build,
// WebGPU EP when an adapter exists, WASM otherwise) and in Node (the WASM build).
import type * as Ort from 'onnxruntime-web';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import type { BackboneSpec } from '../core/backbone/spec';
import { reconstructionCurve, validationLoss, type EvaluationSet, type EvaluationStepInfo } from '../core/diffusion/evaluate';
import { createSchedule, type NoiseSchedule } from '../core/diffusion/schedule';
import type { Denoiser } from '../core/diffusion/types';
import { sample, validateSampleRequest, type SampleRequest } from '../core/diffusion/sampler';
import { describeTensor } from '../core/backbone/onnxModelInfo';
import { BackboneContractError, CancelledError, InvalidRequestError, RuntimeFailureError, isCancelled } from '../core/errors';
import { sha256Hex } from '../core/report/plan';
import { matchExternalData, readExternalLocations } from './externalData';
import { forwardBackbone } from './designInference';
import { generateFromGan } from './ganSampler';
import { createStepLoopDenoiser, prepareStepLoop, type SamplingLoopChoice, type StepLoop } from './gpuStepLoop';
import type {
  ExecutionProviderName, ExternalDataFile, GpuProbe, InferenceEngine, LoadOptions, LoadedBackbone, SampleResult, SamplingLoop,
} from './inference';
import { createOrtDenoiser, type OrtModule } from './ortDenoiser';
import {
  estimateRemainingMs, type BackboneEvaluationProgress, type BackboneEvaluationTask, type SampleProgress,
} from './progress';
import { runTranslation } from './translation';
import { isAllocationFailure, wasmMemoryLimitError } from './wasmMemory';

export interface OrtRuntime {
  ort: OrtModule;
  /** Resolves to the WebGPU adapter's description, or null where there is none (Node, no GPU). */
  probeGpu(): Promise<GpuProbe | null>;
  now(): number;
  /**
   * Native ONNX Runtime (onnxruntime-node): its EP ('cpu' or 'cuda') is the default, it opens a model
   * from LoadOptions.modelPath, and runs intraOpNumThreads. Absent: onnxruntime-web (WebGPU, WASM).
   */
  native?: { executionProvider: ExecutionProviderName; intraOpNumThreads: number };
  /** Makes each generated set's array (the worker: shared memory, so its samples are posted without a copy). */
  allocateSamples?: (length: number) => Float32Array;
  /**
   * The reverse-step loop of a diffusion backbone: 'auto' (default) the step graph with x_t on the GPU
   * on the WebGPU EP and the JS loop elsewhere; 'step-graph' the step graph on any EP (tests: the
   * WebGPU code path on CPU tensors); 'cpu' always the JS loop.
   */
  samplingLoop?: SamplingLoopChoice;
}

interface Loaded {
  session: Ort.InferenceSession;
  info: LoadedBackbone;
  /** The step graph's session when the step loop runs this backbone's sampling. */
  stepLoop: StepLoop | null;
  /** Why the step loop was wanted but the JS loop runs. */
  loopFallbackReason: string | null;
}

async function release(loaded: Loaded): Promise<void> {
  await loaded.session.release();
  await loaded.stepLoop?.session.release();
}

/** Which loop the engine's sample() runs for a loaded backbone. */
function loopOf({ stepLoop }: Loaded): SamplingLoop {
  if (!stepLoop) return 'cpu';
  return stepLoop.onGpu ? 'gpu-resident' : 'step-graph';
}

/** What a session opens: the model's bytes and side files, or, for native ORT, its path on disk. */
interface SessionSource {
  fileName: string;
  bytes: Uint8Array;
  modelPath: string | null;
  externalData: ExternalDataFile[];
}

async function createSession(
  runtime: OrtRuntime, source: SessionSource, ep: ExecutionProviderName, gpuOutputs: boolean,
): Promise<Ort.InferenceSession> {
  // Severity 3 = errors only: the native session's warnings reach the page as console.error, and the
  // usual one (shape ops placed on the CPU next to the WebGPU EP) is expected, not a fault.
  const options: Ort.InferenceSession.SessionOptions = {
    executionProviders: [ep], graphOptimizationLevel: 'all', logSeverityLevel: 3,
    ...(runtime.native ? { intraOpNumThreads: runtime.native.intraOpNumThreads } : {}),
    ...(source.externalData.length > 0 ? { externalData: source.externalData } : {}),
    // Only on WebGPU (it throws on WASM); createOrtDenoiser reads such outputs back where the CPU needs them.
    ...(gpuOutputs && ep === 'webgpu' && !runtime.native ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
  };
  // Native ORT reads the model and its side files from disk itself: no copy of the weights in JS.
  if (runtime.native && source.modelPath) return runtime.ort.InferenceSession.create(source.modelPath, options);
  return runtime.ort.InferenceSession.create(source.bytes, options);
}

/** Why a session did not open, as a typed error; on WASM an allocation failure is the wasm32 heap limit. */
function openFailure(source: SessionSource, ep: ExecutionProviderName, err: unknown): Error {
  if (ep === 'wasm' && isAllocationFailure(err)) {
    const modelBytes = source.externalData.reduce((n, f) => n + f.data.byteLength, source.bytes.byteLength);
    return wasmMemoryLimitError(source.fileName, modelBytes, err);
  }
  return new RuntimeFailureError(`ONNX Runtime could not open ${source.fileName} on ${ep}: ${(err as Error).message}`);
}

/**
 * Opens the session on the preferred EP, falling back to WASM when WebGPU fails to initialise;
 * gpuOutputs keeps a WebGPU session's outputs on the GPU for the step loop.
 */
async function openSession(runtime: OrtRuntime, source: SessionSource, options: LoadOptions, gpu: GpuProbe | null, gpuOutputs: boolean) {
  const preferred: ExecutionProviderName = options.executionProvider ?? runtime.native?.executionProvider ?? (gpu ? 'webgpu' : 'wasm');
  try {
    const session = await createSession(runtime, source, preferred, gpuOutputs);
    return { session, ep: preferred, fallbackReason: gpu || runtime.native ? null : 'no WebGPU adapter' };
  } catch (err) {
    if (preferred !== 'webgpu' || options.executionProvider) throw openFailure(source, preferred, err);
    const reason = `WebGPU EP failed: ${(err as Error).message}`;
    const session = await createSession(runtime, source, 'wasm', false).catch((e: unknown) => { throw openFailure(source, 'wasm', e); });
    return { session, ep: 'wasm' as const, fallbackReason: reason };
  }
}

/** How to fix a model whose graph only runs at the batch it was traced with. */
const frozenBatchFix = 'If the export froze the batch (torch.stack or a Python loop over range(x.shape[0]), which the tracer ' +
  'unrolls for the example batch), re-export with the batch kept symbolic (x.expand / repeat instead of the loop, and ' +
  'dynamic_axes={"x": {0: "batch"}, …}; README "Export recipes"), or give the batch it was exported with (gdw.batch in the ' +
  'metadata or sidecar, --fixed-batch N in gdw) so the workbench runs it at that batch, padding the last one.';

/**
 * One tiny run so shaders compile before the engine reports ready (STYLE.md 4), at the model's
 * fixed batch if it has one; a model that cannot run is refused here, naming the file and the fix.
 */
async function warmUp(runtime: OrtRuntime, session: Ort.InferenceSession, spec: BackboneSpec): Promise<void> {
  if (spec.kind !== 'diffusion' || !spec.genes || !spec.channels) return;
  const denoiser = createOrtDenoiser(runtime.ort, session, spec);
  const batch = spec.staticBatch ?? 1;
  const shape = { batch, genes: spec.genes, channels: spec.channels };
  const labels = spec.labelInput ? new Int32Array(batch) : null;
  try {
    await denoiser.predict(new Float32Array(batch * spec.genes * spec.channels), shape, new Int32Array(batch), labels);
  } catch (err) {
    const x = spec.xInput ? describeTensor(spec.xInput) : 'x';
    const fix = spec.staticBatch === null ? ` ${frozenBatchFix}` : '';
    throw new BackboneContractError(`${spec.fileName} fails a test run at batch ${batch} (input ${x}): ` +
      `${(err as Error).message}.${fix} Nothing was loaded.`, spec.fileName);
  }
}

function checkRequestFits(spec: BackboneSpec, request: SampleRequest): void {
  validateSampleRequest(request);
  if ((spec.genes && spec.genes !== request.genes) || (spec.channels && spec.channels !== request.channels)) {
    throw new InvalidRequestError(
      `${spec.fileName} takes [B, ${spec.genes}, ${spec.channels}]; the request asks for [B, ${request.genes}, ${request.channels}]`);
  }
}

function checkSetFits(spec: BackboneSpec, set: EvaluationSet, task: BackboneEvaluationTask): void {
  if (spec.kind !== 'diffusion') throw new InvalidRequestError(`${spec.fileName} is a GAN generator; the ${task} needs a denoiser`);
  const { genes, channels } = set.shape;
  if ((spec.genes && spec.genes !== genes) || (spec.channels && spec.channels !== channels)) {
    throw new InvalidRequestError(`${spec.fileName} takes [B, ${spec.genes}, ${spec.channels}]; the samples are [N, ${genes}, ${channels}]`);
  }
}

type EvaluationRun<T> = (
  denoiser: Denoiser, schedule: NoiseSchedule, signal: AbortSignal, onStep: (step: EvaluationStepInfo) => void,
) => Promise<T>;

export function createOrtInferenceEngine(runtime: OrtRuntime): InferenceEngine {
  let loaded: Loaded | null = null;
  let running: AbortController | null = null;

  const requireLoaded = (): Loaded => {
    if (!loaded) throw new InvalidRequestError('no backbone is loaded in this engine');
    return loaded;
  };

  /** One operation at a time per backbone; an abort becomes a CancelledError after onCancelled(). */
  async function exclusive<T>(what: string, body: (signal: AbortSignal) => Promise<T>, onCancelled: () => void): Promise<T> {
    if (running) throw new InvalidRequestError(`${requireLoaded().info.spec.fileName} is busy; wait for it or cancel it`);
    const controller = new AbortController();
    running = controller;
    try {
      return await body(controller.signal);
    } catch (err) {
      if (isCancelled(err) || controller.signal.aborted) {
        onCancelled();
        throw err instanceof CancelledError ? err : new CancelledError(what);
      }
      throw err;
    } finally {
      running = null;
    }
  }

  /** A reconstruction curve or validation loss on the loaded denoiser, with progress in calls. */
  async function evaluateOnSet<T>(
    task: BackboneEvaluationTask, set: EvaluationSet, onProgress: ((event: BackboneEvaluationProgress) => void) | undefined,
    run: EvaluationRun<T>,
  ): Promise<T> {
    const { session, info: { spec } } = requireLoaded();
    checkSetFits(spec, set, task);
    const started = runtime.now();
    const backbone = spec.fileName;
    let step: EvaluationStepInfo = { callsDone: 0, callsTotal: 0 };
    const cancelled = () => onProgress?.({ status: 'cancelled', task, backbone, ...step, elapsedMs: runtime.now() - started });
    return exclusive(task, async (signal) => {
      onProgress?.({ status: 'initiate', task, backbone });
      const result = await run(createOrtDenoiser(runtime.ort, session, spec), createSchedule(spec.schedule), signal, (info) => {
        step = info;
        onProgress?.({ status: 'progress', task, backbone, ...info, elapsedMs: runtime.now() - started });
      });
      onProgress?.({ status: 'done', task, backbone, elapsedMs: runtime.now() - started });
      return result;
    }, cancelled);
  }

  return {
    async load(bytes: Uint8Array, options: LoadOptions): Promise<LoadedBackbone> {
      const started = runtime.now();
      // 1. Check the file and its contract first: a bad file must not replace the loaded backbone.
      const locations = readExternalLocations(bytes, options.fileName);
      const spec = readBackboneSpec(bytes, options.fileName, options.overrides, options.context);
      // 2. Find the side files its weights live in, if any: native ORT opening the path reads them from its folder.
      const modelPath = runtime.native && options.modelPath ? options.modelPath : null;
      const externalData = modelPath ? [] : matchExternalData(locations, options.externalData ?? [], options.fileName);
      // 3. Open a session on the best EP and warm it up.
      const gpu = await runtime.probeGpu();
      const source = { fileName: options.fileName, bytes, modelPath, externalData };
      const choice = runtime.samplingLoop ?? 'auto';
      const { session, ep, fallbackReason } = await openSession(runtime, source, options, gpu, spec.kind === 'diffusion' && choice !== 'cpu');
      await warmUp(runtime, session, spec);
      // 4. The sampling loop: the step graph beside the model on WebGPU, checked against the JS step.
      const step = await prepareStepLoop(runtime.ort, session, spec, createSchedule(spec.schedule), ep, choice);
      // 5. Only now release the previous backbone.
      if (loaded) await release(loaded);
      const info: LoadedBackbone = {
        spec, sha256: await sha256Hex(bytes), executionProvider: ep, gpu, fallbackReason, loadMs: runtime.now() - started,
      };
      loaded = { session, info, stepLoop: step.loop, loopFallbackReason: step.reason };
      return info;
    },

    async sample(request: SampleRequest, onProgress?: (event: SampleProgress) => void): Promise<SampleResult> {
      const current = requireLoaded();
      const { session, info, stepLoop } = current;
      const { spec } = info;
      checkRequestFits(spec, request);
      const started = runtime.now();
      const backbone = spec.fileName;
      let stepsDone = 0;
      let stepsTotal = 0;
      const cancelled = () => onProgress?.({ status: 'cancelled', backbone, stepsDone, stepsTotal, elapsedMs: runtime.now() - started });
      return exclusive('generation', async (signal) => {
        const onStep = (step: { stepsDone: number; stepsTotal: number; samplesDone: number }) => {
          ({ stepsDone, stepsTotal } = step);
          const elapsedMs = runtime.now() - started;
          onProgress?.({
            status: 'progress', backbone, stepsDone, stepsTotal, samplesDone: step.samplesDone, samplesTotal: request.count,
            elapsedMs, etaMs: estimateRemainingMs(stepsDone, stepsTotal, elapsedMs),
          });
        };
        onProgress?.({ status: 'initiate', backbone, stepsTotal: 0, samplesTotal: request.count });
        const samples = spec.kind === 'gan-generator'
          ? await generateFromGan(runtime.ort, session, spec, request, { signal, onStep, allocate: runtime.allocateSamples })
          : await sample(stepLoop ? createStepLoopDenoiser(runtime.ort, session, stepLoop, spec) : createOrtDenoiser(runtime.ort, session, spec),
            createSchedule(spec.schedule), { ...request, padding: spec.padding }, { signal, onStep, allocate: runtime.allocateSamples });
        const elapsedMs = runtime.now() - started;
        onProgress?.({ status: 'done', backbone, stepsTotal, samplesTotal: request.count, elapsedMs });
        return {
          samples, count: request.count, genes: request.genes, channels: request.channels, elapsedMs,
          executionProvider: info.executionProvider, request,
          ...(spec.kind === 'diffusion' ? { loop: loopOf(current), loopFallbackReason: current.loopFallbackReason } : {}),
        };
      }, cancelled);
    },

    reconstructionCurve(set, request, onProgress) {
      return evaluateOnSet('reconstruction', set, onProgress, (denoiser, schedule, signal, onStep) =>
        reconstructionCurve(denoiser, schedule, set, { ...request, padding: requireLoaded().info.spec.padding, signal, onProgress: onStep }));
    },

    validationLoss(set, request, onProgress) {
      return evaluateOnSet('validation-loss', set, onProgress, (denoiser, schedule, signal, onStep) =>
        validationLoss(denoiser, schedule, set, { ...request, padding: requireLoaded().info.spec.padding, signal, onProgress: onStep }));
    },

    translate(request, onProgress) {
      const { session, info: { spec } } = requireLoaded();
      // A cancel resolves with the finished batches (status 'cancelled'), so nothing is left for onCancelled.
      return exclusive('translation', (signal) => runTranslation(() => createOrtDenoiser(runtime.ort, session, spec), spec, request,
        { signal, now: runtime.now }, onProgress), () => {});
    },

    forward(call) {
      const { session, info: { spec } } = requireLoaded();
      return forwardBackbone(runtime.ort, session, spec, call);
    },

    cancel(): void {
      running?.abort();
    },

    async unload(): Promise<void> {
      running?.abort();
      if (loaded) await release(loaded);
      loaded = null;
    },
  };
}
