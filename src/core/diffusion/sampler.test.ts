import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidRequestError } from '../errors';
import { fillNormal } from '../rng';
import { estimateX0 } from './forward';
import { createGaussianOracle } from './gaussianOracle';
import { noiseStreams, sample } from './sampler';
import type { SampleRequest, SamplerStepInfo } from './sampler';
import { createSchedule } from './schedule';
import type { Denoiser, PredictionKind, TensorShape } from './types';

const schedule = createSchedule({ kind: 'linear', timesteps: 100 });

/** A class-conditional ε-model that looks at each sample alone (as a real backbone does). */
function conditionalDenoiser(): Denoiser {
  return {
    prediction: 'eps',
    async predict(x, shape, t, y) {
      const dims = shape.genes * shape.channels;
      const out = new Float32Array(x.length);
      for (let b = 0; b < shape.batch; b++) {
        const label = y ? y[b] : 0;
        for (let d = 0; d < dims; d++) {
          const i = b * dims + d;
          out[i] = 0.5 * Math.tanh(x[i]) + 0.2 * label + 1e-3 * t[b] + 0.01 * (d % 3);
        }
      }
      return out;
    },
  };
}

const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const base: SampleRequest = {
  count: 7, genes: 3, channels: 2, sampler: 'ddpm', seed: 42, batchSize: 7,
  classLabels: Int32Array.of(0, 1, 1, 0, 2, 1, 0),
};

describe('batch independence: noise addressed by (seed, global sample index)', () => {
  it.each([
    ['DDPM', { sampler: 'ddpm' }],
    ['DDIM η = 0.5, 20 steps', { sampler: 'ddim', eta: 0.5, steps: 20 }],
  ] as const)('%s: batch sizes 1, 3 and 7 give bit-identical samples', async (_name, variant) => {
    const denoiser = conditionalDenoiser();
    const [one, three, all] = await Promise.all([1, 3, 7].map((batchSize) =>
      sample(denoiser, schedule, { ...base, ...variant, batchSize })));
    expect(bytesOf(one).equals(bytesOf(all))).toBe(true);
    expect(bytesOf(three).equals(bytesOf(all))).toBe(true);
  });

  it.each([
    ['DDPM', { sampler: 'ddpm' }],
    ['DDIM η = 0.5, 20 steps', { sampler: 'ddim', eta: 0.5, steps: 20 }],
  ] as const)('%s: a set generated in parts (firstSample) is bit-identical to the set generated whole', async (_name, variant) => {
    const denoiser = conditionalDenoiser();
    const all = await sample(denoiser, schedule, { ...base, ...variant });
    const labels = base.classLabels!;
    const parts = await Promise.all([[0, 2], [2, 5], [5, 7]].map(([from, to]) => sample(denoiser, schedule, {
      ...base, ...variant, count: to - from, firstSample: from, classLabels: labels.subarray(from, to), batchSize: 2,
    })));
    const joined = new Float32Array(all.length);
    parts.reduce((at, part) => (joined.set(part, at), at + part.length), 0);
    expect(bytesOf(joined).equals(bytesOf(all))).toBe(true);
    const shifted = await sample(denoiser, schedule, { ...base, ...variant, firstSample: 1 });
    expect(bytesOf(shifted).equals(bytesOf(all))).toBe(false);
    await expect(sample(denoiser, schedule, { ...base, firstSample: -1 })).rejects.toThrow(/firstSample = -1/);
  });

  it('writes into the array `allocate` makes (a worker\'s shared memory), the same bits as its own', async () => {
    const denoiser = conditionalDenoiser();
    const own = await sample(denoiser, schedule, base);
    const lengths: number[] = [];
    const given = await sample(denoiser, schedule, base, {
      allocate: (length) => (lengths.push(length), new Float32Array(new SharedArrayBuffer(length * 4))),
    });
    expect(lengths).toEqual([own.length]);
    expect(given.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(bytesOf(given).equals(bytesOf(own))).toBe(true);
  });

  it('a sample does not depend on how many come after it, and the labels and seed do matter', async () => {
    const denoiser = conditionalDenoiser();
    const all = await sample(denoiser, schedule, base);
    const firstThree = await sample(denoiser, schedule, { ...base, count: 3, classLabels: base.classLabels!.subarray(0, 3) });
    expect(bytesOf(firstThree).equals(bytesOf(all.subarray(0, 18)))).toBe(true);
    const relabelled = await sample(denoiser, schedule, { ...base, classLabels: new Int32Array(7) });
    expect(bytesOf(relabelled).equals(bytesOf(all))).toBe(false);
    const reseeded = await sample(denoiser, schedule, { ...base, seed: 43 });
    expect(bytesOf(reseeded).equals(bytesOf(all))).toBe(false);
  });

  it('passes each batch its own slice of the class labels, or null', async () => {
    const seen: number[][] = [];
    const spy: Denoiser = {
      prediction: 'eps',
      async predict(x, _shape, _t, y) {
        seen.push(y ? Array.from(y) : []);
        return new Float32Array(x.length);
      },
    };
    await sample(spy, schedule, { ...base, sampler: 'ddim', steps: 1, batchSize: 3 });
    expect(seen).toEqual([[0, 1, 1], [0, 2, 1], [0]]);
    const nulls: (Int32Array | null)[] = [];
    await sample({ ...spy, predict: async (x, _s, _t, y) => { nulls.push(y); return new Float32Array(x.length); } },
      schedule, { ...base, sampler: 'ddim', steps: 2, classLabels: null });
    expect(nulls).toEqual([null, null]);
  });

  it('draws x_T from stream `initial` at step 0 (DDIM with a zero ε-model returns x̂₀ = x_T/√ᾱ_T)', async () => {
    const zero: Denoiser = { prediction: 'eps', predict: async (x) => new Float32Array(x.length) };
    const out = await sample(zero, schedule, { ...base, count: 2, classLabels: null, sampler: 'ddim', timesteps: Int32Array.of(99) });
    const xT = new Float32Array(6);
    fillNormal(xT, 0, 6, { seed: 42, stream: noiseStreams.initial, sampleIndex: 1, step: 0 });
    const scale = 1 / Math.sqrt(schedule.alphasCumprod[99]);
    for (let i = 0; i < 6; i++) expect(out[6 + i]).toBe(Math.fround(scale * xT[i]));
  });

  it('draws step noise from stream `step` at step = t (DDPM, T = 3, zero ε-model; 1e-6)', async () => {
    const short = createSchedule({ kind: 'linear', timesteps: 3 });
    const zero: Denoiser = { prediction: 'eps', predict: async (x) => new Float32Array(x.length) };
    const out = await sample(zero, short, { ...base, count: 2, classLabels: null });
    const draw = (stream: number, step: number) => {
      const z = new Float32Array(6);
      fillNormal(z, 0, 6, { seed: 42, stream, sampleIndex: 1, step });
      return z;
    };
    // With ε̂ = 0: x_{t−1} = x_t/√α_t + √β̃_t·z_t, and no noise at t = 0.
    const [xT, z2, z1] = [draw(noiseStreams.initial, 0), draw(noiseStreams.step, 2), draw(noiseStreams.step, 1)];
    const { alphas, posteriorVariance: pv } = short;
    for (let i = 0; i < 6; i++) {
      const x1 = xT[i] / Math.sqrt(alphas[2]) + Math.sqrt(pv[2]) * z2[i];
      const x0 = (x1 / Math.sqrt(alphas[1]) + Math.sqrt(pv[1]) * z1[i]) / Math.sqrt(alphas[0]);
      expect(Math.abs(out[6 + i] - x0)).toBeLessThan(1e-6);
    }
  });
});

describe('padding mask', () => {
  const mask = Uint8Array.of(1, 0, 1, 1, 0, 0); // genes 3 × channels 2
  const padded = [1, 4, 5];

  /** ε = 1 + x everywhere, padded slots included, and a record of any padded input that is not 0. */
  function spyDenoiser(prediction: PredictionKind = 'eps') {
    const violations: string[] = [];
    let calls = 0;
    const denoiser: Denoiser = {
      prediction,
      async predict(x, shape: TensorShape, t) {
        calls++;
        const dims = shape.genes * shape.channels;
        for (let b = 0; b < shape.batch; b++) {
          for (const d of padded) if (x[b * dims + d] !== 0) violations.push(`t=${t[b]} sample ${b} slot ${d}: ${x[b * dims + d]}`);
        }
        return x.map((v) => 1 + v);
      },
    };
    return { denoiser, violations, calls: () => calls };
  }

  it.each([
    ['DDPM', { sampler: 'ddpm' }, 'eps'],
    ['DDIM η = 0.5', { sampler: 'ddim', eta: 0.5, steps: 10 }, 'eps'],
    ['DDIM η = 0 with a v-model', { sampler: 'ddim', steps: 10 }, 'v'],
  ] as const)('%s: padded slots are exactly 0 at every step and in the output', async (_name, variant, prediction) => {
    const spy = spyDenoiser(prediction);
    const out = await sample(spy.denoiser, schedule, { ...base, ...variant, mask, batchSize: 3 });
    expect(spy.calls()).toBeGreaterThan(3);
    expect(spy.violations).toEqual([]);
    for (let i = 0; i < out.length; i++) {
      if (padded.includes(i % 6)) expect(out[i]).toBe(0);
      else expect(out[i]).not.toBe(0); // the mask must not swallow real slots
    }
  });
});

describe('prediction kinds', () => {
  const target = { mean: Float32Array.of(1, -1, 0.5, 2), variance: Float32Array.of(0.5, 1, 2, 0.1) };
  const oracle = createGaussianOracle(schedule, target);

  /** The oracle re-expressed as an x₀- or v-prediction, as such a backbone would output it. */
  function reexpressed(prediction: 'x0' | 'v'): Denoiser {
    return {
      prediction,
      async predict(x, shape, t, y) {
        const eps = await oracle.predict(x, shape, t, y);
        const x0 = estimateX0(x, eps, schedule, t, shape);
        if (prediction === 'x0') return x0;
        const ab = schedule.alphasCumprod[t[0]];
        return eps.map((e, i) => Math.sqrt(ab) * e - Math.sqrt(1 - ab) * x0[i]);
      },
    };
  }

  it.each(['x0', 'v'] as const)('a %s-model yields the ε-model\'s samples (1e-4)', async (prediction) => {
    for (const variant of [{ sampler: 'ddpm' }, { sampler: 'ddim', eta: 0.5, steps: 25 }] as const) {
      const request: SampleRequest = { count: 20, genes: 2, channels: 2, seed: 3, batchSize: 8, ...variant };
      const expected = await sample(oracle, schedule, request);
      const actual = await sample(reexpressed(prediction), schedule, request);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
      expect(worst).toBeLessThan(1e-4);
    }
  });
});

describe('progress and cancellation', () => {
  const request: SampleRequest = { ...base, count: 5, classLabels: null, batchSize: 2, sampler: 'ddim', steps: 10 };

  it('onStep counts every step once: stepsDone 1 … stepsTotal, samplesDone ends at count', async () => {
    const infos: SamplerStepInfo[] = [];
    await sample(conditionalDenoiser(), schedule, request, { onStep: (info) => infos.push(info) });
    expect(infos.length).toBe(30);
    expect(infos.map((i) => i.stepsDone)).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
    expect(infos.every((i) => i.stepsTotal === 30 && i.batchCount === 3 && i.stepsPerBatch === 10)).toBe(true);
    const done = infos.map((i) => i.samplesDone);
    expect(done.every((d, k) => k === 0 || d >= done[k - 1])).toBe(true);
    expect(done.at(-1)).toBe(5);
    expect(infos[19]).toEqual({ batchIndex: 1, batchCount: 3, stepIndex: 9, stepsPerBatch: 10, stepsDone: 20, stepsTotal: 30, samplesDone: 4 });
  });

  it('an abort mid-run rejects with CancelledError and no further denoiser call', async () => {
    const controller = new AbortController();
    let calls = 0;
    const inner = conditionalDenoiser();
    const counting: Denoiser = { prediction: 'eps', predict: (...args) => { calls++; return inner.predict(...args); } };
    const run = sample(counting, schedule, request, {
      signal: controller.signal,
      onStep: (info) => { if (info.stepsDone === 13) controller.abort(); },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(13);
  });

  it('an already aborted signal rejects before the first step', async () => {
    let calls = 0;
    const denoiser: Denoiser = { prediction: 'eps', predict: async (x) => { calls++; return new Float32Array(x.length); } };
    await expect(sample(denoiser, schedule, request, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls).toBe(0);
  });
});

describe('request validation', () => {
  const denoiser = conditionalDenoiser();
  it.each([
    [{ count: 0 }, /count = 0; expected an integer ≥ 1/],
    [{ batchSize: 0 }, /batchSize = 0; expected an integer ≥ 1/],
    [{ genes: 1.5 }, /genes = 1.5; expected an integer ≥ 1/],
    [{ seed: -1 }, /seed = -1; expected a non-negative integer/],
    [{ classLabels: Int32Array.of(0, 1) }, /2 class labels for 7 samples; expected one per sample/],
    [{ mask: new Uint8Array(5) }, /padding mask has 5 slots; expected genes × channels = 3 × 2 = 6/],
    [{ mask: Uint8Array.of(1, 1, 2, 1, 1, 1) }, /padding mask slot 2 is 2; expected 1 \(real\) or 0 \(padded\)/],
    [{ sampler: 'euler' }, /unknown sampler 'euler'; expected ddpm or ddim/],
    [{ sampler: 'ddim', eta: 1.5 }, /DDIM η = 1.5; expected a number from 0 to 1/],
    [{ sampler: 'ddim', steps: 101 }, /DDIM steps = 101; expected an integer from 1 to the schedule's 100/],
    [{ sampler: 'ddim', timesteps: Int32Array.of(10, 20) }, /expected a strictly decreasing sequence/],
  ])('rejects %o', async (change, message) => {
    const request = { ...base, ...change } as SampleRequest;
    await expect(sample(denoiser, schedule, request)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(sample(denoiser, schedule, request)).rejects.toThrow(message);
  });

  it('rejects a denoiser whose output is not shaped like x', async () => {
    const bad: Denoiser = { prediction: 'eps', predict: async () => new Float32Array(3) };
    await expect(sample(bad, schedule, base)).rejects.toMatchObject({ code: 'backbone-contract' });
  });

  it('runs a T = 1 schedule: one DDPM step and a one-step DDIM by default', async () => {
    const single = createSchedule({ kind: 'linear', timesteps: 1 });
    let calls = 0;
    const denoiser: Denoiser = { prediction: 'eps', predict: async (x) => { calls++; return new Float32Array(x.length); } };
    for (const sampler of ['ddpm', 'ddim'] as const) {
      const out = await sample(denoiser, single, { ...base, classLabels: null, sampler });
      expect(out.length).toBe(42);
      expect(out.every(Number.isFinite)).toBe(true);
    }
    expect(calls).toBe(2);
  });
});
