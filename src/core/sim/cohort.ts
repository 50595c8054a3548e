// Simulated cohorts with known truth, for the demo, tests and benchmarks. Deterministic from
// the seed; genotypes are generated block by block (one gene at a time), so memory is the
// Int8 dosage array plus one block's model. The model is described in founders.ts,
// haplotypes.ts and phenotype.ts.

import { throwIfCancelled } from '../errors';
import { PackedDosages } from '../genotype/packedDosages';
import type { Cohort } from '../genotype/types';
import { createBlockModel, type BlockModel } from './founders';
import { fillTrueDosages, maskMissing } from './haplotypes';
import { createLayout, type CohortLayout } from './layout';
import { resolveSimParams, type CohortSimParams } from './params';
import { chooseCausalSnps, selectSamples, type CausalBlock, type CausalSnp, type SampleSelection } from './phenotype';
import { AddressedRng, streamPurposes } from './streams';

export interface CausalGeneTruth {
  geneIndex: number;
  name: string;
  chrom: string;
  start: number;
  end: number;
}

export interface CausalSnpTruth {
  variantIndex: number;
  variantId: string;
  gene: string;
  /** Effect on the liability scale (liability SDs) per copy of ALT. */
  effect: number;
  /** Ancestral ALT frequency the subpopulation frequencies were drawn around. */
  ancestralAltFrequency: number;
}

/** Everything a test or a user needs to check a method against the simulation. */
export interface SimulationTruth {
  seed: number;
  params: CohortSimParams;
  causalGenes: CausalGeneTruth[];
  causalSnps: CausalSnpTruth[];
  /** Liability-scale heritability (set). */
  h2: number;
  /** Population prevalence (set). */
  prevalence: number;
  liabilityThreshold: number;
  caseCount: number;
  controlCount: number;
  /** Population individuals drawn to fill the case and control quotas. */
  candidatesDrawn: number;
  /** Subpopulation index of each sample, in cohort order. */
  subpopulations: number[];
}

export interface SimulatedCohort {
  cohort: Cohort;
  truth: SimulationTruth;
}

export interface SimulationProgress {
  stage: 'ascertainment' | 'genotypes';
  blocksDone: number;
  blockCount: number;
}

export interface SimulateOptions {
  /** Polled between blocks; an aborted signal raises CancelledError. */
  signal?: AbortSignal;
  onProgress?: (progress: SimulationProgress) => void;
}

function blockModelFactory(params: CohortSimParams, layout: CohortLayout): (block: number) => BlockModel {
  const rng = new AddressedRng(params.seed);
  return (blockIndex) => {
    const { firstVariant, snpCount } = layout.blocks[blockIndex];
    const positions = layout.variants.pos.subarray(firstVariant, firstVariant + snpCount);
    return createBlockModel(params, positions, firstVariant, rng.reset(streamPurposes.blockModel, blockIndex, 0));
  };
}

function groupCausalBlocks(layout: CohortLayout, causal: CausalSnp[], modelOf: (block: number) => BlockModel): CausalBlock[] {
  const byBlock = new Map<number, CausalBlock>();
  for (const snp of causal) {
    const blockIndex = layout.geneBlock[snp.geneIndex];
    let block = byBlock.get(blockIndex);
    if (!block) {
      block = { blockIndex, model: modelOf(blockIndex), offsets: [], rawEffects: [] };
      byBlock.set(blockIndex, block);
    }
    block.offsets.push(snp.variantIndex - block.model.firstVariant);
    block.rawEffects.push(snp.rawEffect);
  }
  return [...byBlock.values()];
}

/**
 * Fills the dosage matrix block by block for the kept samples, then their missing calls: each
 * block's rows are drawn into an Int8 scratch [block SNPs × n], then packed 2 bits a call.
 */
function simulateDosages(params: CohortSimParams, layout: CohortLayout, selection: SampleSelection,
  modelOf: (block: number) => BlockModel, options: SimulateOptions): PackedDosages {
  const n = params.sampleCount;
  const dosages = PackedDosages.create(n, layout.variants.pos.length);
  const rng = new AddressedRng(params.seed);
  const blockCount = layout.blocks.length;
  let scratch = new Int8Array(0);
  for (let b = 0; b < blockCount; b++) {
    throwIfCancelled(options.signal, 'simulation');
    const model = modelOf(b);
    if (scratch.length < model.snpCount * n) scratch = new Int8Array(model.snpCount * n);
    for (let i = 0; i < n; i++) {
      const candidate = selection.candidates[i];
      rng.reset(streamPurposes.haplotypes, b, candidate);
      fillTrueDosages(model, selection.subpopulations[i], params.switchesPerMb, rng, scratch, i, n);
      rng.reset(streamPurposes.missing, b, candidate);
      maskMissing(model.snpCount, params.missingRate, rng, scratch, i, n);
    }
    for (let j = 0; j < model.snpCount; j++) dosages.encodeRow(model.firstVariant + j, scratch, j * n);
    options.onProgress?.({ stage: 'genotypes', blocksDone: b + 1, blockCount });
  }
  return dosages;
}

function describeTruth(params: CohortSimParams, layout: CohortLayout, causal: CausalSnp[],
  selection: SampleSelection): SimulationTruth {
  const scale = selection.geneticSd > 0 ? Math.sqrt(params.heritability) / selection.geneticSd : 0;
  const causalGeneIndices = [...new Set(causal.map((s) => s.geneIndex))];
  const cases = selection.labels.reduce((a, l) => a + l, 0);
  return {
    seed: params.seed,
    params,
    causalGenes: causalGeneIndices.map((g) => ({ geneIndex: g, ...layout.genes[g] })),
    causalSnps: causal.map((s) => ({
      variantIndex: s.variantIndex,
      variantId: layout.variants.id[s.variantIndex],
      gene: layout.genes[s.geneIndex].name,
      effect: s.rawEffect * scale,
      ancestralAltFrequency: s.ancestralAltFrequency,
    })),
    h2: params.heritability,
    prevalence: params.prevalence,
    liabilityThreshold: selection.liabilityThreshold,
    caseCount: cases,
    controlCount: selection.labels.length - cases,
    candidatesDrawn: selection.candidatesDrawn,
    subpopulations: Array.from(selection.subpopulations),
  };
}

/** Simulates a cohort and its truth from `overrides` on top of `defaultCohortSimParams`. */
export function simulateCohort(overrides: Partial<CohortSimParams> = {}, options: SimulateOptions = {}): SimulatedCohort {
  // 1. Settings and the genome layout.
  const params = resolveSimParams(overrides);
  const layout = createLayout(params);
  const modelOf = blockModelFactory(params, layout);
  // 2. Causal SNPs, then ascertainment on the causal genes alone (cheap even with many candidates).
  const causal = chooseCausalSnps(params, layout, modelOf);
  const causalBlocks = groupCausalBlocks(layout, causal, modelOf);
  const selection = selectSamples(params, causalBlocks, () => throwIfCancelled(options.signal, 'simulation'));
  options.onProgress?.({ stage: 'ascertainment', blocksDone: 0, blockCount: layout.blocks.length });
  // 3. Genotypes of the kept samples, every block; the causal blocks come out as in step 2.
  const dosages = simulateDosages(params, layout, selection, modelOf, options);
  // 4. The cohort and its truth.
  const width = Math.max(4, String(params.sampleCount).length);
  const cohort: Cohort = {
    sampleIds: Array.from({ length: params.sampleCount }, (_, i) => `S${String(i + 1).padStart(width, '0')}`),
    variants: layout.variants,
    dosages,
    phenotype: { labels: selection.labels, classNames: ['control', 'case'] },
    genes: layout.genes,
  };
  return { cohort, truth: describeTruth(params, layout, causal, selection) };
}
