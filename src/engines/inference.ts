// The InferenceEngine interface: one backbone per engine (one worker each in the browser, so
// unloading frees its memory). The same implementation runs in a worker and in Node.
import type { BackboneSettings, BackboneSpec } from '../core/backbone/spec';
import type { SampleRequest } from '../core/diffusion/sampler';
import type { SampleProgress } from './progress';

export const executionProviders = {
  /** ONNX Runtime's native WebGPU execution provider. */
  webgpu: 'webgpu',
  /** ONNX Runtime's WebAssembly CPU execution provider. */
  wasm: 'wasm',
} as const;
export type ExecutionProviderName = (typeof executionProviders)[keyof typeof executionProviders];

/** What the environment offers, probed once per engine. */
export interface GpuProbe {
  adapterName: string;
  hasShaderF16: boolean;
}

export interface LoadOptions {
  fileName: string;
  /** Answers to the settings the model's metadata leaves open (remembered by the app). */
  overrides?: Partial<BackboneSettings>;
  /** Force an EP (tests, benchmarks); default: WebGPU when an adapter exists, else WASM. */
  executionProvider?: ExecutionProviderName;
}

export interface LoadedBackbone {
  spec: BackboneSpec;
  executionProvider: ExecutionProviderName;
  gpu: GpuProbe | null;
  /** Why WebGPU was not used, when it was not. */
  fallbackReason: string | null;
  loadMs: number;
}

export interface SampleResult {
  /** [count, genes, channels] row-major. */
  samples: Float32Array;
  count: number;
  genes: number;
  channels: number;
  elapsedMs: number;
  executionProvider: ExecutionProviderName;
  /** The request as run, with defaults filled, for the record next to the numbers. */
  request: SampleRequest;
}

export interface InferenceEngine {
  load(bytes: Uint8Array, options: LoadOptions): Promise<LoadedBackbone>;
  /** Generates samples; rejects with CancelledError (code 'cancelled') after cancel(). */
  sample(request: SampleRequest, onProgress?: (event: SampleProgress) => void): Promise<SampleResult>;
  /** Cancels the running sample() between two steps; a no-op when idle. */
  cancel(): void;
  /** Releases the ONNX session. */
  unload(): Promise<void>;
}
