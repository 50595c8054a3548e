// gdw evaluate --synthetic (issue 12) on a tiny simulated bundle: a Gaussian oracle backbone beside
// two imported "generators" that copy 48 training samples, once as a VCF and once as Yelmen's
// .hapt with its legend's alleles swapped (every variant flipped back on import). Both must join
// the latent tables and the UMAP, get the genotype-space section (the backbone's labelled decoded)
// with identical numbers, and show the copying as a privacy loss; bad files fail with typed errors.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../core/encode/bundle';
import { writeNpy } from '../core/encode/npy';
import { PackedDosages } from '../core/genotype/packedDosages';
import { readVcf } from '../core/genotype/vcf';
import { vcfBytes } from '../core/genotype/writeVcf';
import { buildHtmlReport } from '../core/report/html';
import { sha256Hex } from '../core/report/plan';
import { readReport } from '../core/report/readReport';
import { allReportTables } from '../core/report/tables';
import type { EvaluationReport } from '../core/report/types';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { readBundleFolder } from '../node/bundleFolder';
import { createFileSource } from '../node/fileSource';
import { main, type CliIo } from './main';
import { trainMoments, withCodecHash } from './testOracleBackbones';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
}

describe('gdw evaluate --synthetic', () => {
  let dir: string;
  let common: string[];
  let report: EvaluationReport;
  let run: ReturnType<typeof captureIo>;
  let exitCode: number;

  beforeAll(async () => {
    // 1. A tiny cohort without missing calls, its bundle and an oracle backbone.
    dir = await mkdtemp(join(tmpdir(), 'gdw-synthetic-'));
    const sim = join(dir, 'sim');
    const bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '120', '--genes', '12', '--seed', '5', '--missing', '0'], captureIo().io)).toBe(0);
    const vcfPath = join(sim, 'cohort.vcf.gz');
    expect(await main(['encode', '--vcf', vcfPath, '--genes', join(sim, 'genes.bed'), '--pheno', join(sim, 'phenotype.tsv'),
      '--pad', '16', '--holdout', '0.2', '--out', bundleDir], captureIo().io)).toBe(0);
    const bundle = await readBundle(await readBundleFolder(bundleDir));
    const { mean, variance } = trainMoments(bundle);
    const { genes, channels } = bundle.tensor.shape;
    const oracle = buildGaussianBackbone({ schedule: { kind: 'linear', timesteps: 1000 }, variance, genes, channels, realGenes: bundle.layout.realGenes, mean });
    await writeFile(join(dir, 'oracle.onnx'), withCodecHash(oracle, bundle.layout.codecSha256));
    // 2. The copying generator's output: 48 training samples, as a VCF and as a .hapt + .legend with a0/a1 swapped.
    const real = await readVcf(createFileSource(vcfPath));
    const copied = Array.from(bundle.split.trainIdx.slice(0, 48), (i) => real.sampleIds.indexOf(bundle.sampleIds[i]));
    const variants = real.variants;
    const dosages = PackedDosages.create(48, variants.pos.length);
    for (let v = 0; v < variants.pos.length; v++) {
      const row = real.dosages.decodeRow(v);
      dosages.encodeRow(v, copied.map((c) => row[c]));
    }
    await writeFile(join(dir, 'copies.vcf'), vcfBytes({ sampleIds: copied.map((_, k) => `syn${k}`), variants, dosages }));
    const legend = ['id position a0 a1', ...Array.from(variants.pos, (p, v) => `${variants.chrom[v]}:${p}_${variants.alt[v]}_${variants.ref[v]} ${p} ${variants.alt[v]} ${variants.ref[v]}`),
      `${variants.chrom[0]}:1_A_C 1 A C`];
    // A 1 is the legend's a1 (here REF): ones = 2 − ALT dosage, split over the two haplotypes.
    const hapt = copied.flatMap((_, k) => ['A', 'B'].map((h) => `AG syn${k}_${h} ${Array.from(variants.pos, (_p, v) => {
      const ones = 2 - dosages.get(v, k);
      return h === 'A' ? Number(ones >= 1) : Number(ones === 2);
    }).join(' ')} 0`));
    await writeFile(join(dir, 'yelmen.legend'), `${legend.join('\n')}\n`);
    await writeFile(join(dir, 'yelmen.hapt'), `${hapt.join('\n')}\n`);
    await writeFile(join(dir, 'odd.hapt'), `${hapt.slice(0, 3).join('\n')}\n`);
    await writeFile(join(dir, 'odd.legend'), `${legend.join('\n')}\n`);
    // A tensor in the encoding (30 encoded training rows), and one shaped [N, C, G].
    const dims = genes * channels;
    const rows = bundle.tensor.data.slice(0, 30 * dims);
    await writeFile(join(dir, 'tensor.npy'), writeNpy(rows, [30, genes, channels]));
    await writeFile(join(dir, 'transposed.npy'), writeNpy(rows, [30, channels, genes]));
    // 3. The evaluation.
    common = ['evaluate', '--bundle', bundleDir, '--backbone', `oracle=${join(dir, 'oracle.onnx')}`, '--steps', '10', '--levels', '4',
      '--seed', '7', '--tstr', 'none', '--umap-points', '40', '--bootstrap', '50'];
    run = captureIo();
    exitCode = await main([...common, '--synthetic', `copies=${join(dir, 'copies.vcf')}`, '--synthetic', `yelmen=${join(dir, 'yelmen.hapt')}`,
      '--genotypes', vcfPath, '--ld-window', '20', '--ld-bin-bp', '2000', '--out', join(dir, 'report.json')], run.io);
    if (exitCode !== 0) throw new Error(`gdw evaluate exited ${exitCode}: ${run.err.join('')}`);
    report = readReport(await readFile(join(dir, 'report.json'), 'utf8'));
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('imports both files with their provenance: every variant matched, all of the .hapt flipped, its extra SNP counted', async () => {
    expect(exitCode).toBe(0);
    const [copies, yelmen] = report.imported!;
    // The codec keeps the SNPs inside genes: the file's others are counted as not in the codec.
    const v = copies.variants.inCohort;
    const outside = copies.variants.inFile - v;
    expect(outside).toBeGreaterThan(0);
    expect(copies).toMatchObject({ id: 'copies', format: 'vcf', samples: 48, haptOne: null, variants: { matched: v, flipped: 0, cohortUnmatched: 0, fileUnmatched: outside } });
    expect(yelmen).toMatchObject({ id: 'yelmen', format: 'hapt', samples: 48, haptOne: 'a1',
      variants: { matched: v, flipped: v, cohortUnmatched: 0, fileUnmatched: outside + 1, inFile: v + outside + 1 } });
    expect(copies.files[0].sha256).toBe(await sha256Hex(new Uint8Array(await readFile(join(dir, 'copies.vcf')))));
    expect(yelmen.files.map((f) => f.name)).toEqual(['yelmen.hapt', 'yelmen.legend']);
    expect(run.err.join('')).toMatch(/synthetic yelmen \(yelmen\.hapt, yelmen\.legend\): 48 samples; \d+ of the codec's \d+ variants matched \(\d+ flipped\), 0 missing from the file, \d+ of the file's \d+ not in the codec; a 1 in the \.hapt read as the legend's a1/);
  });

  it('puts the imported sets beside the backbone in the latent tables and the UMAP', () => {
    const tables = allReportTables(report);
    for (const id of ['nn-test', 'nnaa', 'privacy']) expect(tables.find((t) => t.id === id)!.rows.map((r) => r.id)).toEqual(['oracle', 'copies', 'yelmen']);
    expect(report.umap!.sets.map((s) => s.key)).toEqual(['real-train', 'real-holdout', 'backbone:oracle', 'backbone:copies', 'backbone:yelmen']);
    expect(run.out.join('')).toMatch(/\ncopies\s+n\/a\s+n\/a \(imported\)\s+\d/);
  });

  it('computes the genotype-space section: the backbone decoded, the imports as read, flipped .hapt = VCF, copying seen as privacy loss', () => {
    const space = report.genotypeSpace!;
    expect(space.sets.map((s) => [s.id, s.kind])).toEqual([['oracle', 'decoded'], ['copies', 'imported'], ['yelmen', 'imported']]);
    const [oracle, copies, yelmen] = space.sets;
    expect({ ...yelmen, id: 'copies' }).toEqual(copies);
    expect(copies.alleleFrequency.pearson).toBeGreaterThan(0.9);
    expect(copies.aats.privacyLoss).toBeGreaterThan(0.2);
    // On the AATS subsamples (24 of each): a copy's original is among the 24 of 96 training rows with
    // probability 1/4, so about 1/4 + 3/4 · 1/2 ≈ 0.62 of the copies sit closer to train; chance is 0.5.
    expect(copies.aats.closerToTrain).toBeGreaterThan(0.55);
    expect(copies.aats.train.aats).toBeLessThan(oracle.aats.train.aats);
    // Against the whole training split every copy is found; no real holdout sample is one.
    expect(space.sets.map((s) => s.closestTraining.exactCopies)).toEqual([0, 48, 48]);
    expect(copies.closestTraining.holdoutExactCopies).toBe(0);
    expect(space.settings).toMatchObject({ seed: 7, ldWindow: 20, ldBinBp: 2000, maxSamples: 500 });
    expect(oracle.samples.synthetic.n).toBe(report.settings.samplesPerSet);
    for (const s of space.sets) {
      for (const x of [s.aats.train.aats, s.aats.holdout.aats, s.aats.closerToTrain]) expect(x).toBeGreaterThanOrEqual(0);
      expect(s.ld.real).toHaveLength(20 * 20);
    }
    expect(tables(report).rows.map((r) => r.cells[1].text)).toEqual(['decoded', 'imported', 'imported']);
    expect(run.out.join('')).toMatch(/\ngenotype space\s+kind\s+n\s+SNPs/);
    // The simulated cohort is unphased: no haplotype AATS, and the report and the console say why.
    for (const s of space.sets) expect(s.haplotypes).toEqual({ computed: false, reason: expect.stringMatching(/^the real cohort has no haplotypes: not every call is phased: line \d+, sample '\S+': GT '\S+' is unphased$/) });
    expect(run.out.join('')).toMatch(/\n {2}oracle: no haplotype AATS \(the real cohort has no haplotypes: not every call is phased/);
  });

  it('carries the imported sets and the genotype-space section into the HTML report', () => {
    const html = buildHtmlReport({ report, figures: [], tables: allReportTables(report) });
    expect(html).toContain('<h2>Imported synthetic sets and genotype space</h2>');
    expect(html).toContain(report.imported![0].files[0].sha256);
    expect(html).toContain('id="table-genotype-space"');
    expect(html).toMatch(/1 = the legend&#39;s a1 allele/);
  });

  it('reads the report back, and refuses it with a broken imported set or genotype-space section, naming the field', async () => {
    const text = await readFile(join(dir, 'report.json'), 'utf8');
    const broken = (edit: (r: EvaluationReport) => void) => {
      const r = JSON.parse(text) as EvaluationReport;
      edit(r);
      return () => readReport(r);
    };
    expect(broken(() => undefined)).not.toThrow();
    expect(broken((r) => { r.genotypeSpace!.sets[1].kind = 'copied' as never; })).toThrow(/genotypeSpace\.sets\[1\]\.kind: expected "imported" or "decoded", found "copied"/);
    expect(broken((r) => { r.genotypeSpace!.sets[0].aats.train.aats = 1.5; })).toThrow(/genotypeSpace\.sets\[0\]\.aats\.train\.aats: expected a number in \[0, 1\]/);
    expect(broken((r) => { r.genotypeSpace!.sets[0].haplotypes = { computed: 'yes' } as never; })).toThrow(/genotypeSpace\.sets\[0\]\.haplotypes\.computed: expected true or false/);
    expect(broken((r) => { r.genotypeSpace!.sets[0].haplotypes = { computed: false } as never; })).toThrow(/genotypeSpace\.sets\[0\]\.haplotypes\.reason: expected/);
    expect(broken((r) => { r.imported![0].files[0].sha256 = 'zz'; })).toThrow(/imported\[0\]\.files\[0\]\.sha256: expected 64 hex digits/);
    expect(broken((r) => { r.imported![1].id = 'oracle'; })).toThrow(/imported: expected names of their own, apart from each other and from the backbones, found "\\"oracle\\" twice"/);
  });

  it('fails with a typed error naming the file on an odd .hapt and on a file with no variant in common', async () => {
    const odd = captureIo();
    expect(await main([...common, '--synthetic', `odd=${join(dir, 'odd.hapt')}`], odd.io)).toBe(1);
    expect(odd.err.join('')).toMatch(/odd\.hapt: 3 haplotype rows, an odd number/);
    await writeFile(join(dir, 'elsewhere.vcf'), '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts\n22\t5\t.\tA\tG\t.\t.\t.\tGT\t0/1\n');
    const none = captureIo();
    expect(await main([...common, '--synthetic', `x=${join(dir, 'elsewhere.vcf')}`], none.io)).toBe(1);
    expect(none.err.join('')).toMatch(/elsewhere\.vcf: none of its 1 variants is among the cohort's \d+/);
    const transposed = captureIo();
    expect(await main([...common, '--synthetic', `t=${join(dir, 'transposed.npy')}`], transposed.io)).toBe(1);
    expect(transposed.err.join('')).toMatch(/transposed\.npy: shape \[30, \d+, \d+\]; the loaded encoding takes \[N, \d+, \d+\]/);
  });

  it('takes a tensor .npy in the encoding as it is: measured beside the backbone, decoded for the genotype-space section', async () => {
    const io = captureIo();
    const out = join(dir, 'tensor-report.json');
    expect(await main([...common, '--synthetic', `tensor=${join(dir, 'tensor.npy')}`, '--genotypes', join(dir, 'sim', 'cohort.vcf.gz'), '--out', out], io.io)).toBe(0);
    const withTensor = readReport(await readFile(out, 'utf8'));
    const v = report.imported![0].variants.inCohort;
    expect(withTensor.imported![0]).toMatchObject({ id: 'tensor', format: 'npy', samples: 30, haptOne: null, variants: { matched: v, inCohort: v, flipped: 0 } });
    expect(withTensor.imported![0].files[0].sha256).toBe(await sha256Hex(new Uint8Array(await readFile(join(dir, 'tensor.npy')))));
    expect(withTensor.genotypeSpace!.sets.map((s) => [s.id, s.kind])).toEqual([['oracle', 'decoded'], ['tensor', 'decoded']]);
  }, 120_000);
});

function tables(report: EvaluationReport) {
  return allReportTables(report).find((t) => t.id === 'genotype-space')!;
}
