// The per-gene PCA codec (REFERENCE.md, Per-gene PCA; paper §3.2): fitted on the training
// split only, it maps a sample's dosages to a gene tensor [G, C] — per gene the PCA scores
// z = (x − μ)·W, standardised per slot as (z − m_slot) / s_slot, zero-padded to C components
// and G gene slots (paper: 18,279 real genes padded to 18,432 × 8) — and decodes back with
// x̂ = (s_slot·t + m_slot)·Wᵀ + μ. Encode and decode live in transform.ts.

import { InvalidRequestError, throwIfCancelled } from '../errors';
import type { Cohort, VariantTable } from '../genotype/types';
import type { GeneAssignment } from './assign';
import {
  componentRules, fitGenePca, imputationKinds, type ComponentRule, type GenePca, type ImputationKind,
} from './pca';
import { geneScoresInto } from './transform';

/** Every choice that changes the encoding; recorded in layout.json and in the codec hash. */
export interface CodecSettings {
  imputation: ImputationKind;
  componentRule: ComponentRule;
  /** Variance share to reach under the variance-target rule, in (0, 1]. */
  varianceTarget: number;
  /** C: component slots per gene (8 in the paper). */
  componentsPerGene: number;
  /** G: gene slots after padding (≥ real genes). */
  geneSlots: number;
  /** Per-slot standardisation over the training split; off: slot mean 0, scale 1. */
  standardise: boolean;
}

export interface CodecGene {
  name: string;
  chrom: string;
  /** 0-based half-open interval, as in the gene BED. */
  start: number;
  end: number;
  /** The gene's SNPs as rows of `GeneCodec.variants`, ascending. */
  snps: Int32Array;
  /** Components kept, k ≤ C (rule, capped at the numerical rank). */
  components: number;
  /** Components the rule asked for. */
  requestedComponents: number;
  /** Variance of each kept component on the training split (eigenvalues). */
  explainedVariance: Float64Array;
  /** The gene's total variance, trace of its covariance. */
  totalVariance: number;
  /** Start of this gene's row-major [snps × components] block in `GeneCodec.loadings`. */
  loadingOffset: number;
}

export interface GeneCodec {
  settings: CodecSettings;
  /** Real genes, in slot order; slots genes.length … geneSlots − 1 are padding. */
  genes: CodecGene[];
  /** The SNPs the codec uses (assigned to ≥ 1 gene), in the fitted cohort's order. */
  variants: VariantTable;
  /** Row of each codec variant in the cohort the codec was fitted on. */
  sourceRows: Int32Array;
  /** Per codec variant: the value that replaces a missing call. */
  impute: Float64Array;
  /** Per codec variant: centring mean μ over the training split. */
  means: Float64Array;
  /** Every gene's loadings W, concatenated (see CodecGene.loadingOffset). */
  loadings: Float64Array;
  /** [G × C] slot means m over the training split (0 on padding). */
  slotMean: Float64Array;
  /** [G × C] slot scales s over the training split (1 on padding and constant slots). */
  slotStd: Float64Array;
  /** [G × C] 1 for a real component, 0 for padding. */
  mask: Uint8Array;
  trainSampleCount: number;
}

/** Progress of a fit, keyed by status (STYLE.md 2). */
export type CodecFitProgress =
  | { status: 'fitting-genes'; genesDone: number; genesTotal: number }
  | { status: 'scaling-slots'; genesDone: number; genesTotal: number };

export interface FitCodecOptions extends Partial<CodecSettings> {
  onProgress?: (progress: CodecFitProgress) => void;
  signal?: AbortSignal;
}

/** Gene slots by default: the next multiple of 512 (paper: 18,279 → 18,432 = 36 × 512). */
export const GENE_SLOT_MULTIPLE = 512;
const DEFAULT_COMPONENTS = 8;
/** Below this a slot counts as constant and keeps scale 1. */
const CONSTANT_SLOT_STD = 1e-12;

export function defaultGeneSlots(realGenes: number): number {
  return Math.max(1, Math.ceil(realGenes / GENE_SLOT_MULTIPLE)) * GENE_SLOT_MULTIPLE;
}

/** The variance-target rule's default share; recorded (and hashed) with every codec, even when another rule is used. */
export const DEFAULT_VARIANCE_TARGET = 0.99;

function resolveSettings(options: FitCodecOptions, realGenes: number): CodecSettings {
  const settings: CodecSettings = {
    imputation: options.imputation ?? imputationKinds.mean,
    componentRule: options.componentRule ?? componentRules.diseaseCapsule,
    varianceTarget: options.varianceTarget ?? DEFAULT_VARIANCE_TARGET,
    componentsPerGene: options.componentsPerGene ?? DEFAULT_COMPONENTS,
    geneSlots: options.geneSlots ?? defaultGeneSlots(realGenes),
    standardise: options.standardise ?? true,
  };
  if (realGenes === 0) {
    throw new InvalidRequestError('no SNP falls in any gene: check that the gene map and the genotypes use the same genome build and chromosome names');
  }
  if (!Number.isInteger(settings.geneSlots) || settings.geneSlots < realGenes) {
    throw new InvalidRequestError(`padding must be a whole number ≥ ${realGenes} real genes, got ${settings.geneSlots}`);
  }
  if (!Number.isInteger(settings.componentsPerGene) || settings.componentsPerGene < 1) {
    throw new InvalidRequestError(`components per gene must be a positive whole number, got ${settings.componentsPerGene}`);
  }
  if (!(settings.varianceTarget > 0 && settings.varianceTarget <= 1)) {
    throw new InvalidRequestError(`explained-variance target must be in (0, 1], got ${settings.varianceTarget}`);
  }
  return settings;
}

/** The union of the genes' SNPs, ascending, and each gene's SNPs as rows of that union. */
function codecVariantRows(assignment: GeneAssignment, variantCount: number): { sourceRows: Int32Array; localSnps: Int32Array[] } {
  const local = new Int32Array(variantCount).fill(-1);
  for (const snps of assignment.snpsPerGene) for (const v of snps) local[v] = 0;
  const sourceRows: number[] = [];
  local.forEach((mark, v) => { if (mark === 0) { local[v] = sourceRows.length; sourceRows.push(v); } });
  return { sourceRows: Int32Array.from(sourceRows), localSnps: assignment.snpsPerGene.map((snps) => snps.map((v) => local[v])) };
}

function subsetVariants(variants: VariantTable, rows: Int32Array): VariantTable {
  const pick = <T>(column: ArrayLike<T>): T[] => Array.from(rows, (r) => column[r]);
  return { chrom: pick(variants.chrom), pos: Float64Array.from(rows, (r) => variants.pos[r]), id: pick(variants.id), ref: pick(variants.ref), alt: pick(variants.alt) };
}

/**
 * Fits the codec on the training samples `trainIdx` of `cohort`, gene by gene. Holdout
 * genotypes are never read, so changing them cannot change the codec.
 */
export function fitCodec(cohort: Cohort, assignment: GeneAssignment, trainIdx: ArrayLike<number>, options: FitCodecOptions = {}): GeneCodec {
  const settings = resolveSettings(options, assignment.genes.length);
  const train = Int32Array.from(trainIdx);
  if (train.length < 2) throw new InvalidRequestError(`the training split has ${train.length} samples; PCA needs at least 2`);
  const outside = train.find((i) => i < 0 || i >= cohort.sampleIds.length);
  if (outside !== undefined) throw new InvalidRequestError(`training sample ${outside} is outside the cohort's ${cohort.sampleIds.length} samples`);
  const variantCount = cohort.variants.pos.length;
  const { sourceRows, localSnps } = codecVariantRows(assignment, variantCount);
  const impute = new Float64Array(sourceRows.length);
  const means = new Float64Array(sourceRows.length);
  const fits: GenePca[] = [];
  const total = assignment.genes.length;
  for (let g = 0; g < total; g++) {
    throwIfCancelled(options.signal, 'codec fit');
    const rows = assignment.snpsPerGene[g];
    const fit = fitGenePca({ dosages: cohort.dosages, rows, trainIdx: train }, {
      imputation: settings.imputation, componentRule: settings.componentRule,
      varianceTarget: settings.varianceTarget, maxComponents: settings.componentsPerGene,
    });
    localSnps[g].forEach((a, j) => { impute[a] = fit.impute[j]; means[a] = fit.mean[j]; });
    fits.push(fit);
    options.onProgress?.({ status: 'fitting-genes', genesDone: g + 1, genesTotal: total });
  }
  const genes = buildGenes(assignment, localSnps, fits);
  const codec: GeneCodec = {
    settings, genes, variants: subsetVariants(cohort.variants, sourceRows), sourceRows, impute, means,
    loadings: concatLoadings(fits), ...unitSlots(settings.geneSlots, settings.componentsPerGene, genes),
    trainSampleCount: train.length,
  };
  if (settings.standardise) scaleSlots(codec, cohort, train, options);
  return codec;
}

function buildGenes(assignment: GeneAssignment, localSnps: Int32Array[], fits: GenePca[]): CodecGene[] {
  let offset = 0;
  return fits.map((fit, g) => {
    const { name, chrom, start, end } = assignment.genes[g];
    const gene: CodecGene = {
      name, chrom, start, end, snps: localSnps[g], components: fit.components,
      requestedComponents: fit.requestedComponents, explainedVariance: fit.eigenvalues,
      totalVariance: fit.totalVariance, loadingOffset: offset,
    };
    offset += fit.loadings.length;
    return gene;
  });
}

function concatLoadings(fits: GenePca[]): Float64Array {
  const out = new Float64Array(fits.reduce((sum, f) => sum + f.loadings.length, 0));
  let offset = 0;
  for (const f of fits) { out.set(f.loadings, offset); offset += f.loadings.length; }
  return out;
}

/** The mask from the components per gene, with unit scaling everywhere. */
function unitSlots(geneSlots: number, c: number, genes: CodecGene[]): Pick<GeneCodec, 'slotMean' | 'slotStd' | 'mask'> {
  const mask = new Uint8Array(geneSlots * c);
  genes.forEach((gene, g) => mask.fill(1, g * c, g * c + gene.components));
  return { slotMean: new Float64Array(geneSlots * c), slotStd: new Float64Array(geneSlots * c).fill(1), mask };
}

/** Slot mean and population standard deviation of the raw scores over the training split. */
function scaleSlots(codec: GeneCodec, cohort: Cohort, train: Int32Array, options: FitCodecOptions): void {
  const c = codec.settings.componentsPerGene;
  const scores = new Float64Array(train.length * c);
  codec.genes.forEach((gene, g) => {
    throwIfCancelled(options.signal, 'codec fit');
    const k = gene.components;
    geneScoresInto(codec, gene, codec.sourceRows, cohort, train, 0, train.length, scores);
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let i = 0; i < train.length; i++) sum += scores[i * k + j];
      const mean = sum / train.length;
      let squares = 0;
      for (let i = 0; i < train.length; i++) squares += (scores[i * k + j] - mean) ** 2;
      const std = Math.sqrt(squares / train.length);
      codec.slotMean[g * c + j] = mean;
      codec.slotStd[g * c + j] = std > CONSTANT_SLOT_STD ? std : 1;
    }
    options.onProgress?.({ status: 'scaling-slots', genesDone: g + 1, genesTotal: codec.genes.length });
  });
}

/** Per gene: SNPs, components and the share of its variance they explain. */
export interface GeneVarianceReport {
  name: string;
  snpCount: number;
  components: number;
  /** Σ kept eigenvalues / total variance; 1 for a gene without variance. */
  explainedRatio: number;
  /** Each kept component's share of the total variance. */
  componentRatios: number[];
}

export function explainedVarianceReport(codec: GeneCodec): GeneVarianceReport[] {
  return codec.genes.map((gene) => {
    const ratios = Array.from(gene.explainedVariance, (v) => (gene.totalVariance > 0 ? v / gene.totalVariance : 0));
    const explained = gene.totalVariance > 0 ? ratios.reduce((a, b) => a + b, 0) : 1;
    return { name: gene.name, snpCount: gene.snps.length, components: gene.components, explainedRatio: explained, componentRatios: ratios };
  });
}

export { encode, encodeInto, encodeInChunks, decode, decodeInto, toHardGenotypes, packHardGenotypes, roundTripCeiling } from './transform';
export type { EncodedTensor, RoundTripCeiling } from './transform';
