// The InferenceEngine interface: one backbone per engine (one worker each in the browser, so
// unloading frees its memory). The same implementation runs in a worker and in Node.
import type { ResolveContext } from '../core/backbone/resolveSettings';
import type { BackboneOverrides, BackboneSpec } from '../core/backbone/spec';
import type {
  EvaluationSet, ReconstructionCurve, ReconstructionOptions, ValidationLoss, ValidationLossOptions,
} from '../core/diffusion/evaluate';
import type { SampleRequest } from '../core/diffusion/sampler';
import type { BackboneEvaluationProgress, SampleProgress } from './progress';
import type { TranslationProgress, TranslationRequest, TranslationResult } from './translation';

/**
 * One forward pass of the loaded backbone outside sampling (the design pipeline): a denoiser's raw
 * prediction (its gdw.prediction kind) at timesteps t, or a GAN generator's x = G(z), [count, G, C], padded slots 0.
 */
export type BackboneForward =
  | { kind: 'denoise'; x: Float32Array; shape: { batch: number; genes: number; channels: number }; t: Int32Array; labels: Int32Array | null }
  | { kind: 'generate'; z: Float32Array; count: number; genes: number; channels: number; labels: Int32Array | null; mask: Uint8Array | null };

export const executionProviders = {
  /** ONNX Runtime's native WebGPU execution provider. */
  webgpu: 'webgpu',
  /** ONNX Runtime's WebAssembly CPU execution provider. */
  wasm: 'wasm',
  /** Native ONNX Runtime's CPU execution provider (onnxruntime-node, the CLI). */
  cpu: 'cpu',
  /** Native ONNX Runtime's CUDA execution provider (onnxruntime-node with its CUDA libraries). */
  cuda: 'cuda',
} as const;
export type ExecutionProviderName = (typeof executionProviders)[keyof typeof executionProviders];

/** What the environment offers, probed once per engine. */
export interface GpuProbe {
  adapterName: string;
  hasShaderF16: boolean;
}

/** A side file of an ONNX model with external data, named as the model's `location` names it (or by its base name). */
export interface ExternalDataFile {
  path: string;
  data: Uint8Array;
}

export interface LoadOptions {
  fileName: string;
  /** Answers to the settings the model's metadata leaves open (remembered by the app; CLI flags). */
  overrides?: BackboneOverrides;
  /** The sidecar `<model>.gdw.json` and the loaded encoding: settings sources besides metadata and answers. */
  context?: ResolveContext;
  /** Force an EP (tests, benchmarks); default: the native runtime's EP, else WebGPU when an adapter exists, else WASM. */
  executionProvider?: ExecutionProviderName;
  /** The model's path on disk: native ORT opens it from there (weights and side files read by ORT, no copy in JS). */
  modelPath?: string;
  /** The files the model's tensors keep their bytes in (ONNX external data); unneeded ones are ignored. */
  externalData?: ExternalDataFile[];
}

export interface LoadedBackbone {
  spec: BackboneSpec;
  /** Lower-case hex SHA-256 of the model file as loaded: names it in reports and sessions. */
  sha256: string;
  executionProvider: ExecutionProviderName;
  gpu: GpuProbe | null;
  /** Why WebGPU was not used, when it was not. */
  fallbackReason: string | null;
  loadMs: number;
}

export const samplingLoops = {
  /** The step graph beside the backbone on the WebGPU EP: x_t stays in GPU buffers, only the last x is read back. */
  gpuResident: 'gpu-resident',
  /** The same step-graph loop on CPU tensors (asked for explicitly: tests, benchmarks). */
  stepGraph: 'step-graph',
  /** The per-element JS loop: ε̂ read back every step (WASM, native ORT). */
  cpu: 'cpu',
} as const;
export type SamplingLoop = (typeof samplingLoops)[keyof typeof samplingLoops];

export interface SampleResult {
  /** [count, genes, channels] row-major. */
  samples: Float32Array;
  count: number;
  genes: number;
  channels: number;
  elapsedMs: number;
  executionProvider: ExecutionProviderName;
  /** The reverse-step loop that ran (a diffusion backbone; absent for a GAN generator). */
  loop?: SamplingLoop;
  /** Why the step-graph loop was wanted (WebGPU) but the JS loop ran; null otherwise. */
  loopFallbackReason?: string | null;
  /** The request as run, with defaults filled, for the record next to the numbers. */
  request: SampleRequest;
}

/** Options of a reconstruction curve as they cross the boundary: cancel() and onProgress replace signal and callback. */
export type ReconstructionRequest = Omit<ReconstructionOptions, 'signal' | 'onProgress'>;
export type ValidationLossRequest = Omit<ValidationLossOptions, 'signal' | 'onProgress'>;

export interface InferenceEngine {
  load(bytes: Uint8Array, options: LoadOptions): Promise<LoadedBackbone>;
  /** Generates samples; rejects with CancelledError (code 'cancelled') after cancel(). */
  sample(request: SampleRequest, onProgress?: (event: SampleProgress) => void): Promise<SampleResult>;
  /** Reconstruction error against noise level on real samples (paper Fig. 4); cancellable like sample(). */
  reconstructionCurve(
    set: EvaluationSet, request: ReconstructionRequest, onProgress?: (event: BackboneEvaluationProgress) => void,
  ): Promise<ReconstructionCurve>;
  /** The masked ε-MSE at uniform t on real samples; cancellable like sample(). */
  validationLoss(
    set: EvaluationSet, request: ValidationLossRequest, onProgress?: (event: BackboneEvaluationProgress) => void,
  ): Promise<ValidationLoss>;
  /**
   * Class translation of real samples (core/translate): DDIM inversion under the source class,
   * regeneration under the target. A cancel resolves with status 'cancelled' and the batches that finished.
   */
  translate(request: TranslationRequest, onProgress?: (event: TranslationProgress) => void): Promise<TranslationResult>;
  /** One forward pass (BackboneForward); refuses a call of the other backbone kind. Not cancellable: one call is short. */
  forward(call: BackboneForward): Promise<Float32Array>;
  /** Cancels the running operation between two denoiser calls; a no-op when idle. */
  cancel(): void;
  /** Releases the ONNX session. */
  unload(): Promise<void>;
}
