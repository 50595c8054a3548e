// The inference engine's translate() on the class-conditional Gaussian oracle as an ONNX model
// (onnxruntime-web, WASM in Node): it matches the same translation run on the TypeScript oracle, and a
// cancel resolves with the batches that finished and a 'cancelled' event.
import { describe, expect, it } from 'vitest';
import { createSchedule } from '../core/diffusion/schedule';
import { createRng } from '../core/rng';
import { buildClassGaussianBackbone } from '../core/translate/classGaussianBackbone';
import { createClassGaussianOracle } from '../core/translate/classGaussianOracle';
import { translateSamples, type TranslationSettings } from '../core/translate/translate';
import { createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtInferenceEngine } from './ortInferenceEngine';
import { translationProgressFraction, type TranslationProgress } from './translation';

const genes = 4;
const channels = 3;
const dims = genes * channels;
const rng = createRng(21);
const variance = Float32Array.from({ length: dims }, () => 0.2 + rng.nextUnit());
const means = Float32Array.from({ length: 2 * dims }, (_, i) => (i >= dims && i < dims + channels ? 2 : 0) + 0.3 * rng.nextNormal());
const target = { means, variance, classes: 2 };
const schedule = { kind: 'linear' as const, timesteps: 200 };
const x0 = Float32Array.from({ length: 16 * dims }, (_, i) => means[i % dims] + Math.sqrt(variance[i % dims]) * rng.nextNormal());
const shape = { batch: 16, genes, channels };
const settings: TranslationSettings = { sourceClass: 0, targetClass: 1, depth: 200, steps: 25, fixedPointIterations: 1, batchSize: 4, cycle: true };

async function loadOracle() {
  const engine = createOrtInferenceEngine(createNodeOrtRuntime());
  await engine.load(buildClassGaussianBackbone({ schedule, target, genes, channels }), { fileName: 'class-oracle.onnx' });
  return engine;
}

describe('InferenceEngine.translate', () => {
  it('equals the TypeScript oracle\'s translation (float32 rounding: 1e-4) and ends its progress at 1', async () => {
    const engine = await loadOracle();
    const events: TranslationProgress[] = [];
    const result = await engine.translate({ x0, shape, mask: null, settings }, (e) => events.push(e));
    const s = createSchedule(schedule);
    const expected = await translateSamples(createClassGaussianOracle(s, target), s, { fileName: 'ts', timesteps: 200, numClasses: 2 }, x0, shape, settings);
    expect(result.status).toBe('done');
    for (let i = 0; i < x0.length; i++) expect(Math.abs(result.translated[i] - expected.translated[i])).toBeLessThan(1e-4);
    const fractions = events.map((e) => translationProgressFraction(e));
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(events.at(-1)?.status).toBe('done');
    expect(fractions.at(-1)).toBe(1);
    await engine.unload();
  });

  it('a cancel resolves with the finished batches and reports "cancelled", not an error', async () => {
    const engine = await loadOracle();
    const events: TranslationProgress[] = [];
    const result = await engine.translate({ x0, shape, mask: null, settings }, (e) => {
      events.push(e);
      if (e.status === 'progress' && e.samplesDone === 8) engine.cancel();
    });
    expect(result.status).toBe('cancelled');
    expect(result.samplesDone).toBe(8);
    expect(result.translated.length).toBe(8 * dims);
    expect(events.at(-1)).toMatchObject({ status: 'cancelled', samplesDone: 8, samplesTotal: 16 });
    // The engine is free again.
    await expect(engine.translate({ x0: x0.slice(0, dims), shape: { ...shape, batch: 1 }, mask: null, settings })).resolves.toMatchObject({ status: 'done' });
    await engine.unload();
  });
});
