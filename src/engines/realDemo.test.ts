// The shipped real-data demo (public/demo/real1000g, built by scripts/makeRealDemo.py from
// data/yelmen805): its provenance and licence fields, a load and encode through the DataEngine as
// the app does it, and an interop check: the VCF written by Python against Yelmen et al.'s .hapt
// read by the workbench's own .hapt reader (every dosage equal).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { genotypeAats } from '../core/genospace/aats';
import { genotypeMatrixFromRows } from '../core/genospace/matrix';
import { createByteSource } from '../core/genotype/byteSource';
import { readHapt } from '../core/genotype/hapt';
import { readVcf } from '../core/genotype/vcf';
import { getBuiltInDemo, realDemoPath } from '../core/sim/builtInDemos';
import { isToolPresent, requireTool } from '../testing/interop';
import type { DataFileInput } from './data';
import { createDataEngine } from './dataEngine';

const publicDir = new URL('../../public/', import.meta.url);
const sourceDir = new URL('../../data/yelmen805/', import.meta.url);
const bytesOf = (url: URL): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(url));
const demo = getBuiltInDemo('real1000g');
const demoFiles = (): DataFileInput[] => demo.files.map((path) => ({
  name: path.slice(path.lastIndexOf('/') + 1), data: bytesOf(new URL(path.slice(1), publicDir)),
}));

interface SourceJson {
  kind: string; samples: number; snps: number; regions: number; source: string; licence: string;
  classCounts: Record<string, number>; sha256: Record<string, string>;
}
const PYTHON = '/usr/bin/python3';
const itWithPython = requireTool('python3', isToolPresent(PYTHON));
const sourceJson = JSON.parse(readFileSync(new URL(`${realDemoPath}/source.json`, publicDir), 'utf8')) as SourceJson;

describe('the real-data demo (1000 Genomes, Yelmen et al. 805 SNPs)', () => {
  it('ships its provenance and licence, the same as the Data panel shows', () => {
    expect(demo.kind).toBe('real');
    expect(sourceJson.kind).toBe('real');
    expect(sourceJson.source).toBe(demo.source);
    expect(sourceJson.licence).toBe(demo.licence);
    expect(sourceJson.licence).toMatch(/1000 Genomes data: no restrictions on use/);
    expect(sourceJson.source).toMatch(/1000 Genomes Project Consortium, phase 3.*Yelmen et al\./);
    expect(Object.keys(sourceJson.sha256).sort()).toEqual(
      ['805_SNP.legend', '805_SNP_1000G_real.hapt', 'integrated_call_samples_v3.20130502.ALL.panel']);
  });

  it('ships the source files whose SHA-256 source.json records', () => {
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(sha(gunzipSync(bytesOf(new URL('805_SNP_1000G_real.hapt.gz', sourceDir))))).toBe(sourceJson.sha256['805_SNP_1000G_real.hapt']);
    expect(sha(bytesOf(new URL('805_SNP.legend', sourceDir)))).toBe(sourceJson.sha256['805_SNP.legend']);
    const panel = 'integrated_call_samples_v3.20130502.ALL.panel';
    expect(sha(bytesOf(new URL(panel, sourceDir)))).toBe(sourceJson.sha256[panel]);
  });

  itWithPython('is byte-identical to a fresh run of scripts/makeRealDemo.py on data/yelmen805', () => {
    const out = mkdtempSync(join(tmpdir(), 'gdw-real-demo-'));
    try {
      execFileSync(PYTHON, [fileURLToPath(new URL('../../scripts/makeRealDemo.py', import.meta.url)), out], { stdio: 'pipe' });
      for (const name of ['cohort.vcf.gz', 'labels.tsv', 'regions.bed', 'source.json']) {
        expect(readFileSync(join(out, name)).equals(readFileSync(new URL(`${realDemoPath}/${name}`, publicDir))), name).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('loads and encodes in the DataEngine with the codec hash `gdw encode --seed 1 --pad 128` gives', async () => {
    const engine = createDataEngine();
    const summary = await engine.load(demoFiles());
    if (summary.source !== 'genotypes') throw new Error(`expected genotypes, loaded a ${summary.source}`);
    expect(summary.report.samples).toBe(sourceJson.samples);
    expect(summary.report.samples).toBe(2504);
    expect(summary.report.variants).toBe(805);
    expect(summary.classNames.map((name, i) => [name, summary.report.classCounts[i]]))
      .toEqual(Object.entries(sourceJson.classCounts).sort());
    const encoded = await engine.encode({
      componentRule: 'disease-capsule', varianceTarget: 0.99, geneSlots: 128, holdoutFraction: 0.1, splitSeed: 1, nearestGene: false,
    });
    expect(encoded.realGenes).toBe(sourceJson.regions);
    expect([encoded.trainCount, encoded.holdoutCount]).toEqual([2254, 250]);
    // The README's real-data numbers were measured on this bundle (cross-checked in e2e/realDemo.spec.ts too).
    expect(encoded.codecSha256).toBe('79f09026b972f3014b65123a04ec04c5a3becccd64039fb0337775487defd17f');
    const count = (n: number) => n.toLocaleString('en-US');
    expect(demo.summary).toContain(`${count(summary.report.samples)} people × ${summary.report.variants} SNPs`);
    expect(demo.summary).toContain(`in ${encoded.realGenes} blocks`);
    expect(demo.summary).toContain(summary.classNames.join(', '));
  }, 60_000);

  it('describes the simulated demo with the sizes its files load with', async () => {
    const simulated = getBuiltInDemo('simulated');
    const files = simulated.files.map((path) => ({ name: path.slice(path.lastIndexOf('/') + 1), data: bytesOf(new URL(path.slice(1), publicDir)) }));
    const summary = await createDataEngine().load(files);
    if (summary.source !== 'genotypes') throw new Error(`expected genotypes, loaded a ${summary.source}`);
    const { samples, variants, genesCovered } = summary.report;
    expect(simulated.summary).toContain(`${samples.toLocaleString('en-US')} people × ${variants.toLocaleString('en-US')} SNPs in ${genesCovered} genes`);
  }, 60_000);

  it('holds the same dosages as Yelmen et al.\'s .hapt read by the workbench (a 1 = the legend\'s a1 = ALT)', async () => {
    const vcf = await readVcf(createByteSource('cohort.vcf.gz', bytesOf(new URL(`${realDemoPath}/cohort.vcf.gz`, publicDir))));
    const hapt = await readHapt(
      createByteSource('805_SNP_1000G_real.hapt.gz', bytesOf(new URL('805_SNP_1000G_real.hapt.gz', sourceDir))),
      createByteSource('805_SNP.legend', bytesOf(new URL('805_SNP.legend', sourceDir))), { one: 'a1' });
    expect(hapt.sampleIds).toEqual(vcf.sampleIds);
    expect(hapt.variants.pos).toEqual(vcf.variants.pos);
    expect(hapt.variants.alt).toEqual(vcf.variants.alt);
    let differing = 0;
    for (let v = 0; v < vcf.variants.pos.length; v++) {
      const [a, b] = [vcf.dosages.decodeRow(v), hapt.dosages.decodeRow(v)];
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    }
    expect(differing).toBe(0);
  }, 60_000);

  itWithPython('gives the haplotype AATS of scripts/yelmenHaplotypeAats.py (the README\'s paper-setting numbers)', () => {
    // The first 1,000 real and RBM haplotypes: the workbench's Manhattan AATS on 0/1 rows is Yelmen's Hamming AATS.
    const haplotypes = (name: string) => new TextDecoder().decode(gunzipSync(bytesOf(new URL(name, sourceDir))))
      .split('\n').slice(0, 1000).map((line) => line.split(' ').slice(2).map(Number));
    const real = genotypeMatrixFromRows(haplotypes('805_SNP_1000G_real.hapt.gz'));
    const rbm = genotypeMatrixFromRows(haplotypes('805_SNP_RBM_AG_800Epochs.hapt.gz'));
    const { train } = genotypeAats(real, real, rbm);
    const printed = execFileSync(PYTHON, [fileURLToPath(new URL('../../scripts/yelmenHaplotypeAats.py', import.meta.url)),
      '--first', '1000', fileURLToPath(new URL('805_SNP_RBM_AG_800Epochs.hapt.gz', sourceDir))], { encoding: 'utf8' });
    const match = /AA truth ([\d.]+), AA syn ([\d.]+), AATS ([\d.]+)/.exec(printed);
    if (!match) throw new Error(`unexpected output: ${printed}`);
    const [aaTruth, aaSyn, aats] = match.slice(1).map(Number);
    // The script prints 3 decimals: within half a unit of the last digit.
    expect(Math.abs(train.aaTruth - aaTruth)).toBeLessThanOrEqual(5e-4);
    expect(Math.abs(train.aaSyn - aaSyn)).toBeLessThanOrEqual(5e-4);
    expect(Math.abs(train.aats - aats)).toBeLessThanOrEqual(5e-4);
    expect(train.realCount).toBe(1000);
  }, 60_000);
});
