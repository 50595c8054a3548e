// The data engine's imported synthetic sets (issue 12) on the demo cohort and the committed
// fixtures (e2e/fixtures/synthetic/make.py): variants matched, flipped and unmatched as written,
// the genotypes held exactly as read, typed errors that leave every held set in place, and the
// genotype-space section of an imported set against an independent count from the files' text.
import { wholeRows } from '../core/store/rowData';
import { readFileSync } from 'node:fs';
import { gunzipSync, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../core/encode/bundle';
import { writeNpy } from '../core/encode/npy';
import type { DataEngine, DataFileInput, EncodeSettings } from './data';
import { createDataEngine } from './dataEngine';

const demoDir = new URL('../../public/demo/cohort/', import.meta.url);
const fixtureDir = new URL('../../e2e/fixtures/synthetic/', import.meta.url);
const file = (dir: URL, name: string): DataFileInput => ({ name, data: new Uint8Array(readFileSync(new URL(name, dir))) });
const textFile = (name: string, text: string): DataFileInput => ({ name, data: new TextEncoder().encode(text) });
const demoSettings: EncodeSettings = {
  componentRule: 'disease-capsule', varianceTarget: 0.9, geneSlots: 128, holdoutFraction: 0.1, splitSeed: 1, nearestGene: false,
};

const vcfText = () => new TextDecoder().decode(gunzipSync(readFileSync(new URL('mosaic.vcf.gz', fixtureDir))));

/** ALT frequency per SNP of the fixture VCF over its called alleles, straight from the text (missing left out). */
function vcfAltFrequencies(): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of vcfText().split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const f = line.split('\t');
    let alt = 0;
    let called = 0;
    for (const g of f.slice(9)) if (!g.includes('.')) { alt += Number(g[0]) + Number(g[2]); called += 2; }
    out.set(`${f[0]}:${f[1]}`, alt / called);
  }
  return out;
}

let engine: DataEngine;
/** The codec's variants as CHR:POS (its SNPs: those the gene map assigns). */
let codecSites: string[];

beforeAll(async () => {
  engine = createDataEngine();
  await engine.load(['cohort.vcf.gz', 'phenotype.tsv', 'genes.bed'].map((n) => file(demoDir, n)));
  await engine.encode(demoSettings);
  const { codec } = await readBundle(unzipSync((await engine.exportBundle()).bytes));
  codecSites = Array.from(codec.variants.pos, (p, v) => `${codec.variants.chrom[v]}:${p}`);
}, 60_000);

describe('imported synthetic sets in the data engine', () => {
  it('imports a VCF and a .hapt + .legend, matched, flipped and unmatched as the fixtures were written', async () => {
    const vcf = await engine.importSynthetic('mosaic-vcf', [file(fixtureDir, 'mosaic.vcf.gz')]);
    const g = codecSites.length;
    expect(vcf).toMatchObject({ format: 'vcf', samples: 30, variants: { matched: g, flipped: 0, cohortUnmatched: 0, fileUnmatched: 2084 - g, inFile: 2084, inCohort: g } });
    expect(vcf.files[0]).toMatchObject({ name: 'mosaic.vcf.gz', bytes: readFileSync(new URL('mosaic.vcf.gz', fixtureDir)).length });
    expect(vcf.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const hapt = await engine.importSynthetic('yelmen', [file(fixtureDir, 'mosaic.legend'), file(fixtureDir, 'mosaic.hapt')]);
    const legend = readFileSync(new URL('mosaic.legend', fixtureDir), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(' '));
    const inCodec = new Set(codecSites);
    const matched = legend.filter(([id]) => inCodec.has(id)).length;
    const swapped = [10, 200, 500].filter((k) => inCodec.has(legend[k][0])).length;
    expect(hapt).toMatchObject({ format: 'hapt', samples: 24, haptOne: 'a1', variants: { matched, flipped: swapped, cohortUnmatched: g - matched, fileUnmatched: 753 - matched, inFile: 753 } });
    const sets = await engine.getImportedSets();
    expect(sets.map((s) => [s.id, s.count])).toEqual([['mosaic-vcf', 30], ['yelmen', 24]]);
    const dataset = await engine.getEncodedDataset();
    const dims = dataset.shape.genes * dataset.shape.channels;
    for (const s of sets) {
      expect((s.samples as Float32Array).length).toBe(s.count * dims);
      // Padded slots stay exactly zero, as in the real tensor.
      for (let i = 0; i < s.count; i++) for (let k = 0; k < dims; k++) if (dataset.mask[k] === 0) expect((s.samples as Float32Array)[i * dims + k]).toBe(0);
    }
  });

  it('refuses bad files with typed errors naming the file, keeping the held sets', async () => {
    const shifted = vcfText().split('\n').map((l) => (l.startsWith('#') || l === '' ? l : l.replace(/^(\S+)\t(\d+)/, (_, c, p) => `${c}\t${Number(p) + 1}`))).join('\n');
    const none = await engine.importSynthetic('shifted', [textFile('shifted.vcf', shifted)]).catch((e: unknown) => e);
    expect(none).toMatchObject({ name: 'SyntheticImportError', mismatch: 'no-common-variant', location: { file: 'shifted.vcf' } });
    const rows = readFileSync(new URL('mosaic.hapt', fixtureDir), 'utf8').trimEnd().split('\n');
    const odd = await engine.importSynthetic('odd', [textFile('odd.hapt', rows.slice(0, 3).join('\n') + '\n'), file(fixtureDir, 'mosaic.legend')]).catch((e: unknown) => e);
    expect(odd).toMatchObject({ name: 'SyntheticImportError', mismatch: 'odd-haplotypes', location: { file: 'odd.hapt' } });
    const haploid = vcfText().replace(/\t0\/0/g, '\t0');
    const ploidy = await engine.importSynthetic('haploid', [textFile('haploid.vcf', haploid)]).catch((e: unknown) => e);
    expect(ploidy).toMatchObject({ name: 'SyntheticImportError', mismatch: 'ploidy', location: { file: 'haploid.vcf' } });
    const lonely = await engine.importSynthetic('lonely', [file(fixtureDir, 'mosaic.hapt')]).catch((e: unknown) => e);
    expect(lonely).toMatchObject({ name: 'InvalidRequestError', message: expect.stringContaining('mosaic.hapt: no .legend') });
    const twice = await engine.importSynthetic('yelmen', [file(fixtureDir, 'mosaic.vcf.gz')]).catch((e: unknown) => e);
    expect(twice).toMatchObject({ name: 'InvalidRequestError', message: expect.stringContaining("already named 'yelmen'") });
    expect((await engine.getImportedSets()).map((s) => s.id)).toEqual(['mosaic-vcf', 'yelmen']);
  });

  it('gives the genotype-space section of an imported set: AF exactly as counted from the file', async () => {
    const sets = (await engine.getImportedSets()).map((s) => ({ id: s.id, kind: 'imported' as const, samples: s.samples, count: s.count }));
    const report = await engine.genotypeSpace(sets, {
      seed: 0, maxSamples: 1000, ldStart: 0, ldWindow: 10, ldBinBp: 10_000, ldBins: 5, maxPairs: 500, pcaComponents: 2,
    });
    const [vcf, hapt] = report.sets;
    const g = codecSites.length;
    expect(vcf).toMatchObject({ id: 'mosaic-vcf', kind: 'imported', snps: { compared: g, of: g }, samples: { synthetic: { n: 30, of: 30 } } });
    expect(hapt).toMatchObject({ id: 'yelmen', kind: 'imported', samples: { synthetic: { n: 24, of: 24 } } });
    // The compared SNPs are the codec's, in its order: AF as counted from the VCF's text, exactly.
    const expected = vcfAltFrequencies();
    expect(vcf.alleleFrequency.synthetic).toEqual(codecSites.map((site) => expected.get(site)));
    expect(vcf.aats.syntheticCount).toBe(30);
    expect(vcf.aats.train.aats).toBeGreaterThanOrEqual(0);
    expect(vcf.aats.train.aats).toBeLessThanOrEqual(1);
    // The demo cohort is unphased: no haplotype AATS for either set, and the section says why.
    for (const set of [vcf, hapt]) expect(set.haplotypes).toEqual({ computed: false, reason: expect.stringMatching(/^the real cohort has no haplotypes: not every call is phased: line \d+, sample '\S+': GT '\d\/\d' is unphased$/) });
  });

  it('imports a tensor .npy in the encoding as it is, and refuses one of another shape naming the file', async () => {
    const dataset = await engine.getEncodedDataset();
    const { genes, channels } = dataset.shape;
    const rows = wholeRows(dataset.tensor).slice(0, 20 * genes * channels);
    const summary = await engine.importSynthetic('tensor', [{ name: 'tensor.npy', data: writeNpy(rows, [20, genes, channels]) }]);
    expect(summary).toMatchObject({ format: 'npy', samples: 20, haptOne: null, variants: { matched: codecSites.length, inCohort: codecSites.length, flipped: 0 } });
    const held = (await engine.getImportedSets()).find((s) => s.id === 'tensor')!;
    expect(Array.from(held.samples as Float32Array)).toEqual(Array.from(rows));
    const wrong = await engine.importSynthetic('wrong', [{ name: 'wrong.npy', data: writeNpy(rows, [20, channels, genes]) }]).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ name: 'SyntheticImportError', mismatch: 'tensor-shape', location: { file: 'wrong.npy' } });
    expect((await engine.getImportedSets()).map((s) => s.id)).toEqual(['mosaic-vcf', 'yelmen', 'tensor']);
  });

  it('drops the imported sets when the cohort is encoded again with other settings', async () => {
    await engine.encode({ ...demoSettings, splitSeed: 2 });
    expect(await engine.getImportedSets()).toEqual([]);
  }, 60_000);
});
