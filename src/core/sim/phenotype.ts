// Case/control status from the liability-threshold model (Falconer 1965): liability
// L = g + e with g = Σ_j β_j·x_j rescaled so Var(g) = h² in the population, e ~ N(0, 1 − h²),
// and a case when L > T = Φ⁻¹(1 − K) for prevalence K. Ascertainment: candidates are drawn
// from the population one by one and kept until the case and control quotas are full, so a
// balanced cohort is a true case/control sample of a disease with population prevalence K.

import { InvalidRequestError } from '../errors';
import { normalQuantile } from './distributions';
import type { BlockModel } from './founders';
import { fillTrueDosages } from './haplotypes';
import type { CohortLayout } from './layout';
import type { CohortSimParams } from './params';
import { AddressedRng, streamPurposes } from './streams';

/** Commonness a causal SNP should have when the gene offers one (weak effects stay detectable). */
const preferredCausalMaf = 0.05;
/** Candidates over which the population mean and SD of g are measured (at least the cohort size). */
const calibrationCandidates = 2000;
/** Most population draws ascertainment may need (a few seconds); rarer diseases are refused up front. */
const maxExpectedCandidates = 5_000_000;

export interface CausalSnp {
  variantIndex: number;
  geneIndex: number;
  /** β per ALT copy before rescaling, drawn N(0, 1). */
  rawEffect: number;
  ancestralAltFrequency: number;
}

/** A causal gene's block model and its causal SNPs' offsets within the block. */
export interface CausalBlock {
  blockIndex: number;
  model: BlockModel;
  offsets: number[];
  rawEffects: number[];
}

export interface SampleSelection {
  /** Candidate (population draw) index of each kept sample, in cohort order. */
  candidates: number[];
  subpopulations: Int8Array;
  /** 0 control, 1 case. */
  labels: Int8Array;
  liabilityThreshold: number;
  /** Population mean and SD of the raw genetic value Σ β_j·x_j (calibration candidates). */
  geneticMean: number;
  geneticSd: number;
  /** How many candidates were drawn to fill the quotas. */
  candidatesDrawn: number;
}

/** Causal genes (uniform without replacement), their SNPs (common ones first) and β ~ N(0, 1). */
export function chooseCausalSnps(params: CohortSimParams, layout: CohortLayout, modelOf: (block: number) => BlockModel): CausalSnp[] {
  const rng = new AddressedRng(params.seed).reset(streamPurposes.effects, 0, 0);
  const genes = Array.from({ length: params.geneCount }, (_, g) => g);
  for (let i = 0; i < params.causalGeneCount; i++) {
    const j = i + rng.nextInt(genes.length - i);
    [genes[i], genes[j]] = [genes[j], genes[i]];
  }
  const causal: CausalSnp[] = [];
  for (const g of genes.slice(0, params.causalGeneCount).sort((a, b) => a - b)) {
    const model = modelOf(layout.geneBlock[g]);
    const maf = Array.from(model.ancestralAltFrequency, (p) => Math.min(p, 1 - p));
    const order = maf.map((_, j) => j).sort((a, b) => maf[b] - maf[a]);
    const common = order.filter((j) => maf[j] >= preferredCausalMaf);
    for (let i = common.length - 1; i > 0; i--) {
      const k = rng.nextInt(i + 1);
      [common[i], common[k]] = [common[k], common[i]];
    }
    const picked = [...common, ...order.filter((j) => maf[j] < preferredCausalMaf)].slice(0, params.causalSnpsPerGene);
    for (const j of picked.sort((a, b) => a - b)) {
      causal.push({
        variantIndex: model.firstVariant + j,
        geneIndex: g,
        rawEffect: rng.nextNormal(),
        ancestralAltFrequency: model.ancestralAltFrequency[j],
      });
    }
  }
  return causal;
}

/** Subpopulation of candidate c, drawn from its own stream with the configured shares. */
export function drawSubpopulation(params: CohortSimParams, candidate: number, rng: AddressedRng): number {
  const shares = params.subpopulationShares;
  let u = rng.reset(streamPurposes.ancestry, 0, candidate).nextUnit() * shares.reduce((a, s) => a + s, 0);
  for (let k = 0; k < shares.length - 1; k++) {
    u -= shares[k];
    if (u < 0) return k;
  }
  return shares.length - 1;
}

/** Raw genetic value Σ β_j·x_j of one candidate from its true dosages in the causal blocks. */
function rawGeneticValue(params: CohortSimParams, candidate: number, subpop: number, blocks: CausalBlock[],
  rng: AddressedRng, scratch: Int8Array): number {
  let g = 0;
  for (const block of blocks) {
    rng.reset(streamPurposes.haplotypes, block.blockIndex, candidate);
    fillTrueDosages(block.model, subpop, params.switchesPerMb, rng, scratch, 0, 1);
    for (let s = 0; s < block.offsets.length; s++) g += block.rawEffects[s] * scratch[block.offsets[s]];
  }
  return g;
}

function meanAndSd(values: Float64Array): { mean: number; sd: number } {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / values.length;
  return { mean, sd: Math.sqrt(variance) };
}

/** Case and control quotas and the most candidates to draw; refuses a disease too rare to ascertain. */
function quotasOf(params: CohortSimParams, calibrationCount: number): { cases: number; controls: number; maxCandidates: number } {
  const n = params.sampleCount;
  if (params.caseShare === null) return { cases: n, controls: n, maxCandidates: n };
  const cases = Math.round(n * params.caseShare);
  const controls = n - cases;
  const expected = Math.max(cases / params.prevalence, controls / (1 - params.prevalence));
  if (expected > maxExpectedCandidates) {
    throw new InvalidRequestError(`simulation settings: ${cases} cases at prevalence ${params.prevalence} need about ` +
      `${Math.round(expected)} population draws (at most ${maxExpectedCandidates}); raise prevalence or set caseShare to null`);
  }
  return { cases, controls, maxCandidates: Math.ceil(4 * expected) + calibrationCount };
}

/**
 * Draws candidates 0, 1, 2, … from the population and keeps them by the model above.
 * `checkCancelled` is polled every few thousand candidates.
 */
export function selectSamples(params: CohortSimParams, blocks: CausalBlock[], checkCancelled: () => void): SampleSelection {
  // 1. Calibrate the genetic value on a population sample so Var(g) = h² holds in the population.
  const rng = new AddressedRng(params.seed);
  const scratch = new Int8Array(Math.max(1, ...blocks.map((b) => b.model.snpCount)));
  const geneticOf = (c: number, subpop: number): number => rawGeneticValue(params, c, subpop, blocks, rng, scratch);
  const calibration = Float64Array.from({ length: Math.max(calibrationCandidates, params.sampleCount) },
    (_, c) => geneticOf(c, drawSubpopulation(params, c, rng)));
  const { mean, sd } = meanAndSd(calibration);
  if (params.heritability > 0 && blocks.length > 0 && !(sd > 0)) {
    throw new InvalidRequestError('simulation settings: every causal SNP is monomorphic; raise minMaf or causalSnpsPerGene');
  }
  const scale = sd > 0 ? Math.sqrt(params.heritability) / sd : 0;
  const threshold = normalQuantile(1 - params.prevalence);
  // 2. Draw candidates until both quotas are full (a population sample keeps everyone).
  const quota = quotasOf(params, calibration.length);
  const kept = { candidates: [] as number[], subpops: [] as number[], labels: [] as number[], cases: 0, controls: 0 };
  let c = 0;
  for (; kept.candidates.length < params.sampleCount; c++) {
    if (c >= quota.maxCandidates) throw new InvalidRequestError(`simulation settings: ${c} candidates gave too few cases`);
    if (c % 4096 === 0) checkCancelled();
    const subpop = drawSubpopulation(params, c, rng);
    const g = c < calibration.length ? calibration[c] : geneticOf(c, subpop);
    const environment = rng.reset(streamPurposes.environment, 0, c).nextNormal() * Math.sqrt(1 - params.heritability);
    const isCase = (g - mean) * scale + environment > threshold;
    if (isCase ? kept.cases >= quota.cases : kept.controls >= quota.controls) continue;
    if (isCase) kept.cases++;
    else kept.controls++;
    kept.candidates.push(c);
    kept.subpops.push(subpop);
    kept.labels.push(isCase ? 1 : 0);
  }
  // 3. The kept samples and the liability scale, for the truth.
  return {
    candidates: kept.candidates,
    subpopulations: Int8Array.from(kept.subpops),
    labels: Int8Array.from(kept.labels),
    liabilityThreshold: threshold,
    geneticMean: mean,
    geneticSd: sd,
    candidatesDrawn: c,
  };
}
