// Genotype matrices for the genotype-space metrics (REFERENCE.md, Genotype space): sample-major
// [samples × SNPs] Int8 dosages 0/1/2 (copies of ALT), MISSING_DOSAGE for a missing call. Sample-
// major because every per-sample statistic and every distance walks one sample's SNPs; the
// cohort's packed variant-major store is read once into it. Dense: n·p bytes, so callers cap n.
import { toHardGenotypes } from '../encode/transform';
import { InvalidRequestError } from '../errors';
import type { PackedDosages } from '../genotype/packedDosages';
import type { HetPhase } from '../genotype/phase';
import { MISSING_DOSAGE } from '../genotype/types';

export interface GenotypeMatrix {
  samples: number;
  snps: number;
  /** Row-major [samples × snps]: 0, 1, 2 or MISSING_DOSAGE. */
  data: Int8Array;
}

export function createGenotypeMatrix(samples: number, snps: number, data: Int8Array = new Int8Array(samples * snps)): GenotypeMatrix {
  if (data.length !== samples * snps) throw new InvalidRequestError(`${data.length} dosages are not [${samples} × ${snps}]`);
  return { samples, snps, data };
}

/** From nested arrays, one row per sample (tests and small inputs). */
export function genotypeMatrixFromRows(rows: readonly (readonly number[])[]): GenotypeMatrix {
  const snps = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== snps)) throw new InvalidRequestError('every sample needs the same number of SNPs');
  return createGenotypeMatrix(rows.length, snps, Int8Array.from(rows.flat()));
}

/**
 * Samples `sampleIdx` (columns of the packed store) at variant rows `variantRows`, transposed to
 * sample-major. A variant row of −1 (a variant the source lacks) gives missing calls.
 */
export function genotypeMatrixOfPacked(dosages: PackedDosages, sampleIdx: ArrayLike<number>, variantRows: ArrayLike<number>): GenotypeMatrix {
  const n = sampleIdx.length;
  const p = variantRows.length;
  const out = createGenotypeMatrix(n, p);
  const scratch = new Int8Array(dosages.samples);
  for (let j = 0; j < p; j++) {
    const r = variantRows[j];
    if (r < 0) {
      for (let i = 0; i < n; i++) out.data[i * p + j] = MISSING_DOSAGE;
      continue;
    }
    const row = dosages.decodeRow(r, scratch);
    for (let i = 0; i < n; i++) out.data[i * p + j] = row[sampleIdx[i]];
  }
  return out;
}

/**
 * The haplotypes of samples `sampleIdx` at variant rows `variantRows`, 0/1 (ALT) per SNP: rows 2k
 * and 2k + 1 are sample k's first and second haplotype, from its dosage and the het phase. A
 * missing call (or a variant row of −1) is missing on both. On 0/1 rows Manhattan is Hamming.
 */
export function haplotypeMatrixOfPacked(dosages: PackedDosages, phase: HetPhase, sampleIdx: ArrayLike<number>, variantRows: ArrayLike<number>): GenotypeMatrix {
  const n = sampleIdx.length;
  const p = variantRows.length;
  const out = createGenotypeMatrix(2 * n, p);
  const scratch = new Int8Array(dosages.samples);
  for (let j = 0; j < p; j++) {
    const r = variantRows[j];
    const row = r < 0 ? null : dosages.decodeRow(r, scratch);
    for (let k = 0; k < n; k++) {
      const d = row ? row[sampleIdx[k]] : MISSING_DOSAGE;
      const second = d === 1 && phase.altOnSecond(r, sampleIdx[k]);
      out.data[2 * k * p + j] = d === MISSING_DOSAGE ? MISSING_DOSAGE : d === 1 ? (second ? 0 : 1) : d / 2;
      out.data[(2 * k + 1) * p + j] = d === MISSING_DOSAGE ? MISSING_DOSAGE : d === 1 ? (second ? 1 : 0) : d / 2;
    }
  }
  return out;
}

/** Hard dosages (the codec's rounding: toHardGenotypes) of a variant-major [variants × n] decode, sample-major. */
export function genotypeMatrixOfDecoded(decoded: ArrayLike<number>, n: number, variants: number): GenotypeMatrix {
  const hard = toHardGenotypes(decoded);
  const out = createGenotypeMatrix(n, variants);
  for (let v = 0; v < variants; v++) for (let i = 0; i < n; i++) out.data[i * variants + v] = hard[v * n + i];
  return out;
}

/** The columns `snps` of a matrix, in that order. */
export function selectSnps(m: GenotypeMatrix, snps: ArrayLike<number>): GenotypeMatrix {
  const p = snps.length;
  const out = createGenotypeMatrix(m.samples, p);
  for (let i = 0; i < m.samples; i++) for (let j = 0; j < p; j++) out.data[i * p + j] = m.data[i * m.snps + snps[j]];
  return out;
}

/** The rows `samples` of a matrix, in that order. */
export function selectSamples(m: GenotypeMatrix, samples: ArrayLike<number>): GenotypeMatrix {
  const out = createGenotypeMatrix(samples.length, m.snps);
  for (let k = 0; k < samples.length; k++) out.data.set(m.data.subarray(samples[k] * m.snps, (samples[k] + 1) * m.snps), k * m.snps);
  return out;
}

/** SNPs with at least one non-missing call in every matrix given: the variants the sets share. */
export function observedInAll(...sets: GenotypeMatrix[]): Int32Array {
  const p = sets[0].snps;
  if (sets.some((m) => m.snps !== p)) throw new InvalidRequestError(`the sets have ${sets.map((m) => m.snps).join(', ')} SNPs; expected the same`);
  const keep: number[] = [];
  for (let j = 0; j < p; j++) {
    if (sets.every((m) => { for (let i = 0; i < m.samples; i++) if (m.data[i * p + j] !== MISSING_DOSAGE) return true; return false; })) keep.push(j);
  }
  return Int32Array.from(keep);
}
