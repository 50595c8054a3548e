// Genotype-space metrics on small hand-made inputs: closed forms worked by hand, and brute-force
// references written independently of the modules (full distance matrices, textbook formulas).
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../encode/eigen';
import { PackedDosages } from '../genotype/packedDosages';
import { genotypeAats } from './aats';
import { manhattanOfPlanes, toBitPlanes } from './bitPlanes';
import { alleleFrequencies, compareAlleleFrequencies } from './alleleFrequency';
import { manhattan, nearestManhattan, pairwiseDistances } from './distances';
import { ldDecay, ldMatrix } from './linkage';
import { genotypeMatrixFromRows, genotypeMatrixOfDecoded, genotypeMatrixOfPacked, observedInAll, selectSnps, type GenotypeMatrix } from './matrix';
import { fitGenotypePca, projectGenotypes, scoreColumn, wasserstein1d } from './pca';
import { sampleStatistics } from './sampleStats';
import { randomGenotypes } from './testMatrices';

const at = (m: GenotypeMatrix, i: number, j: number): number => m.data[i * m.snps + j];

/** Σ|x − y| over SNPs both call, from the definition. */
function bruteManhattan(a: GenotypeMatrix, i: number, b: GenotypeMatrix, j: number): number {
  let s = 0;
  for (let k = 0; k < a.snps; k++) if (at(a, i, k) >= 0 && at(b, j, k) >= 0) s += Math.abs(at(a, i, k) - at(b, j, k));
  return s;
}

/** AATS of eq. 9 from full distance matrices (self excluded by index). */
function bruteAats(real: GenotypeMatrix, syn: GenotypeMatrix): number {
  const nn = (a: GenotypeMatrix, b: GenotypeMatrix, self: boolean) => Array.from({ length: a.samples }, (_, i) =>
    Math.min(...Array.from({ length: b.samples }, (_, j) => (self && i === j ? Infinity : bruteManhattan(a, i, b, j)))));
  const tt = nn(real, real, true), ts = nn(real, syn, false), ss = nn(syn, syn, true), st = nn(syn, real, false);
  const aaTruth = ts.filter((d, i) => d > tt[i]).length / real.samples;
  const aaSyn = st.filter((d, i) => d > ss[i]).length / syn.samples;
  return (aaTruth + aaSyn) / 2;
}

describe('allele frequencies', () => {
  it('are Σ dosage / 2·called per SNP, and r and RMSE follow from them exactly', () => {
    const real = genotypeMatrixFromRows([[0, 2, 1], [1, 2, -1], [2, 0, 1], [1, 0, 0]]);
    const syn = genotypeMatrixFromRows([[0, 2, 0], [0, 1, 2], [2, 1, -1]]);
    expect(Array.from(alleleFrequencies(real))).toEqual([4 / 8, 4 / 8, 2 / 6]);
    const c = compareAlleleFrequencies(real, syn);
    expect(Array.from(c.synthetic)).toEqual([2 / 6, 4 / 6, 2 / 4]);
    // By hand: d = (−1/6, 1/6, 1/6), RMSE = 1/6; x = (1/2, 1/2, 1/3), y = (1/3, 2/3, 1/2).
    expect(c.rmse).toBeCloseTo(1 / 6, 15);
    const mx = 4 / 9, my = 1 / 2;
    const x = [1 / 2, 1 / 2, 1 / 3], y = [1 / 3, 2 / 3, 1 / 2];
    const sxy = x.reduce((s, xi, k) => s + (xi - mx) * (y[k] - my), 0);
    const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    const syy = y.reduce((s, yi) => s + (yi - my) ** 2, 0);
    expect(c.pearson).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 14);
    expect(c.snps).toBe(3);
  });

  it('come from decoded dosages rounded and clipped like the codec\'s hard genotypes, transposed to sample-major', () => {
    // Variant-major [2 variants × 3 samples].
    const m = genotypeMatrixOfDecoded(Float32Array.of(1.4, 1.6, -0.3, 2.7, Number.NaN, 0.49), 3, 2);
    expect(Array.from(m.data)).toEqual([1, 2, 2, -1, 0, 0]);
    expect([m.samples, m.snps]).toEqual([3, 2]);
  });

  it('come from packed cohort rows: chosen samples, chosen variants, −1 rows missing', () => {
    // Variant-major [2 variants × 3 samples]: v0 = (0, 1, 2), v1 = (2, −1, 1).
    const packed = PackedDosages.fromDosages([0, 1, 2, 2, -1, 1], 3);
    const m = genotypeMatrixOfPacked(packed, [2, 0], [1, -1, 0]);
    expect(Array.from(m.data)).toEqual([1, -1, 2, 2, -1, 0]);
  });

  it('leave out a SNP that one set never calls', () => {
    const real = genotypeMatrixFromRows([[0, 1], [2, 1]]);
    const syn = genotypeMatrixFromRows([[0, -1], [2, -1]]);
    const c = compareAlleleFrequencies(real, syn);
    expect(c.snps).toBe(1);
    expect(c.rmse).toBe(0);
    expect(Array.from(observedInAll(real, syn))).toEqual([0]);
    expect(selectSnps(real, [1]).data).toEqual(Int8Array.of(1, 1));
  });
});

describe('LD', () => {
  it('r² is 1 for identical and mirrored SNPs, the squared Pearson r otherwise, NaN when monomorphic', () => {
    const m = genotypeMatrixFromRows([[0, 2, 0, 1, 1], [1, 1, 1, 0, 1], [2, 0, 1, 2, 1], [1, 1, 2, 1, 1]]);
    const r2 = ldMatrix(m, { start: 0, length: 5 });
    expect(r2[0 * 5 + 1]).toBeCloseTo(1, 15);
    expect(r2[1 * 5 + 0]).toBe(r2[0 * 5 + 1]);
    // SNP 0 (0,1,2,1) vs SNP 2 (0,1,1,2), centred x = (−1,0,1,0), y = (−1,0,0,1): Σxy = 1, Σx² = 2, Σy² = 2 → r² = 1/4.
    expect(r2[0 * 5 + 2]).toBeCloseTo(0.25, 15);
    expect(Number.isNaN(r2[0 * 5 + 4])).toBe(true);
    expect(r2[2 * 5 + 2]).toBeCloseTo(1, 15);
  });

  it('LD decay averages every pair of the window in its distance bin, by brute force', () => {
    const m = randomGenotypes(40, 12, 5, 0.05);
    const pos = Array.from({ length: 12 }, (_, j) => 1000 + j * 37 + (j % 3) * 11);
    const bins = ldDecay(m, pos, { window: { start: 2, length: 9 }, binBp: 60, bins: 4 });
    const r2 = ldMatrix(m, { start: 2, length: 9 });
    for (const [k, bin] of bins.entries()) {
      const values: number[] = [];
      for (let a = 0; a < 9; a++) for (let b = a + 1; b < 9; b++) {
        const d = Math.abs(pos[2 + b] - pos[2 + a]);
        if (d >= k * 60 && d < (k + 1) * 60 && !Number.isNaN(r2[a * 9 + b])) values.push(r2[a * 9 + b]);
      }
      expect(bin.pairs).toBe(values.length);
      if (values.length > 0) expect(bin.meanR2).toBeCloseTo(values.reduce((s, v) => s + v, 0) / values.length, 14);
      else expect(bin.meanR2).toBeNull();
    }
    expect(() => ldDecay(m, pos, { window: { start: 8, length: 9 }, binBp: 60, bins: 4 })).toThrow(/does not fit 12 SNPs/);
    // SNPs 2–5 on one chromosome, 6–10 on another: only same-chromosome pairs count (at most 6 + 10 of the 36).
    const chroms = pos.map((_, j) => (j < 6 ? '1' : '2'));
    const split = ldDecay(m, pos, { window: { start: 2, length: 9 }, binBp: 10_000, bins: 1 }, chroms);
    let sameChromosome = 0;
    for (let a = 2; a < 11; a++) for (let b = a + 1; b < 11; b++) if (chroms[a] === chroms[b] && !Number.isNaN(r2[(a - 2) * 9 + (b - 2)])) sameChromosome++;
    expect(split[0].pairs).toBe(sameChromosome);
    expect(sameChromosome).toBeLessThan(36);
  });
});

describe('per-sample statistics', () => {
  it('count heterozygous calls and ALT alleles over the called SNPs', () => {
    const s = sampleStatistics(genotypeMatrixFromRows([[0, 1, 2, 1], [1, -1, 1, 1], [-1, -1, -1, -1]]));
    expect(Array.from(s.heterozygosity.slice(0, 2))).toEqual([2 / 4, 3 / 3]);
    expect(Number.isNaN(s.heterozygosity[2])).toBe(true);
    expect(Array.from(s.altAlleleCount)).toEqual([4, 3, 0]);
    expect(Array.from(s.called)).toEqual([4, 3, 0]);
  });
});

describe('Manhattan distances', () => {
  it('sum |Δ| over the SNPs both call; nearest neighbours skip themselves by index, so copies give 0', () => {
    const a = genotypeMatrixFromRows([[0, 1, 2, -1], [0, 1, 2, 0], [2, 2, 0, 1]]);
    expect(manhattan(a, 0, a, 2)).toBe(2 + 1 + 2);
    expect(manhattan(a, 0, a, 1)).toBe(0);
    expect(Array.from(nearestManhattan(a, a, true))).toEqual([0, 0, 5]);
  });

  it('within and between sets: every pair when few, else distinct seeded pairs, reproducible', () => {
    const real = randomGenotypes(30, 20, 1, 0.02);
    const syn = randomGenotypes(25, 20, 2, 0.02);
    const within = pairwiseDistances(real, null, { maxPairs: 10_000, seed: 3, stream: 1 });
    expect(within.pairs).toBe(435);
    let sum = 0;
    for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) sum += bruteManhattan(real, i, real, j);
    expect(within.mean).toBeCloseTo(sum / 435, 12);
    const between = pairwiseDistances(real, syn, { maxPairs: 200, seed: 3, stream: 2 });
    expect([between.pairs, between.ofPairs]).toEqual([200, 750]);
    expect(pairwiseDistances(real, syn, { maxPairs: 200, seed: 3, stream: 2 }).values).toEqual(between.values);
    const sub = pairwiseDistances(real, null, { maxPairs: 100, seed: 9, stream: 1 });
    const all = new Set(within.values);
    expect(sub.values.every((d) => all.has(d))).toBe(true);
    expect(sub.quantiles[0]).toBeLessThanOrEqual(sub.quantiles[4]);
  });
});

describe('Manhattan distance on bit planes', () => {
  it('equals the per-SNP sum on every pair, with missing calls and SNP counts off a multiple of 32', () => {
    for (const [snps, missingRate] of [[1, 0], [31, 0.1], [32, 0.2], [33, 0], [97, 0.3]] as const) {
      const a = randomGenotypes(9, snps, snps, missingRate);
      const b = randomGenotypes(7, snps, snps + 1, missingRate);
      const pa = toBitPlanes(a), pb = toBitPlanes(b);
      for (let i = 0; i < 9; i++) for (let j = 0; j < 7; j++) expect(manhattanOfPlanes(pa, i, pb, j)).toBe(bruteManhattan(a, i, b, j));
    }
  });
});

describe('AATS in genotype space', () => {
  it('equals the brute-force eq. 9 on Manhattan distances to 1e-12, train and holdout', () => {
    for (const seed of [1, 2, 3]) {
      const train = randomGenotypes(18, 15, seed, 0.03);
      const holdout = randomGenotypes(18, 15, seed + 10, 0.03);
      const syn = randomGenotypes(18, 15, seed + 20, 0.03);
      const result = genotypeAats(train, holdout, syn);
      expect(Math.abs(result.train.aats - bruteAats(train, syn))).toBeLessThan(1e-12);
      expect(Math.abs(result.holdout.aats - bruteAats(holdout, syn))).toBeLessThan(1e-12);
      expect(result.privacyLoss).toBeCloseTo(result.holdout.aats - result.train.aats, 15);
      let closer = 0;
      for (let i = 0; i < 18; i++) {
        const dt = Math.min(...Array.from({ length: 18 }, (_, j) => bruteManhattan(syn, i, train, j)));
        const dh = Math.min(...Array.from({ length: 18 }, (_, j) => bruteManhattan(syn, i, holdout, j)));
        if (dt < dh) closer++;
      }
      expect(result.closerToTrain).toBe(closer / 18);
    }
  });

  it('exposes copies of the training set: AATS(train) 0, privacy loss > 0, every copy closer to train', () => {
    const train = randomGenotypes(20, 30, 4);
    const holdout = randomGenotypes(20, 30, 5);
    const result = genotypeAats(train, holdout, train);
    expect(result.train.aats).toBe(0);
    expect(result.privacyLoss).toBeGreaterThan(0.4);
    expect(result.closerToTrain).toBe(1);
  });
});

describe('PCA on real genotypes with synthetic projected', () => {
  it('matches the eigenvectors of the brute-force covariance up to sign, and projects the real set onto its own scores', () => {
    const real = randomGenotypes(30, 6, 8);
    const pca = fitGenotypePca(real, 3);
    expect(pca.components).toBe(3);
    // Brute force: the sample covariance (n − 1) and its eigenvectors.
    const n = 30, p = 6;
    const mean = Array.from({ length: p }, (_, j) => Array.from({ length: n }, (_, i) => at(real, i, j)).reduce((s, x) => s + x, 0) / n);
    const cov = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let i = 0; i < n; i++) cov[a * p + b] += (at(real, i, a) - mean[a]) * (at(real, i, b) - mean[b]) / (n - 1);
    const eig = symmetricEigen(cov, p);
    for (let j = 0; j < 3; j++) {
      expect(pca.fit.eigenvalues[j]).toBeCloseTo(eig.values[j], 10);
      const dot = Array.from({ length: p }, (_, a) => pca.fit.loadings[a * 3 + j] * eig.vectors[a * p + j]).reduce((s, x) => s + x, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
    const scores = projectGenotypes(pca, real);
    const pc1 = scoreColumn(scores, 3, 0);
    const variance = pc1.reduce((s, x) => s + x * x, 0) / (n - 1);
    expect(variance).toBeCloseTo(eig.values[0], 10);
  });

  it('Wasserstein-1 matches the closed forms: mean |sorted difference| at equal sizes, CDF areas otherwise', () => {
    expect(wasserstein1d([0], [1])).toBe(1);
    expect(wasserstein1d([0, 1], [0])).toBeCloseTo(0.5, 15);
    expect(wasserstein1d([3, 1, 2], [1, 2, 3])).toBe(0);
    const u = [0.3, -1.2, 4, 2.5, 0], v = [1, 1, -3, 0.5, 2];
    const su = [...u].sort((a, b) => a - b), sv = [...v].sort((a, b) => a - b);
    expect(wasserstein1d(u, v)).toBeCloseTo(su.reduce((s, x, i) => s + Math.abs(x - sv[i]), 0) / 5, 14);
    // scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5 (a shift); ([0, 10], [0, 1, 2]) worked by hand:
    // F_u − F_v on [0,1): 1/2 − 1/3, [1,2): 1/2 − 2/3, [2,10): 1/2 − 1 → 1/6 + 1/6 + 4 = 13/3.
    expect(wasserstein1d([0, 1, 3], [5, 6, 8])).toBeCloseTo(5, 14);
    expect(wasserstein1d([0, 10], [0, 1, 2])).toBeCloseTo(13 / 3, 14);
  });
});
