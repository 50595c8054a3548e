import { describe, expect, it } from 'vitest';
import type { GeneInterval, VariantTable } from '../genotype/types';
import { createRng } from '../rng';
import { assignSnpsToGenes, normaliseChrom } from './assign';

function variants(list: [string, number][]): VariantTable {
  return {
    chrom: list.map(([c]) => c), pos: Float64Array.from(list, ([, p]) => p),
    id: list.map((_, i) => `v${i}`), ref: list.map(() => 'A'), alt: list.map(() => 'C'),
  };
}

const gene = (chrom: string, start: number, end: number, name: string): GeneInterval => ({ chrom, start, end, name });
const lists = (snps: Int32Array[]): number[][] => snps.map((s) => Array.from(s));

describe('normaliseChrom', () => {
  it('treats chr1 ≡ 1, chrX ≡ x ≡ 23, chrM ≡ MT', () => {
    expect(['chr1', 'Chr1', '1', ' 1 '].map(normaliseChrom)).toEqual(['1', '1', '1', '1']);
    expect(['chrX', 'x', '23', 'X'].map(normaliseChrom)).toEqual(['X', 'X', 'X', 'X']);
    expect(['chrM', 'MT', '26', 'chrMT'].map(normaliseChrom)).toEqual(['MT', 'MT', 'MT', 'MT']);
  });
});

describe('assignSnpsToGenes', () => {
  it('uses 1-based SNP positions against 0-based half-open BED intervals', () => {
    // BED [100, 200) covers 1-based positions 101 … 200.
    const v = variants([['1', 100], ['1', 101], ['1', 200], ['1', 201]]);
    const result = assignSnpsToGenes(v, [gene('chr1', 100, 200, 'G')]);
    expect(lists(result.snpsPerGene)).toEqual([[1, 2]]);
    expect(result.unassignedSnpCount).toBe(2);
  });

  it('gives a SNP inside overlapping genes to each, drops empty genes, matches chr names', () => {
    const v = variants([['chr2', 150], ['2', 250], ['1', 50], ['2', 990]]);
    const genes = [gene('2', 100, 300, 'A'), gene('chr2', 200, 400, 'B'), gene('2', 500, 600, 'EMPTY'), gene('1', 0, 100, 'C')];
    const result = assignSnpsToGenes(v, genes);
    expect(result.genes.map((g) => g.name)).toEqual(['A', 'B', 'C']);
    expect(lists(result.snpsPerGene)).toEqual([[0, 1], [1], [2]]);
    expect([result.emptyGeneCount, result.genicSnpCount, result.unassignedSnpCount]).toEqual([1, 3, 1]);
  });

  it('optionally gives intergenic SNPs to the nearest gene (ties upstream, within a distance)', () => {
    // Genes [100, 200) and [299, 400); x = pos − 1. x = 249 is 50 bp from 199 and from 299: upstream wins.
    const v = variants([['1', 210], ['1', 250], ['1', 290], ['1', 1000], ['1', 5], ['3', 7]]);
    const genes = [gene('1', 299, 400, 'RIGHT'), gene('1', 100, 200, 'LEFT')];
    const result = assignSnpsToGenes(v, genes, { nearestGene: true });
    expect(result.genes.map((g) => g.name)).toEqual(['RIGHT', 'LEFT']);
    expect(lists(result.snpsPerGene)).toEqual([[2, 3], [0, 1, 4]]);
    expect([result.nearestAssignedCount, result.unassignedSnpCount]).toEqual([5, 1]);
    const near = assignSnpsToGenes(v, genes, { nearestGene: true, maxDistanceBp: 50 });
    expect(lists(near.snpsPerGene)).toEqual([[2], [0, 1]]);
    expect(near.settings).toEqual({ nearestGene: true, maxDistanceBp: 50 });
  });

  it('agrees with the O(V·G) definition on random unsorted data', () => {
    const rng = createRng(5, 1);
    const list: [string, number][] = Array.from({ length: 600 }, () => [rng.nextUnit() < 0.5 ? 'chr1' : '2', 1 + rng.nextInt(20_000)]);
    const genes = Array.from({ length: 80 }, (_, g) => {
      const start = rng.nextInt(19_000);
      return gene(rng.nextUnit() < 0.5 ? '1' : 'chr2', start, start + 1 + rng.nextInt(1_500), `G${g}`);
    });
    const v = variants(list);
    const result = assignSnpsToGenes(v, genes);
    const expected = genes
      .map((g) => list.map(([c, p], i) => (normaliseChrom(c) === normaliseChrom(g.chrom) && g.start <= p - 1 && p - 1 < g.end ? i : -1)).filter((i) => i >= 0))
      .filter((hits) => hits.length > 0);
    expect(lists(result.snpsPerGene)).toEqual(expected);
    const nearest = assignSnpsToGenes(v, genes, { nearestGene: true });
    const bruteNearest = list.map(([c, p]) => {
      const x = p - 1;
      const distances = genes.map((g) => (normaliseChrom(c) !== normaliseChrom(g.chrom) ? Infinity : x < g.start ? g.start - x : x >= g.end ? x - g.end + 1 : 0));
      return Math.min(...distances);
    });
    // Every intergenic SNP lands in a gene at the minimal distance.
    nearest.snpsPerGene.forEach((snps, g) => snps.forEach((i) => {
      const gi = nearest.genes[g];
      const x = list[i][1] - 1;
      const d = x < gi.start ? gi.start - x : x >= gi.end ? x - gi.end + 1 : 0;
      expect(d).toBe(bruteNearest[i]);
    }));
    expect(nearest.unassignedSnpCount).toBe(0);
  });
});
