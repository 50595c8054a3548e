// The step-graph loop (the GPU-resident sampler's code path, here on CPU tensors) against the JS
// loop it replaces, through the real engine on native ONNX Runtime (onnxruntime-node, CPU EP):
// DDIM with η = 0 and η > 0, DDPM, ε-, x₀- and v-backbones, both padding modes, both layouts,
// conditional and not. Tolerance: float32 rounding of the update, max |step graph − JS| at most
// 1e-5 of max(1, max |x|) over the whole set (3e-5 for x₀-backbones, see X0_TOLERANCE); padded
// slots exactly 0 in both.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnxModel, type ValueInfoDef } from '../core/backbone/onnxBuilder';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { ddimSteps } from '../core/diffusion/ddim';
import { applyPaddedStep, applyPaddingMask, applyReverseStep, type ReverseStep } from '../core/diffusion/denoiseLoop';
import { predictionToEps } from '../core/diffusion/forward';
import { createGeneMask } from '../core/diffusion/mask';
import type { SampleRequest } from '../core/diffusion/sampler';
import { createSchedule } from '../core/diffusion/schedule';
import { buildStepGraph, stepGraphCoefficients, stepGraphNames, STEP_COEFFICIENTS } from '../core/diffusion/stepGraph';
import { ddimTimesteps } from '../core/diffusion/timesteps';
import type { PredictionKind } from '../core/diffusion/types';
import { isCancelled } from '../core/errors';
import { createRng } from '../core/rng';
import { buildGaussianBackbone, type GaussianBackboneOptions } from '../core/sim/gaussianBackbone';
import { buildStepLoopBackbone, type StepLoopBackboneOptions } from './fixtures/stepLoopBackbone';
import { checkStepLoop, openStepLoop, relativeMaxDifference } from './gpuStepLoop';
import type { SampleResult } from './inference';
import { createCliOrtRuntime, createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtInferenceEngine, type OrtRuntime } from './ortInferenceEngine';
import type { SampleProgress } from './progress';

const TOLERANCE = 1e-5;
/**
 * An x₀-backbone's first DDIM step has epsCoef ≈ −94 on a ε̂ ≈ x that the JS loop rounds to float32
 * first, so the JS loop itself is off by ~6e-6 there; the step graph folds that cancellation into its
 * coefficients in float64 (tested below: it is the closer of the two to the float64 step).
 */
const X0_TOLERANCE = 3e-5;
const genes = 6;
const channels = 4;
const realGenes = 4;
const dims = genes * channels;
const mask = createGeneMask(genes, channels, realGenes);

function gaussian(overrides: Partial<GaussianBackboneOptions> = {}): Uint8Array {
  const rng = createRng(3);
  const mean = Float32Array.from({ length: dims }, () => -2 + 4 * rng.nextUnit());
  const variance = Float32Array.from({ length: dims }, () => 0.05 + 3 * rng.nextUnit());
  return buildGaussianBackbone({ schedule: { kind: 'linear', timesteps: 1000 }, mean, variance, genes, channels, realGenes, ...overrides });
}

function nonlinear(overrides: Partial<StepLoopBackboneOptions>): Uint8Array {
  return buildStepLoopBackbone({ genes, channels, realGenes, timesteps: 60, prediction: 'eps', padding: 'zero-x0', ...overrides });
}

function request(overrides: Partial<SampleRequest>): SampleRequest {
  return { count: 12, genes, channels, sampler: 'ddim', steps: 20, eta: 0, seed: 9, batchSize: 5, mask, ...overrides };
}

const labels = Int32Array.from({ length: 12 }, (_, i) => i % 2);

async function sampleWith(runtime: OrtRuntime, model: Uint8Array, req: SampleRequest): Promise<SampleResult> {
  const engine = createOrtInferenceEngine(runtime);
  await engine.load(model, { fileName: 'model.onnx' });
  try {
    return await engine.sample(req);
  } finally {
    await engine.unload();
  }
}

function expectPaddedZero(samples: Float32Array) {
  samples.forEach((v, i) => { if (mask && mask[i % dims] === 0) expect(v).toBe(0); });
}

describe('the step-graph loop against the JS loop (onnxruntime-node, CPU EP)', () => {
  let native: OrtRuntime;
  beforeAll(async () => { native = await createCliOrtRuntime({ provider: 'cpu' }); });

  it.each<[string, () => Uint8Array, Partial<SampleRequest>, number?]>([
    ['ε oracle, zero-x, DDIM-20 η = 0', () => gaussian(), {}],
    ['ε oracle, zero-x, DDIM-25 η = 0.5', () => gaussian(), { steps: 25, eta: 0.5 }],
    ['ε oracle, zero-x, DDPM T = 1000', () => gaussian(), { sampler: 'ddpm', count: 6, batchSize: 6 }],
    ['ε oracle [B, C, G], one-hot labels, DDIM-15 η = 1', () => gaussian({ layout: 'BCG', withLabelInput: true, labelEncoding: 'one-hot' }),
      { steps: 15, eta: 1, classLabels: labels }],
    ['ε nonlinear, zero-x0, conditional, DDIM-20 η = 0', () => nonlinear({ conditional: true }), { classLabels: labels }],
    ['ε nonlinear, zero-x0, conditional, DDIM-30 η = 0.7', () => nonlinear({ conditional: true }), { steps: 30, eta: 0.7, classLabels: labels }],
    ['ε nonlinear, zero-x0, conditional, DDPM T = 60', () => nonlinear({ conditional: true }), { sampler: 'ddpm', classLabels: labels }],
    ['ε nonlinear [B, C, G], zero-x, DDPM T = 60', () => nonlinear({ layout: 'BCG', padding: 'zero-x' }), { sampler: 'ddpm' }],
    ['x₀ nonlinear, zero-x0, DDPM T = 60', () => nonlinear({ prediction: 'x0' }), { sampler: 'ddpm' }, X0_TOLERANCE],
    ['x₀ nonlinear, zero-x, conditional, DDIM-20 η = 0.3', () => nonlinear({ prediction: 'x0', padding: 'zero-x', conditional: true }),
      { eta: 0.3, classLabels: labels }, X0_TOLERANCE],
    ['v nonlinear, zero-x0, conditional, DDIM-20 η = 0', () => nonlinear({ prediction: 'v', conditional: true }), { classLabels: labels }],
    ['v nonlinear, zero-x, DDPM T = 60, no mask', () => nonlinear({ prediction: 'v', padding: 'zero-x' }), { sampler: 'ddpm', mask: null }],
  ])('%s', async (_name, model, overrides, tolerance = TOLERANCE) => {
    const req = request(overrides);
    const bytes = model();
    const cpu = await sampleWith({ ...native, samplingLoop: 'cpu' }, bytes, req);
    const graph = await sampleWith({ ...native, samplingLoop: 'step-graph' }, bytes, req);
    expect([cpu.loop, graph.loop, graph.loopFallbackReason]).toEqual(['cpu', 'step-graph', null]);
    expect(cpu.samples.some((v) => v !== 0)).toBe(true);
    expect(relativeMaxDifference(graph.samples, cpu.samples)).toBeLessThanOrEqual(tolerance);
    if (req.mask) {
      expectPaddedZero(cpu.samples);
      expectPaddedZero(graph.samples);
    }
  });

  it("runs the JS loop on 'auto' off WebGPU, and says nothing is amiss", async () => {
    const result = await sampleWith(native, gaussian(), request({ count: 2, steps: 2 }));
    expect([result.loop, result.loopFallbackReason]).toEqual(['cpu', null]);
  });

  it('runs the JS loop for a fixed-batch graph and says why', async () => {
    const result = await sampleWith({ ...native, samplingLoop: 'step-graph' }, gaussian(), request({ count: 2, steps: 2 }));
    expect(result.loop).toBe('step-graph');
    const engine = createOrtInferenceEngine({ ...native, samplingLoop: 'step-graph' });
    await engine.load(gaussian(), { fileName: 'fixed.onnx', overrides: { staticBatch: 2 } });
    const fixed = await engine.sample(request({ count: 2, steps: 2, batchSize: 2 }));
    expect(fixed.loop).toBe('cpu');
    expect(fixed.loopFallbackReason).toMatch(/fixed to batch 2/);
  });

  it('refuses at load a step graph that computes something else (the check against the JS step)', async () => {
    const { ort } = native;
    const bytes = gaussian();
    const model = await ort.InferenceSession.create(bytes);
    const names = stepGraphNames;
    const shaped = ['batch', 'd1', 'd2'];
    const inputs: ValueInfoDef[] = [
      ...[names.x, names.prediction, names.noise].map((name) => ({ name, elemType: 'float32' as const, dims: shaped })),
      { name: names.mask, elemType: 'float32', dims: ['d1', 'd2'] },
      { name: names.coefficients, elemType: 'float32', dims: [STEP_COEFFICIENTS] },
    ];
    const identity = buildOnnxModel({
      inputs,
      outputs: [{ name: names.output, elemType: 'float32', dims: shaped }],
      nodes: [{ opType: 'Identity', inputs: [names.x], outputs: [names.output] }],
    });
    const spec = readBackboneSpec(bytes, 'model.onnx');
    const schedule = createSchedule(spec.schedule);
    const wrong = { session: await ort.InferenceSession.create(identity), onGpu: false };
    expect(await checkStepLoop(ort, model, wrong, spec, schedule)).toMatch(/differs from the JS step by .* \(relative; bound 1e-5\)/);
    expect(await checkStepLoop(ort, model, await openStepLoop(ort, 'cpu'), spec, schedule)).toBeNull();
  });

  it('cancels between steps with a cancelled error', async () => {
    const engine = createOrtInferenceEngine({ ...native, samplingLoop: 'step-graph' });
    await engine.load(gaussian(), { fileName: 'model.onnx' });
    const events: SampleProgress[] = [];
    const err = await engine.sample(request({ sampler: 'ddpm', count: 4 }), (e) => {
      events.push(e);
      if (e.status === 'progress' && e.stepsDone === 3) engine.cancel();
    }).then(() => null, (e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    expect(events.at(-1)?.status).toBe('cancelled');
  });
});

describe("the step-graph loop on onnxruntime-web's WASM EP (the browser's runtime)", () => {
  it('equals the JS loop on a conditional zero-x0 DDIM with noise', async () => {
    const runtime = createNodeOrtRuntime();
    const req = request({ steps: 12, eta: 0.6, classLabels: labels });
    const bytes = nonlinear({ conditional: true, prediction: 'v' });
    const cpu = await sampleWith(runtime, bytes, req);
    const graph = await sampleWith({ ...runtime, samplingLoop: 'step-graph' }, bytes, req);
    expect(graph.loop).toBe('step-graph');
    expect(relativeMaxDifference(graph.samples, cpu.samples)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('the step graph, one step', () => {
  const shape = { batch: 3, genes, channels };
  const n = shape.batch * dims;
  const schedule = createSchedule({ kind: 'cosine', timesteps: 50 });
  const step: ReverseStep = { t: 20, xCoef: 1.1, epsCoef: -0.4, noiseStd: 0.3, padded: { xCoef: 0.7, epsCoef: 0.2 } };
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(1.3 * i));
  const raw = Float32Array.from({ length: n }, (_, i) => Math.cos(0.7 * i + 0.5));
  const z = Float32Array.from({ length: n }, (_, i) => Math.sin(0.4 * i + 2));

  async function runGraph(prediction: Float32Array, coefficients: Float32Array, noise: Float32Array | null) {
    const ort = (await createCliOrtRuntime({ provider: 'cpu' })).ort;
    const session = await ort.InferenceSession.create(buildStepGraph());
    const tensor = (data: Float32Array, d: number[]) => new ort.Tensor('float32', data, d);
    const out = await session.run({
      [stepGraphNames.x]: tensor(x, [3, genes, channels]), [stepGraphNames.prediction]: tensor(prediction, [3, genes, channels]),
      [stepGraphNames.noise]: noise ? tensor(noise, [3, genes, channels]) : tensor(new Float32Array(1), [1, 1, 1]),
      [stepGraphNames.mask]: tensor(Float32Array.from(mask!), [genes, channels]),
      [stepGraphNames.coefficients]: tensor(coefficients, [STEP_COEFFICIENTS]),
    });
    await session.release();
    return out[stepGraphNames.output].data as Float32Array;
  }

  it.each<[PredictionKind, boolean]>([['eps', false], ['eps', true], ['x0', true], ['v', false], ['v', true]])(
    'computes applyReverseStep (and applyPaddedStep) on ε̂ from a %s prediction, holdX0 %s', async (kind, holdX0) => {
      const t = new Int32Array(shape.batch).fill(step.t);
      const epsHat = predictionToEps(kind, raw, x, schedule, t, shape);
      const expected = new Float32Array(n);
      applyReverseStep(step, x, epsHat, z, expected);
      if (holdX0) applyPaddedStep(step, x, epsHat, z, mask!, expected);
      else applyPaddingMask(expected, mask);
      const coefficients = stepGraphCoefficients(step, kind, schedule.alphasCumprod[step.t], { holdX0, noiseDrawn: true });
      const got = await runGraph(raw, coefficients, z);
      expect(relativeMaxDifference(got, expected)).toBeLessThanOrEqual(TOLERANCE);
      // The check has teeth: the wrong prediction kind is far off.
      const wrong = await runGraph(raw, stepGraphCoefficients(step, kind === 'v' ? 'eps' : 'v', schedule.alphasCumprod[step.t],
        { holdX0, noiseDrawn: true }), z);
      expect(relativeMaxDifference(wrong, expected)).toBeGreaterThan(1e-2);
    });

  it("is closer than the JS loop to the float64 step on an x₀-backbone's first DDIM step (epsCoef ≈ −94)", async () => {
    const cosine = createSchedule({ kind: 'cosine', timesteps: 60 });
    const first = ddimSteps(cosine, ddimTimesteps(60, 20), 0.3)[0];
    const ab = cosine.alphasCumprod[first.t];
    const t = new Int32Array(shape.batch).fill(first.t);
    const epsHat = predictionToEps('x0', raw, x, cosine, t, shape);
    const inJs = new Float32Array(n);
    applyReverseStep(first, x, epsHat, z, inJs);
    applyPaddingMask(inJs, mask);
    // Float64 all the way from the same float32 inputs.
    const exact = Float64Array.from(x, (v, i) => (mask![i % dims] === 0 ? 0
      : first.xCoef * v + first.epsCoef * (v / Math.sqrt(1 - ab) - Math.sqrt(ab / (1 - ab)) * raw[i]) + first.noiseStd * z[i]));
    const graph = await runGraph(raw, stepGraphCoefficients(first, 'x0', ab, { holdX0: false, noiseDrawn: true }), z);
    const errorOf = (a: Float32Array) => relativeMaxDifference(a, Float32Array.from(exact));
    expect(first.epsCoef).toBeLessThan(-50);
    expect(errorOf(graph)).toBeLessThan(errorOf(inJs));
    expect(errorOf(graph)).toBeLessThan(1e-6);
  });

  it("keeps a padded slot's NaN out of the real slots and writes exactly 0 there in mode 'zero-x'", async () => {
    const poisoned = Float32Array.from(raw);
    mask!.forEach((m, d) => { if (m === 0) poisoned[d] = NaN; });
    const got = await runGraph(poisoned, stepGraphCoefficients(step, 'eps', 0.5, { holdX0: false, noiseDrawn: false }), null);
    got.forEach((v, i) => (mask![i % dims] === 0 ? expect(v).toBe(0) : expect(Number.isFinite(v)).toBe(true)));
  });

});
