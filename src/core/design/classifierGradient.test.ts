import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFeatureLayout } from '../classify/dataset';
import { buildClassifier, defaultClassifierSpecs, geneMultipleOf, type ClassifierSpec } from '../classify/models';
import type { Predictor } from '../classify/predict';
import { designObjectives, objectiveGradient, type DesignObjective } from './classifierGradient';
import { DesignError } from './errors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const [genes, channels, batch] = [8, 3, 3];
/** Gene 5 is all padding, gene 2 has one padded component. */
const mask = Uint8Array.from({ length: genes * channels }, (_, i) => (Math.floor(i / channels) === 5 || i === 2 * channels + 2 ? 0 : 1));
const values = (n: number, salt: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + salt * 78.233));

function predictorOf(spec: ClassifierSpec): Predictor {
  const layout = createFeatureLayout(mask, { genes, channels }, geneMultipleOf(spec));
  return { model: buildClassifier(spec, { genes: layout.geneSlots.length, channels, classes: 2 }, 7), layout, classes: 2 };
}

/** s(x) per sample, for finite differences. */
async function scoreOf(predictor: Predictor, x: Float32Array, target: number, objective: DesignObjective): Promise<number[]> {
  return Array.from((await objectiveGradient(predictor, { data: x, shape: { batch, genes, channels } }, target, objective)).values);
}

describe('objectiveGradient', () => {
  it.each([
    ['mlp', designObjectives.logit], ['mlp', designObjectives.logProb], ['cnn', designObjectives.logProb],
  ] as const)('matches central finite differences (%s, %s)', async (kind, objective) => {
    const predictor = predictorOf({ ...defaultClassifierSpecs[kind], ...(kind === 'cnn' ? { filters: [4], kernelSize: 3 } : {}) });
    const x = values(batch * genes * channels, 3);
    const { values: s, gradient } = await objectiveGradient(predictor, { data: x, shape: { batch, genes, channels } }, 1, objective);
    expect(s.length).toBe(batch);
    // Padded slots get no gradient.
    for (let r = 0; r < batch; r++) mask.forEach((m, d) => { if (m === 0) expect(gradient[r * mask.length + d]).toBe(0); });
    // Directional derivative along a fixed direction v (real slots): (s(x+hv) − s(x−hv)) / 2h vs ∇s·v, per sample.
    const v = values(x.length, 11).map((u, i) => (mask[i % mask.length] ? u : 0));
    const h = 1e-2;
    const plus = await scoreOf(predictor, x.map((u, i) => u + h * v[i]), 1, objective);
    const minus = await scoreOf(predictor, x.map((u, i) => u - h * v[i]), 1, objective);
    for (let r = 0; r < batch; r++) {
      let dot = 0;
      for (let d = 0; d < mask.length; d++) dot += gradient[r * mask.length + d] * v[r * mask.length + d];
      const fd = (plus[r] - minus[r]) / (2 * h);
      // float32 forward passes: |error| ≲ 1e-6/h plus the O(h²) term; 2e-3 + 1 % covers both.
      expect(Math.abs(fd - dot)).toBeLessThan(2e-3 + 0.01 * Math.abs(dot));
    }
    // A few single coordinates too (each slot's own derivative).
    for (const d of [0, 4, 2 * channels + 1, 7 * channels + 2]) {
      const e = new Float32Array(x.length);
      e[d] = 1;
      const up = await scoreOf(predictor, x.map((u, i) => u + h * e[i]), 1, objective);
      const down = await scoreOf(predictor, x.map((u, i) => u - h * e[i]), 1, objective);
      expect(Math.abs((up[0] - down[0]) / (2 * h) - gradient[d])).toBeLessThan(2e-3 + 0.01 * Math.abs(gradient[d]));
    }
    predictor.model.dispose();
  });

  it('refuses a class the classifier lacks and a tensor of another shape', async () => {
    const predictor = predictorOf(defaultClassifierSpecs.mlp);
    const x = values(batch * genes * channels, 1);
    await expect(objectiveGradient(predictor, { data: x, shape: { batch, genes, channels } }, 2, 'logit')).rejects.toThrow(DesignError);
    await expect(objectiveGradient(predictor, { data: x, shape: { batch, genes: channels, channels: genes } }, 1, 'logit'))
      .rejects.toMatchObject({ problem: 'wrong-encoding' });
    predictor.model.dispose();
  });
});
