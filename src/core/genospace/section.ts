// The genotype-space section of the evaluation report (REFERENCE.md, Genotype space): for one
// synthetic set (imported, or a backbone's samples decoded through the codec) against the real
// training set, on the SNPs the synthetic set calls: allele frequencies, LD in a window and its
// decay, heterozygosity, pairwise Manhattan distances, PCA fitted on real with the synthetic set
// projected, 2- and 3-SNP co-occurrence agreement, and Manhattan AATS against train and holdout. Every set is subsampled (seeded, n
// recorded) to at most `maxSamples` rows, and the AATS sets to one equal n (eq. 9 assumes it).
// Where the real cohort and the synthetic set both keep their haplotypes (phase.ts), the same AATS
// on haplotypes, Yelmen et al.'s own setting: Hamming distance on 0/1 rows, each person two rows.
import { InvalidRequestError } from '../errors';
import { normalizeChrom } from '../genotype/chrom';
import type { VariantTable } from '../genotype/types';
import { drawRowIndices } from '../metrics/subsample';
import { summarise, type DistributionSummary } from '../metrics/summary';
import { genotypeAats, type GenotypeAats } from './aats';
import { compareAlleleFrequencies } from './alleleFrequency';
import { nearestManhattan, pairwiseDistances, type DistanceSummary } from './distances';
import { ldDecay, ldMatrix, type LdDecayBin } from './linkage';
import { multiSnpAgreement } from './multiSnp';
import { observedInAll, selectSamples, selectSnps, type GenotypeMatrix } from './matrix';
import { fitGenotypePca, projectGenotypes, scoreColumn, wasserstein1d } from './pca';
import { sampleStatistics } from './sampleStats';

/** Every setting of the section's numbers, recorded in the report. */
export interface GenotypeSpaceSettings {
  seed: number;
  /** Rows per set at most (seeded subsample without replacement). */
  maxSamples: number;
  /** LD window: first SNP (of the SNPs compared) and its length in SNPs. */
  ldStart: number;
  ldWindow: number;
  /** LD decay bins: width in bp and count. */
  ldBinBp: number;
  ldBins: number;
  /** Pairs per distance distribution at most. */
  maxPairs: number;
  pcaComponents: number;
  /** 2- and 3-SNP co-occurrence: tuples of SNPs at most this many columns apart (absent in older reports: 5). */
  correlationSpan?: number;
  /** Haplotype AATS: rows per set, one equal n (absent in older reports, which have no haplotype AATS). */
  maxHaplotypes?: number;
}

export const defaultGenotypeSpaceSettings: GenotypeSpaceSettings = {
  seed: 0, maxSamples: 500, ldStart: 0, ldWindow: 50, ldBinBp: 10_000, ldBins: 20, maxPairs: 20_000, pcaComponents: 4, correlationSpan: 5, maxHaplotypes: 1000,
};

/** Random streams of the section's draws (rng.ts), one per purpose. */
const streams = {
  train: 0x6e00, holdout: 0x6e01, synthetic: 0x6e02, pairsReal: 0x6e10, pairsSynthetic: 0x6e11, pairsBetween: 0x6e12,
  haplotypesTrain: 0x6e20, haplotypesHoldout: 0x6e21, haplotypesSynthetic: 0x6e22,
} as const;

export type GenotypeSetKind = 'imported' | 'decoded';

/** Haplotypes over the same SNP columns as the genotype matrices (rows 2k, 2k + 1: person k), or why there are none. */
export type HaplotypeInput = { train: GenotypeMatrix; holdout: GenotypeMatrix; synthetic: GenotypeMatrix } | { absent: string };

/**
 * AATS on haplotypes (Hamming = Manhattan on 0/1) against the real training split's and the
 * holdout's haplotypes, on one equal n of haplotypes per set; exact copies against every training
 * haplotype. Or, when the real cohort or the set has no haplotypes, why.
 */
export type HaplotypeAatsSection =
  | {
    computed: true;
    /** Haplotypes used (n, equal) of those available, per set. */
    samples: { train: { n: number; of: number }; holdout: { n: number; of: number }; synthetic: { n: number; of: number } };
    aats: GenotypeAats;
    /** Synthetic haplotypes at Hamming distance 0 from a haplotype of the whole training split; the holdout's, as chance. */
    exactCopies: number;
    holdoutExactCopies: number;
  }
  | { computed: false; reason: string };

export interface GenotypeSetSection {
  id: string;
  /** 'decoded': a backbone's latent samples decoded through the codec (rounded, clipped to 0..2). */
  kind: GenotypeSetKind;
  /** Rows used, of rows available, per set. */
  samples: { train: { n: number; of: number }; holdout: { n: number; of: number }; synthetic: { n: number; of: number } };
  /** SNPs compared (those the synthetic set calls) of the cohort's SNPs. */
  snps: { compared: number; of: number };
  /** Pearson r and RMSE of the ALT frequencies; null where undefined (a constant vector). */
  alleleFrequency: { pearson: number | null; rmse: number | null; snps: number; real: number[]; synthetic: number[] };
  ld: {
    /** The window: its chromosome(s) (joined when it crosses one), first and last position. */
    region: { chrom: string; fromBp: number; toBp: number; snps: number };
    /** Row-major [w × w] r²; null where a SNP is monomorphic in that set. */
    real: (number | null)[];
    synthetic: (number | null)[];
    /** Mean |r²_syn − r²_real| over the pairs a < b where both are defined; null when none is. */
    meanAbsDifference: number | null;
    decay: { real: LdDecayBin[]; synthetic: LdDecayBin[] };
  };
  /** Over the samples with at least one call. */
  heterozygosity: { real: DistributionSummary; synthetic: DistributionSummary };
  altAlleleCount: { real: DistributionSummary; synthetic: DistributionSummary };
  distances: Record<'withinReal' | 'withinSynthetic' | 'between', Omit<DistanceSummary, 'values'>>;
  pca: { components: number; explainedRatio: number[]; wasserstein: number[]; real: number[][]; synthetic: number[][] };
  aats: GenotypeAats;
  /** 2- and 3-SNP co-occurrence agreement real vs synthetic (multiSnp.ts); r null where undefined. Absent in older reports. */
  correlations?: { span: number; pairs: { tuples: number; pearson: number | null }; triplets: { tuples: number; pearson: number | null } };
  /**
   * Manhattan distance to the closest sample of the whole training split (not subsampled, so a copy
   * is always found): for the synthetic samples, and for the real holdout as what chance gives.
   */
  closestTraining: { synthetic: DistributionSummary; holdout: DistributionSummary; exactCopies: number; holdoutExactCopies: number };
  /** Haplotype AATS (absent in older reports). */
  haplotypes?: HaplotypeAatsSection;
}

export interface GenotypeSpaceReport {
  settings: GenotypeSpaceSettings;
  /** Which real sets each statistic uses. */
  reference: string;
  sets: GenotypeSetSection[];
}

export const genotypeSpaceReference = 'real = the training split (AF, LD, heterozygosity, distances, PCA fit); AATS against the training split and against the holdout';

function subsample(m: GenotypeMatrix, n: number, seed: number, stream: number): GenotypeMatrix {
  return n >= m.samples ? m : selectSamples(m, drawRowIndices(m.samples, n, seed, stream));
}

/** Haplotype rows per set at most (older settings: two a person of `maxSamples`). */
export const maxHaplotypesOf = (settings: GenotypeSpaceSettings): number => settings.maxHaplotypes ?? 2 * settings.maxSamples;

/**
 * The rows of each haplotype set the haplotype AATS compares: one equal n (at most maxHaplotypes),
 * a seeded draw per set, all rows in order where a set has exactly n.
 */
export function haplotypeAatsRows(counts: { train: number; holdout: number; synthetic: number }, settings: GenotypeSpaceSettings): { n: number; train: Int32Array; holdout: Int32Array; synthetic: Int32Array } {
  const n = Math.min(maxHaplotypesOf(settings), counts.train, counts.holdout, counts.synthetic);
  const rows = (of: number, stream: number) => (n >= of ? Int32Array.from({ length: of }, (_, i) => i) : Int32Array.from(drawRowIndices(of, n, settings.seed, stream)));
  return {
    n, train: rows(counts.train, streams.haplotypesTrain), holdout: rows(counts.holdout, streams.haplotypesHoldout), synthetic: rows(counts.synthetic, streams.haplotypesSynthetic),
  };
}

function haplotypeSection(haplotypes: HaplotypeInput, pick: (m: GenotypeMatrix) => GenotypeMatrix, settings: GenotypeSpaceSettings): HaplotypeAatsSection {
  if ('absent' in haplotypes) return { computed: false, reason: haplotypes.absent };
  const [train, holdout, synthetic] = [haplotypes.train, haplotypes.holdout, haplotypes.synthetic].map(pick);
  const rows = haplotypeAatsRows({ train: train.samples, holdout: holdout.samples, synthetic: synthetic.samples }, settings);
  if (rows.n < 2) return { computed: false, reason: `${rows.n} haplotype(s) in the smallest set; AATS needs at least 2` };
  const [t, h, s] = [selectSamples(train, rows.train), selectSamples(holdout, rows.holdout), selectSamples(synthetic, rows.synthetic)];
  const zeros = (d: Float64Array) => d.reduce((n, x) => n + (x === 0 ? 1 : 0), 0);
  const size = (of: number) => ({ n: rows.n, of });
  return {
    computed: true, samples: { train: size(train.samples), holdout: size(holdout.samples), synthetic: size(synthetic.samples) },
    aats: genotypeAats(t, h, s), exactCopies: zeros(nearestManhattan(s, train)), holdoutExactCopies: zeros(nearestManhattan(h, train)),
  };
}

/** NaN (an undefined statistic) as null: a report holds finite numbers only (report/jsonSafe.ts). */
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);
const defined = (values: Float64Array): Float64Array => values.filter((x) => !Number.isNaN(x));

const columns = (scores: Float64Array, k: number): number[][] => Array.from({ length: k }, (_, j) => Array.from(scoreColumn(scores, k, j)));

function meanAbsDifference(a: Float64Array, b: Float64Array, w: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < w; i++) for (let j = i + 1; j < w; j++) {
    const d = Math.abs(a[i * w + j] - b[i * w + j]);
    if (!Number.isNaN(d)) { sum += d; n++; }
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** The section of one synthetic set. `variants` are the SNPs of the matrices' columns. */
export function genotypeSetSection(
  input: { id: string; kind: GenotypeSetKind; train: GenotypeMatrix; holdout: GenotypeMatrix; synthetic: GenotypeMatrix; variants: VariantTable; haplotypes: HaplotypeInput },
  settings: GenotypeSpaceSettings,
): GenotypeSetSection {
  // 1. The SNPs the synthetic set calls (an import may miss some), and the seeded subsamples.
  const shared = observedInAll(input.synthetic, input.train);
  if (shared.length < 2) throw new InvalidRequestError(`${input.id}: ${shared.length} SNP(s) in common with the real set; the genotype-space section needs at least 2`);
  const pick = (m: GenotypeMatrix) => (shared.length === m.snps ? m : selectSnps(m, shared));
  const { seed, maxSamples } = settings;
  const train = subsample(pick(input.train), maxSamples, seed, streams.train);
  const synthetic = subsample(pick(input.synthetic), maxSamples, seed, streams.synthetic);
  const holdout = subsample(pick(input.holdout), maxSamples, seed, streams.holdout);
  const positions = Float64Array.from(shared, (v) => input.variants.pos[v]);
  const chroms = Array.from(shared, (v) => normalizeChrom(input.variants.chrom[v]));
  // 2. Allele frequencies, LD and per-sample statistics.
  const af = compareAlleleFrequencies(train, synthetic);
  const start = Math.min(settings.ldStart, shared.length - 2);
  const window = { start, length: Math.min(settings.ldWindow, shared.length - start) };
  const decaySettings = { window, binBp: settings.ldBinBp, bins: settings.ldBins };
  const realLd = ldMatrix(train, window);
  const synLd = ldMatrix(synthetic, window);
  const realStats = sampleStatistics(train);
  const synStats = sampleStatistics(synthetic);
  // 3. Distances (seeded pairs), PCA on real with the synthetic set projected.
  const pairs = (stream: number) => ({ maxPairs: settings.maxPairs, seed, stream });
  const strip = ({ values: _values, ...rest }: DistanceSummary) => rest;
  const pca = fitGenotypePca(train, settings.pcaComponents);
  const realScores = projectGenotypes(pca, train);
  const synScores = projectGenotypes(pca, synthetic);
  const k = pca.components;
  // 4. AATS on one equal n (eq. 9), drawn from the subsamples above.
  const n = Math.min(train.samples, holdout.samples, synthetic.samples);
  const aats = genotypeAats(subsample(train, n, seed, streams.train), subsample(holdout, n, seed, streams.holdout), subsample(synthetic, n, seed, streams.synthetic));
  // 5. Closest training sample over the whole training split: exact copies cannot hide in a subsample.
  const fullTrain = pick(input.train);
  const synToTrain = nearestManhattan(synthetic, fullTrain);
  const holdoutToTrain = nearestManhattan(holdout, fullTrain);
  const zeros = (d: Float64Array) => d.reduce((n, x) => n + (x === 0 ? 1 : 0), 0);
  // 6. 2- and 3-SNP co-occurrence agreement on nearby SNPs.
  const multi = multiSnpAgreement(train, synthetic, settings.correlationSpan ?? 5);
  return {
    id: input.id, kind: input.kind,
    samples: {
      train: { n: train.samples, of: input.train.samples }, holdout: { n: holdout.samples, of: input.holdout.samples },
      synthetic: { n: synthetic.samples, of: input.synthetic.samples },
    },
    snps: { compared: shared.length, of: input.train.snps },
    alleleFrequency: { pearson: orNull(af.pearson), rmse: orNull(af.rmse), snps: af.snps, real: Array.from(af.real), synthetic: Array.from(af.synthetic) },
    ld: {
      region: { chrom: [...new Set(chroms.slice(window.start, window.start + window.length))].join(', '), fromBp: positions[window.start], toBp: positions[window.start + window.length - 1], snps: window.length },
      real: Array.from(realLd, orNull), synthetic: Array.from(synLd, orNull), meanAbsDifference: orNull(meanAbsDifference(realLd, synLd, window.length)),
      decay: { real: ldDecay(train, positions, decaySettings, chroms), synthetic: ldDecay(synthetic, positions, decaySettings, chroms) },
    },
    heterozygosity: { real: summarise(defined(realStats.heterozygosity)), synthetic: summarise(defined(synStats.heterozygosity)) },
    altAlleleCount: { real: summarise(realStats.altAlleleCount), synthetic: summarise(synStats.altAlleleCount) },
    distances: {
      withinReal: strip(pairwiseDistances(train, null, pairs(streams.pairsReal))),
      withinSynthetic: strip(pairwiseDistances(synthetic, null, pairs(streams.pairsSynthetic))),
      between: strip(pairwiseDistances(train, synthetic, pairs(streams.pairsBetween))),
    },
    pca: {
      components: k, explainedRatio: pca.explainedRatio,
      wasserstein: Array.from({ length: k }, (_, j) => wasserstein1d(scoreColumn(realScores, k, j), scoreColumn(synScores, k, j))),
      real: columns(realScores, k), synthetic: columns(synScores, k),
    },
    aats,
    correlations: {
      span: multi.span, pairs: { tuples: multi.pairs.tuples, pearson: orNull(multi.pairs.pearson) }, triplets: { tuples: multi.triplets.tuples, pearson: orNull(multi.triplets.pearson) },
    },
    closestTraining: { synthetic: summarise(synToTrain), holdout: summarise(holdoutToTrain), exactCopies: zeros(synToTrain), holdoutExactCopies: zeros(holdoutToTrain) },
    // 7. The same AATS on haplotypes, where both sides keep them.
    haplotypes: haplotypeSection(input.haplotypes, pick, settings),
  };
}
