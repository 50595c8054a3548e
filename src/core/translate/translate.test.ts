import { describe, expect, it } from 'vitest';
import { CancelledError } from '../errors';
import { createSchedule } from '../diffusion/schedule';
import type { TensorShape } from '../diffusion/types';
import { createRng } from '../rng';
import { createClassGaussianOracle, exactGaussianTranslation, type ClassGaussianTarget } from './classGaussianOracle';
import { TranslationError } from './errors';
import { callsPerBatch, translateSamples, type TranslationSettings } from './translate';

// Two classes over 6 genes × 2 components: the class means differ in genes 0 and 3 only.
const shape: TensorShape = { batch: 24, genes: 6, channels: 2 };
const dims = shape.genes * shape.channels;
const variance = Float32Array.from({ length: dims }, (_, d) => 0.3 + 0.1 * (d % 5));
const means = new Float32Array(2 * dims);
for (let d = 0; d < dims; d++) {
  means[d] = 0.2 * (d % 3) - 0.2;
  const gene = Math.floor(d / shape.channels);
  means[dims + d] = means[d] + (gene === 0 ? 1.5 : gene === 3 ? -1 : 0);
}
const target: ClassGaussianTarget = { means, variance, classes: 2 };
const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
const oracle = createClassGaussianOracle(schedule, target);
const backbone = { fileName: 'oracle.onnx', timesteps: 1000, numClasses: 2 };

/** Samples of class 0. */
function classZero(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * dims }, (_, i) => means[i % dims] + Math.sqrt(variance[i % dims]) * rng.nextNormal());
}
const x0 = classZero(shape.batch, 3);

const settings = (over: Partial<TranslationSettings> = {}): TranslationSettings => ({
  sourceClass: 0, targetClass: 1, depth: 1000, steps: 100, fixedPointIterations: 2, batchSize: 8, cycle: true, ...over,
});

const worst = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('translateSamples with the exact class-conditional Gaussian oracle', () => {
  it('moves every sample by the closed-form shift (μ_target − μ_source)·(1 − σ√ᾱ*/s*), closer as the steps grow', async () => {
    // Known answer (classGaussianOracle.ts): at full depth nearly all of μ₁ − μ₀; at t* = 300 a known part.
    const errors: number[] = [];
    for (const depth of [1000, 300]) {
      const exact = exactGaussianTranslation(schedule, target, x0, 0, 1, depth);
      for (const steps of [10, 50, 200]) {
        const out = await translateSamples(oracle, schedule, backbone, x0, shape, settings({ depth, steps, cycle: false }));
        errors.push(worst(out.translated, exact));
      }
    }
    // Measured (max over slots and samples) at 10 / 50 / 200 steps: full depth 0.10 / 8.3e-4 / 7.9e-5;
    // t* = 300: 0.049 / 9.1e-3 / 2.6e-3.
    expect(errors[1]).toBeLessThan(errors[0]);
    expect(errors[2]).toBeLessThan(errors[1]);
    expect(errors[2]).toBeLessThan(1e-3);
    expect(errors[4]).toBeLessThan(errors[3]);
    expect(errors[5]).toBeLessThan(errors[4]);
    expect(errors[5]).toBeLessThan(0.01);
  });

  it('maps the source class mean to the target class mean at full depth (1e-2, measured 6e-3) and leaves genes with equal means alone', async () => {
    const out = await translateSamples(oracle, schedule, backbone, means.slice(0, dims), { ...shape, batch: 1 }, settings({ steps: 200 }));
    expect(worst(out.translated, means.subarray(dims))).toBeLessThan(1e-2);
    for (let d = 0; d < dims; d++) {
      const gene = Math.floor(d / shape.channels);
      if (gene !== 0 && gene !== 3) expect(Math.abs(out.translated[d] - means[d])).toBeLessThan(1e-3);
    }
  });

  it('reconstructs under the source class and cycles back to the original (both below 1e-3 at 100 steps, 2 refinements)', async () => {
    const out = await translateSamples(oracle, schedule, backbone, x0, shape, settings());
    expect(out.status).toBe('done');
    expect(out.samplesDone).toBe(shape.batch);
    expect(worst(out.reconstructed, x0)).toBeLessThan(1e-3); // measured 7.8e-5
    expect(worst(out.cycled as Float32Array, x0)).toBeLessThan(1e-3); // measured 1.5e-4
    // The translation itself moves gene 0 by about 1.5 (1.494 exactly at ᾱ₉₉₉): far above the reconstruction error.
    expect(Math.abs(out.translated[0] - x0[0] - 1.5)).toBeLessThan(0.05);
  });

  it('is the same whatever the batch size, and keeps padded slots at 0', async () => {
    const mask = Uint8Array.from({ length: dims }, (_, d) => (d >= dims - 2 ? 0 : 1));
    const masked = x0.map((v, i) => (mask[i % dims] ? v : 0));
    const a = await translateSamples(oracle, schedule, backbone, masked, shape, settings({ steps: 20, batchSize: 5 }), { mask });
    const b = await translateSamples(oracle, schedule, backbone, masked, shape, settings({ steps: 20, batchSize: 24 }), { mask });
    expect(a.translated).toEqual(b.translated);
    for (let i = 0; i < a.translated.length; i++) if (!mask[i % dims]) expect(a.translated[i]).toBe(0);
  });

  it('reports progress in denoiser calls up to the total, and a cancel keeps the batches that finished', async () => {
    const controller = new AbortController();
    const s = settings({ steps: 10, fixedPointIterations: 0, batchSize: 8 });
    const seen: number[] = [];
    const out = await translateSamples(oracle, schedule, backbone, x0, shape, s, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.callsDone);
        expect(p.callsTotal).toBe(3 * callsPerBatch(s));
        // Cancel inside the second batch.
        if (p.callsDone === callsPerBatch(s) + 5) controller.abort();
      },
    });
    expect(out.status).toBe('cancelled');
    expect(out.samplesDone).toBe(8);
    expect(out.translated.length).toBe(8 * dims);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
    const full = await translateSamples(oracle, schedule, backbone, x0, shape, s);
    expect(out.translated).toEqual(full.translated.subarray(0, 8 * dims));
    expect(out.cycled).toEqual(full.cycled?.subarray(0, 8 * dims));
    // A cancel before anything finished: nothing kept, still no error.
    const early = await translateSamples(oracle, schedule, backbone, x0, shape, s, { signal: AbortSignal.abort() });
    expect(early).toMatchObject({ status: 'cancelled', samplesDone: 0 });
    expect(new CancelledError().code).toBe('cancelled');
  });
});

describe('translation settings are refused with a TranslationError naming what was expected', () => {
  const cases: [string, Partial<TranslationSettings>, Partial<typeof backbone> | null, string, RegExp][] = [
    ['an unconditional backbone', {}, { numClasses: null as unknown as number }, 'unconditional-backbone', /oracle\.onnx takes no class label/],
    ['a one-class backbone', {}, { numClasses: 1 }, 'one-class', /has 1 class; translation needs at least 2/],
    ['source = target', { targetClass: 0 }, null, 'one-class', /both class 0; expected two different classes/],
    ['a class outside the backbone', { targetClass: 2 }, null, 'class-out-of-range', /target class 2; expected a class of oracle\.onnx: 0 … 1/],
    ['depth 0', { depth: 0, steps: 1 }, null, 'depth-out-of-range', /t\* = 0; expected an integer from 1 to T = 1000/],
    ['depth T + 1', { depth: 1001 }, null, 'depth-out-of-range', /t\* = 1001; expected an integer from 1 to T = 1000/],
    ['more steps than the depth', { depth: 20, steps: 21 }, null, 'bad-setting', /DDIM steps = 21; expected an integer from 1 to the depth t\* = 20/],
  ];
  it.each(cases)('%s', async (_, over, backboneOver, problem, message) => {
    const run = translateSamples(oracle, schedule, { ...backbone, ...backboneOver }, x0, shape, settings(over));
    await expect(run).rejects.toBeInstanceOf(TranslationError);
    await expect(run).rejects.toMatchObject({ problem, code: 'invalid-request' });
    await expect(run).rejects.toThrow(message);
  });
});
