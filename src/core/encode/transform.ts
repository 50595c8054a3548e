// Encode and decode with a fitted GeneCodec (formulas in codec.ts). Both run gene by gene
// over chunks of samples straight from the packed 2-bit calls: no dense variants × samples
// copy, so memory is the output chunk plus one gene's [chunk × C] scores.

import type { TensorShape } from '../diffusion/types';
import { InvalidRequestError } from '../errors';
import { PackedDosages, callCodes, codeAt, dosageOfCode } from '../genotype/packedDosages';
import { MISSING_DOSAGE, type Cohort, type VariantTable } from '../genotype/types';
import { normaliseChrom } from './assign';
import type { CodecGene, GeneCodec } from './codec';

/** A gene tensor [N, G, C] row-major with its [G, C] padding mask. */
export interface EncodedTensor {
  data: Float32Array;
  shape: TensorShape;
  mask: Uint8Array;
}

export interface RoundTripCeiling {
  /** recovered / compared: the best genotype accuracy any model of this encoding can reach. */
  share: number;
  recovered: number;
  /** Non-missing real genotypes of the codec's SNPs in the samples compared. */
  compared: number;
}

const DEFAULT_CHUNK_SAMPLES = 1024;

function sameVariant(a: VariantTable, i: number, b: VariantTable, j: number): boolean {
  return a.pos[i] === b.pos[j] && a.ref[i] === b.ref[j] && a.alt[i] === b.alt[j]
    && normaliseChrom(a.chrom[i]) === normaliseChrom(b.chrom[j]);
}

const variantKey = (t: VariantTable, i: number): string => `${normaliseChrom(t.chrom[i])}:${t.pos[i]}:${t.ref[i]}:${t.alt[i]}`;

/**
 * The cohort row of each codec variant: the fitted rows when the cohort has the same variant
 * table, otherwise matched by chromosome, position, REF and ALT.
 */
export function resolveCohortRows(codec: GeneCodec, cohort: Cohort): Int32Array {
  const cv = codec.variants;
  const direct = codec.sourceRows.every((r, l) => r < cohort.variants.pos.length && sameVariant(cv, l, cohort.variants, r));
  if (direct) return codec.sourceRows;
  const rowOf = new Map<string, number>();
  for (let r = cohort.variants.pos.length - 1; r >= 0; r--) rowOf.set(variantKey(cohort.variants, r), r);
  const rows = new Int32Array(codec.sourceRows.length);
  const missing: number[] = [];
  rows.forEach((_, l) => {
    const r = rowOf.get(variantKey(cv, l));
    if (r === undefined) missing.push(l);
    else rows[l] = r;
  });
  if (missing.length > 0) {
    throw new InvalidRequestError(`${missing.length} of the codec's ${cv.pos.length} variants are not in this cohort `
      + `(first: ${cv.chrom[missing[0]]}:${cv.pos[missing[0]]} ${cv.ref[missing[0]]}>${cv.alt[missing[0]]}); encode needs every one`);
  }
  return rows;
}

/** table[code·k + j] = (dosage of the 2-bit call code, imputed when missing, minus μ) · W[a, j]. */
function fillProductTable(codec: GeneCodec, gene: CodecGene, a: number, table: Float64Array): void {
  const local = gene.snps[a];
  const k = gene.components;
  const mu = codec.means[local];
  const w = gene.loadingOffset + a * k;
  const centred = [0, 0, 0, 0];
  centred[callCodes.homAlt] = 2 - mu;
  centred[callCodes.missing] = codec.impute[local] - mu;
  centred[callCodes.het] = 1 - mu;
  centred[callCodes.homRef] = -mu;
  for (let code = 0; code < 4; code++) for (let j = 0; j < k; j++) table[code * k + j] = centred[code] * codec.loadings[w + j];
}

/**
 * Raw scores z = (x − μ)·W of one gene for samples sampleIdx[from, to), written row-major
 * [(to − from) × k] into `out`. A SNP takes only four values (missing, 0, 1, 2), so each
 * sample adds one of four precomputed rows (x − μ)·W[a, :]: additions only, in the inner loop.
 */
export function geneScoresInto(
  codec: GeneCodec, gene: CodecGene, rows: Int32Array, cohort: Cohort,
  sampleIdx: Int32Array, from: number, to: number, out: Float64Array,
): void {
  const k = gene.components;
  const m = to - from;
  out.fill(0, 0, m * k);
  const table = new Float64Array(4 * k);
  for (let a = 0; a < gene.snps.length; a++) {
    fillProductTable(codec, gene, a, table);
    const row = cohort.dosages.rowBytes(rows[gene.snps[a]]);
    if (k === 8) {
      addTableRows8(row, sampleIdx, from, m, table, out);
      continue;
    }
    for (let i = 0; i < m; i++) {
      const t = codeAt(row, 0, sampleIdx[from + i]) * k;
      const o = i * k;
      for (let j = 0; j < k; j++) out[o + j] += table[t + j];
    }
  }
}

/** The k = 8 case of the loop above, unrolled: most of the tensor is 8-component genes. */
function addTableRows8(
  row: Uint8Array, sampleIdx: Int32Array, from: number, m: number, table: Float64Array, out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const t = codeAt(row, 0, sampleIdx[from + i]) * 8;
    const o = i * 8;
    out[o] += table[t]; out[o + 1] += table[t + 1]; out[o + 2] += table[t + 2]; out[o + 3] += table[t + 3];
    out[o + 4] += table[t + 4]; out[o + 5] += table[t + 5]; out[o + 6] += table[t + 6]; out[o + 7] += table[t + 7];
  }
}

/** Writes the standardised, zero-padded tensor [to − from, G, C] of samples sampleIdx[from, to). */
export function encodeInto(
  codec: GeneCodec, cohort: Cohort, sampleIdx: Int32Array, from: number, to: number,
  out: Float32Array | Float64Array, rows: Int32Array = resolveCohortRows(codec, cohort),
): void {
  const { geneSlots: slots, componentsPerGene: c } = codec.settings;
  const m = to - from;
  if (out.length < m * slots * c) throw new InvalidRequestError(`output holds ${out.length} values, encode needs ${m * slots * c}`);
  out.fill(0, 0, m * slots * c);
  const scores = new Float64Array(m * c);
  codec.genes.forEach((gene, g) => {
    const k = gene.components;
    geneScoresInto(codec, gene, rows, cohort, sampleIdx, from, to, scores);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < k; j++) {
        const slot = g * c + j;
        out[(i * slots + g) * c + j] = (scores[i * k + j] - codec.slotMean[slot]) / codec.slotStd[slot];
      }
    }
  });
}

function allSamples(cohort: Cohort): Int32Array {
  return Int32Array.from({ length: cohort.sampleIds.length }, (_, i) => i);
}

function checkSamples(cohort: Cohort, sampleIdx: Int32Array): void {
  const n = cohort.sampleIds.length;
  const bad = sampleIdx.find((i) => i < 0 || i >= n);
  if (bad !== undefined) throw new InvalidRequestError(`sample index ${bad} is outside the cohort's ${n} samples`);
}

/** Encodes the samples `sampleIdx` (default all) into one tensor [N, G, C]. */
export function encode(codec: GeneCodec, cohort: Cohort, sampleIdx?: ArrayLike<number>): EncodedTensor {
  const idx = sampleIdx ? Int32Array.from(sampleIdx) : allSamples(cohort);
  checkSamples(cohort, idx);
  const { geneSlots, componentsPerGene } = codec.settings;
  const data = new Float32Array(idx.length * geneSlots * componentsPerGene);
  encodeInto(codec, cohort, idx, 0, idx.length, data);
  return { data, shape: { batch: idx.length, genes: geneSlots, channels: componentsPerGene }, mask: codec.mask };
}

/** Encodes chunk by chunk, for cohorts whose whole tensor should not sit in one buffer. */
export function* encodeInChunks(
  codec: GeneCodec, cohort: Cohort, sampleIdx?: ArrayLike<number>, chunkSamples = DEFAULT_CHUNK_SAMPLES,
): Generator<{ offset: number; tensor: EncodedTensor }> {
  const idx = sampleIdx ? Int32Array.from(sampleIdx) : allSamples(cohort);
  checkSamples(cohort, idx);
  const rows = resolveCohortRows(codec, cohort);
  const { geneSlots, componentsPerGene } = codec.settings;
  for (let from = 0; from < idx.length; from += chunkSamples) {
    const to = Math.min(idx.length, from + chunkSamples);
    const data = new Float32Array((to - from) * geneSlots * componentsPerGene);
    encodeInto(codec, cohort, idx, from, to, data, rows);
    yield { offset: from, tensor: { data, shape: { batch: to - from, genes: geneSlots, channels: componentsPerGene }, mask: codec.mask } };
  }
}

/** How many genes contain each codec variant: decode averages over them. */
function geneCoverage(codec: GeneCodec): Uint32Array {
  const coverage = new Uint32Array(codec.variants.pos.length);
  for (const gene of codec.genes) for (const local of gene.snps) coverage[local]++;
  return coverage;
}

/**
 * Decodes a tensor [n, G, C] into dosages, variant-major [codec variants × n]:
 * x̂ = (s·t + m)·Wᵀ + μ per gene, averaged over the genes that share a SNP.
 */
export function decodeInto(codec: GeneCodec, tensor: ArrayLike<number>, n: number, out: Float32Array | Float64Array): void {
  const { geneSlots: slots, componentsPerGene: c } = codec.settings;
  const v = codec.variants.pos.length;
  if (tensor.length < n * slots * c) throw new InvalidRequestError(`tensor has ${tensor.length} values, [${n}, ${slots}, ${c}] needs ${n * slots * c}`);
  if (out.length < v * n) throw new InvalidRequestError(`output holds ${out.length} values, decode needs ${v * n}`);
  out.fill(0, 0, v * n);
  const z = new Float64Array(c);
  const { means, loadings, slotMean, slotStd } = codec;
  codec.genes.forEach((gene, g) => {
    const k = gene.components;
    const snps = gene.snps;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) z[j] = tensor[(i * slots + g) * c + j] * slotStd[g * c + j] + slotMean[g * c + j];
      for (let a = 0, w = gene.loadingOffset; a < snps.length; a++, w += k) {
        let x = means[snps[a]];
        for (let j = 0; j < k; j++) x += z[j] * loadings[w + j];
        out[snps[a] * n + i] += x;
      }
    }
  });
  const coverage = geneCoverage(codec);
  for (let l = 0; l < v; l++) if (coverage[l] > 1) for (let i = 0; i < n; i++) out[l * n + i] /= coverage[l];
}

export function decode(codec: GeneCodec, tensor: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(codec.variants.pos.length * n);
  decodeInto(codec, tensor, n, out);
  return out;
}

/** One hard genotype: round to the nearest whole dosage and clip to 0..2; NaN becomes missing. */
function hardGenotype(x: number): number {
  return Number.isNaN(x) ? MISSING_DOSAGE : Math.min(2, Math.max(0, Math.round(x)));
}

/** Hard genotypes: round to the nearest whole dosage and clip to 0..2; NaN becomes missing. */
export function toHardGenotypes(dosages: ArrayLike<number>): Int8Array {
  const out = new Int8Array(dosages.length);
  for (let i = 0; i < dosages.length; i++) out[i] = hardGenotype(dosages[i]);
  return out;
}

/**
 * Hard genotypes of a decoded variant-major [variants × samples] matrix, packed 2 bits a call
 * row by row (no Int8 copy of the whole matrix).
 */
export function packHardGenotypes(dosages: ArrayLike<number>, samples: number): PackedDosages {
  const variants = samples === 0 ? 0 : dosages.length / samples;
  const packed = PackedDosages.create(samples, variants);
  const row = new Int8Array(samples);
  for (let v = 0; v < variants; v++) {
    for (let i = 0; i < samples; i++) row[i] = hardGenotype(dosages[v * samples + i]);
    packed.encodeRow(v, row);
  }
  return packed;
}

/**
 * Share of the real (non-missing) genotypes of `sampleIdx` recovered by encode → float32
 * tensor → decode → round and clip, over the codec's SNPs (REFERENCE.md round-trip ceiling).
 */
export function roundTripCeiling(
  codec: GeneCodec, cohort: Cohort, sampleIdx: ArrayLike<number>, chunkSamples = DEFAULT_CHUNK_SAMPLES,
): RoundTripCeiling {
  const v = codec.variants.pos.length;
  const rows = resolveCohortRows(codec, cohort);
  const idx = Int32Array.from(sampleIdx);
  checkSamples(cohort, idx);
  let recovered = 0;
  let compared = 0;
  for (const { offset, tensor } of encodeInChunks(codec, cohort, idx, chunkSamples)) {
    const m = tensor.shape.batch;
    const hard = toHardGenotypes(decode(codec, tensor.data, m));
    for (let l = 0; l < v; l++) {
      const row = cohort.dosages.rowBytes(rows[l]);
      for (let i = 0; i < m; i++) {
        const real = dosageOfCode[codeAt(row, 0, idx[offset + i])];
        if (real === MISSING_DOSAGE) continue;
        compared++;
        if (hard[l * m + i] === real) recovered++;
      }
    }
  }
  return { share: compared > 0 ? recovered / compared : 1, recovered, compared };
}
