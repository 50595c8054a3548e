// The EvaluationEngine with its distance products on ONNX Runtime (onnxruntime-node, as gdw
// evaluate builds it): every metric and the UMAP equal the tfjs engine's (both keep float32
// candidates and re-measure them in float64, so the numbers are identical, not merely close), the
// products really ran on ORT, and tfjs is the default again once the task ends.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createGeneMask } from '../core/diffusion/mask';
import { RuntimeFailureError } from '../core/errors';
import { randomRows, useCpuBackend } from '../core/metrics/testHelpers';
import { resolveTileGemm } from '../core/metrics/tileGemm';
import { defaultEmbeddingSettings } from '../core/report/embedding';
import { resolveMetricSettings } from '../core/report/sampleSetMetrics';
import type { EvaluationEngine } from './evaluation';
import { createEvaluationEngine, type EvaluationEngineOptions } from './evaluationEngine';
import { createCliOrtRuntime } from './nodeOrtRuntime';
import type { OrtGemmRuntime } from './ortGemm';

const genes = 6;
const channels = 4;
const dims = genes * channels;
const mask = createGeneMask(genes, channels, 5)!;
const train = randomRows(40, dims, 1, mask, 3);
const holdout = randomRows(20, dims, 2, mask, 3);
const synthetic = randomRows(20, dims, 3, mask, 3);
const settings = resolveMetricSettings({ seed: 4, k: 5, bootstrap: { resamples: 200, level: 0.9 } });
const embedding = { ...defaultEmbeddingSettings, seed: 2, nNeighbors: 6, nEpochs: 20, maxPerSet: 25 };

/** Native ORT whose sessions count their runs. */
async function countingRuntime(): Promise<{ runtime: OrtGemmRuntime; runs: () => number }> {
  const runtime = await createCliOrtRuntime({ threads: 1 });
  let runs = 0;
  const create = runtime.ort.InferenceSession.create.bind(runtime.ort.InferenceSession) as (model: Uint8Array, options: object) => Promise<{ run: (feeds: object) => Promise<unknown> }>;
  const InferenceSession = {
    create: async (model: Uint8Array, options: object) => {
      const session = await create(model, options);
      return Object.assign(Object.create(session) as object, { run: (feeds: object) => { runs++; return session.run(feeds); } });
    },
  };
  return { runtime: { ...runtime, ort: { ...runtime.ort, InferenceSession } as unknown as OrtGemmRuntime['ort'] }, runs: () => runs };
}

async function newEngine(gemm?: EvaluationEngineOptions['gemm']): Promise<EvaluationEngine> {
  const engine = createEvaluationEngine({ selectBackend: async () => { await useCpuBackend(); return tf.getBackend(); }, gemm });
  await engine.setRealSets({ genes, channels, mask, train, holdout });
  await engine.putSyntheticSet('toy', { data: synthetic.data, count: synthetic.count });
  return engine;
}

describe('EvaluationEngine on ONNX Runtime products', () => {
  it('gives the tfjs engine\'s metrics and UMAP exactly, runs the tiles on ORT, and leaves tfjs the default', async () => {
    const { runtime, runs } = await countingRuntime();
    const onOrt = await newEngine({ runtime: async () => runtime });
    const onTfjs = await newEngine();
    const ort = await onOrt.evaluateSyntheticSet('toy', settings);
    const warmUpRuns = 2;
    expect(runs()).toBeGreaterThan(warmUpRuns + 10);
    expect(resolveTileGemm(null).describe()).toBe('tfjs cpu');
    const tfjs = await onTfjs.evaluateSyntheticSet('toy', settings);
    expect({ ...ort, elapsedMs: 0 }).toEqual({ ...tfjs, elapsedMs: 0 });

    const before = runs();
    const ortUmap = await onOrt.embed(embedding);
    expect(runs()).toBeGreaterThan(before);
    const tfjsUmap = await onTfjs.embed(embedding);
    expect(ortUmap.points).toEqual(tfjsUmap.points);
  });

  it('fails a task with a runtime error when ORT cannot run the products, and tries again on the next one', async () => {
    let attempts = 0;
    const broken: OrtGemmRuntime = {
      ort: { InferenceSession: { create: async () => { attempts++; throw new Error('no backend found'); } }, Tensor: class { dispose() {} } } as unknown as OrtGemmRuntime['ort'],
    };
    const engine = await newEngine({ runtime: broken });
    await expect(engine.evaluateSyntheticSet('toy', settings)).rejects.toThrow(RuntimeFailureError);
    await expect(engine.evaluateSyntheticSet('toy', settings)).rejects.toThrow(/could not open the distance products on wasm: no backend found/);
    expect(attempts).toBe(2);
  });
});
