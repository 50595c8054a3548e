// Small deterministic cohorts for the encode tests: genes of chosen SNP counts on one or more
// chromosomes, dosages either independent per SNP or copied from a few founder haplotypes
// (LD, so a few components explain most of the variance), optional missing calls.

import { createRng } from '../rng';
import { PackedDosages } from '../genotype/packedDosages';
import { MISSING_DOSAGE, type Cohort, type GeneInterval } from '../genotype/types';

export interface FixtureGene {
  name: string;
  snps: number;
  chrom?: string;
}

export interface FixtureOptions {
  samples: number;
  genes: FixtureGene[];
  seed?: number;
  /** Founder haplotypes per gene (LD); 0 draws every SNP independently. */
  founders?: number;
  missingRate?: number;
  /** Fraction of samples labelled case (1); the rest control (0). */
  caseFraction?: number;
}

/** Gene g spans [g·10,000, g·10,000 + 5,000); its SNPs sit 100 bp apart inside it. */
export function makeCohort(options: FixtureOptions): Cohort {
  const rng = createRng(options.seed ?? 1, 77);
  const n = options.samples;
  const genes: GeneInterval[] = [];
  const chrom: string[] = [];
  const pos: number[] = [];
  const rows: Int8Array[] = [];
  options.genes.forEach((gene, g) => {
    const start = g * 10_000;
    genes.push({ chrom: gene.chrom ?? '1', start, end: start + 5_000, name: gene.name });
    const haplotypes = makeHaplotypes(gene.snps, options.founders ?? 0, n, rng);
    for (let a = 0; a < gene.snps; a++) {
      chrom.push(gene.chrom ?? '1');
      pos.push(start + 100 * (a + 1));
      rows.push(Int8Array.from({ length: n }, (_, i) => haplotypes(a, i)));
    }
  });
  const dosages = new Int8Array(rows.length * n);
  rows.forEach((row, v) => dosages.set(row, v * n));
  const missingRate = options.missingRate ?? 0;
  if (missingRate > 0) for (let i = 0; i < dosages.length; i++) if (rng.nextUnit() < missingRate) dosages[i] = MISSING_DOSAGE;
  const caseFraction = options.caseFraction ?? 0.5;
  return {
    sampleIds: Array.from({ length: n }, (_, i) => `S${i}`),
    variants: {
      chrom, pos: Float64Array.from(pos), id: pos.map((p, v) => `rs${v}_${p}`),
      ref: pos.map(() => 'A'), alt: pos.map(() => 'G'),
    },
    dosages: PackedDosages.fromDosages(dosages, n),
    phenotype: { labels: Int8Array.from({ length: n }, (_, i) => (i < Math.round(caseFraction * n) ? 1 : 0)), classNames: ['control', 'case'] },
    genes,
  };
}

type Rng = ReturnType<typeof createRng>;

/** Dosage(a, i): two haplotypes per sample, from founders (with 2 % noise) or independent. */
function makeHaplotypes(snps: number, founders: number, n: number, rng: Rng): (a: number, i: number) => number {
  const freq = Array.from({ length: snps }, () => 0.05 + 0.45 * rng.nextUnit());
  if (founders === 0) {
    const table = Array.from({ length: snps }, (_, a) => Array.from({ length: n }, () => allele(freq[a], rng) + allele(freq[a], rng)));
    return (a, i) => table[a][i];
  }
  const panel = Array.from({ length: founders }, () => freq.map((f) => allele(f, rng)));
  const picks = Array.from({ length: n }, () => [rng.nextInt(founders), rng.nextInt(founders)]);
  const noise = Array.from({ length: snps }, () => Array.from({ length: n }, () => (rng.nextUnit() < 0.02 ? 1 : 0)));
  return (a, i) => {
    const d = panel[picks[i][0]][a] + panel[picks[i][1]][a];
    return noise[a][i] ? (d === 2 ? 1 : d + 1) : d;
  };
}

function allele(freq: number, rng: Rng): number {
  return rng.nextUnit() < freq ? 1 : 0;
}

/** Indices 0 … n − 1. */
export function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
