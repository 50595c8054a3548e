// Settings of the cohort simulator, their defaults (small, so tests are fast) and their checks.
// Every number that shapes the truth is here and is copied into truth.json.

import { InvalidRequestError } from '../errors';

export interface CohortSimParams {
  /** Everything is a function of this seed (non-negative integer below 2^53). */
  seed: number;
  sampleCount: number;
  geneCount: number;
  /** Genes are spread evenly over chromosomes named "1", "2", … */
  chromosomeCount: number;
  /** Share of genes with 1–4 SNPs (1 PCA component under the DiseaseCapsule rule). */
  smallGeneShare: number;
  /** Share of genes with 5–20 SNPs (4 components); the rest have more than 20 (8 components). */
  mediumGeneShare: number;
  /** Mean SNP count of the large genes (21 + an exponential tail). */
  largeGeneMeanSnps: number;
  /** Upper bound on SNPs in one gene. */
  maxGeneSnps: number;
  /** Share of all SNPs that fall between genes. */
  intergenicSnpShare: number;
  /** Mean distance between neighbouring SNPs inside a gene. */
  snpSpacingMeanBp: number;
  /** Smallest minor allele frequency of the log-uniform spectrum on [minMaf, 0.5] (many rare variants). */
  minMaf: number;
  /** Share of SNPs whose ALT allele is the ancestral one (REF carries the mutation). */
  altAncestralShare: number;
  /** Relative sizes of the subpopulations; their number is the length. */
  subpopulationShares: number[];
  /** Balding–Nichols F_ST between each subpopulation and the ancestral population. */
  fst: number;
  /** Founder haplotypes per block, shared by the subpopulations (at most 32: one bit each). */
  founderCount: number;
  /** Mean switches of the copied founder per megabase (recombination in the copying model). */
  switchesPerMb: number;
  causalGeneCount: number;
  /** Causal SNPs per causal gene (fewer when the gene is smaller). */
  causalSnpsPerGene: number;
  /** Liability-scale heritability h² explained by the causal SNPs. */
  heritability: number;
  /** Population prevalence K of the disease; threshold Φ⁻¹(1 − K). */
  prevalence: number;
  /** Share of cases after ascertainment (0.5 balances); null keeps a population sample. */
  caseShare: number | null;
  /** Probability that a genotype call is missing. */
  missingRate: number;
}

export const defaultCohortSimParams: Readonly<CohortSimParams> = Object.freeze({
  seed: 1,
  sampleCount: 400,
  geneCount: 60,
  chromosomeCount: 3,
  smallGeneShare: 0.2,
  mediumGeneShare: 0.4,
  largeGeneMeanSnps: 45,
  maxGeneSnps: 300,
  intergenicSnpShare: 0.05,
  snpSpacingMeanBp: 800,
  minMaf: 0.005,
  altAncestralShare: 0.1,
  subpopulationShares: [0.5, 0.3, 0.2],
  fst: 0.05,
  founderCount: 16,
  switchesPerMb: 10,
  causalGeneCount: 5,
  causalSnpsPerGene: 3,
  heritability: 0.6,
  prevalence: 0.1,
  caseShare: 0.5,
  missingRate: 0.01,
});

function check(ok: boolean, message: string): void {
  if (!ok) throw new InvalidRequestError(`simulation settings: ${message}`);
}

const isCount = (x: number, min: number): boolean => Number.isInteger(x) && x >= min;
const isShare = (x: number): boolean => Number.isFinite(x) && x >= 0 && x <= 1;

/** Fills in defaults and rejects inconsistent settings with a message naming the setting. */
export function resolveSimParams(overrides: Partial<CohortSimParams> = {}): CohortSimParams {
  const p: CohortSimParams = { ...defaultCohortSimParams, ...overrides };
  p.subpopulationShares = [...p.subpopulationShares];
  check(Number.isSafeInteger(p.seed) && p.seed >= 0, `seed must be a non-negative integer, got ${p.seed}`);
  check(isCount(p.sampleCount, 1), `sampleCount must be an integer ≥ 1, got ${p.sampleCount}`);
  check(isCount(p.geneCount, 1), `geneCount must be an integer ≥ 1, got ${p.geneCount}`);
  check(isCount(p.chromosomeCount, 1) && p.chromosomeCount <= p.geneCount,
    `chromosomeCount must be between 1 and geneCount (${p.geneCount}), got ${p.chromosomeCount}`);
  check(isShare(p.smallGeneShare) && isShare(p.mediumGeneShare) && p.smallGeneShare + p.mediumGeneShare <= 1,
    'smallGeneShare and mediumGeneShare must be shares that add up to at most 1');
  check(isCount(p.maxGeneSnps, 21), `maxGeneSnps must be an integer ≥ 21, got ${p.maxGeneSnps}`);
  check(p.largeGeneMeanSnps >= 21 && p.largeGeneMeanSnps <= p.maxGeneSnps,
    `largeGeneMeanSnps must lie in [21, maxGeneSnps], got ${p.largeGeneMeanSnps}`);
  check(isShare(p.intergenicSnpShare) && p.intergenicSnpShare < 1, 'intergenicSnpShare must lie in [0, 1)');
  check(p.snpSpacingMeanBp >= 1, `snpSpacingMeanBp must be ≥ 1, got ${p.snpSpacingMeanBp}`);
  check(p.minMaf > 0 && p.minMaf <= 0.5, `minMaf must lie in (0, 0.5], got ${p.minMaf}`);
  check(isShare(p.altAncestralShare), 'altAncestralShare must lie in [0, 1]');
  check(p.subpopulationShares.length >= 1 && p.subpopulationShares.length <= 100 &&
    p.subpopulationShares.every((s) => s > 0 && Number.isFinite(s)), 'subpopulationShares must be 1 to 100 positive numbers');
  check(p.fst >= 0 && p.fst < 1, `fst must lie in [0, 1), got ${p.fst}`);
  check(isCount(p.founderCount, 2) && p.founderCount <= 32,
    `founderCount must be an integer in [2, 32], got ${p.founderCount}`);
  check(p.switchesPerMb >= 0, 'switchesPerMb must be ≥ 0');
  check(isCount(p.causalGeneCount, 0) && p.causalGeneCount <= p.geneCount,
    `causalGeneCount must be an integer in [0, geneCount], got ${p.causalGeneCount}`);
  check(isCount(p.causalSnpsPerGene, 1), `causalSnpsPerGene must be an integer ≥ 1, got ${p.causalSnpsPerGene}`);
  check(isShare(p.heritability) && p.heritability < 1, `heritability must lie in [0, 1), got ${p.heritability}`);
  check(p.prevalence > 0 && p.prevalence < 1, `prevalence must lie in (0, 1), got ${p.prevalence}`);
  check(p.caseShare === null || (p.caseShare > 0 && p.caseShare < 1), 'caseShare must lie in (0, 1) or be null');
  check(isShare(p.missingRate) && p.missingRate < 1, 'missingRate must lie in [0, 1)');
  return p;
}

/** Expected SNPs in the whole cohort, to pick geneCount for a target size (e.g. 100,000 SNPs). */
export function expectedSnpCount(params: CohortSimParams): number {
  const largeShare = 1 - params.smallGeneShare - params.mediumGeneShare;
  const perGene = params.smallGeneShare * 2.5 + params.mediumGeneShare * 12.5 + largeShare * params.largeGeneMeanSnps;
  return (params.geneCount * perGene) / (1 - params.intergenicSnpShare);
}
