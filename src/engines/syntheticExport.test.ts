// DataEngine.exportSynthetic in Node: a "synthetic" set made of real encoded samples goes out as a
// bundle, a VCF and a PLINK fileset, and is read back with the repo's own readers.
import { wholeRows } from '../core/store/rowData';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../core/encode/bundle';
import { decode, toHardGenotypes, type GeneCodec } from '../core/encode/codec';
import { makeCohort } from '../core/encode/testFixtures';
import { createByteSource } from '../core/genotype/byteSource';
import { readPhenotypeTable } from '../core/genotype/phenotype';
import { readPlink } from '../core/genotype/plink';
import { unpackDosages } from '../core/genotype/testFixtures';
import type { Cohort } from '../core/genotype/types';
import { readVcf } from '../core/genotype/vcf';
import { geneBedText } from '../core/genotype/writeGeneBed';
import { phenotypeTsvText } from '../core/genotype/writePhenotype';
import { vcfBytes } from '../core/genotype/writeVcf';
import type { DataEngine, DataFileInput, EncodeSettings, EncodeSummary, SyntheticExportRequest } from './data';
import { createDataEngine } from './dataEngine';

const encoder = new TextEncoder();

/** The cohort as the files a user drops: VCF, phenotype TSV, gene BED. */
const cohortFiles = (cohort: Cohort): DataFileInput[] => [
  { name: 'cohort.vcf', data: vcfBytes(cohort) },
  { name: 'phenotype.tsv', data: encoder.encode(phenotypeTsvText(cohort.sampleIds, cohort.phenotype!)) },
  { name: 'genes.bed', data: encoder.encode(geneBedText(cohort.genes!)) },
];

const baseSettings: EncodeSettings = {
  componentRule: 'disease-capsule', varianceTarget: 0.9, geneSlots: 16, holdoutFraction: 0, splitSeed: 3, nearestGene: false,
};

interface Fixture {
  engine: DataEngine;
  cohort: Cohort;
  summary: EncodeSummary;
  codec: GeneCodec;
  /** Samples `picked` of the encoded tensor, as a backbone's set. */
  request: SyntheticExportRequest;
}

const picked = [0, 5, 17, 42];

async function encodeFixture(cohort: Cohort, settings: EncodeSettings): Promise<Fixture> {
  const engine = createDataEngine({ progressIntervalMs: 0 });
  await engine.load(cohortFiles(cohort));
  const summary = await engine.encode(settings);
  const codec = (await readBundle(unzipSync((await engine.exportBundle()).bytes))).codec;
  const { tensor, shape: { genes, channels }, labels } = await engine.getEncodedDataset();
  const slot = genes * channels;
  const samples = new Float32Array(picked.length * slot);
  picked.forEach((i, k) => samples.set(wholeRows(tensor).subarray(i * slot, (i + 1) * slot), k * slot));
  const request: SyntheticExportRequest = {
    name: 'builtin:unet-mlp', format: 'vcf', samples, count: picked.length, genes, channels,
    labels: Int32Array.from(picked, (i) => labels[i]), codecSha256: summary.codecSha256,
  };
  return { engine, cohort, summary, codec, request };
}

async function exportFiles(engine: DataEngine, request: SyntheticExportRequest): Promise<Record<string, Uint8Array>> {
  return unzipSync((await engine.exportSynthetic(request)).bytes);
}

const source = (files: Record<string, Uint8Array>, name: string) => createByteSource(name, files[name]);

/** The original dosages of the picked samples, variant-major over the codec's variants (matched by id). */
function originalDosages(cohort: Cohort, codec: GeneCodec): Int8Array {
  const rowOf = new Map(cohort.variants.id.map((id, v) => [id, v]));
  const out = new Int8Array(codec.variants.id.length * picked.length);
  codec.variants.id.forEach((id, v) => picked.forEach((i, k) => (out[v * picked.length + k] = cohort.dosages.get(rowOf.get(id)!, i))));
  return out;
}

describe('exportSynthetic through a codec that keeps every component (exact round trip)', () => {
  // Genes of ≤ 8 SNPs, a variance target of 1 and every sample in the fit: codec.test.ts shows
  // decode ∘ encode recovers every hard genotype through the float32 tensor.
  let fx: Fixture;
  beforeAll(async () => {
    const cohort = makeCohort({ samples: 60, genes: [{ name: 'A', snps: 6 }, { name: 'B', snps: 8 }, { name: 'C', snps: 5 }], seed: 21 });
    fx = await encodeFixture(cohort, { ...baseSettings, componentRule: 'variance-target', varianceTarget: 1 });
  });

  it('writes a VCF whose genotypes are the original ones, ids syn_<name>_<i>, labels by class name', async () => {
    expect(fx.summary.componentsHistogram).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 1]);
    const files = await exportFiles(fx.engine, fx.request);
    const stem = 'synthetic-builtin_unet-mlp';
    expect(Object.keys(files).sort()).toEqual([`${stem}.genes.bed`, `${stem}.phenotype.tsv`, `${stem}.vcf`]);
    const vcf = await readVcf(source(files, `${stem}.vcf`));
    expect(vcf.sampleIds).toEqual(['syn_builtin_unet-mlp_0', 'syn_builtin_unet-mlp_1', 'syn_builtin_unet-mlp_2', 'syn_builtin_unet-mlp_3']);
    expect(vcf.variants.id).toEqual(fx.codec.variants.id);
    expect(Array.from(unpackDosages(vcf.dosages))).toEqual(Array.from(originalDosages(fx.cohort, fx.codec)));
    const phenotype = await readPhenotypeTable(source(files, `${stem}.phenotype.tsv`));
    expect(phenotype.sampleIds).toEqual(vcf.sampleIds);
    expect(phenotype.sampleIds.map((_, k) => phenotype.classNames[phenotype.labels[k]]))
      .toEqual(picked.map((i) => fx.cohort.phenotype!.classNames[fx.cohort.phenotype!.labels[i]]));
  });

  it('writes a PLINK fileset with the same genotypes and the labels in the .fam', async () => {
    const files = await exportFiles(fx.engine, { ...fx.request, format: 'plink', name: 'demo' });
    const plink = await readPlink({ bed: source(files, 'synthetic-demo.bed'), bim: source(files, 'synthetic-demo.bim'), fam: source(files, 'synthetic-demo.fam') });
    expect(Array.from(unpackDosages(plink.dosages))).toEqual(Array.from(originalDosages(fx.cohort, fx.codec)));
    const famPhenotypes = new TextDecoder().decode(files['synthetic-demo.fam']).trim().split('\n').map((line) => line.split(' ')[5]);
    expect(famPhenotypes).toEqual(picked.map((i) => String(fx.cohort.phenotype!.labels[i] + 1)));
  });
});

describe('exportSynthetic through a lossy codec (8/4/1 components)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    const cohort = makeCohort({ samples: 60, genes: [{ name: 'BIG', snps: 30 }, { name: 'MID', snps: 12 }, { name: 'TINY', snps: 3 }], founders: 4, seed: 9 });
    fx = await encodeFixture(cohort, baseSettings);
  });

  it('writes exactly what the codec decodes, VCF and PLINK alike, which differs from the originals', async () => {
    const expected = Array.from(toHardGenotypes(decode(fx.codec, fx.request.samples, fx.request.count)));
    const vcfFiles = await exportFiles(fx.engine, fx.request);
    const vcf = await readVcf(source(vcfFiles, 'synthetic-builtin_unet-mlp.vcf'));
    expect(Array.from(unpackDosages(vcf.dosages))).toEqual(expected);
    const plinkFiles = await exportFiles(fx.engine, { ...fx.request, format: 'plink' });
    const at = (ext: string) => source(plinkFiles, `synthetic-builtin_unet-mlp.${ext}`);
    expect(Array.from(unpackDosages((await readPlink({ bed: at('bed'), bim: at('bim'), fam: at('fam') })).dosages))).toEqual(expected);
    // The codec is lossy here, so matching the decode is not the same as matching the originals.
    const original = originalDosages(fx.cohort, fx.codec);
    expect(expected.some((d, k) => d !== original[k])).toBe(true);
  });

  it('exports a bundle that loads back with the same codec hash and shape, every sample in the train role', async () => {
    const zip = await fx.engine.exportSynthetic({ ...fx.request, format: 'bundle' });
    expect(zip.fileName).toBe('synthetic-builtin_unet-mlp-G16-bundle.zip');
    const engine = createDataEngine();
    const loaded = await engine.load([{ name: zip.fileName, data: zip.bytes }]);
    if (loaded.source !== 'bundle') throw new Error('expected a bundle');
    expect(loaded.encoding).toMatchObject({
      codecSha256: fx.summary.codecSha256, geneSlots: 16, componentsPerGene: 8, trainCount: 4, holdoutCount: 0, excludedCount: 0,
      classNames: fx.summary.classNames,
    });
    const dataset = await engine.getEncodedDataset();
    expect(dataset.shape).toEqual({ batch: 4, genes: 16, channels: 8 });
    expect(Array.from(wholeRows(dataset.tensor))).toEqual(Array.from(fx.request.samples));
    expect(Array.from(dataset.labels)).toEqual(Array.from(fx.request.labels!));
    expect(dataset.sampleIds).toEqual(['syn_builtin_unet-mlp_0', 'syn_builtin_unet-mlp_1', 'syn_builtin_unet-mlp_2', 'syn_builtin_unet-mlp_3']);
    // The bundle-loaded engine has no genotypes, yet decodes to the same VCF.
    const again = await exportFiles(engine, fx.request);
    const first = await exportFiles(fx.engine, fx.request);
    expect(again['synthetic-builtin_unet-mlp.vcf']).toEqual(first['synthetic-builtin_unet-mlp.vcf']);
  });

  it('writes files the Data panel loads and encodes again: VCF and PLINK, each with labels and gene map', async () => {
    for (const format of ['vcf', 'plink'] as const) {
      const files = await exportFiles(fx.engine, { ...fx.request, format, codecSha256: null });
      const engine = createDataEngine();
      const summary = await engine.load(Object.entries(files).map(([name, data]) => ({ name, data })));
      if (summary.source !== 'genotypes') throw new Error('expected genotypes');
      expect(summary.format).toBe(format);
      expect(summary.report).toMatchObject({ samples: 4, variants: fx.codec.variants.id.length, phenotypeSource: 'file' });
      expect(summary.hasGeneMap).toBe(true);
      await expect(engine.encode({ ...baseSettings, holdoutFraction: 0 })).resolves.toMatchObject({ trainCount: 4 });
    }
  });

  it('leaves the phenotype out for an unconditional set (the .fam says −9)', async () => {
    const files = await exportFiles(fx.engine, { ...fx.request, format: 'plink', labels: null });
    expect(Object.keys(files).some((name) => name.endsWith('.phenotype.tsv'))).toBe(false);
    const fam = new TextDecoder().decode(files['synthetic-builtin_unet-mlp.fam']).trim().split('\n');
    expect(fam.map((line) => line.split(' ')[5])).toEqual(['-9', '-9', '-9', '-9']);
  });

  it('refuses what it cannot export with an InvalidRequestError that says what to do, and stays usable', async () => {
    await expect(createDataEngine().exportSynthetic(fx.request)).rejects.toMatchObject({
      name: 'InvalidRequestError', message: expect.stringMatching(/nothing is encoded yet: load a cohort and click Encode/),
    });
    const { samples } = fx.request;
    const nan = samples.slice();
    nan[3] = Number.NaN;
    const refusals: [Partial<SyntheticExportRequest>, RegExp][] = [
      [{ genes: 32, samples: new Float32Array(4 * 32 * 8) }, /are \[32, 8\] per sample but the loaded encoding is \[16, 8\]: load or encode/],
      [{ codecSha256: 'ab'.repeat(32) }, new RegExp(`codec abababababab… but the loaded encoding is codec ${fx.summary.codecSha256.slice(0, 12)}…: load the dataset bundle`)],
      [{ labels: Int32Array.of(0, 1, 2, 0) }, /sample 2 of builtin:unet-mlp was generated for class 2, but the loaded encoding has classes 0 control, 1 case/],
      [{ samples: nan }, /1 values of builtin:unet-mlp's synthetic samples are NaN or infinite .*generate the set again/],
      [{ count: 5 }, /holds 512 values, not 5 × 16 × 8/],
      [{ format: 'csv' as never }, /"csv" is not an export format/],
    ];
    for (const [change, message] of refusals) {
      await expect(fx.engine.exportSynthetic({ ...fx.request, ...change })).rejects.toMatchObject({ name: 'InvalidRequestError', code: 'invalid-request', message: expect.stringMatching(message) });
    }
    // Nothing held changed: the same encoding exports, and the cohort still encodes.
    expect((await fx.engine.getEncodedDataset()).codecSha256).toBe(fx.summary.codecSha256);
    await expect(fx.engine.exportSynthetic({ ...fx.request, codecSha256: fx.summary.codecSha256.toUpperCase() })).resolves.toMatchObject({ fileName: 'synthetic-builtin_unet-mlp-vcf.zip' });
    expect((await fx.engine.encode(baseSettings)).codecSha256).toBe(fx.summary.codecSha256);
  });
});
