import { beforeAll, describe, expect, it } from 'vitest';
import { computeNnaa, computeNnaaPrivacy } from './nnaa';
import { selectRows } from './sampleRows';
import { bruteNearest, bruteNearestDistance, randomRows, rowsFrom, smallestGap, useCpuBackend } from './testHelpers';

// The indicators compare float64-refined distances, the same values the brute force computes up to
// ~1e-15; with every per-point gap above 1e-9 (checked) no indicator can flip, so AA_truth, AA_syn,
// AATS and the indicator vectors must be exactly equal to the brute force.

const MASK = Uint8Array.from([1, 1, 0, 1, 1, 1, 0, 1]);

beforeAll(useCpuBackend);

function bruteNnaa(real: ReturnType<typeof randomRows>, synthetic: ReturnType<typeof randomRows>, mask: Uint8Array | null) {
  const truthToSyn = bruteNearestDistance(real, synthetic, mask);
  const truthToTruth = bruteNearestDistance(real, real, mask, true);
  const synToTruth = bruteNearestDistance(synthetic, real, mask);
  const synToSyn = bruteNearestDistance(synthetic, synthetic, mask, true);
  expect(smallestGap(truthToSyn, truthToTruth)).toBeGreaterThan(1e-9);
  expect(smallestGap(synToTruth, synToSyn)).toBeGreaterThan(1e-9);
  const truth = truthToSyn.map((d, i) => (d > truthToTruth[i] ? 1 : 0));
  const syn = synToTruth.map((d, i) => (d > synToSyn[i] ? 1 : 0));
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  return { truth, syn, aaTruth: mean(truth), aaSyn: mean(syn), aats: (mean(truth) + mean(syn)) / 2 };
}

describe('computeNnaa', () => {
  it('equals the brute force exactly on random sets of equal size (tiles 4 × 5)', async () => {
    const real = randomRows(30, 8, 1, MASK, 7);
    const synthetic = randomRows(30, 8, 2, MASK, -7);
    const result = await computeNnaa(real, synthetic, { mask: MASK, rowTile: 4, columnTile: 5 });
    const brute = bruteNnaa(real, synthetic, MASK);
    expect(Array.from(result.truthIndicators)).toEqual(brute.truth);
    expect(Array.from(result.synIndicators)).toEqual(brute.syn);
    expect([result.aaTruth, result.aaSyn, result.aats]).toEqual([brute.aaTruth, brute.aaSyn, brute.aats]);
    expect([result.truthTies, result.synTies]).toEqual([0, 0]);
    expect(result.intervals.aats.estimate).toBe(result.aats);
    expect(result.settings).toMatchObject({
      sizePolicy: 'subsample-equal', seed: 0, inequality: 'strict',
      real: { n: 30, of: 30, method: 'all' }, synthetic: { n: 30, of: 30, method: 'all' },
      distance: { kind: 'exact', maskUsed: true, selfExclusion: 'by-index', projection: null },
    });
  });

  it('subsamples the larger set to the smaller size by default, and equals the brute force on the rows it drew', async () => {
    const real = randomRows(40, 6, 3);
    const synthetic = randomRows(25, 6, 4);
    const result = await computeNnaa(real, synthetic, { seed: 9 });
    expect(result.settings.real).toEqual({ n: 25, of: 40, method: 'seeded', seed: 9, stream: expect.any(Number) });
    expect(result.settings.synthetic).toMatchObject({ n: 25, of: 25, method: 'all' });
    const brute = bruteNnaa(selectRows(real, result.realRows), synthetic, null);
    expect(Array.from(result.truthIndicators)).toEqual(brute.truth);
    expect(result.aats).toBe(brute.aats);
  });

  it('uses every row with sizePolicy "use-all" (means over each whole set)', async () => {
    const real = randomRows(40, 6, 3);
    const synthetic = randomRows(25, 6, 4);
    const result = await computeNnaa(real, synthetic, { sizePolicy: 'use-all' });
    expect([result.truthIndicators.length, result.synIndicators.length]).toEqual([40, 25]);
    expect(result.aats).toBe(bruteNnaa(real, synthetic, null).aats);
  });

  it('uses a strict inequality and counts exact ties (constructed case)', async () => {
    // Angles T: 0°, 60°; S: 300°, 180°. Mirror images give bit-identical distances:
    // T0: d_TS = d_TT = 1/3 (tie); T1: d_TS = 2/3 > d_TT = 1/3; S0: d_ST = 1/3 < d_SS = 2/3;
    // S1: d_ST = d_SS = 2/3 (tie).
    const s = Math.sqrt(3) / 2;
    const real = rowsFrom([[1, 0], [0.5, s]]);
    const synthetic = rowsFrom([[0.5, -s], [-1, 0]]);
    const result = await computeNnaa(real, synthetic);
    expect(Array.from(result.truthIndicators)).toEqual([0, 1]);
    expect(Array.from(result.synIndicators)).toEqual([0, 0]);
    expect([result.truthTies, result.synTies]).toEqual([1, 1]);
    expect([result.aaTruth, result.aaSyn, result.aats]).toEqual([0.5, 0, 0.25]);
  });

  it('keeps a duplicated real point as its twin\'s neighbour (d_TT = 0), which the paper\'s d ≤ 1e-3 filter would hide', async () => {
    const real = randomRows(20, 6, 8);
    real.data.copyWithin(9 * 6, 5 * 6, 6 * 6); // row 9 := row 5
    const synthetic = randomRows(20, 6, 9);
    const result = await computeNnaa(real, synthetic);
    // d_TT(5) = d_TT(9) = 0 and d_TS > 0: both score 1, exactly as the brute force with index exclusion.
    expect([result.truthIndicators[5], result.truthIndicators[9]]).toEqual([1, 1]);
    expect(Array.from(result.truthIndicators)).toEqual(bruteNnaa(real, synthetic, null).truth);
    // The paper's filter would measure d_TT(5) to the next point instead: the twin disappears.
    const filtered = bruteNearest(real, real, 19, null, true).distances[5].find((d) => d > 1e-3);
    expect(filtered).toBeGreaterThan(0.01);
  });
});

describe('computeNnaaPrivacy', () => {
  it('is AATS(holdout) − AATS(train) on one shared synthetic subsample, each side equal to the brute force', async () => {
    const train = randomRows(24, 8, 5, MASK);
    const holdout = randomRows(20, 8, 6, MASK);
    const synthetic = randomRows(30, 8, 7, MASK);
    const result = await computeNnaaPrivacy(train, holdout, synthetic, { mask: MASK, seed: 3 });
    expect(result.train.settings.real.n).toBe(20);
    expect(result.holdout.settings.real.n).toBe(20);
    expect(result.train.syntheticRows).toEqual(result.holdout.syntheticRows);
    const syn = selectRows(synthetic, result.train.syntheticRows);
    expect(result.train.aats).toBe(bruteNnaa(selectRows(train, result.train.realRows), syn, MASK).aats);
    expect(result.holdout.aats).toBe(bruteNnaa(holdout, syn, MASK).aats);
    expect(result.privacyLoss).toBe(result.holdout.aats - result.train.aats);
    expect(result.privacyLossInterval.estimate).toBeCloseTo(result.privacyLoss, 15);
    expect(result.privacyLossInterval.groupSizes).toEqual([20, 20, 20]);
  });
});
