// The page bench/sample.mjs drives: the app's own InferenceClient (one worker running the
// InferenceEngine on onnxruntime-web), timed in the page from the request to the samples
// arriving back from the worker, as the app would see them. loops.ts adds the sampling-loop
// comparison of bench/sampleLoop.mjs.
import './loops';
import { createInferenceClient, type InferenceClient } from '../../src/app/inferenceClient';
import type { ExecutionProviderName, LoadedBackbone } from '../../src/engines/inference';

/** What navigator.gpu offers; `software` marks a CPU rasteriser such as SwiftShader. */
export interface AdapterReport {
  found: boolean;
  description: string;
  software: boolean;
}

export interface BenchSampleRequest {
  count: number;
  genes: number;
  channels: number;
  /** Genes before the padding; slots of later genes are held at 0. */
  realGenes: number;
  steps: number;
  batchSize: number;
  seed: number;
}

export interface BenchSampleResult {
  /** From the call to the samples in the page: worker round trip included. */
  pageMs: number;
  /** The engine's own timer, inside the worker. */
  engineMs: number;
  executionProvider: ExecutionProviderName;
}

export interface SampleBenchApi {
  probeAdapter(): Promise<AdapterReport>;
  load(url: string, executionProvider: ExecutionProviderName): Promise<{ fetchMs: number; loaded: LoadedBackbone }>;
  sample(request: BenchSampleRequest): Promise<BenchSampleResult>;
  /** The last run's samples, float32 as base64, fetched after the timing for the comparison with PyTorch. */
  lastSamplesBase64(): string;
  unload(): void;
}

declare global {
  interface Window {
    gdwSampleBench: SampleBenchApi;
  }
}

let client: InferenceClient | null = null;
let lastSamples: Float32Array = new Float32Array(0);

async function probeAdapter(): Promise<AdapterReport> {
  const adapter = navigator.gpu ? await navigator.gpu.requestAdapter().catch(() => null) : null;
  if (!adapter) return { found: false, description: navigator.gpu ? 'requestAdapter() returned no adapter' : 'no navigator.gpu', software: false };
  const { vendor, architecture, device, description } = adapter.info;
  const text = [description, vendor, architecture, device].filter(Boolean).join(' · ') || 'unnamed adapter';
  // SwiftShader reports itself by name; isFallbackAdapter covers other software adapters.
  const software = /swiftshader|llvmpipe|software/i.test(text) || Boolean((adapter.info as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  return { found: true, description: text, software };
}

/** Float32 samples as base64: page.evaluate carries a string well, a 19 MB typed array less so. */
function toBase64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const parts: string[] = [];
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) parts.push(String.fromCharCode(...bytes.subarray(i, i + chunk)));
  return btoa(parts.join(''));
}

function paddingMask(genes: number, channels: number, realGenes: number): Uint8Array {
  const mask = new Uint8Array(genes * channels);
  mask.fill(1, 0, realGenes * channels);
  return mask;
}

window.gdwSampleBench = {
  probeAdapter,

  async load(url, executionProvider) {
    client?.terminate();
    // A failed worker rejects the bench's pending call with the typed error; nothing else to do.
    client = createInferenceClient(() => undefined);
    const started = performance.now();
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const fetchMs = performance.now() - started;
    return { fetchMs, loaded: await client.load(bytes, { fileName: url.split('/').pop() ?? url, executionProvider }) };
  },

  async sample(request) {
    if (!client) throw new Error('load a backbone first');
    const { count, genes, channels, realGenes, steps, batchSize, seed } = request;
    const classLabels = Int32Array.from({ length: count }, (_, i) => i % 2);
    const mask = paddingMask(genes, channels, realGenes);
    const started = performance.now();
    const result = await client.sample({
      count, genes, channels, sampler: 'ddim', steps, eta: 0, seed, batchSize, classLabels, mask,
    }, () => {});
    const pageMs = performance.now() - started;
    lastSamples = result.samples;
    return { pageMs, engineMs: result.elapsedMs, executionProvider: result.executionProvider };
  },

  lastSamplesBase64: () => toBase64(lastSamples),

  unload() {
    client?.terminate();
    client = null;
  },
};
