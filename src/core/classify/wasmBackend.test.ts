// tfjs' wasm backend has no Conv2DBackpropFilter and no gather gradient (DESIGN.md): our CNN
// (convolution as a matMul) and Transformer (positions as an add) must still train on it.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeRows } from './dataset';
import { defaultClassifierSpecs } from './models';
import { encodedTestCohort, smallStrongCohort } from './testCohort';
import { defaultTrainSettings, trainClassifier } from './train';

beforeAll(async () => {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('training on the tfjs wasm backend', () => {
  it.each(['cnn', 'transformer'] as const)('%s trains (finite losses, memory back to baseline)', async (kind) => {
    const set = takeRows(encodedTestCohort(smallStrongCohort).train, Int32Array.from({ length: 160 }, (_, i) => i * 5));
    const baseline = tf.memory().numTensors;
    const trained = await trainClassifier(set, { ...defaultTrainSettings, model: defaultClassifierSpecs[kind], epochs: 2 });
    expect(tf.getBackend()).toBe('wasm');
    expect(trained.history.every((r) => Number.isFinite(r.trainLoss) && Number.isFinite(r.valLoss))).toBe(true);
    trained.model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('tf.conv1d itself cannot be trained there (why the CNN does not use it)', () => {
    const x = tf.ones([1, 4, 2]) as tf.Tensor3D;
    const filter = tf.variable(tf.ones([3, 2, 1]));
    expect(() => tf.variableGrads(() => tf.sum(tf.conv1d(x, filter as tf.Tensor3D, 1, 'same')) as tf.Scalar, [filter])).toThrow(/Conv2DBackpropFilter/);
    tf.dispose([x, filter]);
  });
});
