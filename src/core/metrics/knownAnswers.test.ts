// Known answers (issue 5): a synthetic set that copies the training set, one drawn from the same
// distribution as the holdout, and pure noise; the metrics must move the way REFERENCE.md says.
// The population is a rank-2 signal plus small noise (testHelpers.drawPopulation), zero-mean like
// standardised gene tensors, with 4 padded slots. Every draw is seeded, so each assertion is
// deterministic; the margins are stated where the value is random.
import { beforeAll, describe, expect, it } from 'vitest';
import { computeDcr } from './dcr';
import { metricProgressFraction, type MetricProgress } from './distanceSpace';
import { computeMemorisation } from './memorisation';
import { computeNnaaPrivacy } from './nnaa';
import { computeNnTest } from './nnTest';
import { selectRows } from './sampleRows';
import { concatRows, drawPopulation, randomRows, useCpuBackend } from './testHelpers';

const N = 120;
const MASK = Uint8Array.from({ length: 16 }, (_, d) => (d < 12 ? 1 : 0));
const WORLD = 1;
const train = drawPopulation(N, WORLD, 10, MASK);
const holdout = drawPopulation(N, WORLD, 11, MASK);
const faithful = drawPopulation(N, WORLD, 12, MASK);
const copies = { ...train, data: train.data.slice() };
const noise = randomRows(N, 16, 13, MASK);
const options = { mask: MASK };

beforeAll(useCpuBackend);

describe('a synthetic set that copies the training set', () => {
  it('scores AATS = 0 against train exactly: d_TS(i) = 0 (its copy) while d_TT(i) > 0 (self excluded by index)', async () => {
    const result = await computeNnaaPrivacy(train, holdout, copies, options);
    expect([result.train.aaTruth, result.train.aaSyn, result.train.aats]).toEqual([0, 0, 0]);
    expect([result.train.truthTies, result.train.synTies]).toEqual([0, 0]);
    // Against the holdout the copies are just another sample of the population: AATS ≈ 0.5.
    expect(result.holdout.intervals.aats.lower).toBeLessThan(0.5);
    expect(result.holdout.intervals.aats.upper).toBeGreaterThan(0.5);
    // So the privacy loss is about 0.5 and clearly above 0.
    expect(result.privacyLoss).toBeGreaterThan(0.35);
    expect(result.privacyLossInterval.lower).toBeGreaterThan(0.25);
  });

  it('is n exact copies for DCR, protection share 1, and similarity 1 in the memorisation histogram', async () => {
    const dcr = await computeDcr(train, holdout, copies, options);
    expect(dcr.copies.synthetic.exact).toBe(N);
    expect(dcr.protection.share).toBe(1);
    expect(dcr.copies.holdout.exact).toBe(0);
    const memorisation = await computeMemorisation(train, holdout, copies, options);
    expect(memorisation.synthetic.histogram.counts.at(-1)).toBe(N);
    expect(memorisation.holdout.summary.max).toBeLessThan(1);
  });

  it('is invisible to the NN test (D1 = train): 0.5 exactly, with a boundary tie on every row', async () => {
    const result = await computeNnTest(train, copies, options);
    expect(result.score).toBe(0.5);
    expect(result.boundaryTies).toBe(N);
  });
});

describe('a synthetic set from the same distribution as the holdout', () => {
  it('scores AATS ≈ 0.5 against train and holdout (0.5 inside both bootstrap intervals) and privacy loss ≈ 0', async () => {
    const result = await computeNnaaPrivacy(train, holdout, faithful, options);
    for (const side of [result.train, result.holdout]) {
      expect(side.intervals.aats.lower).toBeLessThan(0.5);
      expect(side.intervals.aats.upper).toBeGreaterThan(0.5);
    }
    expect(result.privacyLossInterval.lower).toBeLessThan(0);
    expect(result.privacyLossInterval.upper).toBeGreaterThan(0);
  });

  it('scores the NN test ≈ 0.5 (inside its bootstrap interval) and finds no copies', async () => {
    const result = await computeNnTest(train, faithful, options);
    expect(result.interval.lower).toBeLessThan(0.5);
    expect(result.interval.upper).toBeGreaterThan(0.5);
    expect((await computeDcr(train, holdout, faithful, options)).copies.synthetic.near).toBe(0);
  });

  it('has DCR protection ≈ 0.5: the mean over 6 independent worlds is within 0.06 of 0.5', async () => {
    // The share varies with the train/holdout draw itself (sd ≈ 0.06 at n = 120, more than its
    // synthetic-only bootstrap shows); the mean of 6 has sd ≈ 0.025, so 0.06 is ≈ 2.4 sd.
    const shares: number[] = [];
    for (let world = 0; world < 6; world++) {
      const draw = (seed: number) => drawPopulation(N, 100 + world, seed, MASK);
      shares.push((await computeDcr(draw(1), draw(2), draw(3), options)).protection.share);
    }
    expect(Math.abs(shares.reduce((s, v) => s + v, 0) / shares.length - 0.5)).toBeLessThan(0.06);
  });
});

describe('pure noise', () => {
  it('drives AATS and the NN test towards 1: each set\'s nearest neighbours are its own', async () => {
    const nnaa = await computeNnaaPrivacy(train, holdout, noise, options);
    const faithfulNnaa = await computeNnaaPrivacy(train, holdout, faithful, options);
    expect(nnaa.train.aats).toBeGreaterThan(0.9);
    expect(nnaa.train.intervals.aats.lower).toBeGreaterThan(faithfulNnaa.train.intervals.aats.upper);
    const nnTest = await computeNnTest(train, noise, options);
    expect(nnTest.score).toBeGreaterThan(0.95);
  });
});

describe('the metrics move with the share of copies', () => {
  it('AATS(train) falls, privacy loss, exact copies and DCR protection rise as 0 → 50 % → 100 % of S copies train', async () => {
    const half = N / 2;
    const mixes = [faithful, concatRows(selectRows(train, range(0, half)), selectRows(faithful, range(half, N))), copies];
    const rows = [];
    for (const synthetic of mixes) {
      const nnaa = await computeNnaaPrivacy(train, holdout, synthetic, options);
      const dcr = await computeDcr(train, holdout, synthetic, options);
      rows.push({ aats: nnaa.train.aats, loss: nnaa.privacyLoss, exact: dcr.copies.synthetic.exact, protection: dcr.protection.share });
    }
    expect(rows.map((r) => r.exact)).toEqual([0, half, N]);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].aats).toBeLessThan(rows[i - 1].aats);
      expect(rows[i].loss).toBeGreaterThan(rows[i - 1].loss);
      expect(rows[i].protection).toBeGreaterThan(rows[i - 1].protection);
    }
  });
});

describe('metric progress', () => {
  it('never decreases and ends at 100 % over all engine passes', async () => {
    const fractions: number[] = [];
    await computeNnaaPrivacy(selectRows(train, range(0, 30)), holdout, faithful, {
      ...options, rowTile: 8, columnTile: 8,
      onProgress: (p: MetricProgress) => fractions.push(metricProgressFraction(p)),
    });
    expect(fractions.length).toBeGreaterThan(20);
    fractions.forEach((f, i) => i > 0 && expect(f).toBeGreaterThanOrEqual(fractions[i - 1]));
    expect(fractions.at(-1)).toBe(1);
  });
});

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
