import { describe, expect, it } from 'vitest';
import type { Cohort } from '../genotype/types';
import { simulateCohort, type SimulationTruth } from './cohort';
import { altFrequency, estimateFst, rSquared, trendChiSquare } from './cohortStats';
import { geneOfVariants, mean, rowOf } from './testHelpers';

/** Mean r² of adjacent SNP pairs inside one gene and of adjacent pairs across a gene boundary. */
function adjacentLd(cohort: Cohort, minMaf = 0): { within: number; across: number } {
  const geneOf = geneOfVariants(cohort);
  const maf = (v: number) => Math.min(altFrequency(rowOf(cohort, v)), 1 - altFrequency(rowOf(cohort, v)));
  const within: number[] = [];
  const across: number[] = [];
  for (let v = 0; v + 1 < geneOf.length; v++) {
    if (cohort.variants.chrom[v] !== cohort.variants.chrom[v + 1] || maf(v) < minMaf || maf(v + 1) < minMaf) continue;
    const r2 = rSquared(rowOf(cohort, v), rowOf(cohort, v + 1));
    if (Number.isNaN(r2)) continue;
    if (geneOf[v] >= 0 && geneOf[v] === geneOf[v + 1]) within.push(r2);
    else if (geneOf[v] !== geneOf[v + 1]) across.push(r2);
  }
  return { within: mean(within), across: mean(across) };
}

/** Genetic liability Σ effect·dosage of each sample from the truth (missing calls count 0). */
function geneticScore(cohort: Cohort, truth: SimulationTruth): Float64Array {
  const n = cohort.sampleIds.length;
  const score = new Float64Array(n);
  for (const snp of truth.causalSnps) {
    const row = rowOf(cohort, snp.variantIndex);
    for (let i = 0; i < n; i++) if (row[i] > 0) score[i] += snp.effect * row[i];
  }
  return score;
}

const variance = (x: ArrayLike<number>) => {
  const m = mean(x);
  return mean(Array.from(x, (v) => (v - m) * (v - m)));
};

describe('simulateCohort: linkage disequilibrium', () => {
  it('has adjacent SNPs in LD within genes, not across gene boundaries', () => {
    // Across seeds: within ≈ 0.05–0.10 over all pairs, ≈ 0.2 over common pairs; across ≈ 0.004.
    for (const seed of [1, 2]) {
      const { cohort } = simulateCohort({ seed });
      const all = adjacentLd(cohort);
      expect(all.within).toBeGreaterThan(0.04);
      expect(all.within).toBeGreaterThan(5 * all.across);
      expect(adjacentLd(cohort, 0.05).within).toBeGreaterThan(0.12);
    }
  });
});

describe('simulateCohort: subpopulations', () => {
  it.each([
    { fst: 0, tolerance: 0.01 },
    { fst: 0.05, tolerance: 0.015 },
    { fst: 0.15, tolerance: 0.04 },
  ])('estimates F_ST near the set $fst (± $tolerance)', ({ fst, tolerance }) => {
    // Founder weights are shared by a gene's SNPs, so genes, not SNPs, are the independent
    // units: over seeds 10–19 the estimate for 0.05 ranged 0.035–0.051 and for 0.15 0.12–0.18.
    const { cohort, truth } = simulateCohort({ fst, seed: 3 });
    const estimate = estimateFst(cohort.dosages, truth.subpopulations);
    expect(Math.abs(estimate - fst)).toBeLessThan(tolerance);
  });

  it('draws subpopulations in the set shares (0.5, 0.3, 0.2 ± 0.04) in a population sample', () => {
    // Not after ascertainment: subpopulations differ in causal allele frequencies, hence in risk.
    const { truth } = simulateCohort({ seed: 4, caseShare: null, sampleCount: 2000, geneCount: 10 });
    const shares = [0, 1, 2].map((k) => truth.subpopulations.filter((s) => s === k).length / truth.subpopulations.length);
    shares.forEach((s, k) => expect(Math.abs(s - [0.5, 0.3, 0.2][k])).toBeLessThan(0.04));
  });
});

describe('simulateCohort: phenotype', () => {
  const { cohort, truth } = simulateCohort({ seed: 5 });
  const labels = cohort.phenotype!.labels;

  it('ascertains a balanced cohort from a population of the set prevalence', () => {
    expect(truth.caseCount).toBe(200);
    expect(truth.controlCount).toBe(200);
    expect(labels.filter((l) => l === 1).length).toBe(200);
    // 200 cases at K = 0.1 need about 2,000 draws (binomial SD ≈ 135).
    expect(Math.abs(truth.candidatesDrawn - 2000)).toBeLessThan(500);
    expect(truth.causalGenes).toHaveLength(5);
  });

  it('lets causal SNPs and causal genes associate with case status more than null genes', () => {
    const geneOf = geneOfVariants(cohort);
    const causalGenes = new Set(truth.causalGenes.map((g) => g.geneIndex));
    const chi = Array.from({ length: geneOf.length }, (_, v) => trendChiSquare(rowOf(cohort, v), labels));
    const nullChi = mean(chi.filter((_, v) => !causalGenes.has(geneOf[v])));
    const causalSnpChi = mean(truth.causalSnps.map((s) => chi[s.variantIndex]));
    const causalGeneChi = mean(chi.filter((_, v) => causalGenes.has(geneOf[v])));
    expect(nullChi).toBeLessThan(1.6); // ≈ 1 plus a little stratification
    expect(causalSnpChi).toBeGreaterThan(4 * nullChi);
    expect(causalGeneChi).toBeGreaterThan(2 * nullChi);
  });

  it('labels by the written genotypes: cases carry a higher genetic score', () => {
    const score = geneticScore(cohort, truth);
    const cases = score.filter((_, i) => labels[i] === 1);
    const controls = score.filter((_, i) => labels[i] === 0);
    expect(mean(cases) - mean(controls)).toBeGreaterThan(0.5 * Math.sqrt(variance(score)));
  });

  it('reaches the set prevalence (0.2 ± 0.035) and h² (0.6 ± 0.1) in a population sample', () => {
    // The liability scale is calibrated on 2,000 population draws, twice this sample: the
    // sample's genetic variance and case share scatter around the set values (SD ≈ 0.03, 0.013).
    const population = simulateCohort({ seed: 6, caseShare: null, prevalence: 0.2, sampleCount: 1000, geneCount: 20,
      missingRate: 0 });
    const cases = population.cohort.phenotype!.labels.filter((l) => l === 1).length;
    expect(Math.abs(cases / 1000 - 0.2)).toBeLessThan(0.035);
    expect(Math.abs(variance(geneticScore(population.cohort, population.truth)) - 0.6)).toBeLessThan(0.1);
  });
});
