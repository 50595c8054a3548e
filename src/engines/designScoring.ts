// What the design pipeline measures on a set of designs: the predictor's and the oracles' scores (per
// iteration for the traces, with bootstrap intervals before and after), realism against the real
// training samples (nearest-real angular distance and NNAA from core/metrics, allele frequencies of the
// decoded hard genotypes from core/genospace), the per-gene change (core/translate's change map) and
// the fooled flag.
import type { DesignScores, DesignRealism, DesignTracePoint, MethodReport } from '../core/design/report';
import type { LiabilityOracle } from '../core/design/liabilityOracle';
import { decode, toHardGenotypes, type GeneCodec } from '../core/encode/codec';
import { compareAlleleFrequencies } from '../core/genospace/alleleFrequency';
import { ldMatrix } from '../core/genospace/linkage';
import { createGenotypeMatrix, type GenotypeMatrix } from '../core/genospace/matrix';
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from '../core/metrics/bootstrap';
import { findNearest } from '../core/metrics/distance';
import { computeNnaa } from '../core/metrics/nnaa';
import { createSampleRows } from '../core/metrics/sampleRows';
import { computeChangeMap } from '../core/translate/changeMap';
import type { TrainingEngine } from './training';

/** Rows [n, G, C] of one shape. */
export interface DesignShape {
  genes: number;
  channels: number;
}

/** The predictor and the oracles, bound to their trained models and the target class. */
export interface DesignScorers {
  shape: DesignShape;
  targetClass: number;
  /** p(target | x) per row by the predictor. */
  predictor(x: Float32Array): Promise<Float64Array>;
  /** p(target | x) per row by the oracle classifier (disjoint real data); null without one. */
  oracleClassifier: ((x: Float32Array) => Promise<Float64Array>) | null;
  /** True genetic liability per row (hard genotypes); null without a truth file. */
  liability: ((x: Float32Array) => Float64Array) | null;
}

const CHUNK_ROWS = 256;

/** p(target | x) per row from a trained model of the training engine, in chunks (exp of its log-probability). */
export function probabilityOf(training: TrainingEngine, modelId: string, shape: DesignShape, targetClass: number) {
  return async (x: Float32Array): Promise<Float64Array> => {
    const dims = shape.genes * shape.channels;
    const n = x.length / dims;
    const out = new Float64Array(n);
    for (let from = 0; from < n; from += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, n - from);
      const { values } = await training.inputGradient({
        modelId, data: x.slice(from * dims, (from + rows) * dims), shape: { batch: rows, ...shape }, targetClass, objective: 'log-prob',
      });
      values.forEach((v, i) => { out[from + i] = Math.exp(v); });
    }
    return out;
  };
}

export function liabilityOf(oracle: LiabilityOracle, shape: DesignShape) {
  return (x: Float32Array): Float64Array => oracle.score(x, x.length / (shape.genes * shape.channels), 'hard');
}

function mean(v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i];
  return sum / v.length;
}

/** Means over designs of every score at one iteration. */
export async function tracePoint(scorers: DesignScorers, iteration: number, x: Float32Array, penalty: number | null): Promise<DesignTracePoint> {
  return {
    iteration,
    predictor: mean(await scorers.predictor(x)),
    liability: scorers.liability ? mean(scorers.liability(x)) : null,
    oracleClassifier: scorers.oracleClassifier ? mean(await scorers.oracleClassifier(x)) : null,
    penalty,
  };
}

/** Every score of a set with a bootstrap interval of its mean over designs. */
export async function scoreSet(scorers: DesignScorers, x: Float32Array, boot: BootstrapOptions): Promise<DesignScores> {
  return {
    predictor: bootstrapMean(await scorers.predictor(x), boot),
    liability: scorers.liability ? bootstrapMean(scorers.liability(x), boot) : null,
    oracleClassifier: scorers.oracleClassifier ? bootstrapMean(await scorers.oracleClassifier(x), boot) : null,
  };
}

/** The real reference of the realism measures: training rows and, with a codec, their decoded hard genotypes. */
export interface RealismReference {
  real: Float32Array;
  mask: Uint8Array;
  shape: DesignShape;
  codec: GeneCodec | null;
}

function hardGenotypeMatrix(codec: GeneCodec, x: Float32Array, n: number) {
  const variantMajor = toHardGenotypes(decode(codec, x, n));
  const snps = variantMajor.length / n;
  const rowMajor = new Int8Array(n * snps);
  for (let v = 0; v < snps; v++) for (let i = 0; i < n; i++) rowMajor[i * snps + v] = variantMajor[v * n + i];
  return createGenotypeMatrix(n, snps, rowMajor);
}

/** SNPs per LD window (consecutive codec SNPs, windows side by side). */
const LD_WINDOW = 20;

/** Mean |r²(a) − r²(b)| over every SNP pair inside each window where both are defined (genospace/linkage.ts ldMatrix). */
export function ldDrift(a: GenotypeMatrix, b: GenotypeMatrix): { meanAbsR2Diff: number; pairs: number } {
  let sum = 0;
  let pairs = 0;
  for (let start = 0; start + LD_WINDOW <= a.snps; start += LD_WINDOW) {
    const ra = ldMatrix(a, { start, length: LD_WINDOW });
    const rb = ldMatrix(b, { start, length: LD_WINDOW });
    for (let i = 0; i < LD_WINDOW; i++) {
      for (let j = i + 1; j < LD_WINDOW; j++) {
        const d = Math.abs(ra[i * LD_WINDOW + j] - rb[i * LD_WINDOW + j]);
        if (Number.isFinite(d)) { sum += d; pairs++; }
      }
    }
  }
  return { meanAbsR2Diff: pairs > 0 ? sum / pairs : Number.NaN, pairs };
}

/** Realism of a set of designs against the real training samples. */
export async function measureRealism(reference: RealismReference, x: Float32Array, boot: BootstrapOptions & { seed: number }): Promise<DesignRealism> {
  const dims = reference.shape.genes * reference.shape.channels;
  const n = x.length / dims;
  const realRows = createSampleRows(reference.real, reference.real.length / dims, dims, 'real training samples');
  const designRows = createSampleRows(x, n, dims, 'designs');
  const nearest = await findNearest(designRows, realRows, { k: 1, mask: reference.mask });
  const nnaa = n >= 2 ? await computeNnaa(realRows, designRows, { mask: reference.mask, seed: boot.seed, bootstrap: { resamples: 200 } }) : null;
  const realGenotypes = reference.codec ? hardGenotypeMatrix(reference.codec, reference.real, realRows.count) : null;
  const designGenotypes = reference.codec ? hardGenotypeMatrix(reference.codec, x, n) : null;
  const af = realGenotypes && designGenotypes ? compareAlleleFrequencies(realGenotypes, designGenotypes) : null;
  const ld = realGenotypes && designGenotypes && n >= 3 ? ldDrift(realGenotypes, designGenotypes) : null;
  return {
    nearestReal: bootstrapMean(nearest.distances, boot),
    nnaa: nnaa ? { aats: nnaa.aats, aaTruth: nnaa.aaTruth, aaSyn: nnaa.aaSyn } : null,
    alleleFrequency: af ? { rmse: af.rmse, pearson: af.pearson, snps: af.snps } : null,
    ld: ld ? { meanAbsR2Diff: ld.meanAbsR2Diff, pairs: ld.pairs, windowSnps: LD_WINDOW } : null,
  };
}

/** Per-gene mean |Δ| from the starting samples, top genes with intervals (core/translate/changeMap). */
export function perGeneChange(before: Float32Array, after: Float32Array, reference: RealismReference, geneNames: string[], top: number, boot: BootstrapOptions): MethodReport['perGene'] {
  const map = computeChangeMap(before, after, reference.mask, reference.shape, { ...boot, geneNames, intervalsForTop: top });
  const byGene = new Map(map.genes.map((g) => [g.gene, g]));
  return {
    top: map.ranking.slice(0, top).map((g) => byGene.get(g) as NonNullable<ReturnType<typeof byGene.get>>),
    all: map.genes.map(({ gene, name, change }) => ({ gene, name, change })),
  };
}

/** Whether an interval of the designs lies wholly above the start's (a significant rise). */
const above = (after: BootstrapInterval, before: BootstrapInterval) => after.lower > before.upper;

/**
 * Seed 002's warning made a flag: the predictor rose (its interval above the start's) while no oracle did.
 * Null when there is no oracle to judge by.
 */
export function fooledFlag(before: DesignScores, after: DesignScores): MethodReport['fooled'] {
  const predictorUp = above(after.predictor, before.predictor);
  const liabilityUp = after.liability && before.liability ? above(after.liability, before.liability) : null;
  const oracleClassifierUp = after.oracleClassifier && before.oracleClassifier ? above(after.oracleClassifier, before.oracleClassifier) : null;
  const oracles = [liabilityUp, oracleClassifierUp].filter((o): o is boolean => o !== null);
  return { predictorUp, liabilityUp, oracleClassifierUp, fooled: oracles.length === 0 ? null : predictorUp && oracles.every((o) => !o) };
}
