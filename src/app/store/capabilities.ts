// What this browser offers: WebGPU adapter, cross-origin isolation (WASM threads), threads.
import type { GpuProbe } from '../../engines/inference';
import type { Capabilities, WorkbenchState } from './state';

export function capabilitiesProbed(state: WorkbenchState, probe: Omit<Capabilities, 'probed'>): Partial<WorkbenchState> {
  const now = state.capabilities;
  const sameGpu = now.gpu === probe.gpu || (now.gpu !== null && probe.gpu !== null
    && now.gpu.adapterName === probe.gpu.adapterName && now.gpu.hasShaderF16 === probe.gpu.hasShaderF16);
  if (now.probed && sameGpu && now.crossOriginIsolated === probe.crossOriginIsolated && now.threads === probe.threads) {
    return state;
  }
  return { capabilities: { probed: true, gpu: probe.gpu, crossOriginIsolated: probe.crossOriginIsolated, threads: probe.threads } };
}

/**
 * Whether the WebGPU adapter is a software rasteriser (SwiftShader, llvmpipe, lavapipe, Microsoft
 * Basic Render): WebGPU then runs on the CPU, and WASM is likely faster.
 */
export const isSoftwareAdapter = (gpu: GpuProbe | null): boolean =>
  gpu !== null && /swiftshader|llvmpipe|lavapipe|software|basic render/i.test(gpu.adapterName);
