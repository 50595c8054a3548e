// Where the simulated SNPs lie: genes with a skewed SNP count (so the DiseaseCapsule 1/4/8
// component tiers all occur), intergenic gaps holding a few SNPs, positions along chromosomes.
// A block is a run of consecutive SNPs simulated together: one gene, or the SNPs of one gap.

import type { GeneInterval, VariantTable } from '../genotype/types';
import { drawExponential } from './distributions';
import type { CohortSimParams } from './params';
import { AddressedRng, streamPurposes } from './streams';

export interface SnpBlock {
  /** Index into `genes`, or −1 for intergenic SNPs. */
  geneIndex: number;
  firstVariant: number;
  snpCount: number;
}

export interface CohortLayout {
  variants: VariantTable;
  genes: GeneInterval[];
  /** In genome order; a block's index addresses its random streams. */
  blocks: SnpBlock[];
  /** Block index of each gene. */
  geneBlock: Int32Array;
}

const firstPositionBp = 10_000;
const flankMeanBp = 1_000;
const gapMeanBp = 20_000;
const bases = ['A', 'C', 'G', 'T'];

/** SNP count of one gene: its tier by the shares, then uniform (small, medium) or 21 + exponential. */
function drawGeneSnpCount(params: CohortSimParams, rng: AddressedRng): number {
  const u = rng.nextUnit();
  if (u < params.smallGeneShare) return 1 + rng.nextInt(4);
  if (u < params.smallGeneShare + params.mediumGeneShare) return 5 + rng.nextInt(16);
  const tail = Math.floor(drawExponential(rng, params.largeGeneMeanSnps - 21));
  return Math.min(params.maxGeneSnps, 21 + tail);
}

/** Intergenic SNPs per gap (the gap after gene g), each SNP dropped into a random gap. */
function drawIntergenicCounts(params: CohortSimParams, geneSnpTotal: number, rng: AddressedRng): Int32Array {
  const share = params.intergenicSnpShare;
  const total = Math.round((geneSnpTotal * share) / (1 - share));
  const counts = new Int32Array(params.geneCount);
  for (let s = 0; s < total; s++) counts[rng.nextInt(params.geneCount)]++;
  return counts;
}

interface LayoutBuilder {
  chrom: string[];
  pos: number[];
  genes: GeneInterval[];
  blocks: SnpBlock[];
  geneBlock: Int32Array;
}

/** Appends `count` SNPs after `cursorBp` with exponential spacing; returns the last position. */
function placeSnps(b: LayoutBuilder, chrom: string, count: number, cursorBp: number, spacingBp: number, rng: AddressedRng): number {
  let at = cursorBp;
  for (let s = 0; s < count; s++) {
    at += 1 + Math.floor(drawExponential(rng, spacingBp));
    b.chrom.push(chrom);
    b.pos.push(at);
  }
  return at;
}

/** Lays out one gene and the intergenic SNPs of the gap after it; returns the new cursor. */
function placeGene(b: LayoutBuilder, g: number, chrom: string, snps: number, intergenic: number, cursorBp: number,
  params: CohortSimParams, rng: AddressedRng): number {
  const name = `GENE${String(g + 1).padStart(Math.max(3, String(params.geneCount).length), '0')}`;
  const start = cursorBp + Math.floor(drawExponential(rng, flankMeanBp));
  b.geneBlock[g] = b.blocks.length;
  b.blocks.push({ geneIndex: g, firstVariant: b.pos.length, snpCount: snps });
  const lastSnp = placeSnps(b, chrom, snps, start, params.snpSpacingMeanBp, rng);
  // BED is 0-based half-open: [start, end) holds 1-based positions start + 1 … end.
  const end = lastSnp + 1 + Math.floor(drawExponential(rng, flankMeanBp));
  b.genes.push({ chrom, start, end, name });
  let cursor = end + Math.floor(drawExponential(rng, gapMeanBp));
  if (intergenic > 0) {
    b.blocks.push({ geneIndex: -1, firstVariant: b.pos.length, snpCount: intergenic });
    cursor = placeSnps(b, chrom, intergenic, cursor, 5 * params.snpSpacingMeanBp, rng);
  }
  return cursor + 1 + Math.floor(drawExponential(rng, gapMeanBp));
}

/** REF a random base, ALT one of the other three. */
function drawAlleles(count: number, rng: AddressedRng): { ref: string[]; alt: string[] } {
  const ref: string[] = [];
  const alt: string[] = [];
  for (let v = 0; v < count; v++) {
    const r = rng.nextInt(4);
    ref.push(bases[r]);
    alt.push(bases[(r + 1 + rng.nextInt(3)) % 4]);
  }
  return { ref, alt };
}

/** The whole layout, a function of (seed, params) alone. */
export function createLayout(params: CohortSimParams): CohortLayout {
  const rng = new AddressedRng(params.seed).reset(streamPurposes.layout, 0, 0);
  const geneSnps = Array.from({ length: params.geneCount }, () => drawGeneSnpCount(params, rng));
  const intergenic = drawIntergenicCounts(params, geneSnps.reduce((a, c) => a + c, 0), rng);
  const b: LayoutBuilder = { chrom: [], pos: [], genes: [], blocks: [], geneBlock: new Int32Array(params.geneCount) };
  let cursor = firstPositionBp;
  for (let g = 0; g < params.geneCount; g++) {
    const chromIndex = Math.floor((g * params.chromosomeCount) / params.geneCount);
    const isFirstOnChrom = g === 0 || chromIndex !== Math.floor(((g - 1) * params.chromosomeCount) / params.geneCount);
    if (isFirstOnChrom) cursor = firstPositionBp;
    cursor = placeGene(b, g, String(chromIndex + 1), geneSnps[g], intergenic[g], cursor, params, rng);
  }
  const { ref, alt } = drawAlleles(b.pos.length, rng);
  const variants: VariantTable = {
    chrom: b.chrom,
    pos: Float64Array.from(b.pos),
    id: b.pos.map((p, v) => `${b.chrom[v]}:${p}`),
    ref,
    alt,
  };
  return { variants, genes: b.genes, blocks: b.blocks, geneBlock: b.geneBlock };
}
