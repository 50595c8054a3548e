// Models whose graph runs at one batch only, through the real engine (onnxruntime WASM in Node):
// a declared fixed batch is run at that batch, the last one padded, with the same samples as a
// dynamic-batch model; a batch frozen inside a graph that declares it dynamic is refused at load,
// naming the file, the input and the fixes, and loads once the batch is given.
import { describe, expect, it } from 'vitest';
import { buildOnnxModel } from '../core/backbone/onnxBuilder';
import type { SampleRequest } from '../core/diffusion/sampler';
import { GdwError } from '../core/errors';
import { createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtInferenceEngine } from './ortInferenceEngine';

const G = 20;
const C = 4;
const metadata = {
  'gdw.schedule': 'linear', 'gdw.timesteps': '100', 'gdw.beta_start': '0.0001', 'gdw.beta_end': '0.02',
  'gdw.prediction': 'eps', 'gdw.genes': String(G), 'gdw.layout': 'BGC',
};

/** ε̂ = 0.5·x + w with w a [B0, G, C] constant: declared `batch`, it only runs at B0 (broadcast). */
function model(batch: number | string, frozenAt: number | null): Uint8Array {
  const w = Float32Array.from({ length: (frozenAt ?? 1) * G * C }, (_, i) => 0.01 * ((i % (G * C)) % 7));
  return buildOnnxModel({
    inputs: [{ name: 'x', elemType: 'float32', dims: [batch, G, C] }, { name: 't', elemType: 'int64', dims: [batch] }],
    outputs: [{ name: 'eps', elemType: 'float32', dims: [batch, G, C] }],
    initializers: [
      { name: 'half', elemType: 'float32', dims: [], data: [0.5] },
      { name: 'w', elemType: 'float32', dims: [frozenAt ?? 1, G, C], data: w },
    ],
    nodes: [
      { opType: 'Mul', inputs: ['x', 'half'], outputs: ['hx'] },
      { opType: 'Add', inputs: ['hx', 'w'], outputs: ['eps'] },
    ],
    metadata,
  });
}

const request: SampleRequest = { count: 7, genes: G, channels: C, sampler: 'ddim', steps: 10, eta: 0, seed: 4, batchSize: 3 };

async function samplesOf(bytes: Uint8Array, fileName: string, overrides = {}) {
  const engine = createOrtInferenceEngine(createNodeOrtRuntime());
  const { spec } = await engine.load(bytes, { fileName, overrides });
  const { samples } = await engine.sample(request);
  await engine.unload();
  return { spec, samples };
}

describe('fixed-batch models', () => {
  it('runs a declared batch of 4 in chunks of 4, the last padded: the same samples as any batch', async () => {
    const fixed = await samplesOf(model(4, null), 'fixed.onnx');
    expect(fixed.spec.staticBatch).toBe(4);
    const dynamic = await samplesOf(model('batch', null), 'dynamic.onnx');
    expect(dynamic.spec.staticBatch).toBeNull();
    expect(fixed.samples).toEqual(dynamic.samples);
  });

  it('refuses a batch frozen inside a dynamic-looking graph at load, then runs it at the batch given', async () => {
    const frozen = model('batch', 4);
    const engine = createOrtInferenceEngine(createNodeOrtRuntime());
    const err = await engine.load(frozen, { fileName: 'frozen.onnx' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GdwError);
    expect((err as GdwError).code).toBe('backbone-contract');
    expect((err as GdwError).message).toMatch(/frozen\.onnx fails a test run at batch 1 \(input x float32 \[batch, 20, 4\]\)/);
    expect((err as GdwError).message).toMatch(/torch\.stack.*--fixed-batch N/s);
    const given = await samplesOf(frozen, 'frozen.onnx', { staticBatch: 4 });
    expect(given.spec).toMatchObject({ staticBatch: 4, sources: { staticBatch: 'override' } });
    expect(given.samples.every(Number.isFinite)).toBe(true);
    // A frozen w broadcasts per row: the same model at a declared batch 4 gives the same samples.
    const declared = await samplesOf(model(4, 4), 'declared.onnx');
    expect(given.samples).toEqual(declared.samples);
  });
});
