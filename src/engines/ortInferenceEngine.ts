// The InferenceEngine on ONNX Runtime Web: the same class runs in a worker (the WebGPU build,
// WebGPU EP when an adapter exists, WASM otherwise) and in Node (the WASM build).
import type * as Ort from 'onnxruntime-web';
import { onnx, type OnnxTypes } from '../core/backbone/onnxProto';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import type { BackboneSpec } from '../core/backbone/spec';
import { reconstructionCurve, validationLoss, type EvaluationSet, type EvaluationStepInfo } from '../core/diffusion/evaluate';
import { createSchedule, type NoiseSchedule } from '../core/diffusion/schedule';
import type { Denoiser } from '../core/diffusion/types';
import { sample, validateSampleRequest, type SampleRequest } from '../core/diffusion/sampler';
import { CancelledError, InvalidRequestError, ParseError, RuntimeFailureError, isCancelled } from '../core/errors';
import { sha256Hex } from '../core/report/plan';
import { MissingFileError } from './fileRoles';
import { generateFromGan } from './ganSampler';
import type {
  ExecutionProviderName, ExternalDataFile, GpuProbe, InferenceEngine, LoadOptions, LoadedBackbone, SampleResult,
} from './inference';
import { createOrtDenoiser, type OrtModule } from './ortDenoiser';
import {
  estimateRemainingMs, type BackboneEvaluationProgress, type BackboneEvaluationTask, type SampleProgress,
} from './progress';

export interface OrtRuntime {
  ort: OrtModule;
  /** Resolves to the WebGPU adapter's description, or null where there is none (Node, no GPU). */
  probeGpu(): Promise<GpuProbe | null>;
  now(): number;
}

interface Loaded {
  session: Ort.InferenceSession;
  info: LoadedBackbone;
}

/** ONNX TensorProto.DataLocation.EXTERNAL: the tensor's bytes live in the side file its external_data names. */
const externalLocation = 1;

/** Every side file the tensors of a graph (and its subgraphs) name as their `location`. */
function collectExternalLocations(graph: OnnxTypes.IGraphProto | null | undefined, found: Set<string>): void {
  const visit = (tensor: OnnxTypes.ITensorProto | null | undefined) => {
    if (tensor?.dataLocation !== externalLocation) return;
    const location = (tensor.externalData ?? []).find((e) => e.key === 'location')?.value;
    if (location) found.add(location);
  };
  (graph?.initializer ?? []).forEach(visit);
  for (const attribute of (graph?.node ?? []).flatMap((n) => n.attribute ?? [])) {
    visit(attribute.t);
    (attribute.tensors ?? []).forEach(visit);
    collectExternalLocations(attribute.g, found);
    (attribute.graphs ?? []).forEach((g) => collectExternalLocations(g, found));
  }
}

/**
 * The side files a model needs, from its bytes; a file that is not an ONNX model is a ParseError
 * naming it. (Decodes the model once more than readBackboneSpec does: weight bytes are views, not copies.)
 */
function readExternalLocations(bytes: Uint8Array, fileName: string): string[] {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ParseError(`${fileName} (${bytes.byteLength} bytes) is not an ONNX model: its bytes do not decode as an ONNX ` +
      `ModelProto (${(err as Error).message}). Choose the .onnx file your exporter wrote (torch.onnx.export).`, { file: fileName });
  }
  if (!model.graph || (model.graph.node ?? []).length + (model.graph.output ?? []).length === 0) {
    throw new ParseError(`${fileName} (${bytes.byteLength} bytes) is not an ONNX model: it has no graph of nodes and outputs. ` +
      'Choose the .onnx file your exporter wrote (torch.onnx.export).', { file: fileName });
  }
  const found = new Set<string>();
  collectExternalLocations(model.graph, found);
  return [...found];
}

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** The given side files under the names the model uses; a missing one stops the load before any session. */
function matchExternalData(locations: string[], given: ExternalDataFile[], fileName: string): ExternalDataFile[] {
  const find = (location: string) => given.find((f) => f.path === location) ?? given.find((f) => baseName(f.path) === baseName(location));
  const missing = locations.filter((location) => !find(location));
  if (missing.length > 0) {
    const names = missing.join(', ');
    const offered = given.length === 0 ? 'none was given' : `given: ${given.map((f) => f.path).join(', ')}`;
    throw new MissingFileError(`${fileName} keeps its weights in external data file(s) ${names} (${offered}). ` +
      `Add ${names} together with ${fileName}. Nothing was loaded.`);
  }
  return locations.map((location) => ({ path: location, data: (find(location) as ExternalDataFile).data }));
}

async function createSession(
  ort: OrtModule, bytes: Uint8Array, ep: ExecutionProviderName, externalData: ExternalDataFile[],
): Promise<Ort.InferenceSession> {
  // Severity 3 = errors only: the native session's warnings reach the page as console.error, and the
  // usual one (shape ops placed on the CPU next to the WebGPU EP) is expected, not a fault.
  return ort.InferenceSession.create(bytes, {
    executionProviders: [ep], graphOptimizationLevel: 'all', logSeverityLevel: 3,
    ...(externalData.length > 0 ? { externalData } : {}),
  });
}

/** Opens the session on the preferred EP, falling back to WASM when WebGPU fails to initialise. */
async function openSession(
  runtime: OrtRuntime, bytes: Uint8Array, options: LoadOptions, gpu: GpuProbe | null, externalData: ExternalDataFile[],
) {
  const preferred: ExecutionProviderName = options.executionProvider ?? (gpu ? 'webgpu' : 'wasm');
  try {
    const session = await createSession(runtime.ort, bytes, preferred, externalData);
    return { session, ep: preferred, fallbackReason: gpu ? null : 'no WebGPU adapter' };
  } catch (err) {
    if (preferred !== 'webgpu' || options.executionProvider) {
      throw new RuntimeFailureError(`ONNX Runtime could not open ${options.fileName} on ${preferred}: ${(err as Error).message}`);
    }
    const reason = `WebGPU EP failed: ${(err as Error).message}`;
    return { session: await createSession(runtime.ort, bytes, 'wasm', externalData), ep: 'wasm' as const, fallbackReason: reason };
  }
}

/** One tiny run so shaders compile before the engine reports ready (STYLE.md 4). */
async function warmUp(runtime: OrtRuntime, session: Ort.InferenceSession, spec: BackboneSpec): Promise<void> {
  if (spec.kind !== 'diffusion' || !spec.genes || !spec.channels) return;
  const denoiser = createOrtDenoiser(runtime.ort, session, spec);
  const shape = { batch: 1, genes: spec.genes, channels: spec.channels };
  const labels = spec.labelInput ? new Int32Array(1) : null;
  await denoiser.predict(new Float32Array(spec.genes * spec.channels), shape, new Int32Array(1), labels);
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
      const spec = readBackboneSpec(bytes, options.fileName, options.overrides);
      // 2. Find the side files its weights live in, if any.
      const externalData = matchExternalData(locations, options.externalData ?? [], options.fileName);
      // 3. Open a session on the best EP and warm it up.
      const gpu = await runtime.probeGpu();
      const { session, ep, fallbackReason } = await openSession(runtime, bytes, options, gpu, externalData);
      await warmUp(runtime, session, spec);
      // 4. Only now release the previous backbone.
      if (loaded) await loaded.session.release();
      const info: LoadedBackbone = {
        spec, sha256: await sha256Hex(bytes), executionProvider: ep, gpu, fallbackReason, loadMs: runtime.now() - started,
      };
      loaded = { session, info };
      return info;
    },

    async sample(request: SampleRequest, onProgress?: (event: SampleProgress) => void): Promise<SampleResult> {
      const { session, info } = requireLoaded();
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
          ? await generateFromGan(runtime.ort, session, spec, request, { signal, onStep })
          : await sample(createOrtDenoiser(runtime.ort, session, spec), createSchedule(spec.schedule), request, { signal, onStep });
        const elapsedMs = runtime.now() - started;
        onProgress?.({ status: 'done', backbone, stepsTotal, samplesTotal: request.count, elapsedMs });
        return {
          samples, count: request.count, genes: request.genes, channels: request.channels, elapsedMs,
          executionProvider: info.executionProvider, request,
        };
      }, cancelled);
    },

    reconstructionCurve(set, request, onProgress) {
      return evaluateOnSet('reconstruction', set, onProgress, (denoiser, schedule, signal, onStep) =>
        reconstructionCurve(denoiser, schedule, set, { ...request, signal, onProgress: onStep }));
    },

    validationLoss(set, request, onProgress) {
      return evaluateOnSet('validation-loss', set, onProgress, (denoiser, schedule, signal, onStep) =>
        validationLoss(denoiser, schedule, set, { ...request, signal, onProgress: onStep }));
    },

    cancel(): void {
      running?.abort();
    },

    async unload(): Promise<void> {
      running?.abort();
      if (loaded) await loaded.session.release();
      loaded = null;
    },
  };
}
