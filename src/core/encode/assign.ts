// SNP → gene assignment (REFERENCE.md, Per-gene PCA): a SNP belongs to every gene whose
// interval contains it, optionally an intergenic SNP to its nearest gene. One sweep per
// chromosome over SNPs and genes sorted by position: O((V + G) log(V + G) + hits), not O(V·G).
// Coordinates: VCF/.bim positions are 1-based, BED intervals 0-based half-open, so SNP `pos`
// lies in [start, end) exactly when start ≤ pos − 1 < end.

import type { GeneInterval, VariantTable } from '../genotype/types';

export interface AssignOptions {
  /** Give an intergenic SNP to the nearest gene on its chromosome (ties go upstream). */
  nearestGene?: boolean;
  /** With nearestGene, leave SNPs farther than this many base pairs unassigned. */
  maxDistanceBp?: number;
}

export interface GeneAssignment {
  /** Genes that received at least one SNP, in the order of the input gene list. */
  genes: GeneInterval[];
  /** Per gene, the variant indices of its SNPs, ascending. */
  snpsPerGene: Int32Array[];
  /** Input genes with no SNP (left out of `genes`). */
  emptyGeneCount: number;
  /** SNPs inside at least one gene interval. */
  genicSnpCount: number;
  /** Intergenic SNPs given to their nearest gene. */
  nearestAssignedCount: number;
  /** SNPs in no gene (and not given to a nearest gene). */
  unassignedSnpCount: number;
  settings: { nearestGene: boolean; maxDistanceBp: number | null };
}

const PLINK_CHROMOSOME_CODES: Record<string, string> = { '23': 'X', '24': 'Y', '25': 'XY', '26': 'MT', M: 'MT' };

/**
 * Canonical chromosome name: 'chr1' ≡ 'Chr1' ≡ '1', 'chrX' ≡ 'x' ≡ '23' (PLINK's numeric codes
 * 23 X, 24 Y, 25 XY, 26 MT), 'chrM' ≡ 'MT'.
 */
export function normaliseChrom(chrom: string): string {
  const bare = chrom.trim().replace(/^chr/i, '').toUpperCase();
  return PLINK_CHROMOSOME_CODES[bare] ?? bare;
}

/** Distance in bp from 0-based coordinate x to [start, end): 0 inside. */
function distanceToGene(x: number, gene: GeneInterval): number {
  if (x < gene.start) return gene.start - x;
  if (x >= gene.end) return x - gene.end + 1;
  return 0;
}

function groupByChrom(count: number, chromOf: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const key = normaliseChrom(chromOf(i));
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(i);
  }
  return groups;
}

interface SweepResult { genic: number; nearest: number }

/** One chromosome: visits SNPs by position, keeping the genes that overlap the current one. */
function sweepChromosome(
  snps: number[], geneIdx: number[], variants: VariantTable, genes: GeneInterval[],
  hits: number[][], options: Required<AssignOptions>,
): SweepResult {
  const x = (v: number): number => variants.pos[v] - 1;
  snps.sort((a, b) => x(a) - x(b) || a - b);
  geneIdx.sort((a, b) => genes[a].start - genes[b].start || a - b);
  let active: number[] = [];
  let next = 0;
  let lastEnded = -1;
  const result = { genic: 0, nearest: 0 };
  for (const v of snps) {
    const here = x(v);
    while (next < geneIdx.length && genes[geneIdx[next]].start <= here) active.push(geneIdx[next++]);
    const stillOpen: number[] = [];
    for (const g of active) {
      if (genes[g].end > here) stillOpen.push(g);
      else if (lastEnded < 0 || genes[g].end > genes[lastEnded].end) lastEnded = g;
    }
    active = stillOpen;
    if (active.length > 0) {
      for (const g of active) hits[g].push(v);
      result.genic++;
    } else if (options.nearestGene) {
      const nearest = nearestOf(here, lastEnded, next < geneIdx.length ? geneIdx[next] : -1, genes);
      if (nearest >= 0 && distanceToGene(here, genes[nearest]) <= options.maxDistanceBp) {
        hits[nearest].push(v);
        result.nearest++;
      }
    }
  }
  return result;
}

/** The closer of the gene ending last before x and the gene starting first after it. */
function nearestOf(x: number, upstream: number, downstream: number, genes: GeneInterval[]): number {
  if (upstream < 0) return downstream;
  if (downstream < 0) return upstream;
  return distanceToGene(x, genes[downstream]) < distanceToGene(x, genes[upstream]) ? downstream : upstream;
}

/** Assigns every variant to the gene(s) containing it (and optionally the nearest gene). */
export function assignSnpsToGenes(variants: VariantTable, genes: GeneInterval[], options: AssignOptions = {}): GeneAssignment {
  const settings: Required<AssignOptions> = {
    nearestGene: options.nearestGene ?? false,
    maxDistanceBp: options.maxDistanceBp ?? Number.POSITIVE_INFINITY,
  };
  const variantCount = variants.pos.length;
  const hits: number[][] = genes.map(() => []);
  const snpsByChrom = groupByChrom(variantCount, (v) => variants.chrom[v]);
  const genesByChrom = groupByChrom(genes.length, (g) => genes[g].chrom);
  let genic = 0;
  let nearest = 0;
  for (const [chrom, snps] of snpsByChrom) {
    const result = sweepChromosome(snps, genesByChrom.get(chrom) ?? [], variants, genes, hits, settings);
    genic += result.genic;
    nearest += result.nearest;
  }
  const kept = genes.map((_, g) => g).filter((g) => hits[g].length > 0);
  return {
    genes: kept.map((g) => genes[g]),
    snpsPerGene: kept.map((g) => Int32Array.from(hits[g]).sort()),
    emptyGeneCount: genes.length - kept.length,
    genicSnpCount: genic,
    nearestAssignedCount: nearest,
    unassignedSnpCount: variantCount - genic - nearest,
    settings: { nearestGene: settings.nearestGene, maxDistanceBp: Number.isFinite(settings.maxDistanceBp) ? settings.maxDistanceBp : null },
  };
}
