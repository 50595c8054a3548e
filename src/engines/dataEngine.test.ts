// The DataEngine in Node on the shipped demo cohort (1,000 samples × 2,082 SNPs × 84 genes), and
// the dataset bundle it exports loaded back into a fresh engine.
import { wholeRows } from '../core/store/rowData';
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../core/encode/bundle';
import { decode } from '../core/encode/transform';
import type {
  BundleSummary, BundleZip, CohortSummary, DataEngine, DataFileInput, EncodeSettings, EncodeSummary, EncodedDataset,
} from './data';
import { createNodeSpillBackend } from '../node/syncFileHandle';
import { createDataEngine } from './dataEngine';
import { dataProgressFraction, type DataProgress } from './dataProgress';
import { createSampleStore } from './sampleStore';

const demoDir = new URL('../../public/demo/cohort/', import.meta.url);
const demoBytes = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(name, demoDir)));
const demoFile = (name: string): DataFileInput => ({ name, data: demoBytes(name) });
const demoVcfFiles = (): DataFileInput[] => ['cohort.vcf.gz', 'phenotype.tsv', 'genes.bed'].map(demoFile);

const paperSettings: EncodeSettings = {
  componentRule: 'disease-capsule', varianceTarget: 0.9, geneSlots: null, holdoutFraction: 0.1, splitSeed: 42, nearestGene: false,
};

/** A VCF cut in the middle of its last line: a ParseError at that line. */
function truncatedVcf(): { file: DataFileInput; lastLine: number } {
  const text = new TextDecoder().decode(gunzipSync(demoBytes('cohort.vcf.gz')));
  const lines = text.trimEnd().split('\n');
  const last = lines[lines.length - 1];
  const cut = [...lines.slice(0, -1), last.slice(0, Math.floor(last.length / 2))].join('\n') + '\n';
  return { file: { name: 'truncated.vcf', data: new TextEncoder().encode(cut) }, lastLine: lines.length };
}

function collect(): { events: DataProgress[]; onProgress: (e: DataProgress) => void } {
  const events: DataProgress[] = [];
  return { events, onProgress: (e) => events.push(e) };
}

/** Loads files that must make a cohort of genotypes (or a bundle, for loadBundle). */
async function loadGenotypes(engine: DataEngine, files: DataFileInput[], onProgress?: (e: DataProgress) => void): Promise<CohortSummary> {
  const summary = await engine.load(files, onProgress);
  if (summary.source !== 'genotypes') throw new Error(`expected genotypes, loaded a ${summary.source}`);
  return summary;
}

async function loadBundle(engine: DataEngine, files: DataFileInput[], onProgress?: (e: DataProgress) => void): Promise<BundleSummary> {
  const summary = await engine.load(files, onProgress);
  if (summary.source !== 'bundle') throw new Error(`expected a bundle, loaded ${summary.source}`);
  return summary;
}

function expectMonotoneToOne(events: DataProgress[]): void {
  const fractions = events.map(dataProgressFraction);
  fractions.slice(1).forEach((f, i) => expect(f).toBeGreaterThanOrEqual(fractions[i]));
  expect(fractions[fractions.length - 1]).toBe(1);
}

describe('DataEngine on the demo cohort', () => {
  const engine = createDataEngine({ progressIntervalMs: 0 });
  let firstCohortId = 0;

  beforeAll(async () => {
    firstCohortId = (await engine.load(demoVcfFiles())).cohortId;
  });

  it('loads the VCF with labels and gene map, reporting bytes over all files', async () => {
    const other = createDataEngine({ progressIntervalMs: 0 });
    const { events, onProgress } = collect();
    const files = demoVcfFiles();
    const summary = await loadGenotypes(other, files, onProgress);
    expect(summary.format).toBe('vcf');
    expect(summary.files.map((f) => f.role)).toEqual(['vcf', 'phenotype', 'gene-map']);
    expect(summary.report).toMatchObject({ samples: 1000, variants: 2082, genes: 84, genesCovered: 84, classCounts: [500, 500] });
    expect(summary.report.snpsPerGene.over20 + summary.report.snpsPerGene.from5To20 + summary.report.snpsPerGene.upTo4).toBe(84);
    expect(summary.defaultGeneSlots).toBe(512);
    const totalBytes = files.reduce((sum, f) => sum + (f.data as Uint8Array).length, 0);
    const reading = events.filter((e) => e.status === 'reading');
    expect(reading[0]).toEqual({ status: 'reading', bytesRead: 0, bytesTotal: totalBytes });
    expect(reading[reading.length - 1]).toEqual({ status: 'reading', bytesRead: totalBytes, bytesTotal: totalBytes });
    expectMonotoneToOne(events);
  });

  it('loads the same cohort from the PLINK trio given as Blobs, labels from the .fam', async () => {
    const other = createDataEngine();
    const blob = (name: string): DataFileInput => ({ name, data: new Blob([demoBytes(name)]) });
    const summary = await loadGenotypes(other, ['cohort.fam', 'genes.bed', 'cohort.bed', 'cohort.bim'].map(blob));
    expect(summary.format).toBe('plink');
    expect(summary.genotypeFile).toBe('cohort.bed');
    expect(summary.files.map((f) => f.role)).toEqual(['plink-fam', 'gene-map', 'plink-bed', 'plink-bim']);
    expect(summary.report).toMatchObject({ samples: 1000, variants: 2082, phenotypeSource: 'fam', classCounts: [500, 500] });
  });

  it('never replaces the loaded cohort with a failed load', async () => {
    const { file, lastLine } = truncatedVcf();
    const parse = await engine.load([file, demoFile('genes.bed')]).catch((err: unknown) => err);
    expect(parse).toMatchObject({ name: 'ParseError', code: 'parse', location: { file: 'truncated.vcf', line: lastLine } });
    expect((parse as Error).message).toMatch(new RegExp(`^line ${lastLine.toLocaleString('en-US')} of truncated.vcf`));
    const missing = await engine.load([demoFile('cohort.bed')]).catch((err: unknown) => err);
    expect(missing).toMatchObject({ name: 'MissingFileError', code: 'invalid-request' });
    expect((missing as Error).message).toMatch(/cohort\.bed needs cohort\.bim .* and cohort\.fam/);
    // The demo cohort is still the one that encodes.
    const summary = await engine.encode(paperSettings);
    expect(summary.cohortId).toBe(firstCohortId);
    expect(summary.trainCount + summary.holdoutCount).toBe(1000);
  });

  it('encodes with the paper defaults: G = 512, C = 8, 8/4/1 components, a balanced 10 % holdout', async () => {
    const { events, onProgress } = collect();
    const summary = await engine.encode(paperSettings, onProgress);
    expect(summary).toMatchObject({ realGenes: 84, geneSlots: 512, componentsPerGene: 8, trainCount: 900, holdoutCount: 100, holdoutPerClass: [50, 50] });
    expect(summary.tensorBytes).toBe(1000 * 512 * 8 * 4);
    // Exactly the DiseaseCapsule tiers of the load report: 27 genes > 20 SNPs, 31 with 5–20, 26 ≤ 4
    // (a gene that did not vary in the training split would keep 0 components: none does here).
    expect(summary.componentsHistogram).toEqual([0, 26, 0, 0, 31, 0, 0, 0, 27]);
    expect(summary.meanExplainedVariance).toBeGreaterThan(0.5);
    expect(summary.meanExplainedVariance).toBeLessThanOrEqual(1);
    const ceiling = summary.roundTripCeiling!;
    expect(ceiling.share).toBeGreaterThan(0.5);
    expect(ceiling.share).toBeLessThan(1);
    expect(ceiling.compared).toBeGreaterThan(0.9 * 100 * summary.genicSnps);
    expect(summary.codecSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(events.map((e) => e.status)).toEqual(expect.arrayContaining(['fitting', 'scaling', 'encoding', 'checking', 'done']));
    expectMonotoneToOne(events);
    // Deterministic: the same settings give the same codec.
    expect((await engine.encode(paperSettings)).codecSha256).toBe(summary.codecSha256);
  });

  it('follows the settings: variance target, explicit G, nearest gene', async () => {
    const summary = await engine.encode({ ...paperSettings, componentRule: 'variance-target', varianceTarget: 0.5, geneSlots: 100, nearestGene: true });
    expect(summary.geneSlots).toBe(100);
    expect(summary.nearestAssignedSnps).toBe(2082 - 1978);
    expect(summary.unassignedSnps).toBe(0);
    expect(summary.componentsHistogram.reduce((a, b) => a + b, 0)).toBe(84);
    expect(summary.componentsHistogram.slice(0, 4).reduce((a, b) => a + b, 0)).toBeGreaterThan(60);
    await expect(engine.encode({ ...paperSettings, geneSlots: 50 })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('exports a bundle zip that readBundle reads back with the same codec hash', async () => {
    const summary = await engine.encode(paperSettings);
    const zip = await engine.exportBundle();
    expect(zip.fileName).toBe('cohort-G512-bundle.zip');
    const bundle = await readBundle(unzipSync(zip.bytes));
    expect(bundle.layout.codecSha256).toBe(summary.codecSha256);
    expect(bundle.tensor.shape).toEqual({ batch: 1000, genes: 512, channels: 8 });
    expect(bundle.layout.split.counts).toEqual({ train: 900, holdout: 100, excluded: 0 });
    const dataset = await engine.getEncodedDataset();
    expect(Array.from(wholeRows(dataset.tensor).subarray(0, 64))).toEqual(Array.from(bundle.tensor.data.subarray(0, 64)));
    expect(dataset.codecSha256).toBe(summary.codecSha256);
    // Gene names by slot, as the codec has them (the change map of a translation names genes by them).
    expect(dataset.geneNames).toEqual(bundle.codec.genes.map((g) => g.name));
    expect(dataset.geneNames).toHaveLength(summary.realGenes);
  });

  it('decodes a translation\'s per-SNP dosage change through the held codec: the mean decoded change, largest |change| first (1e-5)', async () => {
    await engine.encode(paperSettings);
    const bundle = await readBundle(unzipSync((await engine.exportBundle()).bytes));
    const dataset = await engine.getEncodedDataset();
    const dims = dataset.shape.genes * dataset.shape.channels;
    const before = wholeRows(dataset.tensor).slice(0, 4 * dims);
    const after = wholeRows(dataset.tensor).slice(4 * dims, 8 * dims);
    const top = await engine.decodeSnpChanges({ before, after, count: 4, top: 5 });
    // Brute force with the bundle's codec (read back from the zip): decode both ([variant, sample]), mean of the difference per SNP.
    const [a, b] = [before, after].map((x) => decode(bundle.codec, x, 4));
    const variants = a.length / 4;
    const mean = Array.from({ length: variants }, (_, v) => [0, 1, 2, 3].reduce((sum, i) => sum + b[v * 4 + i] - a[v * 4 + i], 0) / 4);
    const order = mean.map((m, v) => [Math.abs(m), v]).sort((x, y) => y[0] - x[0]).slice(0, 5).map(([, v]) => v);
    expect(top.map((snp) => snp.variant)).toEqual(order);
    top.forEach((snp, k) => expect(Math.abs(snp.meanDosageChange - mean[order[k]])).toBeLessThan(1e-5));
    expect(top[0].id).toBe(bundle.codec.variants.id[order[0]]);
    expect((await engine.decodeSnpChanges({ before, after: before, count: 4, top: 3 })).every((snp) => snp.meanDosageChange === 0)).toBe(true);
  });

  it('cancels a load and an encode as "cancelled", keeping what was there', async () => {
    const before = await engine.encode(paperSettings);
    const load = engine.load(demoVcfFiles());
    engine.cancel();
    await expect(load).rejects.toMatchObject({ name: 'CancelledError', code: 'cancelled' });
    const encode = engine.encode({ ...paperSettings, splitSeed: 7 });
    engine.cancel();
    await expect(encode).rejects.toMatchObject({ code: 'cancelled' });
    expect((await engine.exportBundle()).fileName).toBe('cohort-G512-bundle.zip');
    expect((await engine.getEncodedDataset()).codecSha256).toBe(before.codecSha256);
  });

  it('runs one operation at a time and refuses an encode without a cohort or a gene map', async () => {
    const first = engine.encode(paperSettings);
    await expect(engine.encode(paperSettings)).rejects.toThrow(/busy encoding/);
    await first;
    await expect(createDataEngine().encode(paperSettings)).rejects.toThrow(/no cohort is loaded/);
    await expect(createDataEngine().exportBundle()).rejects.toThrow(/nothing is encoded yet/);
    const noGenes = createDataEngine();
    await noGenes.load([demoFile('cohort.vcf.gz')]);
    await expect(noGenes.encode(paperSettings)).rejects.toThrow(/no gene map/);
  });
});

/** A typed array's bytes, for an exact (bitwise) comparison of millions of values. */
const bytesOf = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectSameFiles(actual: Record<string, Uint8Array>, expected: Record<string, Uint8Array>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const name of Object.keys(expected)) expect(bytesOf(actual[name]).equals(bytesOf(expected[name])), name).toBe(true);
}

describe('DataEngine with a dataset bundle zip', () => {
  const exporter = createDataEngine({ progressIntervalMs: 0 });
  let encoded: EncodeSummary;
  let zip: BundleZip;
  let original: EncodedDataset;

  beforeAll(async () => {
    await exporter.load(demoVcfFiles());
    encoded = await exporter.encode(paperSettings);
    zip = await exporter.exportBundle();
    original = await exporter.getEncodedDataset();
  });

  it('loads an exported bundle back into a fresh engine: same tensor, labels, roles and codec hash', async () => {
    const engine = createDataEngine({ progressIntervalMs: 0 });
    const { events, onProgress } = collect();
    const summary = await loadBundle(engine, [{ name: zip.fileName, data: new Blob([zip.bytes as Uint8Array<ArrayBuffer>]) }], onProgress);
    expect(summary).toMatchObject({
      source: 'bundle', bundleFile: 'cohort-G512-bundle.zip', samples: 1000, classCounts: [500, 500], unlabelledCount: 0,
    });
    expect(summary.files.map((f) => f.role)).toEqual(['bundle']);
    expect(summary.encoding).toMatchObject({
      source: 'bundle', cohortId: summary.cohortId, bundleFile: zip.fileName, codecSha256: encoded.codecSha256,
      geneSlots: 512, componentsPerGene: 8, realGenes: 84, componentsHistogram: encoded.componentsHistogram,
      trainCount: 900, holdoutCount: 100, excludedCount: 0, holdoutPerClass: [50, 50], classNames: encoded.classNames,
      tensorBytes: encoded.tensorBytes, codecSnps: encoded.genicSnps, splitSettings: { seed: 42, holdoutFraction: 0.1 },
    });
    // The same eigenvalues through layout.json: equal up to float64 rounding of the mean.
    expect(summary.encoding.meanExplainedVariance).toBeCloseTo(encoded.meanExplainedVariance, 12);
    expectMonotoneToOne(events);
    // The dataset other engines receive is the one the exporter had, bit for bit.
    const dataset = await engine.getEncodedDataset();
    expect(bytesOf(wholeRows(dataset.tensor)).equals(bytesOf(wholeRows(original.tensor)))).toBe(true);
    expect({ ...dataset, tensor: null }).toEqual({ ...original, tensor: null });
    // Exported again, it is the same bundle file for file.
    const again = await engine.exportBundle();
    expect(again.fileName).toBe(zip.fileName);
    expectSameFiles(unzipSync(again.bytes), unzipSync(zip.bytes));
    // No dosages: re-encoding is refused, plainly.
    await expect(engine.encode(paperSettings)).rejects.toMatchObject({
      name: 'InvalidRequestError', message: expect.stringMatching(/bundle without genotypes: load the VCF or PLINK files/),
    });
  });

  it('reads a zipped gdw encode folder: one top-level folder, archiver noise ignored', async () => {
    const folder = Object.fromEntries(Object.entries(unzipSync(zip.bytes)).map(([name, bytes]) => [`cohort-bundle/${name}`, bytes]));
    const noise = { 'cohort-bundle/': new Uint8Array(0), 'cohort-bundle/.DS_Store': new Uint8Array(3), '__MACOSX/cohort-bundle/._layout.json': new Uint8Array(3) };
    const engine = createDataEngine();
    const summary = await loadBundle(engine, [{ name: 'cohort-bundle.zip', data: zipSync({ ...folder, ...noise }) }]);
    expect(summary.encoding.codecSha256).toBe(encoded.codecSha256);
    expect(bytesOf(wholeRows((await engine.getEncodedDataset()).tensor)).equals(bytesOf(wholeRows(original.tensor)))).toBe(true);
  });

  it('keeps what it holds when a bundle fails: not a zip, a tampered codec, no tensor.npy, a CRC error mid-tensor, beside genotypes, cancelled', async () => {
    const files = unzipSync(zip.bytes);
    // Stored, tensor.npy last: a byte 1 MiB from the end lies in its data, so rows are stored before the CRC-32 fails.
    const badCrc = zipSync(files, { level: 0 });
    badCrc[badCrc.length - 2 ** 20] ^= 0x40;
    const means = files['codec_means.npy'].slice();
    means[means.length - 8] ^= 1; // the last mean's lowest mantissa bit: only the hash can tell
    const noTensor = Object.fromEntries(Object.entries(files).filter(([name]) => name !== 'tensor.npy'));
    const failures: [DataFileInput[], object][] = [
      [[{ name: 'corrupt.zip', data: zip.bytes.subarray(0, zip.bytes.length >> 1) }],
        { name: 'ParseError', location: { file: 'corrupt.zip' }, message: expect.stringMatching(/^corrupt\.zip is not a readable zip archive/) }],
      [[{ name: 'tampered.zip', data: zipSync({ ...files, 'codec_means.npy': means }) }],
        { name: 'ParseError', location: { file: 'tampered.zip/layout.json' }, message: expect.stringMatching(/codecSha256 .* the bundle was changed/) }],
      [[{ name: 'no-tensor.zip', data: zipSync(noTensor) }],
        { name: 'ParseError', location: { file: 'no-tensor.zip/tensor.npy' }, message: 'no-tensor.zip: the bundle has no tensor.npy' }],
      [[{ name: 'crc.zip', data: new Blob([badCrc]) }],
        { name: 'ParseError', location: { file: 'crc.zip/tensor.npy' }, message: expect.stringMatching(/^crc\.zip: tensor\.npy fails its CRC-32 check/) }],
      [[{ name: zip.fileName, data: zip.bytes }, demoFile('cohort.vcf.gz')],
        { name: 'InvalidRequestError', message: expect.stringMatching(/bundle\.zip is an encoded dataset bundle and cohort\.vcf\.gz is genotypes/) }],
    ];
    // The bundle's 16 MB tensor through a 4 MiB budget: most of it in the spill file, which a failed load leaves alone.
    const spill = createNodeSpillBackend();
    const store = createSampleStore({ memoryBudgetBytes: 4 * 2 ** 20, chunkBytes: 2 ** 20, spill });
    const holdsBundle = createDataEngine({ store });
    await loadBundle(holdsBundle, [{ name: zip.fileName, data: zip.bytes }]);
    const held = store.stats();
    expect(held.sets).toHaveLength(1);
    expect(held.bytesOnDisk).toBeGreaterThan(0);
    for (const engine of [holdsBundle, exporter]) {
      for (const [input, error] of failures) await expect(engine.load(input)).rejects.toMatchObject(error);
      const cancelled = engine.load([{ name: zip.fileName, data: zip.bytes }]);
      engine.cancel();
      await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
      expect((await engine.getEncodedDataset()).codecSha256).toBe(encoded.codecSha256);
      expect((await engine.exportBundle()).fileName).toBe(zip.fileName);
    }
    expect(store.stats()).toEqual(held);
    expect(readdirSync(spill.dir)).toHaveLength(1);
    spill.dispose();
    // The exporter still holds its genotypes: it encodes the same cohort again.
    expect((await exporter.encode(paperSettings)).cohortId).toBe(encoded.cohortId);
  });
});
