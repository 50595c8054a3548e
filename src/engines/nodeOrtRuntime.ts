// The ONNX Runtime the engine uses in Node. Tests and the fallback: onnxruntime-web's Node build
// on the WASM EP. The CLI: native onnxruntime-node (multi-threaded, no wasm32 4 GiB heap, opens a
// model from its path, CUDA when asked), and the WASM build where no native binary loads.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { RuntimeFailureError } from '../core/errors';
import type { OrtModule } from './ortDenoiser';
import type { OrtRuntime } from './ortInferenceEngine';

export function createNodeOrtRuntime(numThreads = 1): OrtRuntime {
  ort.env.wasm.numThreads = numThreads;
  ort.env.logLevel = 'error';
  return { ort, probeGpu: async () => null, now: () => performance.now() };
}

/** `gdw --ep`: native ORT on the CPU (the default) or CUDA, or onnxruntime-web's WASM build. */
export const cliProviders = ['cpu', 'cuda', 'wasm'] as const;
export type CliProvider = (typeof cliProviders)[number];

export interface CliOrtRuntimeOptions {
  threads?: number;
  provider?: CliProvider;
  /** Loads native ORT; tests stand in a failing one to check the WASM fallback. */
  importNative?: () => Promise<OrtModule>;
}

export interface CliOrtRuntime extends OrtRuntime {
  /** Why the CLI runs on the WASM build although native ORT was asked for; null when it was not. */
  fallbackReason: string | null;
}

/**
 * Whether onnxruntime-node's CUDA EP libraries are installed: its postinstall downloads them
 * (skipped by .npmrc), into the folder of its native binding.
 */
function hasCudaLibraries(): boolean {
  const binding = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  return ['libonnxruntime_providers_cuda.so', 'onnxruntime_providers_cuda.dll'].some((name) => existsSync(join(binding, name)));
}

async function importNativeOrt(): Promise<OrtModule> {
  // Native ONNX Runtime ≥ 1.2x on Linux and macOS collects usage telemetry by default (a device id
  // and an event database under ~/.cache/Microsoft/DeveloperTools, uploaded to Microsoft). Nothing
  // leaves the machine: its documented opt-out, read once when the library initialises.
  process.env.ORT_DISABLE_TELEMETRY = '1';
  // onnxruntime-node re-exports the same onnxruntime-common API as onnxruntime-web.
  return (await import('onnxruntime-node')) as OrtModule;
}

/** Native ORT, or the WASM build (said in fallbackReason) where onnxruntime-node has no binary for this platform. */
export async function createCliOrtRuntime(
  { threads = 1, provider = 'cpu', importNative = importNativeOrt }: CliOrtRuntimeOptions = {},
): Promise<CliOrtRuntime> {
  if (provider === 'wasm') return { ...createNodeOrtRuntime(threads), fallbackReason: null };
  let native: OrtModule;
  try {
    native = await importNative();
  } catch (err) {
    const reason = `onnxruntime-node did not load (${(err as Error).message})`;
    if (provider === 'cuda') throw new RuntimeFailureError(`--ep cuda needs native ONNX Runtime, but ${reason}`);
    return { ...createNodeOrtRuntime(threads), fallbackReason: `${reason}; running onnxruntime-web's WASM build instead` };
  }
  if (provider === 'cuda' && !hasCudaLibraries()) {
    throw new RuntimeFailureError('--ep cuda: the CUDA EP libraries of onnxruntime-node are not installed (.npmrc skips their ' +
      'download). Install them with `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (from api.nuget.org; ' +
      'needs CUDA 12 and cuDNN 9), or use --ep cpu.');
  }
  native.env.logLevel = 'error';
  return {
    ort: native, probeGpu: async () => null, now: () => performance.now(),
    native: { executionProvider: provider, intraOpNumThreads: threads }, fallbackReason: null,
  };
}
