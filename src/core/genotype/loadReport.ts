// The numbers a user checks after loading a cohort: size, missingness, the minor-allele
// frequency spectrum and how the SNPs fall into genes (the DiseaseCapsule component rule needs
// >20, 5–20 and ≤4 SNPs per gene, REFERENCE.md), plus sample-matching problems.
import { normalizeChrom } from './chrom';
import type { SampleIdRule } from './sampleIds';
import { type PackedDosages, callCodes } from './packedDosages';
import type { PhaseStatus } from './phase';
import type { GeneInterval, VariantTable } from './types';

export interface MafHistogram {
  /** bins + 1 edges from 0 to 0.5; bin i holds MAF in [edge i, edge i+1), the last also 0.5. */
  binEdges: number[];
  counts: number[];
}

/** SNP counts over the genes that contain at least one SNP. */
export interface SnpsPerGeneSummary {
  min: number;
  median: number;
  mean: number;
  max: number;
  /** Genes with more than 20 SNPs (8 components by the DiseaseCapsule rule). */
  over20: number;
  /** Genes with 5 to 20 SNPs (4 components). */
  from5To20: number;
  /** Genes with 1 to 4 SNPs (1 component). */
  upTo4: number;
}

export interface LoadReport {
  samples: number;
  variants: number;
  multiallelicSkipped: number;
  multiallelicSplit: number;
  /** Missing calls / (samples × variants); 0 for an empty cohort. */
  missingRate: number;
  /** Variants with no called genotype at all (left out of the MAF histogram). */
  variantsAllMissing: number;
  mafHistogram: MafHistogram;
  /** Genes in the gene map (0 without one). */
  genes: number;
  /** Genes containing at least one variant. */
  genesCovered: number;
  /** Variants inside at least one gene. */
  snpsInGenes: number;
  snpsPerGene: SnpsPerGeneSummary;
  /** Where labels came from. */
  phenotypeSource: 'file' | 'fam' | 'none';
  /** Samples per class, index = class. */
  classCounts: number[];
  /** Ids in the phenotype file with no genotype sample. */
  unmatchedSampleIds: string[];
  /** Genotype samples without a label (absent from the phenotype file, or missing value there). */
  samplesWithoutLabel: string[];
  /** Samples matched to a label row, per id rule (exact, FID_IID ↔ IID, IID_IID ↔ IID; sampleIds.ts); all exact for .fam labels. */
  sampleIdMatches: Record<SampleIdRule, number>;
  /** Whether the haplotypes were kept (every call phased), else why not (absent in older summaries). */
  phase?: PhaseStatus;
  /** Anything else the user should know, in words. */
  notes: string[];
}

/** Missing rate, all-missing variants and the MAF histogram, in one pass over the packed calls. */
export function dosageStats(dosages: PackedDosages, bins = 10):
  Pick<LoadReport, 'missingRate' | 'variantsAllMissing' | 'mafHistogram'> {
  const { samples, variants } = dosages;
  const counts = new Array<number>(bins).fill(0);
  const codes = new Int32Array(4);
  let missing = 0;
  let variantsAllMissing = 0;
  for (let v = 0; v < variants; v++) {
    dosages.countRow(v, codes);
    const called = samples - codes[callCodes.missing];
    missing += codes[callCodes.missing];
    if (called === 0) {
      variantsAllMissing++;
      continue;
    }
    const altFrequency = (2 * codes[callCodes.homAlt] + codes[callCodes.het]) / (2 * called);
    const maf = Math.min(altFrequency, 1 - altFrequency);
    counts[Math.min(bins - 1, Math.floor((maf / 0.5) * bins))]++;
  }
  const calls = samples * variants;
  return {
    missingRate: calls === 0 ? 0 : missing / calls,
    variantsAllMissing,
    mafHistogram: { binEdges: Array.from({ length: bins + 1 }, (_, i) => (0.5 * i) / bins), counts },
  };
}

/** 0-based positions of each normalised chromosome's variants, sorted. */
function positionsByChrom(variants: VariantTable): Map<string, Float64Array> {
  const lists = new Map<string, number[]>();
  variants.chrom.forEach((chrom, v) => {
    const key = normalizeChrom(chrom);
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    list.push(variants.pos[v] - 1);
  });
  const sorted = new Map<string, Float64Array>();
  for (const [key, list] of lists) sorted.set(key, Float64Array.from(list).sort());
  return sorted;
}

/** First index whose value is ≥ x. */
function lowerBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Variants inside each gene ([start, end) against the 0-based position POS - 1), matching
 * chromosomes after normalisation ('chr1' = '1'). A variant in overlapping genes counts in each.
 */
export function countSnpsPerGene(variants: VariantTable, genes: GeneInterval[]): Int32Array {
  const byChrom = positionsByChrom(variants);
  return Int32Array.from(genes, (gene) => {
    const positions = byChrom.get(normalizeChrom(gene.chrom));
    return positions ? lowerBound(positions, gene.end) - lowerBound(positions, gene.start) : 0;
  });
}

/** Variants inside at least one gene: counted over each chromosome's merged gene intervals. */
function countSnpsInGenes(variants: VariantTable, genes: GeneInterval[]): number {
  const byChrom = positionsByChrom(variants);
  const intervals = new Map<string, [number, number][]>();
  for (const gene of genes) {
    const key = normalizeChrom(gene.chrom);
    let list = intervals.get(key);
    if (!list) intervals.set(key, (list = []));
    list.push([gene.start, gene.end]);
  }
  let total = 0;
  for (const [key, list] of intervals) {
    const positions = byChrom.get(key);
    if (!positions) continue;
    list.sort((a, b) => a[0] - b[0]);
    let [start, end] = list[0];
    for (const [s, e] of [...list.slice(1), [Infinity, Infinity] as [number, number]]) {
      if (s <= end) {
        end = Math.max(end, e);
        continue;
      }
      total += lowerBound(positions, end) - lowerBound(positions, start);
      [start, end] = [s, e];
    }
  }
  return total;
}

export function geneCoverage(variants: VariantTable, genes: GeneInterval[]):
  Pick<LoadReport, 'genes' | 'genesCovered' | 'snpsInGenes' | 'snpsPerGene'> {
  const perGene = countSnpsPerGene(variants, genes);
  const covered = Array.from(perGene).filter((n) => n > 0).sort((a, b) => a - b);
  const middle = covered.length >> 1;
  const median = covered.length === 0 ? 0 : covered.length % 2 ? covered[middle] : (covered[middle - 1] + covered[middle]) / 2;
  return {
    genes: genes.length,
    genesCovered: covered.length,
    snpsInGenes: genes.length === 0 ? 0 : countSnpsInGenes(variants, genes),
    snpsPerGene: {
      min: covered[0] ?? 0,
      median,
      mean: covered.length === 0 ? 0 : covered.reduce((a, b) => a + b, 0) / covered.length,
      max: covered[covered.length - 1] ?? 0,
      over20: covered.filter((n) => n > 20).length,
      from5To20: covered.filter((n) => n >= 5 && n <= 20).length,
      upTo4: covered.filter((n) => n <= 4).length,
    },
  };
}
