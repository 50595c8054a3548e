import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError, isCancelled } from '../errors';
import { computeDistanceMatrix, findNearest, findNearestWithin, type DistanceProgress } from './distance';
import { bruteDistance, bruteNearest, compareWithBruteMatrix, randomRows, rowsFrom, useCpuBackend } from './testHelpers';

// Tolerances. Neighbour distances are re-measured in float64, so they match the float64
// brute force (Math.acos) to 1e-12 — the only gap is acos's own rounding, ~1e-16 / sin(πd).
// The full matrix is float32 end to end (tfjs): its cosine carries ~1e-7 of rounding, which
// arccos turns into ~1e-7 / sin(πd) in d; 2e-6 holds for every pair with sin(πd) ≥ 0.1.
const REFINED_TOLERANCE = 1e-12;
const FLOAT32_TOLERANCE = 2e-6;

const DIMS = 10;
/** Slots 3 and 8 are padding and carry large junk that must not count. */
const MASK = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 1, 0, 1]);

beforeAll(useCpuBackend);

function expectMatchesBrute(result: { indices: Int32Array; distances: Float64Array; k: number }, brute: ReturnType<typeof bruteNearest>): void {
  brute.indices.forEach((row, i) => {
    expect(Array.from(result.indices.subarray(i * result.k, (i + 1) * result.k))).toEqual(row);
    row.forEach((_, j) => expect(Math.abs(result.distances[i * result.k + j] - brute.distances[i][j])).toBeLessThan(REFINED_TOLERANCE));
  });
}

describe('findNearest', () => {
  const a = randomRows(23, DIMS, 1, MASK, 50);
  const b = randomRows(31, DIMS, 2, MASK, -50);
  const brute = bruteNearest(a, b, 5, MASK);

  it.each([
    [1, 1], [3, 5], [7, 31], [23, 4], [64, 64], [undefined, undefined],
  ])('gives the brute-force neighbours with rowTile %s × columnTile %s (distances to 1e-12)', async (rowTile, columnTile) => {
    const result = await findNearest(a, b, { k: 5, mask: MASK, rowTile, columnTile });
    expectMatchesBrute(result, brute);
    expect(result.settings).toMatchObject({ k: 5, realDims: 8, dims: DIMS, maskUsed: true, selfExclusion: 'none', precision: 'float64-refined' });
  });

  it('drops padded slots: junk there changes nothing, and equals the computation on the real slots alone', async () => {
    const realSlots = [0, 1, 2, 4, 5, 6, 7, 9];
    const compact = (set: typeof a) => rowsFrom(Array.from({ length: set.count }, (_, i) => realSlots.map((d) => set.data[i * DIMS + d])));
    const masked = await findNearest(a, b, { k: 4, mask: MASK });
    const onReal = await findNearest(compact(a), compact(b), { k: 4 });
    expect(masked.indices).toEqual(onReal.indices);
    expect(masked.distances).toEqual(onReal.distances);
  });

  it('matches the brute force on random sets, tiles and k (property, 12 runs)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 18 }), fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 3 }),
      async (nA, nB, rowTile, columnTile, seed, margin) => {
        const x = randomRows(nA, 6, seed);
        const y = randomRows(nB, 6, seed + 1);
        const k = 1 + (seed % nB);
        const result = await findNearest(x, y, { k, rowTile, columnTile, candidateMargin: margin });
        expectMatchesBrute(result, bruteNearest(x, y, k));
      }), { numRuns: 12 });
  });

  it('ranks exact ties by the smaller reference index', async () => {
    const query = rowsFrom([[1, 0, 0]]);
    const reference = rowsFrom([[0, 1, 0], [2, 0, 0], [0, 0, 1], [3, 0, 0], [0, 1, 0]]);
    const result = await findNearest(query, reference, { k: 5, columnTile: 2 });
    expect(Array.from(result.indices)).toEqual([1, 3, 0, 2, 4]);
    expect(Array.from(result.distances)).toEqual([0, 0, 0.5, 0.5, 0.5]);
  });
});

describe('findNearestWithin', () => {
  it('excludes each row itself by index and otherwise matches the brute force', async () => {
    const set = randomRows(29, DIMS, 3, MASK, 9);
    const result = await findNearestWithin(set, { k: 3, mask: MASK, rowTile: 4, columnTile: 7 });
    expectMatchesBrute(result, bruteNearest(set, set, 3, MASK, true));
    for (let i = 0; i < set.count; i++) expect(Array.from(result.indices.subarray(i * 3, i * 3 + 3))).not.toContain(i);
    expect(result.settings.selfExclusion).toBe('by-index');
  });

  it('keeps a duplicate as a neighbour at distance exactly 0, which the paper\'s d ≤ 1e-3 filter would hide', async () => {
    const set = randomRows(12, 5, 4);
    set.data.copyWithin(7 * 5, 3 * 5, 4 * 5); // row 7 := row 3
    const result = await findNearestWithin(set, { k: 1 });
    expect(result.indices[3]).toBe(7);
    expect(result.indices[7]).toBe(3);
    expect(result.distances[3]).toBe(0);
    // The paper's filter drops every distance ≤ 1e-3: row 3 would then report its second neighbour.
    const filtered = Math.min(...Array.from({ length: 12 }, (_, j) => bruteDistance(set, 3, set, j)).filter((d) => d > 1e-3));
    expect(filtered).toBeGreaterThan(1e-3);
  });

  it('refuses k larger than the other rows', async () => {
    await expect(findNearestWithin(randomRows(4, 3, 1), { k: 4 })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('computeDistanceMatrix', () => {
  it(`matches the float64 brute force within ${FLOAT32_TOLERANCE} where sin(πd) ≥ 0.1 (float32 tiles)`, async () => {
    const a = randomRows(17, DIMS, 5, MASK, 3);
    const b = randomRows(13, DIMS, 6, MASK, 3);
    const matrix = await computeDistanceMatrix(a, b, { mask: MASK, rowTile: 5, columnTile: 4 });
    expect(matrix.settings.precision).toBe('float32');
    const { checked, worst } = compareWithBruteMatrix(matrix.values, a, b, MASK);
    expect(worst).toBeLessThan(FLOAT32_TOLERANCE);
    expect(checked).toBeGreaterThan(200);
  });

  it('refuses matrices above maxEntries', async () => {
    await expect(computeDistanceMatrix(randomRows(5, 3, 1), randomRows(5, 3, 2), { maxEntries: 24 })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

describe('engine contract', () => {
  it('reports tile progress that never decreases and ends at the total, then refining to the last row', async () => {
    const events: DistanceProgress[] = [];
    await findNearest(randomRows(10, 4, 1), randomRows(9, 4, 2), { k: 2, rowTile: 3, columnTile: 4, onProgress: (p) => events.push(p) });
    const tiles = events.filter((e) => e.status === 'distance-tiles');
    expect(tiles.map((e) => e.tilesDone)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(tiles.every((e) => e.tilesTotal === 12)).toBe(true);
    expect(events.at(-1)).toEqual({ status: 'refining', rowsDone: 10, rowsTotal: 10 });
  });

  it('stops with a cancellation, not a failure, when the signal fires between tiles', async () => {
    const controller = new AbortController();
    const run = findNearest(randomRows(40, 4, 1), randomRows(40, 4, 2), {
      k: 1, rowTile: 2, columnTile: 2, signal: controller.signal,
      onProgress: (p) => { if (p.status === 'distance-tiles' && p.tilesDone === 3) controller.abort(); },
    });
    const error = await run.catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
  });

  it('rejects a row with no direction on the real slots, naming the row and the set', async () => {
    const set = { ...randomRows(3, 4, 1), label: 'synthetic (mlp)' };
    set.data.fill(0, 4, 8);
    await expect(findNearest(set, randomRows(3, 4, 2), { k: 1 })).rejects.toThrow(/row 1 of synthetic \(mlp\) is zero/);
  });

  it('rejects sets of different widths and masks of the wrong length', async () => {
    await expect(findNearest(randomRows(3, 4, 1), randomRows(3, 5, 2), { k: 1 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(findNearest(randomRows(3, 4, 1), randomRows(3, 4, 2), { k: 1, mask: new Uint8Array(3) })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
