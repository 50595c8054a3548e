import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
 
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { readBackboneSpec } from '../backbone/readBackbone';
import { createGaussianOracle } from '../diffusion/gaussianOracle';
import { createSchedule } from '../diffusion/schedule';
import { createRng } from '../rng';
import { buildGaussianDemo, createGaussianDemoTarget, type GaussianDemoTarget } from './gaussianBackboneDemo';

const demoFile = (name: string): string => fileURLToPath(new URL(`../../../public/demo/${name}`, import.meta.url));

describe('the committed demo backbone (public/demo)', () => {
  const { onnx, json } = buildGaussianDemo();

  it('is byte-identical to what scripts/makeDemoBackbone.ts writes (rerun it after changing the demo)', () => {
    expect(new Uint8Array(readFileSync(demoFile('gaussian-demo.onnx')))).toEqual(onnx);
    expect(readFileSync(demoFile('gaussian-demo.json'), 'utf8')).toBe(json);
  });

  it('meets the contract with full metadata: 16 × 8, 14 real genes, linear T = 1000', () => {
    const spec = readBackboneSpec(onnx, 'gaussian-demo.onnx');
    expect(spec).toMatchObject({
      kind: 'diffusion', genes: 16, channels: 8, realGenes: 14, layout: 'BGC', prediction: 'eps',
      schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 },
    });
    expect(spec.missing).toEqual([]);
  });

  it('draws real moments in range and pads the trailing genes with N(0, 1)', () => {
    const target: GaussianDemoTarget = JSON.parse(json);
    expect(target).toEqual(createGaussianDemoTarget());
    const realSlots = target.realGenes * target.channels;
    expect(target.mean).toHaveLength(target.genes * target.channels);
    for (let i = 0; i < target.mean.length; i++) {
      if (i < realSlots) {
        expect(Math.abs(target.mean[i])).toBeLessThanOrEqual(1.5);
        expect(target.variance[i]).toBeGreaterThanOrEqual(0.1);
        expect(target.variance[i]).toBeLessThanOrEqual(2);
      } else {
        expect([target.mean[i], target.variance[i]]).toEqual([0, 1]);
      }
    }
  });

  it('runs in ONNX Runtime (WASM) and matches the oracle to 1e-5 relative', async () => {
    ort.env.wasm.numThreads = 1;
    const target = createGaussianDemoTarget();
    const batch = 4;
    const shape = { batch, genes: target.genes, channels: target.channels };
    const rng = createRng(11);
    const x = Float32Array.from({ length: batch * target.genes * target.channels }, () => rng.nextNormal());
    const t = Int32Array.from([0, 17, 500, 999]);
    const session = await ort.InferenceSession.create(readFileSync(demoFile('gaussian-demo.onnx')));
    const results = await session.run({
      x: new ort.Tensor('float32', x, [batch, target.genes, target.channels]),
      t: new ort.Tensor('int64', BigInt64Array.from(t, (v) => BigInt(v)), [batch]),
    });
    await session.release();
    const actual = results.eps.data as Float32Array;
    const moments = { mean: Float32Array.from(target.mean), variance: Float32Array.from(target.variance) };
    const expected = await createGaussianOracle(createSchedule(target.schedule), moments).predict(x, shape, t, null);
    const worst = Math.max(...expected.map((e, i) => Math.abs(actual[i] - e) / (1e-5 * Math.abs(e) + 1e-7)));
    expect(worst).toBeLessThanOrEqual(1);
  });
});
