// PCA of genotypes (Yelmen et al. 2021, Fig. 1): fitted on the real samples only, with the
// synthetic samples projected onto the real axes, and the 1-D Wasserstein distance between the
// two origins' scores on each PC. The fit is the codec's own centred PCA (encode/pca.ts: mean
// imputation, covariance or Gram eigenpairs, deterministic signs) over all SNPs as one block.
import { InvalidRequestError } from '../errors';
import { fitGenePca, type GenePca } from '../encode/pca';
import { PackedDosages } from '../genotype/packedDosages';
import { MISSING_DOSAGE } from '../genotype/types';
import { snpColumn } from './alleleFrequency';
import type { GenotypeMatrix } from './matrix';

export interface GenotypePca {
  fit: GenePca;
  /** Components kept (≤ asked, capped at the rank). */
  components: number;
  /** Eigenvalue / total variance per component. */
  explainedRatio: number[];
}

/** Packs a sample-major matrix into the variant-major store the codec's PCA reads. */
function packed(m: GenotypeMatrix): PackedDosages {
  const out = PackedDosages.create(m.samples, m.snps);
  const column = new Int8Array(m.samples);
  for (let j = 0; j < m.snps; j++) out.encodeRow(j, snpColumn(m, j, column));
  return out;
}

export function fitGenotypePca(real: GenotypeMatrix, components: number): GenotypePca {
  if (real.samples < 2) throw new InvalidRequestError(`PCA needs at least 2 real samples, got ${real.samples}`);
  const fit = fitGenePca(
    { dosages: packed(real), rows: Int32Array.from({ length: real.snps }, (_, j) => j), trainIdx: Int32Array.from({ length: real.samples }, (_, i) => i) },
    { imputation: 'mean', componentRule: 'variance-target', varianceTarget: 1, maxComponents: components },
  );
  return { fit, components: fit.components, explainedRatio: Array.from(fit.eigenvalues, (v) => (fit.totalVariance > 0 ? v / fit.totalVariance : 0)) };
}

/** Scores [samples × k] of any set on the real axes: (x − μ)·W, a missing call imputed with the real mean. */
export function projectGenotypes(pca: GenotypePca, m: GenotypeMatrix): Float64Array {
  const { impute, mean, loadings } = pca.fit;
  const k = pca.components;
  if (m.snps !== mean.length) throw new InvalidRequestError(`PCA fitted on ${mean.length} SNPs cannot project ${m.snps}`);
  const out = new Float64Array(m.samples * k);
  for (let i = 0; i < m.samples; i++) {
    for (let a = 0; a < m.snps; a++) {
      const d = m.data[i * m.snps + a];
      const x = (d === MISSING_DOSAGE ? impute[a] : d) - mean[a];
      if (x === 0) continue;
      for (let j = 0; j < k; j++) out[i * k + j] += x * loadings[a * k + j];
    }
  }
  return out;
}

/** Column j of a row-major [n × k] score matrix. */
export function scoreColumn(scores: Float64Array, k: number, j: number): Float64Array {
  return Float64Array.from({ length: scores.length / k }, (_, i) => scores[i * k + j]);
}

/**
 * 1-D Wasserstein distance W₁ = ∫ |F_u(x) − F_v(x)| dx between two empirical distributions
 * (scipy.stats.wasserstein_distance without weights): a sweep over the merged sorted values.
 */
export function wasserstein1d(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length === 0 || v.length === 0) throw new InvalidRequestError('a Wasserstein distance needs values on both sides');
  const a = Float64Array.from(u).sort();
  const b = Float64Array.from(v).sort();
  let i = 0;
  let j = 0;
  let total = 0;
  let previous = Math.min(a[0], b[0]);
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    total += Math.abs(i / a.length - j / b.length) * (next - previous);
    previous = next;
    while (i < a.length && a[i] === next) i++;
    while (j < b.length && b[j] === next) j++;
  }
  return total;
}
