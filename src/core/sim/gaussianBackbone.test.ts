 
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGaussianOracle, gaussianEpsTables } from '../diffusion/gaussianOracle';
import { createSchedule, type ScheduleSpec } from '../diffusion/schedule';
import { createRng } from '../rng';
import { buildGaussianBackbone, type GaussianBackboneOptions } from './gaussianBackbone';

const B = 6;
const G = 5;
const C = 3;
const schedule: ScheduleSpec = { kind: 'linear', timesteps: 50, betaStart: 1e-3, betaEnd: 0.2 };
/** Relative tolerance (with a tiny absolute floor for values near 0): ORT does two float32 ops. */
const REL_TOL = 1e-5;
const ABS_FLOOR = 1e-7;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

function target(seed: number): { mean: Float32Array; variance: Float32Array } {
  const rng = createRng(seed);
  const mean = Float32Array.from({ length: G * C }, () => -1.5 + 3 * rng.nextUnit());
  const variance = Float32Array.from({ length: G * C }, () => 0.1 + 1.9 * rng.nextUnit());
  return { mean, variance };
}

function randomInputs(seed: number): { x: Float32Array; t: Int32Array } {
  const rng = createRng(seed, 1);
  const x = Float32Array.from({ length: B * G * C }, () => 2 * rng.nextNormal());
  // Include both ends of the schedule, where ᾱ is near 1 and near its minimum.
  const t = Int32Array.from({ length: B }, (_, b) => (b === 0 ? 0 : b === 1 ? schedule.timesteps - 1 : rng.nextInt(schedule.timesteps)));
  return { x, t };
}

/** [B, G, C] ↔ [B, C, G]. */
function swapLastAxes(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out[b * rows * cols + j * rows + i] = data[b * rows * cols + i * cols + j];
    }
  }
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (REL_TOL * Math.abs(expected[i]) + ABS_FLOOR));
  }
  expect(worst).toBeLessThanOrEqual(1);
}

async function runModel(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run(feeds);
    return results[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

type Variant = Pick<GaussianBackboneOptions, 'layout' | 'tDtype' | 'withLabelInput' | 'labelEncoding'>;

async function runVariant(variant: Variant, seed: number): Promise<{ onnx: Float32Array; oracle: Float32Array }> {
  const moments = target(seed);
  const { x, t } = randomInputs(seed);
  const bytes = buildGaussianBackbone({ schedule, ...moments, genes: G, channels: C, ...variant });
  const bcg = variant.layout === 'BCG';
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', bcg ? swapLastAxes(x, G, C) : x, bcg ? [B, C, G] : [B, G, C]),
    t: variant.tDtype === 'float32'
      ? new ort.Tensor('float32', Float32Array.from(t), [B])
      : new ort.Tensor('int64', BigInt64Array.from(t, (v) => BigInt(v)), [B]),
  };
  if (variant.withLabelInput) {
    feeds.y = variant.labelEncoding === 'one-hot'
      ? new ort.Tensor('float32', Float32Array.from({ length: B * 2 }, (_, i) => i % 2), [B, 2])
      : new ort.Tensor('int64', BigInt64Array.from({ length: B }, (_, i) => BigInt(i % 2)), [B]);
  }
  const raw = await runModel(bytes, feeds);
  const oracle = await createGaussianOracle(createSchedule(schedule), moments).predict(x, { batch: B, genes: G, channels: C }, t, null);
  return { onnx: bcg ? swapLastAxes(raw, C, G) : raw, oracle };
}

describe('buildGaussianBackbone in ONNX Runtime (WASM)', () => {
  const variants: [string, Variant][] = [
    ['BGC, int64 t', {}],
    ['BGC, float32 t', { tDtype: 'float32' }],
    ['BCG, int64 t', { layout: 'BCG' }],
    ['BCG, float32 t', { layout: 'BCG', tDtype: 'float32' }],
    ['with an ignored index label', { withLabelInput: true }],
    ['with an ignored one-hot label', { withLabelInput: true, labelEncoding: 'one-hot' }],
  ];
  it.each(variants)('equals the closed-form oracle to 1e-5 relative: %s', async (_name, variant) => {
    for (const seed of [1, 2]) {
      const { onnx, oracle } = await runVariant(variant, seed);
      expectClose(onnx, oracle);
    }
  });

  it('equals the table formula ε̂ = (x − shift[t]) · scale[t] written out directly', async () => {
    const moments = target(3);
    const { x, t } = randomInputs(3);
    const tables = gaussianEpsTables(createSchedule(schedule), moments);
    const expected = x.map((v, i) => {
      const row = t[Math.floor(i / (G * C))] * G * C + (i % (G * C));
      return (v - tables.shift[row]) * tables.scale[row];
    });
    const bytes = buildGaussianBackbone({ schedule, ...moments, genes: G, channels: C });
    const feeds = {
      x: new ort.Tensor('float32', x, [B, G, C]),
      t: new ort.Tensor('int64', BigInt64Array.from(t, (v) => BigInt(v)), [B]),
    };
    expectClose(await runModel(bytes, feeds), expected);
  });
});

describe('buildGaussianBackbone bytes', () => {
  it('is deterministic: the same options give identical bytes', () => {
    const options = { schedule, ...target(4), genes: G, channels: C, layout: 'BCG' as const, withLabelInput: true };
    expect(buildGaussianBackbone(options)).toEqual(buildGaussianBackbone({ ...options }));
  });

  it('changes when the target changes (the determinism test can fail)', () => {
    const a = buildGaussianBackbone({ schedule, ...target(4), genes: G, channels: C });
    const b = buildGaussianBackbone({ schedule, ...target(5), genes: G, channels: C });
    expect(a).not.toEqual(b);
  });

  it('rejects moments of the wrong length', () => {
    expect(() => buildGaussianBackbone({ schedule, mean: [0], variance: [1], genes: G, channels: C })).toThrow(/genes × channels = 15/);
  });
});
