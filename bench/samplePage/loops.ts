// The page side of bench/sampleLoop.mjs: the InferenceEngine built in the page itself (not in the
// app's worker, so the sampling loop can be chosen) on the WebGPU build of onnxruntime-web. It runs
// one request through the GPU-resident step loop and through the JS loop, each on its EP, and
// returns their timings and how far their samples are apart.
import * as ort from 'onnxruntime-web/webgpu';
import type { SampleRequest } from '../../src/core/diffusion/sampler';
import { probeWebGpu } from '../../src/engines/gpuProbe';
import type { ExecutionProviderName, SamplingLoop } from '../../src/engines/inference';
import { createOrtInferenceEngine } from '../../src/engines/ortInferenceEngine';
import { relativeMaxDifference, type SamplingLoopChoice } from '../../src/engines/gpuStepLoop';

export interface LoopRunSpec {
  executionProvider: ExecutionProviderName;
  samplingLoop: SamplingLoopChoice;
}

export interface LoopRunReport extends LoopRunSpec {
  loop: SamplingLoop | undefined;
  loopFallbackReason: string | null;
  loadMs: number;
  /** The engine's own time of the timed request, after the same request once untimed. */
  engineMs: number;
  /** max |samples − first run's samples| / max(1, max |first run's samples|). */
  relativeMaxDiffToFirst: number;
  finite: boolean;
}

/** The request as plain numbers (page.evaluate carries no typed arrays); labels i mod 2 when conditional. */
export interface LoopRequest {
  count: number;
  genes: number;
  channels: number;
  /** Genes before the padding; slots of later genes are padded. */
  realGenes: number;
  sampler: 'ddim' | 'ddpm';
  steps: number;
  eta: number;
  batchSize: number;
  seed: number;
  conditional: boolean;
}

export interface LoopBenchApi {
  compareLoops(url: string, request: LoopRequest, runs: LoopRunSpec[]): Promise<LoopRunReport[]>;
}

declare global {
  interface Window {
    gdwLoopBench: LoopBenchApi;
  }
}


function sampleRequest(r: LoopRequest): SampleRequest {
  const mask = new Uint8Array(r.genes * r.channels).fill(1, 0, r.realGenes * r.channels);
  const classLabels = r.conditional ? Int32Array.from({ length: r.count }, (_, i) => i % 2) : null;
  const { count, genes, channels, sampler, steps, eta, batchSize, seed } = r;
  return { count, genes, channels, sampler, steps, eta, batchSize, seed, mask, classLabels };
}

async function runOnce(bytes: Uint8Array, request: SampleRequest, spec: LoopRunSpec) {
  const engine = createOrtInferenceEngine({ ort, probeGpu: probeWebGpu, now: () => performance.now(), samplingLoop: spec.samplingLoop });
  try {
    const loaded = await engine.load(bytes, { fileName: 'model.onnx', executionProvider: spec.executionProvider });
    // Untimed: the same request once, so every shader variant it needs is compiled before the timed run.
    await engine.sample(request);
    const result = await engine.sample(request);
    return { loaded, result };
  } finally {
    await engine.unload();
  }
}

// One WASM thread: the page's main thread runs the engine here, unlike the app's worker.
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

window.gdwLoopBench = {
  async compareLoops(url, plan, runs) {
    const request = sampleRequest(plan);
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const reports: LoopRunReport[] = [];
    let first: Float32Array | null = null;
    for (const spec of runs) {
      const { loaded, result } = await runOnce(bytes, request, spec);
      first ??= result.samples;
      reports.push({
        ...spec, executionProvider: result.executionProvider, loop: result.loop, loopFallbackReason: result.loopFallbackReason ?? null,
        loadMs: loaded.loadMs, engineMs: result.elapsedMs, relativeMaxDiffToFirst: relativeMaxDifference(result.samples, first),
        finite: result.samples.every(Number.isFinite),
      });
    }
    return reports;
  },
};
