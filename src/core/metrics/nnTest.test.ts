import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { computeNnTest } from './nnTest';
import { selectRows, type SampleRows } from './sampleRows';
import { bruteDistance, randomRows, useCpuBackend } from './testHelpers';

// Shares are counts over k, computed from float64-refined distances: with no near-tie at the k-th
// neighbour (gap > 1e-9, checked), they must equal the brute force exactly.

beforeAll(useCpuBackend);

/** Eq. 11 by the book: rank D1 ∪ D2 \ {x} by (distance, D1 first, row) for every x in D1. */
function bruteShares(d1: SampleRows, d2: SampleRows, k: number): number[] {
  return Array.from({ length: d1.count }, (_, i) => {
    const all = [
      ...Array.from({ length: d1.count }, (_, j) => ({ d: bruteDistance(d1, i, d1, j), inD1: 1, j })).filter((e) => e.j !== i),
      ...Array.from({ length: d2.count }, (_, j) => ({ d: bruteDistance(d1, i, d2, j), inD1: 0, j })),
    ].sort((a, b) => a.d - b.d || b.inD1 - a.inD1 || a.j - b.j);
    if (all.length > k) expect(all[k].d - all[k - 1].d).toBeGreaterThan(1e-9);
    return all.slice(0, k).reduce((s, e) => s + e.inD1, 0) / k;
  });
}

describe('computeNnTest', () => {
  it('equals the brute force exactly for k = 10 on equal sizes (tiles 6 × 7)', async () => {
    const d1 = randomRows(28, 5, 1);
    const d2 = randomRows(28, 5, 2);
    const result = await computeNnTest(d1, d2, { rowTile: 6, columnTile: 7 });
    const brute = bruteShares(d1, d2, 10);
    expect(Array.from(result.shares)).toEqual(brute);
    expect(result.score).toBe(brute.reduce((s, v) => s + v, 0) / brute.length);
    expect(result.boundaryTies).toBe(0);
    expect(result.expectedUnderNull).toBe(27 / 55);
    expect(result.settings).toMatchObject({ k: 10, sizePolicy: 'subsample-equal', tieRule: 'd1-first-then-row', d1: { n: 28 }, d2: { n: 28 } });
  });

  it('with sizePolicy "use-all" and unequal sizes, reports (|D1| − 1)/(|D1| + |D2| − 1) as the null value', async () => {
    const d1 = randomRows(12, 5, 3);
    const d2 = randomRows(30, 5, 4);
    const result = await computeNnTest(d1, d2, { k: 4, sizePolicy: 'use-all' });
    expect(Array.from(result.shares)).toEqual(bruteShares(d1, d2, 4));
    expect(result.expectedUnderNull).toBe(11 / 41);
  });

  it('equalises sizes by a seeded draw by default, on the rows it reports', async () => {
    const d1 = randomRows(15, 5, 5);
    const d2 = randomRows(33, 5, 6);
    const result = await computeNnTest(d1, d2, { k: 3, seed: 4 });
    expect(result.settings.d2).toMatchObject({ n: 15, of: 33, method: 'seeded', seed: 4 });
    expect(Array.from(result.shares)).toEqual(bruteShares(d1, selectRows(d2, result.d2Rows), 3));
  });

  it('counts rows whose share rests on the tie rule: D2 a copy of D1 gives ties at every k-th neighbour', async () => {
    // Each x has its copy at distance 0, then every other point twice (D1 and D2) at equal
    // distances; D1-first ranking with k = 10 gives 1 copy + 4 pairs + one D1 point: share 5/10.
    const d1 = randomRows(20, 5, 7);
    const result = await computeNnTest(d1, { ...d1 }, { k: 10 });
    expect(Array.from(result.shares)).toEqual(new Array(20).fill(0.5));
    expect(result.boundaryTies).toBe(20);
  });

  it('rejects k beyond the other points', async () => {
    await expect(computeNnTest(randomRows(3, 4, 1), randomRows(3, 4, 2), { k: 6 })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
