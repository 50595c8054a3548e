import { isInMemory, wholeRows } from '../store/rowData';
import { countingReader } from '../store/testRows';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import {
  checkLabelledSet, checkLayoutFits, classCounts, createFeatureLayout, fillFeatures, stratifiedSplit, subsampleToCounts, takeRows,
  type LabelledSet,
} from './dataset';

const labels = Int8Array.from({ length: 103 }, (_, i) => (i % 3 === 0 ? 1 : 0));

describe('stratifiedSplit', () => {
  it('partitions the rows, takes round(f·n_k) of every class, and is a function of the seed', () => {
    const { fitIdx, validationIdx } = stratifiedSplit(labels, 2, 0.2, 4, 1);
    expect([...fitIdx, ...validationIdx].sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const counts = classCounts(labels, 2);
    expect(classCounts(Array.from(validationIdx, (i) => labels[i]), 2)).toEqual(counts.map((n) => Math.round(0.2 * n)));
    expect(stratifiedSplit(labels, 2, 0.2, 4, 1)).toEqual({ fitIdx, validationIdx });
    expect(stratifiedSplit(labels, 2, 0.2, 5, 1).validationIdx).not.toEqual(validationIdx);
  });

  it('refuses a fraction outside (0, 1) and a set too small to split', () => {
    expect(() => stratifiedSplit(labels, 2, 0, 1, 1)).toThrow(InvalidRequestError);
    expect(() => stratifiedSplit(Int8Array.of(0, 1), 2, 0.5, 1, 1)).toThrow(/cannot carve a validation split/);
  });
});

describe('subsampleToCounts', () => {
  it('keeps exactly the target count per class, rows in order', () => {
    const idx = subsampleToCounts(labels, [20, 10], 3, 9, 'the set');
    expect(classCounts(Array.from(idx, (i) => labels[i]), 2)).toEqual([20, 10]);
    expect(Array.from(idx)).toEqual(Array.from(idx).sort((a, b) => a - b));
  });

  it('says which class is short and what to do', () => {
    expect(() => subsampleToCounts(labels, [10, 40], 3, 9, 'the synthetic set of mlp'))
      .toThrow(/the synthetic set of mlp has 35 samples of class 1, 40 are needed.*generate more/);
  });
});

describe('feature layout', () => {
  // 3 gene slots × 2 components: gene 0 has 1 real component, gene 1 both, gene 2 is padding.
  const mask = Uint8Array.of(1, 0, 1, 1, 0, 0);
  const set: LabelledSet = {
    data: Float32Array.of(1, 9, 2, 3, 9, 9, /* sample 1 */ 4, 9, 5, 6, 9, 9),
    shape: { batch: 2, genes: 3, channels: 2 },
    labels: Int8Array.of(0, 1),
    mask,
  };

  it('drops padded genes, zeroes padded components and appends zero genes to the multiple', () => {
    const layout = createFeatureLayout(mask, set.shape, 4);
    expect(Array.from(layout.geneSlots)).toEqual([0, 1, -1, -1]);
    const out = new Float32Array(2 * 4 * 2).fill(NaN);
    fillFeatures(layout, set, [1, 0], out);
    expect(Array.from(out)).toEqual([4, 0, 5, 6, 0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0, 0]);
    expect(Array.from(wholeRows(takeRows(set, [1]).data))).toEqual([4, 9, 5, 6, 9, 9]);
    expect(takeRows(set, [0, 1])).toBe(set);
  });

  it('reads a set held by a reader (a store) like the same rows in memory, without copying it whole', () => {
    const dims = set.shape.genes * set.shape.channels;
    const reader = countingReader(set.data as Float32Array, 2, dims);
    const stored = { ...set, data: reader };
    const layout = createFeatureLayout(mask, set.shape, 4);
    const [fromMemory, fromReader] = [new Float32Array(16), new Float32Array(16)];
    fillFeatures(layout, set, [1, 0], fromMemory);
    fillFeatures(layout, stored, [1, 0], fromReader);
    expect(Array.from(fromReader)).toEqual(Array.from(fromMemory));
    const picked = takeRows(stored, [1]);
    expect(isInMemory(picked.data)).toBe(false);
    expect(Array.from(wholeRows(picked.data))).toEqual([4, 9, 5, 6, 9, 9]);
    expect(reader.rowsRead).toBe(3);
  });

  it('rejects a set encoded with another codec and labels outside the classes', () => {
    const layout = createFeatureLayout(mask, set.shape);
    expect(() => checkLayoutFits(layout, { ...set, mask: Uint8Array.of(1, 1, 1, 1, 0, 0) }, 'the synthetic set of cnn'))
      .toThrow(/the synthetic set of cnn is \[2, 3, 2\] with a different padding mask.*same codec/);
    expect(() => checkLabelledSet({ ...set, labels: Int8Array.of(0, -1) }, 2, 'the training set')).toThrow(/unlabelled samples/);
    expect(() => createFeatureLayout(new Uint8Array(6), set.shape)).toThrow(InvalidRequestError);
  });
});
