import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { computeGeneralisation, sameSeedSimilarity } from './generalisation';
import { quantileOfSorted } from './summary';
import { randomRows, rowsFrom, useCpuBackend, type InMemoryRows } from './testHelpers';

beforeAll(useCpuBackend);

/** Float64 cosine of two rows over the real slots, by the book. */
function bruteCosine(a: InMemoryRows, i: number, b: InMemoryRows, j: number, mask?: Uint8Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let d = 0; d < a.dims; d++) {
    if (mask && !mask[d]) continue;
    const x = a.data[i * a.dims + d];
    const y = b.data[j * b.dims + d];
    dot += x * y; na += x * x; nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

const bruteMax = (query: InMemoryRows, i: number, train: InMemoryRows, mask?: Uint8Array): number =>
  Math.max(...Array.from({ length: train.count }, (_, j) => bruteCosine(query, i, train, j, mask)));

/** Rows `rows` of `set`, in that order. */
function pick(set: InMemoryRows, rows: number[]): InMemoryRows {
  return rowsFrom(rows.map((r) => Array.from(set.data.subarray(r * set.dims, (r + 1) * set.dims))));
}

describe('sameSeedSimilarity', () => {
  const mask = Uint8Array.from({ length: 9 }, (_, d) => (d % 4 === 3 ? 0 : 1));

  it('is the cosine of row i of A with row i of B over the real slots, as the brute force (1e-12)', () => {
    const a = randomRows(40, 9, 1, mask, 5);
    const b = randomRows(40, 9, 2, mask, -3);
    const values = sameSeedSimilarity(a, b, mask);
    values.forEach((v, i) => expect(Math.abs(v - bruteCosine(a, i, b, i, mask))).toBeLessThan(1e-12));
    // The padded slots (5 and −3 here) would change the cosine if they were counted.
    expect(Math.abs(sameSeedSimilarity(a, b)[0] - values[0])).toBeGreaterThan(1e-3);
  });

  it('gives exactly 1 for identical rows and −1 for opposite ones', () => {
    const a = randomRows(5, 6, 3);
    const negated = { ...a, data: a.data.map((v) => -v) };
    expect(Array.from(sameSeedSimilarity(a, { ...a }))).toEqual([1, 1, 1, 1, 1]);
    sameSeedSimilarity(a, negated).forEach((v) => expect(v).toBeCloseTo(-1, 12));
  });

  it('refuses sets that cannot be pairs, naming both shapes', () => {
    const a = { ...randomRows(5, 6, 3), label: 'synthetic (half-A)' };
    expect(() => sameSeedSimilarity(a, randomRows(4, 6, 4))).toThrow(InvalidRequestError);
    expect(() => sameSeedSimilarity(a, { ...randomRows(5, 7, 4), label: 'synthetic (half-B)' }))
      .toThrow('synthetic (half-A) is 5 × 6 and synthetic (half-B) is 5 × 7');
  });
});

describe('computeGeneralisation', () => {
  const trainA = randomRows(30, 8, 11);
  const trainB = randomRows(25, 8, 12);
  const holdout = randomRows(20, 8, 13);

  it('matches the brute force for every histogram\'s values, and summarises them (1e-12)', async () => {
    const samplesA = randomRows(24, 8, 14);
    const samplesB = randomRows(24, 8, 15);
    const result = await computeGeneralisation(
      { a: { samples: samplesA, train: trainA }, b: { samples: samplesB, train: trainB }, holdout }, { rowTile: 5, columnTile: 7, threshold: 0.2 });
    for (let i = 0; i < 24; i++) {
      expect(Math.abs(result.sameSeed.values[i] - bruteCosine(samplesA, i, samplesB, i))).toBeLessThan(1e-12);
      expect(Math.abs(result.a.toTrain.values[i] - bruteMax(samplesA, i, trainA))).toBeLessThan(1e-12);
      expect(Math.abs(result.b.toTrain.values[i] - bruteMax(samplesB, i, trainB))).toBeLessThan(1e-12);
    }
    for (let i = 0; i < 20; i++) expect(Math.abs(result.b.holdoutToTrain.values[i] - bruteMax(holdout, i, trainB))).toBeLessThan(1e-12);
    const same = Float64Array.from(result.sameSeed.values).sort();
    expect(result.sameSeed.summary.median).toBeCloseTo(quantileOfSorted(same, 0.5), 12);
    expect(result.sameSeed.summary.mean).toBeCloseTo(same.reduce((s, v) => s + v, 0) / 24, 12);
    expect(result.sameSeed.summary.shareAtLeastThreshold).toBe(same.filter((v) => v >= 0.2).length / 24);
    const generalising = Array.from(result.sameSeed.values)
      .filter((v, i) => v > Math.max(result.a.toTrain.values[i], result.b.toTrain.values[i])).length;
    expect(result.shareGeneralising).toBe(generalising / 24);
    expect(result.a.toTrain.histogram.counts.reduce((s, c) => s + c, 0)).toBe(24);
    expect(result.settings).toMatchObject({ threshold: 0.2, pairs: 24, holdout: 20 });
    expect([result.a.trainCount, result.b.trainCount]).toEqual([30, 25]);
  });

  it('tells two memorising models (each copies its own training rows) from two that agree', async () => {
    const copies = await computeGeneralisation({
      a: { samples: pick(trainA, [3, 1, 4, 1, 5, 9, 2, 6]), train: trainA },
      b: { samples: pick(trainB, [2, 7, 1, 8, 2, 8, 1, 8]), train: trainB }, holdout,
    });
    expect(Array.from(copies.a.toTrain.values)).toEqual(new Array(8).fill(1));
    expect(copies.a.toTrain.summary.shareAtLeastThreshold).toBe(1);
    expect(copies.sameSeed.summary.shareAtLeastThreshold).toBe(0);
    expect(copies.shareGeneralising).toBe(0);
    expect(copies.a.nearestTrainRow[0]).toBe(3);

    const shared = randomRows(8, 8, 21);
    const agree = await computeGeneralisation({ a: { samples: shared, train: trainA }, b: { samples: { ...shared }, train: trainB }, holdout });
    expect(Array.from(agree.sameSeed.values)).toEqual(new Array(8).fill(1));
    expect(agree.sameSeed.histogram.counts[99]).toBe(8);
    expect(agree.shareGeneralising).toBe(1);
    expect(agree.a.toTrain.summary.shareAtLeastThreshold).toBe(0);
  });

  it('refuses a threshold that is not a cosine', async () => {
    const s = randomRows(4, 8, 1);
    await expect(computeGeneralisation({ a: { samples: s, train: trainA }, b: { samples: s, train: trainB }, holdout }, { threshold: 1.5 }))
      .rejects.toThrow('expected a cosine in [−1, 1]');
  });
});
