import { beforeAll, describe, expect, it } from 'vitest';
import { angularDistance64 } from './angular';
import { createDistancePasses } from './distanceSpace';
import { computeNnaa } from './nnaa';
import { measureDistortion, projectSets, sampleDistortionPairs } from './projection';
import { getRowNorms, type SampleRows } from './sampleRows';
import { bruteDistance, bruteNearest, randomRows, useCpuBackend } from './testHelpers';

const MASK = Uint8Array.from({ length: 40 }, (_, d) => (d % 8 === 7 ? 0 : 1));

beforeAll(useCpuBackend);

describe('projectSets', () => {
  const a = randomRows(30, 40, 1, MASK, 100);
  const b = randomRows(20, 40, 2, MASK, -100);

  it('is a deterministic function of the seed, and padded slots play no part', async () => {
    const first = await projectSets([a, b], MASK, { dims: 16, seed: 5 });
    expect((await projectSets([a, b], MASK, { dims: 16, seed: 5 })).sets[1].data).toEqual(first.sets[1].data);
    expect((await projectSets([a, b], MASK, { dims: 16, seed: 6 })).sets[1].data).not.toEqual(first.sets[1].data);
    const clean = randomRows(20, 40, 2, MASK, 0);
    expect((await projectSets([a, clean], MASK, { dims: 16, seed: 5 })).sets[1].data).toEqual(first.sets[1].data);
    expect(first.sets.map((set) => [set.count, set.dims])).toEqual([[30, 16], [20, 16]]);
    expect(first.summary).toMatchObject({ method: 'gaussian-random-projection', inputDims: 35, outputDims: 16, seed: 5 });
  });

  it('measures the distortion on its seeded pairs exactly as a brute force over the same pairs (1e-12)', async () => {
    const { sets, summary } = await projectSets([a, b], MASK, { dims: 8, seed: 3, distortionPairs: 200 });
    const locate = (p: number): [SampleRows, SampleRows, number] => (p < 30 ? [a, sets[0], p] : [b, sets[1], p - 30]);
    const errors = sampleDistortionPairs(50, 200, 3).map(([p, q]) => {
      const [x, px, i] = locate(p);
      const [y, py, j] = locate(q);
      return Math.abs(bruteDistance(px, i, py, j) - bruteDistance(x, i, y, j, MASK));
    });
    expect(summary.distortion.pairs).toBe(200);
    expect(Math.abs(summary.distortion.maxAbsError - Math.max(...errors))).toBeLessThan(1e-12);
    expect(Math.abs(summary.distortion.meanAbsError - errors.reduce((s, e) => s + e, 0) / 200)).toBeLessThan(1e-12);
  });

  it('distorts less with more dimensions (mean error at r = 512 under half that at r = 8)', async () => {
    const small = await projectSets([a, b], MASK, { dims: 8, seed: 3 });
    const large = await projectSets([a, b], MASK, { dims: 512, seed: 3 });
    expect(large.summary.distortion.meanAbsError).toBeLessThan(small.summary.distortion.meanAbsError / 2);
    // Projected sets have no padding: the identity "projection" of unpadded sets distorts nothing.
    const [x, y] = [randomRows(30, 12, 4), randomRows(20, 12, 5)];
    expect(measureDistortion([x, y], [x, y], null, 100, 1)).toEqual({ pairs: 100, maxAbsError: 0, meanAbsError: 0 });
  });

  it('keeps nearest neighbours approximately (≥ 80 % of exact 1-NN found at r = 512)', async () => {
    const { sets } = await projectSets([a, b], MASK, { dims: 512, seed: 3 });
    const exact = bruteNearest(a, b, 1, MASK).indices;
    const approx = bruteNearest(sets[0], sets[1], 1).indices;
    expect(exact.filter((row, i) => row[0] === approx[i][0]).length).toBeGreaterThanOrEqual(24);
    const norms = getRowNorms(sets[0], null);
    expect(Math.abs(angularDistance64(sets[0].data, 0, norms[0], sets[0].data, 0, norms[0], null, 512))).toBe(0);
  });
});

describe('distance space labels', () => {
  it('labels results computed through a projection as approximate and carries the projection', async () => {
    const a = randomRows(30, 40, 1, MASK);
    const exact = await createDistancePasses([a], { mask: MASK }, 1);
    expect(exact.settings).toMatchObject({ kind: 'exact', maskUsed: true, projection: null });
    const result = await computeNnaa(a, randomRows(30, 40, 2, MASK), { mask: MASK, projection: { dims: 24, seed: 1 } });
    expect(result.settings.distance.kind).toBe('approximate');
    expect(result.settings.distance.projection).toMatchObject({ outputDims: 24, seed: 1, distortion: { pairs: 1000 } });
  });
});
