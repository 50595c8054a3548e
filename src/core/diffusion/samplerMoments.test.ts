// Statistical correctness: driven by the exact ε-predictor of N(μ, diag σ²) (gaussianOracle.ts),
// DDPM and DDIM must turn N(0, I) back into N(μ, σ²). Each check is deterministic (fixed seed)
// and is itself shown able to fail, on a sampler with its noise term removed.

import { describe, expect, it } from 'vitest';
import { ddimSteps } from './ddim';
import { ddpmSteps } from './ddpm';
import type { ReverseStep } from './denoiseLoop';
import { createGaussianOracle } from './gaussianOracle';
import type { GaussianTarget } from './gaussianOracle';
import { sample, sampleWithSteps } from './sampler';
import type { SampleRequest } from './sampler';
import { createSchedule } from './schedule';
import type { NoiseSchedule } from './schedule';
import { ddimTimesteps } from './timesteps';

const dims = 16;
const n = 4000;
/** μ spread over −2 … 2; σ² geometric over 0.05 … 4, shuffled against μ. */
const target: GaussianTarget = {
  mean: Float32Array.from({ length: dims }, (_, d) => -2 + (4 * d) / (dims - 1)),
  variance: Float32Array.from({ length: dims }, (_, d) => 0.05 * 80 ** (((d * 7) % dims) / (dims - 1))),
};
const request: SampleRequest = { count: n, genes: 8, channels: 2, sampler: 'ddpm', seed: 2024, batchSize: 1000 };

/**
 * Discretisation allowances on the variance ratio s²/σ², from the exact output law of each
 * discrete chain (the oracle makes every step affine-Gaussian, see `exactChainMoments`): DDPM's
 * β̃ is the posterior variance given x₀, a little below the reverse process's true variance, so
 * its ratio is 0.967 … 0.994; 50 DDIM steps under-disperse more: 0.79 … 0.94 (linear, σ² = 0.05
 * worst) and 0.89 … 0.95 (cosine).
 */
const allowance = { ddpm: 0.05, ddimLinear: 0.25, ddimCosine: 0.15 } as const;

/**
 * Per dimension: the sample mean's z-score (m − μ)/(σ/√n) must stay within ±5, and the variance
 * ratio s²/σ² within 1 ± (5·√(2/(n−1)) + allowance), √(2/(n−1)) being the standard error of s²/σ².
 * Returns one line per failed check; empty means the samples pass.
 */
function checkMoments(samples: Float32Array, allowanceOnRatio: number): string[] {
  const failures: string[] = [];
  const ratioBound = 5 * Math.sqrt(2 / (n - 1)) + allowanceOnRatio;
  for (let d = 0; d < dims; d++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += samples[i * dims + d];
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (samples[i * dims + d] - m) ** 2;
    const ratio = squares / (n - 1) / target.variance[d];
    const z = (m - target.mean[d]) / Math.sqrt(target.variance[d] / n);
    if (!(Math.abs(z) < 5)) failures.push(`dim ${d}: mean z = ${z.toFixed(2)}`);
    if (!(Math.abs(ratio - 1) < ratioBound)) failures.push(`dim ${d}: variance ratio ${ratio.toFixed(3)} outside 1 ± ${ratioBound.toFixed(3)}`);
  }
  return failures;
}

/** Mean and variance of the chain's output for one dimension, propagated exactly through its affine steps. */
function exactChainMoments(schedule: NoiseSchedule, steps: readonly ReverseStep[], mu: number, s2: number): [number, number] {
  let mean = 0;
  let variance = 1;
  for (const step of steps) {
    const ab = schedule.alphasCumprod[step.t];
    const k = Math.sqrt(1 - ab) / (ab * s2 + 1 - ab); // ε̂ = k·(x − √ᾱ·μ)
    const gain = step.xCoef + step.epsCoef * k;
    mean = gain * mean - step.epsCoef * k * Math.sqrt(ab) * mu;
    variance = gain * gain * variance + step.noiseStd ** 2;
  }
  return [mean, variance];
}

const cases = [
  { kind: 'linear', T: 1000, ddim: allowance.ddimLinear },
  { kind: 'cosine', T: 500, ddim: allowance.ddimCosine },
] as const;

describe.each(cases)('$kind schedule, T = $T, oracle for N(μ, σ²)', ({ kind, T, ddim }) => {
  const schedule = createSchedule({ kind, timesteps: T });
  const oracle = createGaussianOracle(schedule, target);

  it('the allowances hold for the exact law of the discrete chains', () => {
    const chains = [[ddpmSteps(schedule), allowance.ddpm], [ddimSteps(schedule, ddimTimesteps(T, 50), 0), ddim]] as const;
    for (const [steps, bound] of chains) {
      for (let d = 0; d < dims; d++) {
        const [m, v] = exactChainMoments(schedule, steps, target.mean[d], target.variance[d]);
        expect(Math.abs(v / target.variance[d] - 1)).toBeLessThan(bound);
        expect(Math.abs(m - target.mean[d]) / Math.sqrt(target.variance[d])).toBeLessThan(0.02);
      }
    }
  });

  it(`DDPM over all ${T} steps reproduces μ and σ² (|z| < 5, ratio within 5·√(2/n) + ${allowance.ddpm})`, async () => {
    const samples = await sample(oracle, schedule, request);
    expect(checkMoments(samples, allowance.ddpm)).toEqual([]);
  });

  it(`DDIM, 50 steps, η = 0 reproduces μ and σ² (|z| < 5, ratio within 5·√(2/n) + ${ddim})`, async () => {
    const samples = await sample(oracle, schedule, { ...request, sampler: 'ddim', steps: 50, eta: 0 });
    expect(checkMoments(samples, ddim)).toEqual([]);
  });
});

describe('the moment check can fail', () => {
  it('rejects DDPM with its noise term √β̃·z removed', async () => {
    const schedule = createSchedule({ kind: 'cosine', timesteps: 500 });
    const oracle = createGaussianOracle(schedule, target);
    const noiseless = ddpmSteps(schedule).map((step) => ({ ...step, noiseStd: 0 }));
    const samples = await sampleWithSteps(oracle, schedule, request, noiseless);
    const failures = checkMoments(samples, allowance.ddpm);
    expect(failures.filter((f) => f.includes('variance ratio')).length).toBe(dims);
  });

  it('rejects samples whose mean is off by 0.15σ (z ≈ 9.5)', async () => {
    const schedule = createSchedule({ kind: 'cosine', timesteps: 500 });
    const samples = await sample(createGaussianOracle(schedule, target), schedule, { ...request, sampler: 'ddim', steps: 50 });
    const shifted = samples.map((v, i) => v + 0.15 * Math.sqrt(target.variance[i % dims]));
    expect(checkMoments(shifted, allowance.ddimCosine).filter((f) => f.includes('mean z')).length).toBe(dims);
  });
});
