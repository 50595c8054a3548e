import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import { addNoise, estimateX0, predictionToEps } from './forward';
import { createSchedule } from './schedule';
import type { TensorShape } from './types';

const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
const shape: TensorShape = { batch: 5, genes: 7, channels: 3 };
const dims = shape.genes * shape.channels;
const t = Int32Array.of(0, 1, 137, 600, 999);

function normals(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => scale * rng.nextNormal());
}
const x0 = normals(shape.batch * dims, 1, 2);
const eps = normals(shape.batch * dims, 2);

/** Largest |a − b| over the elements of sample b. */
function maxError(a: Float32Array, b: Float32Array, sample: number): number {
  let worst = 0;
  for (let i = sample * dims; i < (sample + 1) * dims; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('addNoise', () => {
  it('computes √ᾱ_t·x₀ + √(1−ᾱ_t)·ε per sample in float64, rounded once to float32 (exact)', () => {
    const xt = addNoise(x0, eps, schedule, t, shape);
    for (let b = 0; b < shape.batch; b++) {
      const ab = schedule.alphasCumprod[t[b]];
      for (let i = b * dims; i < (b + 1) * dims; i++) {
        const exact = Math.sqrt(ab) * x0[i] + Math.sqrt(1 - ab) * eps[i];
        expect(xt[i]).toBe(Math.fround(exact));
      }
    }
  });
});

describe('estimateX0', () => {
  it('inverts addNoise given the same ε (1e-5 for t ≤ 600; 2⁻²³·5/√ᾱ_t + 1e-6 at t = 999, |x_t| < 5)', () => {
    const xt = addNoise(x0, eps, schedule, t, shape);
    const back = estimateX0(xt, eps, schedule, t, shape);
    for (let b = 0; b < 4; b++) expect(maxError(back, x0, b)).toBeLessThan(1e-5);
    // At t = 999, √ᾱ ≈ 0.0063: the float32 rounding of x_t (≈ |x_t|·2⁻²⁴) is magnified 160-fold.
    const bound = (2 ** -23 * 5) / Math.sqrt(schedule.alphasCumprod[999]) + 1e-6;
    expect(maxError(back, x0, 4)).toBeLessThan(bound);
  });
});

describe('predictionToEps', () => {
  const xt = addNoise(x0, eps, schedule, t, shape);

  it('returns an ε-prediction unchanged (same array)', () => {
    expect(predictionToEps('eps', eps, xt, schedule, t, shape)).toBe(eps);
  });

  it('recovers ε from the true x₀ (1e-4; the x_t rounding is magnified by 1/√(1−ᾱ_0) = 100 at t = 0)', () => {
    const fromX0 = predictionToEps('x0', x0, xt, schedule, t, shape);
    for (let b = 0; b < shape.batch; b++) expect(maxError(fromX0, eps, b)).toBeLessThan(1e-4);
  });

  it('recovers ε from the true v = √ᾱ·ε − √(1−ᾱ)·x₀ (1e-5)', () => {
    const v = new Float32Array(x0.length);
    for (let b = 0; b < shape.batch; b++) {
      const ab = schedule.alphasCumprod[t[b]];
      for (let i = b * dims; i < (b + 1) * dims; i++) v[i] = Math.sqrt(ab) * eps[i] - Math.sqrt(1 - ab) * x0[i];
    }
    const fromV = predictionToEps('v', v, xt, schedule, t, shape);
    for (let b = 0; b < shape.batch; b++) expect(maxError(fromV, eps, b)).toBeLessThan(1e-5);
  });

  it('rejects an unknown prediction kind', () => {
    expect(() => predictionToEps('score' as 'eps', eps, xt, schedule, t, shape)).toThrow(/unknown prediction kind 'score'/);
  });
});

describe('shape checks', () => {
  it('names the array, its length and the expected [B, G, C]', () => {
    expect(() => addNoise(x0.subarray(1), eps, schedule, t, shape)).toThrow(InvalidRequestError);
    expect(() => addNoise(x0.subarray(1), eps, schedule, t, shape)).toThrow(/x0 holds 104 values; expected 105 = 5 × 7 × 3/);
  });

  it('wants one timestep per sample, within 0 … T−1', () => {
    expect(() => addNoise(x0, eps, schedule, t.subarray(1), shape)).toThrow(/t holds 4 timesteps; expected one per sample \(5\)/);
    expect(() => addNoise(x0, eps, schedule, Int32Array.of(0, 1, 2, 3, 1000), shape)).toThrow(/t\[4\] = 1000 is outside 0 … 999/);
  });
});
