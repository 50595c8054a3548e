import { describe, expect, it } from 'vitest';
import { createGaussianOracle } from './gaussianOracle';
import type { ClassifierGuidance } from './guidance';
import { sample, type SampleRequest } from './sampler';
import { createSchedule } from './schedule';

const schedule = createSchedule({ kind: 'linear', timesteps: 50, betaStart: 1e-4, betaEnd: 0.02 });
const [genes, channels] = [4, 2];
const dims = genes * channels;
const mask = Uint8Array.from({ length: dims }, (_, i) => (i === 7 ? 0 : 1));
const denoiser = createGaussianOracle(schedule, {
  mean: Float32Array.from({ length: dims }, (_, i) => 0.3 * i - 1), variance: new Float32Array(dims).fill(0.5),
});
/** ∇ log p(y | x̂₀) of a linear classifier: the constant direction w (0 on the padded slot). */
const w = Float32Array.from({ length: dims }, (_, i) => (mask[i] ? (i % 2 === 0 ? 1 : -0.5) : 0));
const linearGuidance = (scale: number, calls?: { n: number }): ClassifierGuidance => ({
  scale,
  gradient: async (_x0Hat, shape) => {
    if (calls) calls.n++;
    return Float32Array.from({ length: shape.batch * dims }, (_, i) => w[i % dims]);
  },
});

describe('classifier guidance', () => {
  it.each([
    { sampler: 'ddpm' as const }, { sampler: 'ddim' as const, steps: 10, eta: 0.5 }, { sampler: 'ddim' as const, steps: 10, eta: 0 },
  ])('at scale 0 is bit for bit the unguided sampler and never asks the classifier (%o)', async (kind) => {
    const request: SampleRequest = { count: 5, genes, channels, seed: 11, batchSize: 2, mask, ...kind };
    const calls = { n: 0 };
    const unguided = await sample(denoiser, schedule, request);
    const zero = await sample(denoiser, schedule, request, { guidance: linearGuidance(0, calls) });
    expect(calls.n).toBe(0);
    expect(Buffer.from(zero.buffer).equals(Buffer.from(unguided.buffer))).toBe(true);
    // A non-zero scale does change the samples (the comparison above could not pass by accident).
    const guided = await sample(denoiser, schedule, request, { guidance: linearGuidance(0.5, calls) });
    expect(calls.n).toBeGreaterThan(0);
    expect(Buffer.from(guided.buffer).equals(Buffer.from(unguided.buffer))).toBe(false);
  });

  it('one DDIM step to x₀ moves the sample by s·(1−ᾱ_t)/√ᾱ_t·∇ (closed form), padded slots staying 0', async () => {
    const t = 30;
    const s = 0.7;
    const request: SampleRequest = { count: 3, genes, channels, seed: 5, batchSize: 3, mask, sampler: 'ddim', timesteps: Int32Array.of(t), eta: 0 };
    const unguided = await sample(denoiser, schedule, request);
    const guided = await sample(denoiser, schedule, request, { guidance: linearGuidance(s) });
    const ab = schedule.alphasCumprod[t];
    const shift = s * (1 - ab) / Math.sqrt(ab);
    for (let i = 0; i < guided.length; i++) {
      const d = i % dims;
      if (!mask[d]) expect(guided[i]).toBe(0);
      else expect(guided[i] - unguided[i]).toBeCloseTo(shift * w[d], 5);
    }
  });

  it('raises the linear classifier\'s score w·x more as the scale grows (DDPM, 40 samples)', async () => {
    const request: SampleRequest = { count: 40, genes, channels, seed: 3, batchSize: 16, mask, sampler: 'ddpm' };
    const score = (x: Float32Array) => x.reduce((a, v, i) => a + v * w[i % dims], 0) / request.count;
    const scores = [];
    for (const s of [0, 0.2, 0.5]) scores.push(score(await sample(denoiser, schedule, request, { guidance: linearGuidance(s) })));
    expect(scores[1]).toBeGreaterThan(scores[0]);
    expect(scores[2]).toBeGreaterThan(scores[1]);
  });

  it('stops on a NaN gradient with a typed error', async () => {
    const request: SampleRequest = { count: 2, genes, channels, seed: 1, batchSize: 2, mask, sampler: 'ddim', steps: 5 };
    await expect(sample(denoiser, schedule, request, { guidance: { scale: 1, gradient: async () => new Float32Array(2 * dims).fill(Number.NaN) } }))
      .rejects.toMatchObject({ name: 'DesignError', problem: 'non-finite' });
  });
});
