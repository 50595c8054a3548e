import { describe, expect, it } from 'vitest';
import { CancelledError, InvalidRequestError } from '../errors';
import { PackedDosages } from '../genotype/packedDosages';
import { unpackDosages } from '../genotype/testFixtures';
import { MISSING_DOSAGE, type Cohort } from '../genotype/types';
import { assignSnpsToGenes } from './assign';
import {
  decode, decodeInto, encode, encodeInChunks, encodeInto, explainedVarianceReport, fitCodec,
  roundTripCeiling, toHardGenotypes, type GeneCodec,
} from './codec';
import { componentRules } from './pca';
import { splitSamples } from './split';
import { makeCohort, range } from './testFixtures';

const genes = [{ name: 'TINY', snps: 3 }, { name: 'MID', snps: 12 }, { name: 'BIG', snps: 40 }, { name: 'EDGE', snps: 21, chrom: 'chr2' }];

function setup(cohort: Cohort = makeCohort({ samples: 400, genes, founders: 6, missingRate: 0.01, seed: 5 })) {
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes!);
  const split = splitSamples(cohort.phenotype!.labels, cohort.sampleIds.length, { seed: 11 });
  return { cohort, assignment, split, codec: fitCodec(cohort, assignment, split.trainIdx) };
}

/** Index of the first differing element (or length mismatch), −1 when equal bit for bit. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function codecArrays(codec: GeneCodec): number[][] {
  return [codec.means, codec.impute, codec.loadings, codec.slotMean, codec.slotStd, codec.mask].map((a) => Array.from(a));
}

describe('fitCodec and encode', () => {
  const { cohort, assignment, split, codec } = setup();
  const encoded = encode(codec, cohort);
  const { geneSlots: slots, componentsPerGene: c } = codec.settings;

  it('pads to the next multiple of 512 with C = 8, and the mask marks the real components', () => {
    expect([slots, c]).toEqual([512, 8]);
    expect(codec.genes.map((g) => g.components)).toEqual([1, 4, 8, 8]);
    const expectedMask = new Uint8Array(slots * c);
    [1, 4, 8, 8].forEach((k, g) => expectedMask.fill(1, g * c, g * c + k));
    expect(Array.from(encoded.mask)).toEqual(Array.from(expectedMask));
    expect(encoded.shape).toEqual({ batch: 400, genes: 512, channels: 8 });
  });

  it('writes exactly 0 in every padded slot and component', () => {
    let nonZeroPadding = 0;
    let zeroReal = 0;
    for (let i = 0; i < 400; i++) {
      for (let s = 0; s < slots * c; s++) {
        const x = encoded.data[i * slots * c + s];
        if (encoded.mask[s] === 0 && !Object.is(x, 0)) nonZeroPadding++;
        if (encoded.mask[s] === 1 && x === 0) zeroReal++;
      }
    }
    expect(nonZeroPadding).toBe(0);
    expect(zeroReal).toBe(0);
  });

  it('standardises every real slot to mean 0 and variance 1 over the training split (1e-6)', () => {
    for (let s = 0; s < slots * c; s++) {
      if (encoded.mask[s] === 0) continue;
      const values = Array.from(split.trainIdx, (i) => encoded.data[i * slots * c + s]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(1e-6);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-6);
    }
  });

  it('is fitted on the training split only: new holdout genotypes change nothing', () => {
    const changed = { ...cohort, dosages: PackedDosages.fromDosages(unpackDosages(cohort.dosages), cohort.sampleIds.length) };
    for (let v = 0; v < cohort.variants.pos.length; v++) for (const i of split.holdoutIdx) changed.dosages.set(v, i, (v + i) % 3);
    const refit = fitCodec(changed, assignment, split.trainIdx);
    expect(codecArrays(refit)).toEqual(codecArrays(codec));
    const retrained = fitCodec(changed, assignment, split.holdoutIdx);
    expect(codecArrays(retrained)).not.toEqual(codecArrays(codec));
  });

  it('encodes the same in chunks, for a subset, and into a caller buffer', () => {
    const pieces = [...encodeInChunks(codec, cohort, undefined, 97)];
    expect(pieces.map((p) => p.offset)).toEqual([0, 97, 194, 291, 388]);
    pieces.forEach(({ offset, tensor }) => expect(firstDifference(tensor.data, encoded.data.subarray(offset * slots * c, (offset + tensor.shape.batch) * slots * c))).toBe(-1));
    const subset = encode(codec, cohort, [5, 2]);
    expect(firstDifference(subset.data.subarray(0, slots * c), encoded.data.subarray(5 * slots * c, 6 * slots * c))).toBe(-1);
    const out = new Float32Array(slots * c).fill(7);
    encodeInto(codec, cohort, Int32Array.from([2]), 0, 1, out);
    expect(firstDifference(out, subset.data.subarray(slots * c))).toBe(-1);
  });

  it('matches variants by chromosome, position and alleles when the cohort orders them differently', () => {
    const v = cohort.variants.pos.length;
    const order = Array.from({ length: v }, (_, i) => v - 1 - i);
    const reversed: Cohort = {
      ...cohort,
      variants: {
        chrom: order.map((r) => `chr${cohort.variants.chrom[r].replace('chr', '')}`), pos: Float64Array.from(order, (r) => cohort.variants.pos[r]),
        id: order.map((r) => cohort.variants.id[r]), ref: order.map((r) => cohort.variants.ref[r]), alt: order.map((r) => cohort.variants.alt[r]),
      },
      dosages: PackedDosages.create(cohort.sampleIds.length, v),
    };
    order.forEach((r, row) => reversed.dosages.encodeRow(row, cohort.dosages.decodeRow(r)));
    expect(firstDifference(encode(codec, reversed).data, encoded.data)).toBe(-1);
    const shorter = { ...reversed, variants: { ...reversed.variants, pos: reversed.variants.pos.map((p, i) => (i === 0 ? p + 1 : p)) } };
    expect(() => encode(codec, shorter)).toThrow(InvalidRequestError);
  });

  it('reports explained variance per gene (ratios in (0, 1], TINY alone ≤ 1)', () => {
    const report = explainedVarianceReport(codec);
    expect(report.map((r) => r.name)).toEqual(['TINY', 'MID', 'BIG', 'EDGE']);
    for (const r of report) {
      expect(r.explainedRatio).toBeGreaterThan(0);
      expect(r.explainedRatio).toBeLessThanOrEqual(1 + 1e-12);
      expect(r.componentRatios.length).toBe(r.components);
    }
  });
});

describe('decode', () => {
  it('is exact when every component is kept (1e-9 in float64, before rounding)', () => {
    const cohort = makeCohort({ samples: 120, genes: [{ name: 'A', snps: 6 }, { name: 'B', snps: 8 }], seed: 21 });
    const assignment = assignSnpsToGenes(cohort.variants, cohort.genes!);
    const codec = fitCodec(cohort, assignment, range(100), { componentRule: componentRules.varianceTarget, varianceTarget: 1 });
    expect(codec.genes.map((g) => g.components)).toEqual([6, 8]);
    const tensor = new Float64Array(120 * codec.settings.geneSlots * 8);
    encodeInto(codec, cohort, range(120), 0, 120, tensor);
    const dosages = new Float64Array(14 * 120);
    decodeInto(codec, tensor, 120, dosages);
    const truth = unpackDosages(cohort.dosages);
    dosages.forEach((x, i) => expect(Math.abs(x - truth[i])).toBeLessThan(1e-9));
    // Through the float32 tensor the hard genotypes are all recovered: ceiling 1.
    expect(roundTripCeiling(codec, cohort, range(120)).share).toBe(1);
  });

  it('averages a SNP shared by overlapping genes, and still decodes exactly', () => {
    const cohort = makeCohort({ samples: 80, genes: [{ name: 'A', snps: 4 }], seed: 2 });
    cohort.genes = [{ chrom: '1', start: 0, end: 350, name: 'LEFT' }, { chrom: '1', start: 250, end: 5000, name: 'RIGHT' }];
    const assignment = assignSnpsToGenes(cohort.variants, cohort.genes);
    expect(assignment.snpsPerGene.map((s) => Array.from(s))).toEqual([[0, 1, 2], [2, 3]]);
    const codec = fitCodec(cohort, assignment, range(80), { componentRule: componentRules.varianceTarget, varianceTarget: 1 });
    const tensor = new Float64Array(80 * codec.settings.geneSlots * 8);
    encodeInto(codec, cohort, range(80), 0, 80, tensor);
    const dosages = new Float64Array(4 * 80);
    decodeInto(codec, tensor, 80, dosages);
    const truth = unpackDosages(cohort.dosages);
    dosages.forEach((x, i) => expect(Math.abs(x - truth[i])).toBeLessThan(1e-9));
  });

  it('gives the ceiling over the non-missing holdout genotypes, below 1 when components are dropped', () => {
    const { cohort, codec, split } = setup();
    const ceiling = roundTripCeiling(codec, cohort, split.holdoutIdx, 13);
    let called = 0;
    for (let v = 0; v < cohort.variants.pos.length; v++) for (const i of split.holdoutIdx) if (cohort.dosages.get(v, i) !== MISSING_DOSAGE) called++;
    expect(ceiling.compared).toBe(called);
    expect(ceiling.share).toBeGreaterThan(0.8);
    expect(ceiling.share).toBeLessThan(1);
    expect(ceiling.recovered / ceiling.compared).toBe(ceiling.share);
  });

  it('decodes a tensor of zeros to the training means, and hard genotypes round and clip', () => {
    const { codec } = setup();
    const zeros = new Float32Array(2 * codec.settings.geneSlots * 8);
    const slotShifted = codec.slotMean.some((m) => Math.abs(m) > 1e-9);
    expect(slotShifted).toBe(false); // centred PCA: training scores have mean 0
    const dosages = decode(codec, zeros, 2);
    dosages.forEach((x, i) => expect(x).toBeCloseTo(codec.means[Math.floor(i / 2)], 5));
    expect(Array.from(toHardGenotypes([-0.7, 0.49, 0.5, 1.5, 2.6, Number.NaN]))).toEqual([0, 0, 1, 2, 2, MISSING_DOSAGE]);
  });
});

describe('settings and failures', () => {
  const cohort = makeCohort({ samples: 60, genes: [{ name: 'A', snps: 5 }], seed: 9 });
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes!);

  it('takes any padding ≥ the real genes (18,432 as in the paper), and refuses fewer', () => {
    expect(fitCodec(cohort, assignment, range(60), { geneSlots: 18_432 }).mask.length).toBe(18_432 * 8);
    expect(fitCodec(cohort, assignment, range(60), { geneSlots: 1 }).settings.geneSlots).toBe(1);
    expect(() => fitCodec(cohort, assignment, range(60), { geneSlots: 0 })).toThrow(InvalidRequestError);
  });

  it('leaves slots unscaled when standardisation is off', () => {
    const codec = fitCodec(cohort, assignment, range(60), { standardise: false });
    expect(codec.slotStd.every((s) => s === 1)).toBe(true);
  });

  it('reports progress up to the gene count and stops when cancelled', () => {
    const seen: number[] = [];
    fitCodec(cohort, assignment, range(60), { onProgress: (p) => { if (p.status === 'fitting-genes') seen.push(p.genesDone); } });
    expect(seen).toEqual([1]);
    const controller = new AbortController();
    controller.abort();
    expect(() => fitCodec(cohort, assignment, range(60), { signal: controller.signal })).toThrow(CancelledError);
  });

  it('needs genes and at least two training samples', () => {
    expect(() => fitCodec(cohort, assignment, [0])).toThrow(InvalidRequestError);
    expect(() => fitCodec(cohort, assignment, [0, 60])).toThrow(/training sample 60 is outside/);
    expect(() => fitCodec(cohort, { ...assignment, genes: [], snpsPerGene: [] }, range(60))).toThrow(/no SNP falls in any gene/);
  });
});
