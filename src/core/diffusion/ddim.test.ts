import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { ddimInvert, ddimSigma, ddimSteps } from './ddim';
import { ddpmSteps } from './ddpm';
import { denoiseBatch, fillSampleNoise, noiseStreams } from './denoiseLoop';
import { createGaussianOracle } from './gaussianOracle';
import { sample } from './sampler';
import { createSchedule } from './schedule';
import { ddimTimesteps } from './timesteps';
import type { TensorShape } from './types';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('DDIM coefficients (Song et al. 2021, eq. 12 and 16)', () => {
  it.each(['linear', 'cosine'] as const)('%s: η = 1 on every timestep is exactly DDPM\'s step (relative 1e-9)', (kind) => {
    // σ²(η = 1) = (1−ᾱ_{t−1})/(1−ᾱ_t)·(1 − α_t) = β̃_t, and the mean coefficients coincide.
    const schedule = createSchedule({ kind, timesteps: 200 });
    const ddpm = ddpmSteps(schedule);
    const ddim = ddimSteps(schedule, ddimTimesteps(200, 200), 1);
    for (let k = 0; k < 200; k++) {
      expect(ddim[k].t).toBe(ddpm[k].t);
      expect(relative(ddim[k].xCoef, ddpm[k].xCoef)).toBeLessThan(1e-9);
      expect(relative(ddim[k].epsCoef, ddpm[k].epsCoef)).toBeLessThan(1e-9);
      expect(Math.abs(ddim[k].noiseStd - ddpm[k].noiseStd)).toBeLessThan(1e-12);
    }
  });

  it('η = 0 draws no noise; σ scales linearly with η; the last step goes to ᾱ = 1 and returns x̂₀', () => {
    const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
    const ts = ddimTimesteps(1000, 50);
    expect(ddimSteps(schedule, ts, 0).every((s) => s.noiseStd === 0)).toBe(true);
    const half = ddimSteps(schedule, ts, 0.5);
    const full = ddimSteps(schedule, ts, 1);
    for (let k = 0; k < 49; k++) expect(relative(half[k].noiseStd, full[k].noiseStd / 2)).toBeLessThan(1e-12);
    const last = full[49];
    const ab0 = schedule.alphasCumprod[0];
    expect(last.noiseStd).toBe(0);
    expect(relative(last.xCoef, 1 / Math.sqrt(ab0))).toBeLessThan(1e-12);
    expect(relative(last.epsCoef, -Math.sqrt((1 - ab0) / ab0))).toBeLessThan(1e-12);
    expect(ddimSigma(0.5, 1, 1)).toBe(0);
  });
});

describe('DDIM inversion with the Gaussian oracle', () => {
  const dims = 16;
  const shape: TensorShape = { batch: 64, genes: 8, channels: 2 };
  const mean = Float32Array.from({ length: dims }, (_, d) => -2 + (4 * d) / (dims - 1));
  const variance = Float32Array.from({ length: dims }, (_, d) => 0.05 * 80 ** (((d * 7) % dims) / (dims - 1)));
  const rng = createRng(5);
  const x0 = Float32Array.from({ length: shape.batch * dims },
    (_, i) => mean[i % dims] + Math.sqrt(variance[i % dims]) * rng.nextNormal());

  /** Largest |a − b|/σ_d: the round-trip error in units of the data's standard deviation. */
  function worstError(a: Float32Array, b: Float32Array): number {
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.sqrt(variance[i % dims]));
    return worst;
  }

  async function roundTrip(kind: 'linear' | 'cosine', T: number, steps: number, fixedPointIterations = 0) {
    const schedule = createSchedule({ kind, timesteps: T });
    const oracle = createGaussianOracle(schedule, { mean, variance });
    const ts = ddimTimesteps(T, steps);
    const xT = await ddimInvert(oracle, schedule, x0, shape, ts, null, { fixedPointIterations });
    const back = await denoiseBatch(oracle, schedule, xT, shape, ddimSteps(schedule, ts, 0));
    return worstError(back, x0);
  }

  it('plain inversion (ε̂ taken at the lower level) converges at first order: linear T = 1000', async () => {
    // Measured: 0.52σ at 50 steps, 0.27σ at 100, 0.028σ at 1000.
    const [e50, e100, e1000] = await Promise.all([50, 100, 1000].map((s) => roundTrip('linear', 1000, s)));
    expect(e50).toBeLessThan(0.6);
    expect(e100 / e50).toBeLessThan(0.6);
    expect(e1000).toBeLessThan(0.04);
  });

  it('three fixed-point refinements make the 50-step round trip nearly exact (linear 0.005σ, cosine 0.02σ)', async () => {
    // Measured: 1.1e-3σ (linear T = 1000) and 1.0e-2σ (cosine T = 500; its last step, ᾱ ≈ 1e-8,
    // is nearly singular and limits the fixed point).
    expect(await roundTrip('linear', 1000, 50, 3)).toBeLessThan(0.005);
    expect(await roundTrip('cosine', 500, 50, 3)).toBeLessThan(0.02);
  });

  it('recovers the x_T that `sample` started from (DDIM η = 0, 100 steps, 3 refinements: 1e-3)', async () => {
    const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
    const oracle = createGaussianOracle(schedule, { mean, variance });
    const timesteps = ddimTimesteps(1000, 100);
    const request = { count: 8, genes: 8, channels: 2, sampler: 'ddim', timesteps, seed: 9, batchSize: 8 } as const;
    const generated = await sample(oracle, schedule, request);
    const small: TensorShape = { ...shape, batch: 8 };
    const xT = new Float32Array(8 * dims);
    fillSampleNoise(xT, small, 9, 0, noiseStreams.initial, 0);
    const recovered = await ddimInvert(oracle, schedule, generated, small, timesteps, null, { fixedPointIterations: 3 });
    let worst = 0;
    for (let i = 0; i < xT.length; i++) worst = Math.max(worst, Math.abs(recovered[i] - xT[i]));
    expect(worst).toBeLessThan(1e-3); // measured 3.7e-5
  });

  it('keeps padded slots at 0 and rejects bad inputs with what it expected', async () => {
    const schedule = createSchedule({ kind: 'linear', timesteps: 100 });
    const oracle = createGaussianOracle(schedule, { mean, variance });
    const mask = Uint8Array.from({ length: dims }, (_, d) => (d % 4 === 3 ? 0 : 1));
    const xT = await ddimInvert(oracle, schedule, x0, shape, ddimTimesteps(100, 10), null, { mask, fixedPointIterations: 1 });
    for (let i = 0; i < xT.length; i++) if (mask[i % dims] === 0) expect(xT[i]).toBe(0);
    await expect(ddimInvert(oracle, schedule, x0, shape, [5, 0], null, { fixedPointIterations: -1 }))
      .rejects.toThrow(/fixedPointIterations = -1; expected an integer ≥ 0/);
    await expect(ddimInvert(oracle, schedule, x0.subarray(1), shape, [5, 0], null))
      .rejects.toThrow(/the batch holds 1023 values; expected 1024 = 64 × 8 × 2/);
    await expect(ddimInvert(oracle, schedule, x0, shape, [5, 0], null, { mask: new Uint8Array(3) }))
      .rejects.toThrow(/padding mask has 3 slots; expected genes × channels = 16/);
  });
});
