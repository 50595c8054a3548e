import { isInMemory, isSharedRows, reviveRows, wholeRows } from '../core/store/rowData';
import { countingReader } from '../core/store/testRows';
import { describe, expect, it } from 'vitest';
import { bundleSummaryOf, labelledSetOf, realSetsOf, tstrLabelsOf } from './evaluationCohort';
import { tinyCohort as cohort } from './testCohort';

describe('the real sets of a cohort', () => {
  it('cuts the train and holdout rows out, with their labels and ids', () => {
    const real = realSetsOf(cohort);
    expect(real.train.sampleIds).toEqual(['a', 'b', 'd']);
    expect(Array.from(real.train.labels ?? [])).toEqual([0, 1, 0]);
    expect(Array.from(wholeRows(real.holdout.data))).toEqual([8, 9, 10, 11, 16, 17, 18, 19]);
    expect(real.mask).toBe(cohort.mask);
  });

  it('refuses a cohort with fewer than 2 holdout samples, saying how to get them', () => {
    expect(() => realSetsOf({ ...cohort, roles: Uint8Array.from([0, 0, 1, 0, 0, 2]) })).toThrow(/1 holdout samples; .*holdout share above 0 %/);
  });

  it('gives TSTR the labelled rows: the set itself when all are labelled, a copy of the labelled ones otherwise', () => {
    const real = realSetsOf(cohort);
    const train = labelledSetOf(real.train, cohort);
    expect(train.data).toBe(real.train.data);
    expect(Array.from(train.labels)).toEqual([0, 1, 0]);
    const holdout = labelledSetOf(real.holdout, cohort);
    expect(holdout.shape).toEqual({ batch: 1, genes: 2, channels: 2 });
    expect(Array.from(wholeRows(holdout.data))).toEqual([8, 9, 10, 11]);
    expect(Array.from(holdout.labels)).toEqual([1]);
  });
});

describe('a cohort in shared memory (the app\'s encoded cohort)', () => {
  it('cuts views, not copies: postable as their index lists, the same values when revived in a worker', () => {
    const shared = new Float32Array(new SharedArrayBuffer(cohort.tensor.byteLength));
    shared.set(wholeRows(cohort.tensor));
    const sharedCohort = { ...cohort, tensor: shared };
    const [copied, viewed] = [realSetsOf(cohort), realSetsOf(sharedCohort)];
    for (const role of ['train', 'holdout'] as const) {
      const data = viewed[role].data;
      expect(isSharedRows(data)).toBe(true);
      if (!isSharedRows(data)) continue;
      expect(data.sharedRows.source).toBe(shared);
      const posted = structuredClone({ sharedRows: data.sharedRows });
      expect(posted.sharedRows.source.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(wholeRows(reviveRows(posted)))).toEqual(Array.from(wholeRows(copied[role].data)));
    }
    // The labelled holdout rows (one of two is labelled) are a view over the same memory too.
    const holdout = labelledSetOf(viewed.holdout, sharedCohort);
    expect(isSharedRows(holdout.data)).toBe(true);
    expect(Array.from(wholeRows(holdout.data))).toEqual([8, 9, 10, 11]);
  });
});

describe('a cohort read by row range (a bundle too large for memory)', () => {
  it('gives the same sets, reading rows from the reader instead of copying the cohort', () => {
    const dims = cohort.shape.genes * cohort.shape.channels;
    const reader = countingReader(wholeRows(cohort.tensor), cohort.shape.batch, dims);
    const stored = { ...cohort, tensor: reader };
    const [inMemory, read] = [realSetsOf(cohort), realSetsOf(stored)];
    expect(reader.rowsRead).toBe(0);
    for (const role of ['train', 'holdout'] as const) {
      expect(isInMemory(read[role].data)).toBe(false);
      expect(Array.from(wholeRows(read[role].data))).toEqual(Array.from(wholeRows(inMemory[role].data)));
      expect(read[role].sampleIds).toEqual(inMemory[role].sampleIds);
    }
    const holdout = labelledSetOf(read.holdout, stored);
    expect(Array.from(wholeRows(holdout.data))).toEqual([8, 9, 10, 11]);
  });
});

describe('bundleSummaryOf', () => {
  it('counts each role and class', () => {
    const summary = bundleSummaryOf(cohort);
    expect(summary.counts).toEqual({ train: 3, holdout: 2, excluded: 1 });
    expect(summary.trainPerClass).toEqual([2, 1]);
    expect(summary.holdoutPerClass).toEqual([0, 1]);
    expect(summary.realSlots).toBe(3);
    expect(summary.realGenes).toBe(2);
    expect(summary.shape).toEqual([6, 2, 2]);
  });
});

describe('tstrLabelsOf', () => {
  it('is the labelled training split\'s size and balance, grouped by class; null without two classes in the holdout', () => {
    expect(tstrLabelsOf({ ...cohort, labels: Int8Array.from([0, 1, 1, 0, 0, -1]) })).toEqual(Int32Array.from([0, 0, 1]));
    expect(tstrLabelsOf(cohort)).toBeNull();
  });
});
