import { describe, expect, it } from 'vitest';
import { createGaussianOracle } from '../diffusion/gaussianOracle';
import { createSchedule } from '../diffusion/schedule';
import { sample, sampleWithSteps, resolveSteps, type SampleRequest } from '../diffusion/sampler';
import { expectedGaussianSampleMoments, samplerPath } from './gaussianSamplerMoments';
import { compareMoments, isConsistentWithTarget, statisticalTolerances } from './moments';

const GENES = 4;
const CHANNELS = 2;
const MEAN = Float32Array.from([0.5, -1, 1.2, 0, -0.3, 0.8, 0.1, -0.6]);
const VARIANCE = Float32Array.from([0.1, 0.4, 1, 1.8, 0.25, 0.7, 1.3, 0.5]);
const target = { mean: MEAN, variance: VARIANCE };

describe('expectedGaussianSampleMoments', () => {
  it('gives the hand-derived variance of a one-step DDIM: ᾱσ⁴ / (ᾱσ² + 1 − ᾱ)²', () => {
    const a = 0.3;
    const got = expectedGaussianSampleMoments([a], { timesteps: Int32Array.of(0), eta: 0 }, { mean: [2], variance: [0.5] });
    expect(got.variance[0]).toBeCloseTo((a * 0.25) / (a * 0.5 + 1 - a) ** 2, 12);
    // E[x₀] = μ − c·√ᾱ μ with c = √ᾱ σ²/v.
    expect(got.mean[0]).toBeCloseTo(2 - (Math.sqrt(a) * 0.5 / (a * 0.5 + 0.7)) * Math.sqrt(a) * 2, 12);
  });

  it('rotates N(0, 1) data on the unit circle: variance ∏ cos²(θ_s − θ_t), θ = atan(√(1−ᾱ)/√ᾱ)', () => {
    const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
    const path = samplerPath(1000, { sampler: 'ddim', steps: 20 });
    const got = expectedGaussianSampleMoments(schedule.alphasCumprod, path, { mean: [0], variance: [1] });
    const angle = (abar: number) => Math.atan2(Math.sqrt(1 - abar), Math.sqrt(abar));
    const levels = [...Array.from(path.timesteps, (t) => schedule.alphasCumprod[t]), 1];
    let product = 1;
    for (let i = 0; i + 1 < levels.length; i++) product *= Math.cos(angle(levels[i]) - angle(levels[i + 1])) ** 2;
    expect(got.variance[0]).toBeCloseTo(product, 12);
    expect(got.variance[0]).toBeLessThan(0.9); // 20 steps lose a visible share of the variance
    expect(got.mean[0]).toBeCloseTo(0, 15);
  });

  it('walks every timestep with η = 1 for DDPM', () => {
    const path = samplerPath(5, { sampler: 'ddpm', steps: 2 });
    expect(Array.from(path.timesteps)).toEqual([4, 3, 2, 1, 0]);
    expect(path.eta).toBe(1);
  });

  // Monte Carlo through the real core sampler with the TS oracle: the sample moments must
  // match the expectation within the statistical tolerances of moments.ts (false alarm 1e-3).
  const cases: { name: string; T: number; request: Partial<SampleRequest> }[] = [
    { name: 'DDIM 10 steps, η = 0', T: 1000, request: { sampler: 'ddim', steps: 10, eta: 0 } },
    { name: 'DDIM 8 steps, η = 0.5', T: 1000, request: { sampler: 'ddim', steps: 8, eta: 0.5 } },
    { name: 'DDPM, T = 60', T: 60, request: { sampler: 'ddpm' } },
  ];
  for (const { name, T, request } of cases) {
    it(`predicts the sampler's moments: ${name}`, async () => {
      const count = 3000;
      const schedule = createSchedule({ kind: 'linear', timesteps: T });
      const full: SampleRequest = { count, genes: GENES, channels: CHANNELS, seed: 5, batchSize: 1000, sampler: 'ddim', ...request };
      const samples = await sample(createGaussianOracle(schedule, target), schedule, full);
      const expected = expectedGaussianSampleMoments(schedule.alphasCumprod, samplerPath(T, full), target);
      const dims = GENES * CHANNELS;
      const { summary } = compareMoments(samples, count, dims, expected);
      expect(isConsistentWithTarget(summary, statisticalTolerances(count, dims)), JSON.stringify(summary)).toBe(true);
    });
  }

  it('tells DDIM discretisation from a broken sampler', async () => {
    const count = 3000;
    const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
    const request: SampleRequest = { count, genes: GENES, channels: CHANNELS, seed: 9, batchSize: 1000, sampler: 'ddim', steps: 10, eta: 0.5 };
    const oracle = createGaussianOracle(schedule, target);
    const expected = expectedGaussianSampleMoments(schedule.alphasCumprod, samplerPath(1000, request), target);
    const tolerances = statisticalTolerances(count, GENES * CHANNELS);
    // Against the raw target, 10 DDIM steps fail: the variance really is smaller.
    const good = await sample(oracle, schedule, request);
    expect(isConsistentWithTarget(compareMoments(good, count, GENES * CHANNELS, target).summary, tolerances)).toBe(false);
    // A sampler whose fresh noise is 1.5× too large fails against the expectation.
    const broken = resolveSteps(schedule, request).map((s) => ({ ...s, noiseStd: 1.5 * s.noiseStd }));
    const bad = await sampleWithSteps(oracle, schedule, request, broken);
    expect(isConsistentWithTarget(compareMoments(bad, count, GENES * CHANNELS, expected).summary, tolerances)).toBe(false);
  });
});
