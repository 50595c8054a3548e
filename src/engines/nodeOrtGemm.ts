// gdw's distance products (createEvaluationEngine's `gemm`): native ONNX Runtime with the run's
// --threads and --ep, as its backbones get (onnxruntime-web's WASM build where no native binary loads).
import { UsageError } from '../core/errors';
import { cliProviders, createCliOrtRuntime, type CliProvider } from './nodeOrtRuntime';
import type { OrtGemmSource } from './ortGemm';

/** `ep`: `--ep cpu|cuda|wasm`, default cpu. The runtime is made when the engine's first task starts. */
export function cliOrtGemm({ threads, ep }: { threads: number; ep?: string }): OrtGemmSource {
  const provider = ep ?? 'cpu';
  if (!(cliProviders as readonly string[]).includes(provider)) throw new UsageError(`--ep ${provider}: expected ${cliProviders.join(', ')}`);
  return { runtime: () => createCliOrtRuntime({ threads, provider: provider as CliProvider }) };
}
