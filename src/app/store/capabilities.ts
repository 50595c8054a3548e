// What this browser offers: WebGPU adapter, cross-origin isolation (WASM threads), threads.
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
