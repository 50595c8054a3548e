import { describe, expect, it } from 'vitest';
import { InvalidRequestError, isCancelled } from '../errors';
import { unpackDosages } from '../genotype/testFixtures';
import { MISSING_DOSAGE } from '../genotype/types';
import { simulateCohort } from './cohort';
import { altFrequency } from './cohortStats';
import { defaultCohortSimParams, expectedSnpCount, resolveSimParams } from './params';
import { geneOfVariants, rowOf } from './testHelpers';

const base = simulateCohort();
const { cohort, truth } = base;
const sampleCount = cohort.sampleIds.length;
const variantCount = cohort.variants.pos.length;
/** Every call unpacked, variant-major. */
const all = unpackDosages(cohort.dosages);

describe('simulateCohort: determinism', () => {
  it('gives the identical cohort and truth for the same seed', () => {
    const again = simulateCohort({ seed: defaultCohortSimParams.seed });
    expect(unpackDosages(again.cohort.dosages)).toEqual(all);
    expect(again.cohort.variants).toEqual(cohort.variants);
    expect(again.cohort.phenotype).toEqual(cohort.phenotype);
    expect(again.truth).toEqual(truth);
  });

  it('gives a different cohort for a different seed', () => {
    const other = simulateCohort({ seed: 2 });
    expect(other.cohort.variants.pos).not.toEqual(cohort.variants.pos);
    const others = unpackDosages(other.cohort.dosages);
    const n = Math.min(others.length, all.length);
    let differ = 0;
    for (let k = 0; k < n; k++) if (others[k] !== all[k]) differ++;
    expect(differ / n).toBeGreaterThan(0.05);
  });
});

describe('simulateCohort: layout', () => {
  const geneOf = geneOfVariants(cohort);
  const snpsPerGene = cohort.genes!.map((_, g) => geneOf.filter((x) => x === g).length);

  it('has about the expected number of SNPs (±30 %) and the default sample count', () => {
    expect(sampleCount).toBe(400);
    expect(variantCount).toBeGreaterThan(0.7 * expectedSnpCount(resolveSimParams()));
    expect(variantCount).toBeLessThan(1.3 * expectedSnpCount(resolveSimParams()));
    expect([cohort.dosages.variants, cohort.dosages.samples]).toEqual([variantCount, sampleCount]);
    expect(cohort.dosages.byteLength).toBe(variantCount * Math.ceil(sampleCount / 4));
  });

  it('exercises all three DiseaseCapsule tiers: genes with ≤ 4, 5–20 and > 20 SNPs', () => {
    expect(snpsPerGene.every((c) => c >= 1)).toBe(true);
    expect(snpsPerGene.filter((c) => c <= 4).length).toBeGreaterThanOrEqual(5);
    expect(snpsPerGene.filter((c) => c >= 5 && c <= 20).length).toBeGreaterThanOrEqual(10);
    expect(snpsPerGene.filter((c) => c > 20).length).toBeGreaterThanOrEqual(10);
  });

  it('keeps positions increasing per chromosome, genes disjoint, and a few SNPs between genes', () => {
    const { chrom, pos } = cohort.variants;
    for (let v = 1; v < variantCount; v++) if (chrom[v] === chrom[v - 1]) expect(pos[v]).toBeGreaterThan(pos[v - 1]);
    const genes = cohort.genes!;
    for (let g = 1; g < genes.length; g++) {
      if (genes[g].chrom === genes[g - 1].chrom) expect(genes[g].start).toBeGreaterThanOrEqual(genes[g - 1].end);
    }
    const intergenic = geneOf.filter((g) => g < 0).length / variantCount;
    expect(intergenic).toBeGreaterThan(0.02);
    expect(intergenic).toBeLessThan(0.1);
    expect(new Set(chrom).size).toBe(defaultCohortSimParams.chromosomeCount);
    expect(new Set(cohort.variants.id).size).toBe(variantCount);
  });
});

describe('simulateCohort: allele frequencies and missing calls', () => {
  const maf = Array.from({ length: variantCount }, (_, v) => {
    const p = altFrequency(rowOf(cohort, v));
    return Math.min(p, 1 - p);
  });
  const share = (lo: number, hi: number) => maf.filter((m) => m >= lo && m < hi).length / variantCount;

  it('has a MAF spectrum skewed to rare variants', () => {
    // Log-uniform MAF on [0.005, 0.5]: half the SNPs below 0.05 before sampling noise.
    expect(share(0, 0.05)).toBeGreaterThan(0.35);
    expect(share(0, 0.05)).toBeGreaterThan(2 * share(0.05, 0.1));
    expect(share(0.05, 0.1)).toBeGreaterThan(share(0.25, 0.3));
    expect(share(0, 0.05)).toBeGreaterThan(2 * share(0.25, 0.51));
    expect(share(0, 1e-9)).toBeLessThan(0.1); // few monomorphic SNPs
  });

  it('puts ALT on the major allele for a minority of SNPs', () => {
    const altMajor = Array.from({ length: variantCount }, (_, v) => altFrequency(rowOf(cohort, v)) > 0.5);
    const altMajorShare = altMajor.filter(Boolean).length / variantCount;
    expect(altMajorShare).toBeGreaterThan(0.03);
    expect(altMajorShare).toBeLessThan(0.35);
  });

  it('misses calls at the set rate (1 % ± 0.1 %) and only as MISSING_DOSAGE', () => {
    const missing = all.filter((d) => d === MISSING_DOSAGE).length / all.length;
    expect(Math.abs(missing - 0.01)).toBeLessThan(0.001);
    expect(all.every((d) => d >= -1 && d <= 2)).toBe(true);
    const none = simulateCohort({ missingRate: 0, sampleCount: 50, geneCount: 10 });
    expect(unpackDosages(none.cohort.dosages).includes(MISSING_DOSAGE)).toBe(false);
  });
});

describe('simulateCohort: settings, progress, cancellation', () => {
  it('rejects impossible settings with a message naming the setting', () => {
    expect(() => simulateCohort({ founderCount: 40 })).toThrow(InvalidRequestError);
    expect(() => simulateCohort({ founderCount: 40 })).toThrow(/founderCount/);
    expect(() => simulateCohort({ prevalence: 0 })).toThrow(/prevalence/);
    expect(() => simulateCohort({ causalGeneCount: 61 })).toThrow(/causalGeneCount/);
  });

  it('says when ascertainment cannot fill the case quota', () => {
    expect(() => simulateCohort({ prevalence: 1e-6, sampleCount: 50, geneCount: 5, causalGeneCount: 1 }))
      .toThrow(/25 cases at prevalence 0.000001 need about 25000000 population draws/);
  });

  it('reports progress per block, ending at the block count', () => {
    const seen: number[] = [];
    simulateCohort({ sampleCount: 20, geneCount: 8 }, { onProgress: (p) => seen.push(p.blocksDone) });
    expect(seen[0]).toBe(0);
    expect(seen.slice(1)).toEqual(seen.slice(1).map((_, i) => i + 1));
    expect(seen.length).toBeGreaterThan(8);
  });

  it('stops with a cancellation when the signal fires', () => {
    const controller = new AbortController();
    const run = () => simulateCohort({ sampleCount: 20, geneCount: 8 }, {
      signal: controller.signal,
      onProgress: (p) => { if (p.blocksDone === 3) controller.abort(); },
    });
    let error: unknown;
    try {
      run();
    } catch (err) {
      error = err;
    }
    expect(isCancelled(error)).toBe(true);
  });
});
