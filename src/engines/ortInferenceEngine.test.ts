// The analytic proof of the sampler through the real engine: the closed-form optimal
// ε-predictor for N(μ, diag σ²), built as an ONNX model, run by onnxruntime-web (WASM EP in
// Node). Generated samples must reproduce μ and σ²; padded slots must stay exactly 0.
import { beforeAll, describe, expect, it } from 'vitest';
import { createGeneMask } from '../core/diffusion/mask';
import type { SampleRequest } from '../core/diffusion/sampler';
import { isCancelled } from '../core/errors';
import { expectedGaussianSampleMoments, samplerPath } from '../core/metrics/gaussianSamplerMoments';
import { compareMoments, isConsistentWithTarget, statisticalTolerances } from '../core/metrics/moments';
import { createSchedule } from '../core/diffusion/schedule';
import { createRng } from '../core/rng';
import { buildGaussianBackbone, type GaussianBackboneOptions } from '../core/sim/gaussianBackbone';
import { buildOnnxModel } from '../core/backbone/onnxBuilder';
import { moveWeightsToExternalData } from './fixtures/externalDataModel';
import { createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtInferenceEngine } from './ortInferenceEngine';
import type { SampleProgress } from './progress';

const genes = 8;
const channels = 8;
const realGenes = 6;
const dims = genes * channels;

function target(seed: number) {
  const rng = createRng(seed);
  const mean = Float32Array.from({ length: dims }, () => -2 + 4 * rng.nextUnit());
  // Variances from 0.05 to 4: small ones tell β̃ from β, large ones catch missing noise.
  const variance = Float32Array.from({ length: dims }, () => Math.exp(Math.log(0.05) + Math.log(80) * rng.nextUnit()));
  return { mean, variance };
}

function backboneOptions(overrides: Partial<GaussianBackboneOptions> = {}): GaussianBackboneOptions {
  const { mean, variance } = target(11);
  return { schedule: { kind: 'linear', timesteps: 1000 }, mean, variance, genes, channels, realGenes, ...overrides };
}

function request(overrides: Partial<SampleRequest>): SampleRequest {
  return {
    count: 2000, genes, channels, sampler: 'ddim', steps: 50, eta: 0, seed: 5, batchSize: 500,
    mask: createGeneMask(genes, channels, realGenes), ...overrides,
  };
}

async function loadedEngine(options = backboneOptions()) {
  const engine = createOrtInferenceEngine(createNodeOrtRuntime());
  await engine.load(buildGaussianBackbone(options), { fileName: 'gaussian.onnx' });
  return engine;
}

function expectPaddedSlotsZero(samples: Float32Array, count: number) {
  for (let i = 0; i < count; i++) {
    for (let d = realGenes * channels; d < dims; d++) expect(samples[i * dims + d]).toBe(0);
  }
}

// Two checks per sampler, n = 2000 samples per slot, 48 real slots:
// 1. Against the exact law of the discrete chain (expectedGaussianSampleMoments, derived
//    independently of the sampler's coefficients): only sampling noise may remain, so the
//    tolerances are statisticalTolerances (each statistic's false-alarm rate ≈ 1e-3).
// 2. Against the target N(μ, σ²) itself: means within the same z bound; variance ratio within
//    that bound plus the chain's discretisation allowance (DDPM 0.05: β̃ slightly under-disperses;
//    DDIM with 50 steps, η = 0, 0.25: it shrinks small variances most, 0.79 at σ² = 0.05).
const discretisationAllowance = { ddpm: 0.05, ddim: 0.25 } as const;

describe('sampling the Gaussian oracle through the ONNX engine (WASM EP)', () => {
  const { mean, variance } = target(11);
  const mask = createGeneMask(genes, channels, realGenes);
  let engine: Awaited<ReturnType<typeof loadedEngine>>;
  beforeAll(async () => { engine = await loadedEngine(); });

  it.each([
    ['DDPM, T = 1000', { sampler: 'ddpm' as const }],
    ['DDIM, 50 steps, η = 0', { sampler: 'ddim' as const, steps: 50, eta: 0 }],
  ])('%s reproduces μ and σ², padded slots exactly 0', async (_name, settings) => {
    const result = await engine.sample(request(settings));
    expectPaddedSlotsZero(result.samples, result.count);
    const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
    const exact = expectedGaussianSampleMoments(schedule.alphasCumprod, samplerPath(1000, settings), { mean, variance });
    const tolerances = statisticalTolerances(2000, realGenes * channels);

    const againstChain = compareMoments(result.samples, result.count, dims, exact, mask).summary;
    expect(againstChain.slotCount).toBe(48);
    expect(isConsistentWithTarget(againstChain, tolerances)).toBe(true);

    const againstTarget = compareMoments(result.samples, result.count, dims, { mean, variance }, mask).summary;
    expect(againstTarget.maxAbsZ).toBeLessThan(tolerances.maxAbsZ);
    const allowance = discretisationAllowance[settings.sampler];
    expect(againstTarget.maxVarianceRatioError).toBeLessThan(tolerances.maxVarianceRatioError + allowance);
  });

  it('gives identical samples for batch 1 and batch 8 with the same seed', async () => {
    const small = request({ count: 16, steps: 10, eta: 0.5 });
    const a = await engine.sample({ ...small, batchSize: 1 });
    const b = await engine.sample({ ...small, batchSize: 8 });
    expect(Array.from(b.samples)).toEqual(Array.from(a.samples));
  });

  it('reports progress that never decreases and ends with done', async () => {
    const events: SampleProgress[] = [];
    await engine.sample(request({ count: 8, steps: 12, batchSize: 4 }), (e) => events.push(e));
    const steps = events.filter((e) => e.status === 'progress').map((e) => (e.status === 'progress' ? e.stepsDone : 0));
    expect(steps).toEqual([...steps].sort((x, y) => x - y));
    expect(steps.at(-1)).toBe(24);
    expect(events[0].status).toBe('initiate');
    expect(events.at(-1)?.status).toBe('done');
  });

  it('cancels between steps with a cancelled error, not a failure', async () => {
    const events: SampleProgress[] = [];
    const run = engine.sample(request({ sampler: 'ddpm', count: 4 }), (e) => {
      events.push(e);
      if (e.status === 'progress' && e.stepsDone === 3) engine.cancel();
    });
    const err = await run.then(() => null, (e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    expect(events.at(-1)?.status).toBe('cancelled');
  });
});

describe('the engine honours the backbone contract variants', () => {
  const base = request({ count: 6, steps: 8, eta: 0.3, batchSize: 4 });

  it.each<[string, Partial<GaussianBackboneOptions>]>([
    ['[B, C, G] layout', { layout: 'BCG' }],
    ['float32 t', { tDtype: 'float32' }],
    ['no metadata, overrides supplied', { metadata: false }],
  ])('%s gives the same samples as the reference layout', async (_name, variant) => {
    const reference = await (await loadedEngine()).sample(base);
    const engine = createOrtInferenceEngine(createNodeOrtRuntime());
    const overrides = variant.metadata === false ? { realGenes } : undefined;
    await engine.load(buildGaussianBackbone(backboneOptions(variant)), { fileName: 'variant.onnx', overrides });
    const result = await engine.sample(base);
    result.samples.forEach((v, i) => expect(Math.abs(v - reference.samples[i])).toBeLessThan(1e-4));
  });

  it('requires class labels for a conditional backbone and takes them one-hot or as indices', async () => {
    for (const labelEncoding of ['index', 'one-hot'] as const) {
      const engine = createOrtInferenceEngine(createNodeOrtRuntime());
      await engine.load(buildGaussianBackbone(backboneOptions({ withLabelInput: true, labelEncoding, numClasses: 2 })),
        { fileName: `cond-${labelEncoding}.onnx` });
      await expect(engine.sample(base)).rejects.toMatchObject({ code: 'invalid-request' });
      const labels = Int32Array.from({ length: base.count }, (_, i) => i % 2);
      const result = await engine.sample({ ...base, classLabels: labels });
      expect(result.count).toBe(6);
    }
  });

  it('keeps the loaded backbone when a file is not ONNX or not a backbone, and says which', async () => {
    const engine = await loadedEngine();
    const rng = createRng(3);
    const junk = Uint8Array.from({ length: 256 }, () => Math.floor(rng.nextUnit() * 256));
    for (const bytes of [new Uint8Array([1, 2, 3, 4]), junk]) {
      const err = await engine.load(bytes, { fileName: 'junk.onnx' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ParseError', code: 'parse', location: { file: 'junk.onnx' } });
      expect((err as Error).message).toMatch(/^junk\.onnx \(\d+ bytes\) is not an ONNX model/);
    }
    // A valid ONNX model that is not a denoiser: one rank-2 input, no timestep.
    const classifier = buildOnnxModel({
      inputs: [{ name: 'features', elemType: 'float32', dims: ['batch', 16] }],
      outputs: [{ name: 'logits', elemType: 'float32', dims: ['batch', 16] }],
      nodes: [{ opType: 'Relu', inputs: ['features'], outputs: ['logits'] }],
    });
    const err = await engine.load(classifier, { fileName: 'classifier.onnx' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'BackboneContractError', code: 'backbone-contract' });
    expect((err as Error).message).toMatch(/^classifier\.onnx: .*features float32 \[batch, 16\].*expected x float32 \[B, G, C\]/);
    const result = await engine.sample(request({ count: 4, steps: 4 }));
    expect(result.count).toBe(4);
  });

  it('rejects a request whose shape does not fit the backbone', async () => {
    const engine = await loadedEngine();
    await expect(engine.sample(request({ genes: 9 }))).rejects.toMatchObject({ code: 'invalid-request' });
  });
});

describe('a backbone whose weights are ONNX external data', () => {
  const small = request({ count: 4, steps: 6, eta: 0.2, batchSize: 4 });
  const { model, weights } = moveWeightsToExternalData(buildGaussianBackbone(backboneOptions()), 'weights.bin');

  it('samples exactly as the same model with embedded weights, the side file found by its base name', async () => {
    const reference = await (await loadedEngine()).sample(small);
    const engine = createOrtInferenceEngine(createNodeOrtRuntime());
    const unrelated = { path: 'notes.txt', data: new Uint8Array([1]) };
    await engine.load(model, { fileName: 'split.onnx', externalData: [unrelated, { path: 'exports/weights.bin', data: weights }] });
    const result = await engine.sample(small);
    expect(Array.from(result.samples)).toEqual(Array.from(reference.samples));
  });

  it('names the missing side file before opening a session, and keeps the loaded backbone', async () => {
    expect(model.byteLength).toBeLessThan(weights.byteLength);
    const engine = await loadedEngine();
    const err = await engine.load(model, { fileName: 'split.onnx' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MissingFileError', code: 'invalid-request' });
    expect((err as Error).message).toMatch(/split\.onnx keeps its weights in external data file\(s\) weights\.bin \(none was given\)/);
    const wrong = await engine.load(model, { fileName: 'split.onnx', externalData: [{ path: 'other.bin', data: weights }] })
      .catch((e: unknown) => e);
    expect((wrong as Error).message).toMatch(/weights\.bin \(given: other\.bin\)/);
    expect((await engine.sample(small)).count).toBe(4);
  });
});
