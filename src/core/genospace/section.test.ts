// The report section of one synthetic set: on copies of the training set every fidelity number is
// perfect and the privacy numbers flag it; SNPs an import lacks are left out; the section is JSON-safe.
import { describe, expect, it } from 'vitest';
import type { VariantTable } from '../genotype/types';
import { toJsonSafe } from '../report/jsonSafe';
import { selectSnps } from './matrix';
import { defaultGenotypeSpaceSettings, genotypeSetSection } from './section';
import { randomGenotypes } from './testMatrices';

const snps = 30;
const variants: VariantTable = {
  chrom: Array(snps).fill('1'), pos: Float64Array.from({ length: snps }, (_, j) => 10_000 + 1_000 * j),
  id: Array.from({ length: snps }, (_, j) => `s${j}`), ref: Array(snps).fill('A'), alt: Array(snps).fill('G'),
};
const settings = { ...defaultGenotypeSpaceSettings, ldWindow: 12, ldBinBp: 2_000, ldBins: 5, pcaComponents: 3, maxPairs: 500 };
const train = randomGenotypes(60, snps, 1, 0.01);
const holdout = randomGenotypes(40, snps, 2, 0.01);

describe('genotype-space section', () => {
  it('scores copies of the training set as perfect fidelity and a privacy failure', () => {
    // A holdout as large as the training set, so AATS draws no subsample and compares the copies themselves.
    const s = genotypeSetSection({ id: 'copy', kind: 'imported', train, holdout: randomGenotypes(60, snps, 2, 0.01), synthetic: train, variants, haplotypes: { absent: 'the real cohort has no haplotypes: unphased' } }, settings);
    expect(s.alleleFrequency.rmse).toBe(0);
    expect(s.alleleFrequency.pearson).toBeCloseTo(1, 12);
    expect(s.ld.meanAbsDifference).toBe(0);
    expect(s.correlations).toMatchObject({ span: 5, pairs: { tuples: 30 * 5 - 15 } });
    expect(s.correlations!.pairs.pearson).toBeCloseTo(1, 12);
    expect(s.correlations!.triplets.pearson).toBeCloseTo(1, 12);
    expect(s.pca.wasserstein.every((w) => Math.abs(w) < 1e-9)).toBe(true);
    expect([s.distances.between.pairs, s.distances.between.ofPairs, s.distances.withinReal.ofPairs]).toEqual([500, 3600, 1770]);
    expect(s.aats.train.aats).toBe(0);
    expect(s.aats.privacyLoss).toBeGreaterThan(0.3);
    expect(s.aats.closerToTrain).toBe(1);
    expect(s.closestTraining).toMatchObject({ exactCopies: 60, holdoutExactCopies: 0, synthetic: { max: 0 } });
    expect(s.closestTraining.holdout.min).toBeGreaterThan(0);
    expect(s.samples).toEqual({ train: { n: 60, of: 60 }, holdout: { n: 60, of: 60 }, synthetic: { n: 60, of: 60 } });
    expect(s.aats.train.realCount).toBe(60);
    expect(s.ld.region).toEqual({ chrom: '1', fromBp: 10_000, toBp: 21_000, snps: 12 });
    expect(s.ld.decay.real[0].pairs).toBe(11);
    // No haplotypes: the section says why rather than leaving the haplotype AATS out.
    expect(s.haplotypes).toEqual({ computed: false, reason: 'the real cohort has no haplotypes: unphased' });
  });

  it('compares only the SNPs the synthetic set calls, subsamples to maxSamples with the n recorded, and is JSON-safe', () => {
    const synthetic = randomGenotypes(80, snps, 3, 0.01);
    for (let i = 0; i < 80; i++) for (const j of [0, 5, 7]) synthetic.data[i * snps + j] = -1;
    // A monomorphic SNP gives r² undefined: null in the report, not NaN.
    for (let i = 0; i < 80; i++) synthetic.data[i * snps + 3] = 2;
    const s = genotypeSetSection({ id: 'other', kind: 'decoded', train, holdout, synthetic, variants, haplotypes: { absent: 'decoded' } }, { ...settings, maxSamples: 50 });
    expect(s.snps).toEqual({ compared: 27, of: 30 });
    expect(s.alleleFrequency.real).toHaveLength(27);
    expect(s.samples.synthetic).toEqual({ n: 50, of: 80 });
    expect(s.aats.syntheticCount).toBe(40);
    // Copies are sought in the whole training split, from the synthetic subsample.
    expect(s.closestTraining.synthetic.n).toBe(50);
    expect(s.closestTraining.exactCopies).toBe(0);
    expect(s.ld.synthetic).toContain(null);
    expect(() => toJsonSafe(s)).not.toThrow();
    expect(s.alleleFrequency.rmse).toBeGreaterThan(0.05);
    // The same section from the matrices cut to those SNPs by hand.
    const keep = Array.from({ length: snps }, (_, j) => j).filter((j) => ![0, 5, 7].includes(j));
    const cut = genotypeSetSection({ id: 'other', kind: 'decoded', train: selectSnps(train, keep), holdout: selectSnps(holdout, keep), synthetic: selectSnps(synthetic, keep),
      variants: { ...variants, pos: Float64Array.from(keep, (j) => variants.pos[j]), chrom: keep.map(() => '1') }, haplotypes: { absent: 'decoded' } }, { ...settings, maxSamples: 50 });
    expect(cut.aats).toEqual(s.aats);
    expect(cut.alleleFrequency).toEqual(s.alleleFrequency);
  });
});
