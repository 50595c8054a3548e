// Asks the browser for a WebGPU adapter; null in Node or where WebGPU is unavailable.
import type { GpuProbe } from './inference';

export async function probeWebGpu(): Promise<GpuProbe | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const { vendor, architecture, description, device } = adapter.info;
    const adapterName = [description, vendor, architecture, device].filter(Boolean).join(' · ') || 'unnamed adapter';
    return { adapterName, hasShaderF16: adapter.features.has('shader-f16') };
  } catch {
    return null;
  }
}
