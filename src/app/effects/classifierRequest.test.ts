import { wholeRows } from '../../core/store/rowData';
import { describe, expect, it } from 'vitest';
import { defaultClassifierSpecs } from '../../core/classify/models';
import { defaultTrainSettings } from '../../core/classify/train';
import type { EncodedDataset } from '../../engines/data';
import { defaultClassifierForm } from '../store';
import { createRealTstrRequest, getClassifierFieldErrors, labelledRows, parseClassifierForm } from './classifierRequest';

/** 6 samples × 2 genes × 2 channels; sample i holds the value i everywhere. */
function datasetFixture(roles: number[], labels: number[]): EncodedDataset {
  const n = roles.length;
  return {
    tensor: Float32Array.from({ length: n * 4 }, (_, k) => Math.floor(k / 4)),
    shape: { batch: n, genes: 2, channels: 2 },
    mask: Uint8Array.from([1, 1, 1, 0]),
    sampleIds: Array.from({ length: n }, (_, i) => `s${i}`),
    labels: Int8Array.from(labels),
    classNames: ['control', 'case'],
    roles: Uint8Array.from(roles),
    codecSha256: 'ab'.repeat(32),
  };
}

describe('parseClassifierForm', () => {
  it('reads the defaults: the MLP, 30 epochs at most, seed 1', () => {
    expect(parseClassifierForm(defaultClassifierForm)).toEqual({ kind: 'mlp', epochs: 30, seed: 1 });
  });

  it.each([
    [{ epochs: '0' }, /Epochs = '0'; expected a whole number from 1 to 1,000/],
    [{ epochs: '2.5' }, /Epochs = '2.5'/],
    [{ epochs: '' }, /Epochs = ''/],
    [{ seed: '-1' }, /Seed = '-1'/],
  ] as const)('rejects %o with a typed error', (patch, message) => {
    const form = { ...defaultClassifierForm, ...patch };
    expect(() => parseClassifierForm(form)).toThrow(message);
    expect(() => parseClassifierForm(form)).toThrow(expect.objectContaining({ name: 'InvalidRequestError', code: 'invalid-request' }));
  });
});

describe('getClassifierFieldErrors', () => {
  it('names each wrong field, and is empty for the defaults', () => {
    expect(getClassifierFieldErrors(defaultClassifierForm)).toEqual({});
    expect(getClassifierFieldErrors({ ...defaultClassifierForm, epochs: 'abc', seed: '-5' })).toEqual({
      epochs: "Epochs = 'abc'; expected a whole number from 1 to 1,000",
      seed: "Seed = '-5'; expected a whole number ≥ 0",
    });
  });
});

describe('createRealTstrRequest', () => {
  // Roles: 0 train, 1 holdout, 2 excluded; label −1 = unlabelled.
  const dataset = datasetFixture([0, 1, 0, 2, 0, 1], [0, 1, 1, -1, -1, 0]);

  it('keeps the labelled rows of each role, in order, with their values and the shared mask', () => {
    const train = labelledRows(dataset, 0);
    expect(train.shape).toEqual({ batch: 2, genes: 2, channels: 2 });
    expect(Array.from(train.labels)).toEqual([0, 1]);
    expect(Array.from(wholeRows(train.data))).toEqual([0, 0, 0, 0, 2, 2, 2, 2]);
    expect(train.mask).toBe(dataset.mask);
    expect(Array.from(labelledRows(dataset, 1).labels)).toEqual([1, 0]);
  });

  it('trains on real train, tests on the real holdout, with no synthetic set and the chosen model, epochs and seed', () => {
    const request = createRealTstrRequest(dataset, { kind: 'cnn', epochs: 4, seed: 9 });
    expect(request.realTrain.shape.batch).toBe(2);
    expect(request.holdout.shape.batch).toBe(2);
    expect(request.synthetic).toEqual([]);
    expect(request.classes).toBe(2);
    expect(request.train).toEqual({ ...defaultTrainSettings, model: defaultClassifierSpecs.cnn, epochs: 4, seed: 9 });
    expect(request.bootstrap).toMatchObject({ seed: 9, level: 0.95, stratified: true });
  });

  it('says what to do when a split has no labelled sample', () => {
    const noHoldout = datasetFixture([0, 0, 0, 1], [0, 1, 0, -1]);
    expect(() => createRealTstrRequest(noHoldout, { kind: 'mlp', epochs: 1, seed: 1 })).toThrow(/no labelled holdout samples: set a holdout share above 0 %/);
    const unlabelled = datasetFixture([0, 1], [-1, 0]);
    expect(() => createRealTstrRequest(unlabelled, { kind: 'mlp', epochs: 1, seed: 1 })).toThrow(/no labelled training samples/);
  });
});
