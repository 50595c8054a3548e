// The inference engine's forward() on onnxruntime-web (WASM EP in Node): a GAN generator's G(z) and a
// denoiser's raw prediction, checked against what the models compute by construction, and each call
// refused on the other backbone kind.
import { describe, expect, it } from 'vitest';
import { createGaussianOracle } from '../core/diffusion/gaussianOracle';
import { createSchedule } from '../core/diffusion/schedule';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { buildLinearGenerator } from './fixtures/linearGenerator';
import { createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtInferenceEngine } from './ortInferenceEngine';

const [genes, channels, latentDim] = [4, 2, 3];
const dims = genes * channels;
const mask = Uint8Array.from({ length: dims }, (_, i) => (i === 7 ? 0 : 1));
const mean = Float32Array.from({ length: dims }, (_, i) => (mask[i] ? 0.1 * i - 0.3 : 0));

describe('InferenceEngine.forward', () => {
  it('generate: G(0) = b, G is linear in z (x = z·W + b), padded slots 0', async () => {
    const engine = createOrtInferenceEngine(createNodeOrtRuntime());
    await engine.load(buildLinearGenerator({ genes, channels, latentDim, realGenes: genes, mean, mask, codecSha256: 'ab'.repeat(32) }), { fileName: 'gan.onnx' });
    const call = (z: number[]) => engine.forward({ kind: 'generate', z: Float32Array.from(z), count: z.length / latentDim, genes, channels, labels: null, mask });
    const zero = await call([0, 0, 0]);
    zero.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 6));
    const [e0, e1, both] = await Promise.all([call([1, 0, 0]), call([0, 2, 0]), call([1, 2, 0])]);
    for (let i = 0; i < dims; i++) {
      expect(both[i] - mean[i]).toBeCloseTo((e0[i] - mean[i]) + (e1[i] - mean[i]), 5);
      if (!mask[i]) expect(both[i]).toBe(0);
    }
    // Two latents in one call: row by row the same as one at a time.
    const two = await call([1, 0, 0, 0, 2, 0]);
    expect(Array.from(two)).toEqual([...e0, ...e1]);
    await expect(engine.forward({ kind: 'denoise', x: new Float32Array(dims), shape: { batch: 1, genes, channels }, t: Int32Array.of(0), labels: null }))
      .rejects.toMatchObject({ name: 'DesignError', problem: 'missing-input' });
    await engine.unload();
  });

  it('denoise: the Gaussian backbone\'s ε̂ equals its closed form; a generate call is refused', async () => {
    const schedule = { kind: 'linear' as const, timesteps: 20, betaStart: 1e-4, betaEnd: 0.02 };
    const variance = new Float32Array(dims).fill(0.5);
    const engine = createOrtInferenceEngine(createNodeOrtRuntime());
    await engine.load(buildGaussianBackbone({ schedule, mean, variance, genes, channels }), { fileName: 'oracle.onnx' });
    const x = Float32Array.from({ length: 2 * dims }, (_, i) => Math.sin(i));
    const shape = { batch: 2, genes, channels };
    const t = Int32Array.of(3, 17);
    const eps = await engine.forward({ kind: 'denoise', x, shape, t, labels: null });
    const expected = await createGaussianOracle(createSchedule(schedule), { mean, variance }).predict(x, shape, t, null);
    eps.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    await expect(engine.forward({ kind: 'generate', z: new Float32Array(3), count: 1, genes, channels, labels: null, mask }))
      .rejects.toMatchObject({ problem: 'missing-input' });
    await engine.unload();
  });
});
