import { beforeAll, describe, expect, it } from 'vitest';
import { computeDcr, countCopies, EXACT_COPY_TOLERANCE } from './dcr';
import { selectRows } from './sampleRows';
import { bruteNearest, bruteNearestDistance, randomRows, smallestGap, useCpuBackend } from './testHelpers';

// DCR distances are float64-refined: equal to the float64 brute force to 1e-12. The protection
// indicators compare two such distances; with every gap above 1e-9 (checked) they must be exact.
const DISTANCE_TOLERANCE = 1e-12;
const MASK = Uint8Array.from([1, 1, 1, 0, 1, 1]);

beforeAll(useCpuBackend);

describe('computeDcr', () => {
  const train = randomRows(30, 6, 1, MASK, 4);
  const holdout = randomRows(30, 6, 2, MASK, 4);
  const synthetic = randomRows(25, 6, 3, MASK, 4);

  it('gives each synthetic and holdout sample its closest training sample as the brute force does (1e-12)', async () => {
    const result = await computeDcr(train, holdout, synthetic, { mask: MASK, rowTile: 4, columnTile: 9 });
    for (const [side, query] of [[result.synthetic, synthetic], [result.holdout, holdout]] as const) {
      const brute = bruteNearest(query, train, 1, MASK);
      expect(Array.from(side.nearestTrainRow)).toEqual(brute.indices.map((row) => row[0]));
      side.distances.forEach((d, i) => expect(Math.abs(d - brute.distances[i][0])).toBeLessThan(DISTANCE_TOLERANCE));
      expect(side.summary.n).toBe(query.count);
      expect(side.summary.min).toBe(Math.min(...side.distances));
    }
  });

  it('computes the protection share with a strict "closer to train" exactly as the brute force', async () => {
    const result = await computeDcr(train, holdout, synthetic, { mask: MASK });
    const toTrain = bruteNearestDistance(synthetic, train, MASK);
    const toHoldout = bruteNearestDistance(synthetic, holdout, MASK);
    expect(smallestGap(toTrain, toHoldout)).toBeGreaterThan(1e-9);
    const closer = toTrain.map((d, i) => (d < toHoldout[i] ? 1 : 0));
    expect(Array.from(result.protection.closerToTrain)).toEqual(closer);
    expect(result.protection.share).toBe(closer.reduce((s: number, v) => s + v, 0) / closer.length);
    expect(result.protection.ties).toBe(0);
    expect(result.settings).toMatchObject({ nearCopyEpsilon: 1e-3, exactCopyTolerance: 1e-12, protectionReference: 'equal-size', train: 30 });
  });

  it('reduces the larger reference to the smaller size for the share by default, and uses both whole when asked', async () => {
    const bigTrain = randomRows(50, 6, 4, MASK);
    const equal = await computeDcr(bigTrain, holdout, synthetic, { mask: MASK, seed: 2 });
    expect(equal.protection.train).toMatchObject({ n: 30, of: 50, method: 'seeded', seed: 2 });
    expect(equal.protection.holdout).toMatchObject({ n: 30, of: 30, method: 'all' });
    const trainRef = selectRows(bigTrain, equal.protection.trainRows);
    expect(equal.protection.trainRows.length).toBe(30);
    const toTrainRef = bruteNearestDistance(synthetic, trainRef, MASK);
    const toHoldout = bruteNearestDistance(synthetic, holdout, MASK);
    expect(Array.from(equal.protection.closerToTrain)).toEqual(toTrainRef.map((d, i) => (d < toHoldout[i] ? 1 : 0)));
    expect(equal.synthetic.distances.length).toBe(25); // DCR itself still searches all 50 training rows
    const asGiven = await computeDcr(bigTrain, holdout, synthetic, { mask: MASK, protectionReference: 'as-given' });
    expect(asGiven.protection.train).toMatchObject({ n: 50, method: 'all' });
  });

  it('counts a synthetic set that copies the training set as n exact copies with protection share 1', async () => {
    const result = await computeDcr(train, holdout, { ...train }, { mask: MASK });
    expect(Array.from(result.synthetic.distances)).toEqual(new Array(30).fill(0));
    expect(result.copies.synthetic).toMatchObject({ exact: 30, near: 30 });
    expect(Array.from(result.synthetic.nearestTrainRow)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(result.protection.share).toBe(1);
    expect(result.copies.holdout.exact).toBe(0);
  });
});

describe('countCopies', () => {
  it(`separates exact copies (d ≤ ${EXACT_COPY_TOLERANCE}) from near copies (d ≤ ε)`, () => {
    const copies = countCopies([0, 1e-13, 5e-4, 1e-3, 0.2], 1e-3);
    expect(copies).toMatchObject({ exact: 2, near: 4 });
    expect(Array.from(copies.exactRows)).toEqual([0, 1]);
    expect(Array.from(copies.nearRows)).toEqual([0, 1, 2, 3]);
  });

  it('finds a one-ulp change as a near copy but not an exact one, through the engine', async () => {
    const train = randomRows(10, 6, 9);
    const synthetic = { ...train, data: train.data.slice() };
    const bits = new Uint32Array(synthetic.data.buffer);
    bits[2 * 6 + 1] += 1; // row 2, slot 1: one ulp
    const result = await computeDcr(train, randomRows(10, 6, 10), synthetic);
    expect(result.synthetic.distances[2]).toBeGreaterThan(EXACT_COPY_TOLERANCE);
    expect(result.copies.synthetic.exact).toBe(9);
    expect(result.copies.synthetic.near).toBe(10);
  });
});

