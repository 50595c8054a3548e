import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GeneConv1D, GeneMaxPool } from './convLayers';
import { MultiHeadSelfAttention, TokenLayerNorm } from './layers';
import { buildClassifier, checkClassifierSpec, defaultClassifierSpecs, geneMultipleOf } from './models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Deterministic test values in [−1, 1). */
const values = (n: number, salt: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + salt * 78.233) % 1);

const weightsOf = (layer: tf.layers.Layer): Float32Array[] => layer.getWeights().map((w) => w.dataSync() as Float32Array);

describe('GeneConv1D', () => {
  it.each([3, 4])('equals ReLU(tf.conv1d(x, W, same) + b) for kernel %i', (kernelSize) => {
    const [batch, genes, channels, filters] = [2, 7, 3, 4];
    const x = tf.tensor3d(values(batch * genes * channels, kernelSize), [batch, genes, channels]);
    const layer = new GeneConv1D({ filters, kernelSize, seed: 5 });
    expect((layer.apply(x) as tf.Tensor).shape).toEqual([batch, genes, filters]);
    const [kernel, bias] = weightsOf(layer);
    expect(bias.every((b) => b === 0)).toBe(true);
    // A non-zero bias, so the test sees it added before the ReLU.
    const newBias = tf.tensor1d(values(filters, 9));
    layer.setWeights([tf.tensor2d(kernel, [kernelSize * channels, filters]), newBias]);
    const ours = (layer.apply(x) as tf.Tensor).dataSync();
    const filter = tf.tensor3d(kernel, [kernelSize, channels, filters]);
    const reference = tf.relu(tf.add(tf.conv1d(x, filter, 1, 'same'), newBias)).dataSync();
    reference.forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 5));
  });
});

describe('GeneMaxPool', () => {
  it('takes the max of each window of genes', () => {
    const x = tf.tensor3d([[[1, -1], [3, -4], [2, 0], [0, 5]]]);
    expect((new GeneMaxPool({ poolSize: 2 }).apply(x) as tf.Tensor).arraySync()).toEqual([[[3, -1], [2, 5]]]);
  });
});

describe('TokenLayerNorm', () => {
  it('normalises each token over its features', () => {
    const row = [1, 2, 3, 6];
    const out = (new TokenLayerNorm({ epsilon: 0 }).apply(tf.tensor3d([[row]])) as tf.Tensor).dataSync();
    const mean = 3;
    const sd = Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
    row.forEach((v, i) => expect(out[i]).toBeCloseTo((v - mean) / sd, 5));
  });
});

describe('MultiHeadSelfAttention', () => {
  it('matches softmax(QKᵀ/√d_k)V per head, concatenated, times W_o, computed by hand', () => {
    const [batch, tokens, dim, heads] = [2, 3, 4, 2];
    const xData = values(batch * tokens * dim, 1);
    const layer = new MultiHeadSelfAttention({ heads, seed: 3 });
    const out = (layer.apply(tf.tensor3d(xData, [batch, tokens, dim])) as tf.Tensor).dataSync();
    const [wq, wk, wv, wo, bo] = weightsOf(layer);
    const dk = dim / heads;
    const project = (w: Float32Array, b: number, t: number, col: number) =>
      Array.from({ length: dim }, (_, i) => xData[(b * tokens + t) * dim + i] * w[i * dim + col]).reduce((s, v) => s + v, 0);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < tokens; t++) {
        const context: number[] = [];
        for (let h = 0; h < heads; h++) {
          const cols = Array.from({ length: dk }, (_, j) => h * dk + j);
          const scores = Array.from({ length: tokens }, (_, s) => cols.reduce((acc, c) => acc + project(wq, b, t, c) * project(wk, b, s, c), 0) / Math.sqrt(dk));
          const max = Math.max(...scores);
          const weights = scores.map((s) => Math.exp(s - max));
          const sum = weights.reduce((a, v) => a + v, 0);
          for (const c of cols) context.push(weights.reduce((acc, w, s) => acc + (w / sum) * project(wv, b, s, c), 0));
        }
        for (let o = 0; o < dim; o++) {
          const expected = context.reduce((acc, v, i) => acc + v * wo[i * dim + o], bo[o]);
          expect(out[(b * tokens + t) * dim + o]).toBeCloseTo(expected, 5);
        }
      }
    }
  });
});

describe('buildClassifier', () => {
  const shape = { genes: 8, channels: 3, classes: 2 };

  it.each(Object.values(defaultClassifierSpecs))('$kind maps [B, G, C] to logits [B, K]', (spec) => {
    const model = buildClassifier(spec, shape, 1);
    const logits = model.predict(tf.ones([5, 8, 3])) as tf.Tensor;
    expect(logits.shape).toEqual([5, 2]);
    tf.dispose(logits);
    model.dispose();
  });

  it('is a function of the seed', () => {
    const weights = (seed: number) => {
      const model = buildClassifier(defaultClassifierSpecs.transformer, shape, seed);
      const out = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return out;
    };
    expect(weights(7)).toEqual(weights(7));
    expect(weights(7)).not.toEqual(weights(8));
  });

  it('says what is wrong with a spec or a shape', () => {
    expect(checkClassifierSpec({ ...defaultClassifierSpecs.transformer, modelDim: 30 })).toEqual(['model width must be a multiple of the head count']);
    expect(geneMultipleOf(defaultClassifierSpecs.cnn)).toBe(4);
    expect(() => buildClassifier(defaultClassifierSpecs.cnn, { ...shape, genes: 6 }, 1)).toThrow(/6 genes are not a multiple of 4/);
  });
});
