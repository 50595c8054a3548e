// The evaluations against closed forms. For x₀ ~ N(μ, σ²) per slot and the exact ε-predictor
// (gaussianOracle.ts) every error is Gaussian with a known variance. Per slot, with D = ᾱσ² + 1 − ᾱ:
//   ε̂ = E[ε | x_t], so ε − ε̂ ~ N(0, Var(ε | x_t)) = N(0, 1 − (1−ᾱ)/D) = N(0, ᾱσ²/D)
//   x̂₀ − x₀ = √((1−ᾱ)/ᾱ)·(ε − ε̂)                 (from eq. 4 and 15)
//          ~ N(0, v),  v = (1−ᾱ)/ᾱ · ᾱσ²/D = σ²(1−ᾱ)/D
// A denoiser that always answers ε̂ = 0 gives x̂₀ − x₀ = √((1−ᾱ)/ᾱ)·ε ~ N(0, (1−ᾱ)/ᾱ) and an
// ε-error of ε itself, variance 1. For e ~ N(0, v): E e² = v, Var e² = 2v²; E|e| = √(2v/π),
// Var|e| = v(1 − 2/π). Errors are independent over samples and slots, so each mean has a
// standard error from these; every statistical check allows 5 of them (two-sided p ≈ 6e-7).

import { describe, expect, it } from 'vitest';
import { createGaussianOracle } from './gaussianOracle';
import type { GaussianTarget } from './gaussianOracle';
import { createGeneMask } from './mask';
import { createSchedule } from './schedule';
import { evaluationStreams, reconstructionCurve, reconstructionTimesteps, validationLoss } from './evaluate';
import type { EvaluationSet, EvaluationStepInfo, ReconstructionPoint } from './evaluate';
import { fillNormal, createRng } from '../rng';
import type { Denoiser } from './types';
import { isCancelled } from '../errors';

const Z_LIMIT = 5;
const schedule = createSchedule({ kind: 'linear', timesteps: 1000 });
const genes = 6;
const channels = 4;
const dims = genes * channels;
/** 4 real genes, 2 padded: 16 real slots, 8 padded. */
const mask = createGeneMask(genes, channels, 4)!;
const realSlots = Array.from({ length: dims }, (_, d) => d).filter((d) => mask[d] === 1);
const target: GaussianTarget = {
  mean: Float32Array.from({ length: dims }, (_, d) => (mask[d] ? -1.5 + (3 * d) / 15 : 0)),
  variance: Float32Array.from({ length: dims }, (_, d) => (mask[d] ? 0.1 * 40 ** (((d * 5) % 16) / 15) : 1)),
};
const oracle = createGaussianOracle(schedule, target);
const zeroDenoiser: Denoiser = { prediction: 'eps', predict: async (x) => new Float32Array(x.length) };

/** n samples of N(μ, σ²) on real slots, 0 on padded ones. */
function gaussianSet(n: number, seed: number): EvaluationSet {
  const rng = createRng(seed);
  const x0 = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (const d of realSlots) x0[i * dims + d] = target.mean[d] + Math.sqrt(target.variance[d]) * rng.nextNormal();
  }
  return { x0, shape: { batch: n, genes, channels }, mask };
}

/** Expected mean and standard error of MAE and MSE over n samples × real slots, e_d ~ N(0, v_d). */
function expectedErrors(variances: number[], n: number) {
  const R = variances.length;
  const sum = (f: (v: number) => number) => variances.reduce((s, v) => s + f(v), 0);
  return {
    mse: sum((v) => v) / R,
    mseStdError: Math.sqrt(sum((v) => 2 * v * v) / n) / R,
    mae: sum((v) => Math.sqrt((2 * v) / Math.PI)) / R,
    maeStdError: Math.sqrt(sum((v) => v * (1 - 2 / Math.PI)) / n) / R,
  };
}

const oracleX0ErrorVariance = (ab: number, s2: number) => (s2 * (1 - ab)) / (ab * s2 + 1 - ab);
const oracleEpsErrorVariance = (ab: number, s2: number) => (ab * s2) / (ab * s2 + 1 - ab);
const zeroX0ErrorVariance = (ab: number) => (1 - ab) / ab;

/** Every point's real-slot MAE and MSE within Z_LIMIT standard errors of the closed form; failures listed. */
function checkCurve(points: ReconstructionPoint[], n: number, variance: (ab: number, s2: number) => number): string[] {
  const failures: string[] = [];
  for (const p of points) {
    const expected = expectedErrors(realSlots.map((d) => variance(p.alphaBar, target.variance[d])), n);
    const zMae = (p.realSlots.mae - expected.mae) / expected.maeStdError;
    const zMse = (p.realSlots.mse - expected.mse) / expected.mseStdError;
    if (!(Math.abs(zMae) < Z_LIMIT && Math.abs(zMse) < Z_LIMIT)) failures.push(`t = ${p.t}: z(MAE) = ${zMae.toFixed(2)}, z(MSE) = ${zMse.toFixed(2)}`);
    const seRatio = p.realSlots.mseStdError! / expected.mseStdError;
    if (!(seRatio > 0.8 && seRatio < 1.25)) failures.push(`t = ${p.t}: reported/expected MSE standard error = ${seRatio.toFixed(3)}`);
  }
  return failures;
}

describe('reconstructionTimesteps', () => {
  it('spreads 50 levels linearly over 0 … T−1, both ends included, and caps at T', () => {
    const grid = reconstructionTimesteps(1000);
    expect(grid.length).toBe(50);
    expect([grid[0], grid[1], grid[49]]).toEqual([0, 20, 999]);
    for (let i = 1; i < 50; i++) expect(grid[i] - grid[i - 1]).toBeGreaterThanOrEqual(20);
    expect(Array.from(reconstructionTimesteps(5))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('reconstructionCurve', () => {
  const n = 256;
  const set = gaussianSet(n, 11);

  it('matches the closed form E(x̂₀ − x₀)² = σ²(1−ᾱ)/(ᾱσ² + 1 − ᾱ) of the exact predictor at every t', async () => {
    const curve = await reconstructionCurve(oracle, schedule, set, { seed: 5, batchSize: 64 });
    expect(curve.points.map((p) => p.t)).toEqual(Array.from(reconstructionTimesteps(1000)));
    expect(curve.settings).toMatchObject({ spacing: 'linspace', sampleCount: n, slots: { real: 16, padded: 8, total: 24 } });
    expect(checkCurve(curve.points, n, oracleX0ErrorVariance)).toEqual([]);
  });

  it('gives the closed-form worse curve (1−ᾱ)/ᾱ for a denoiser that answers ε̂ = 0, which the oracle beats', async () => {
    const [oracleCurve, zeroCurve] = await Promise.all([oracle, zeroDenoiser].map(
      (denoiser) => reconstructionCurve(denoiser, schedule, set, { seed: 5, batchSize: 64 })));
    expect(checkCurve(zeroCurve.points, n, (ab) => zeroX0ErrorVariance(ab))).toEqual([]);
    // The check can fail: the oracle's curve is not the ε̂ = 0 one once ᾱσ² no longer dwarfs 1 − ᾱ.
    expect(checkCurve(oracleCurve.points, n, (ab) => zeroX0ErrorVariance(ab)).length).toBeGreaterThan(30);
    for (const [i, p] of oracleCurve.points.entries()) {
      if (p.t >= 100) expect(p.realSlots.mse).toBeLessThan(zeroCurve.points[i].realSlots.mse);
    }
  });

  it('noises sample i at level t with fillNormal(seed, reconstruction stream, i, t): exact for ε̂ = 0', async () => {
    const t = 600;
    const curve = await reconstructionCurve(zeroDenoiser, schedule, set, { seed: 9, batchSize: 100, timesteps: [t] });
    const ab = schedule.alphasCumprod[t];
    const eps = new Float32Array(dims);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      fillNormal(eps, 0, dims, { seed: 9, stream: evaluationStreams.reconstruction, sampleIndex: i, step: t });
      for (const d of realSlots) sum += (1 - ab) / ab * eps[d] ** 2;
    }
    // float32 rounding of x_t and x̂₀ only.
    expect(curve.points[0].realSlots.mse).toBeCloseTo(sum / (n * realSlots.length), 4);
    expect(curve.settings.spacing).toBe('custom');
  });

  it('reports the all-slot (paper) variant as exactly the real- and padded-slot parts weighted by slot count', async () => {
    const noisyPadding: Denoiser = {
      prediction: 'eps',
      async predict(x, shape, t, y) {
        const eps = await oracle.predict(x, shape, t, y);
        for (let i = 0; i < eps.length; i++) if (mask[i % dims] === 0) eps[i] += 0.3 + 0.001 * (i % 7);
        return eps;
      },
    };
    // Relative tolerance 1e-12: the same float64 sums, added in a different order.
    const check = (p: ReconstructionPoint, key: 'mae' | 'mse') => {
      const parts = (16 * p.realSlots[key] + 8 * p.paddedSlots![key]) / 24;
      expect(Math.abs(p.allSlots[key] - parts)).toBeLessThanOrEqual(1e-12 * parts);
    };
    const curve = await reconstructionCurve(noisyPadding, schedule, set, { seed: 5, batchSize: 64, levels: 10 });
    for (const p of curve.points) {
      check(p, 'mae');
      check(p, 'mse');
      expect(p.paddedSlots!.mae).toBeGreaterThan(0);
    }
    // With a clean padding, the paper's number is the real-slot one deflated by real/total slots.
    const clean = await reconstructionCurve(oracle, schedule, set, { seed: 5, batchSize: 64, levels: 10 });
    for (const p of clean.points) {
      expect(p.paddedSlots!.mse).toBe(0);
      expect(Math.abs(p.allSlots.mse - (p.realSlots.mse * 16) / 24)).toBeLessThanOrEqual(1e-12 * p.allSlots.mse);
    }
  });

  it('gives identical results for every batch size', async () => {
    const run = (batchSize: number) => reconstructionCurve(oracle, schedule, set, { seed: 3, batchSize, levels: 6 });
    const [whole, odd, single] = await Promise.all([run(n), run(37), run(1)]);
    expect(odd).toEqual(whole);
    expect(single).toEqual(whole);
  });

  it('accepts x₀-predicting backbones through predictionToEps', async () => {
    const x0Backbone: Denoiser = {
      prediction: 'x0',
      async predict(x, shape, t, y) {
        const eps = await oracle.predict(x, shape, t, y);
        const ab = schedule.alphasCumprod[t[0]];
        return x.map((xt, i) => (xt - Math.sqrt(1 - ab) * eps[i]) / Math.sqrt(ab));
      },
    };
    const options = { seed: 5, batchSize: 64, timesteps: [10, 300, 900] };
    const [a, b] = await Promise.all([reconstructionCurve(oracle, schedule, set, options), reconstructionCurve(x0Backbone, schedule, set, options)]);
    // float32 round trips through x̂₀ and back.
    for (const [i, p] of b.points.entries()) expect(p.realSlots.mse / a.points[i].realSlots.mse).toBeCloseTo(1, 3);
  });

  it('passes each sample its label, reports monotone progress and stops on cancel', async () => {
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const seen: number[] = [];
    const recording: Denoiser = { prediction: 'eps', async predict(x, _s, _t, y) { seen.push(...y!); return new Float32Array(x.length); } };
    const progress: EvaluationStepInfo[] = [];
    await reconstructionCurve(recording, schedule, set, { seed: 1, batchSize: 100, levels: 2, labels, onProgress: (p) => progress.push(p) });
    expect(seen).toEqual([...labels, ...labels]);
    expect(progress.map((p) => p.callsDone)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.callsTotal === 6)).toBe(true);

    const controller = new AbortController();
    let calls = 0;
    const stopping: Denoiser = { prediction: 'eps', async predict(x) { calls++; return new Float32Array(x.length); } };
    const run = reconstructionCurve(stopping, schedule, set, {
      seed: 1, batchSize: 100, signal: controller.signal, onProgress: (p) => { if (p.callsDone === 4) controller.abort(); },
    });
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(calls).toBe(4);
  });

  it('rejects inconsistent requests with a message naming the field', async () => {
    const bad = (over: Partial<EvaluationSet>, options: object = {}) =>
      reconstructionCurve(oracle, schedule, { ...set, ...over }, { seed: 1, batchSize: 8, ...options });
    await expect(bad({ mask: new Uint8Array(5) })).rejects.toThrow(/mask has 5 slots; expected genes × channels = 24/);
    await expect(bad({ mask: new Uint8Array(dims) })).rejects.toThrow(/every slot as padded/);
    await expect(bad({ x0: new Float32Array(10) })).rejects.toThrow(/x₀ holds 10 values/);
    await expect(bad({}, { timesteps: [3, 1000] })).rejects.toThrow(/is 1000; expected an integer from 0 to 999/);
    await expect(bad({}, { timesteps: [3, 3] })).rejects.toThrow(/strictly increasing/);
    await expect(bad({}, { labels: new Int32Array(3) })).rejects.toThrow(/3 class labels for 256 samples/);
    await expect(bad({}, { batchSize: 0 })).rejects.toThrow(/batchSize = 0/);
  });
});

describe('validationLoss', () => {
  const n = 2000;
  const set = gaussianSet(n, 21);

  it('matches E(ε̂ − ε)² = ᾱσ²/(ᾱσ² + 1 − ᾱ) given each drawn t, and its average over uniform t', async () => {
    const result = await validationLoss(oracle, schedule, set, { seed: 8, batchSize: 256 });
    expect(result.settings).toMatchObject({ drawCount: n, drawsPerSample: 1, slots: { real: 16 } });
    // Given the drawn t the draws are independent: a z-score with the exact standard error.
    let expectedSum = 0;
    let varianceSum = 0;
    for (const t of result.draws.t) {
      const f = realSlots.map((d) => oracleEpsErrorVariance(schedule.alphasCumprod[t], target.variance[d]));
      expectedSum += f.reduce((s, v) => s + v, 0) / 16;
      varianceSum += f.reduce((s, v) => s + 2 * v * v, 0) / 16 ** 2;
    }
    expect(Math.abs((result.loss * n - expectedSum) / Math.sqrt(varianceSum))).toBeLessThan(Z_LIMIT);
    // Over t ~ U{0 … T−1}: within Z_LIMIT reported standard errors of the schedule average.
    let marginal = 0;
    for (let t = 0; t < 1000; t++) {
      marginal += realSlots.reduce((s, d) => s + oracleEpsErrorVariance(schedule.alphasCumprod[t], target.variance[d]), 0) / 16 / 1000;
    }
    expect(Math.abs(result.loss - marginal)).toBeLessThan(Z_LIMIT * result.stdError!);
    expect(result.stdError!).toBeLessThan(0.02);
  });

  it('gives the ε̂ = 0 denoiser a loss of mean ε² over real slots, draw by draw, ≈ 1', async () => {
    const result = await validationLoss(zeroDenoiser, schedule, set, { seed: 8, batchSize: 300, drawsPerSample: 2 });
    const eps = new Float32Array(dims);
    for (let k = 0; k < 50; k++) {
      fillNormal(eps, 0, dims, { seed: 8, stream: evaluationStreams.validationNoise, sampleIndex: result.draws.sampleIndex[k], step: k % 2 });
      expect(result.draws.loss[k]).toBeCloseTo(realSlots.reduce((s, d) => s + eps[d] ** 2, 0) / 16, 12);
    }
    // Var of a draw's loss = 2/16; two independent draws per sample.
    expect(Math.abs(result.loss - 1) / Math.sqrt(2 / 16 / (2 * n))).toBeLessThan(Z_LIMIT);
  });

  it('draws t uniformly and reports the standard error of per-sample means', async () => {
    const draws = 3;
    const result = await validationLoss(oracle, schedule, set, { seed: 2, batchSize: 500, drawsPerSample: draws });
    const ts = result.draws.t;
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ts)).toBeLessThanOrEqual(999);
    const meanT = ts.reduce((s, t) => s + t, 0) / ts.length;
    expect(Math.abs(meanT - 499.5) / Math.sqrt((1000 ** 2 - 1) / 12 / ts.length)).toBeLessThan(Z_LIMIT);
    const perSample = Array.from({ length: n }, (_, i) => (result.draws.loss[3 * i] + result.draws.loss[3 * i + 1] + result.draws.loss[3 * i + 2]) / draws);
    const mean = perSample.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(perSample.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    expect(result.loss).toBeCloseTo(mean, 12);
    expect(result.stdError!).toBeCloseTo(sd / Math.sqrt(n), 12);
  });

  it('gives identical results for every batch size and passes each draw its sample label', async () => {
    const small = gaussianSet(40, 4);
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    const [a, b] = await Promise.all([7, 120].map((batchSize) =>
      validationLoss(oracle, schedule, small, { seed: 6, batchSize, drawsPerSample: 3, labels })));
    expect(a).toEqual(b);
    const seen: number[] = [];
    const recording: Denoiser = { prediction: 'eps', async predict(x, _s, _t, y) { seen.push(...y!); return new Float32Array(x.length); } };
    await validationLoss(recording, schedule, small, { seed: 6, batchSize: 7, drawsPerSample: 3, labels });
    expect(seen).toEqual(Array.from({ length: 120 }, (_, k) => labels[Math.floor(k / 3)]));
  });

  it('stops on cancel and rejects a bad draw count', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(validationLoss(oracle, schedule, set, { seed: 1, batchSize: 8, signal: controller.signal })).rejects.toSatisfy(isCancelled);
    await expect(validationLoss(oracle, schedule, set, { seed: 1, batchSize: 8, drawsPerSample: 0 })).rejects.toThrow(/draws per sample = 0/);
  });
});
