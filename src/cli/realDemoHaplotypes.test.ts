// The haplotype AATS of `gdw evaluate --synthetic gan=… --genotypes public/demo/real1000g/cohort.vcf.gz`
// (Yelmen et al.'s setting) on the real demo: the CLI's genotype-space step (the flags parsed by
// genotypeSpaceOptions, the phased VCF read with its haplotypes, the GAN's .hapt imported with its
// own) against scripts/yelmenHaplotypeAats.py, which reads both .hapt files with numpy and takes the
// rows the section drew. No backbone runs: the step is the one `gdw evaluate` calls after them. The
// app's data engine, loading and encoding the demo as the Data panel does, gives the same section.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleMetadata, type BundleMetadata } from '../core/encode/bundle';
import { haplotypeAatsRows, maxHaplotypesOf, type GenotypeSpaceReport } from '../core/genospace/section';
import { createDataEngine } from '../engines/dataEngine';
import { readBundleFolder } from '../node/bundleFolder';
import { isToolPresent, requireTool } from '../testing/interop';
import { genotypeSpaceOptions } from './evaluateSynthetic';
import { formatHaplotypeTable } from './evaluateTable';
import { main, type CliIo } from './main';

const PYTHON = '/usr/bin/python3';
const itWithNumpy = requireTool('python3-numpy', isToolPresent(PYTHON, ['-c', 'import numpy']));
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const demo = (name: string) => repo(`public/demo/real1000g/${name}`);
const gan = repo('data/yelmen805/805_SNP_GAN_AG_20000epochs.hapt.gz');
const quiet: CliIo = { stdout: () => {}, stderr: () => {} };

interface Reference {
  train: { aaTruth: number; aaSyn: number; aats: number };
  holdout: { aaTruth: number; aaSyn: number; aats: number };
  privacyLoss: number;
  closerToTrain: number;
  exactCopies: number;
}

describe('haplotype AATS on the real demo (gdw evaluate --synthetic gan=….hapt.gz --genotypes cohort.vcf.gz)', () => {
  let dir: string;
  let bundle: BundleMetadata;
  let space: GenotypeSpaceReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdw-hap-'));
    const out = join(dir, 'bundle');
    expect(await main(['encode', '--vcf', demo('cohort.vcf.gz'), '--genes', demo('regions.bed'), '--pheno', demo('labels.tsv'), '--seed', '1', '--pad', '128', '--out', out], quiet)).toBe(0);
    bundle = await readBundleMetadata(await readBundleFolder(out, ['tensor.npy']));
    const options = await genotypeSpaceOptions({ synthetic: [`gan=${gan}`], genotypes: demo('cohort.vcf.gz') }, bundle, 1, quiet);
    const sets = (options.imported ?? []).map((s) => ({ id: s.id, kind: 'imported' as const, samples: s.samples, count: s.count }));
    space = await options.genotypeSpace!(sets, () => {});
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  itWithNumpy('equals scripts/yelmenHaplotypeAats.py on the same drawn haplotypes to 1e-12', async () => {
    const h = space.sets[0].haplotypes;
    if (!h?.computed) throw new Error(`no haplotype AATS: ${h?.reason}`);
    // 1. n: 2 × the diploid 500 at most, cut to the holdout's 2 × 250 haplotypes.
    expect(maxHaplotypesOf(space.settings)).toBe(1000);
    const [train, holdout] = [bundle.split.trainIdx, bundle.split.holdoutIdx];
    expect(h.samples).toEqual({ train: { n: 500, of: 2 * train.length }, holdout: { n: 500, of: 2 * holdout.length }, synthetic: { n: 500, of: 5000 } });
    // 2. The rows the section drew, as rows of the .hapt files (the VCF's people in the .hapt's order, A then B).
    const rows = haplotypeAatsRows({ train: 2 * train.length, holdout: 2 * holdout.length, synthetic: 5000 }, space.settings);
    const vcfOrder = execFileSync(PYTHON, ['-c', 'import gzip,sys\nfor l in gzip.open(sys.argv[1],"rt"):\n  if l.startswith("#CHROM"): print("\\n".join(l.split()[9:])); break', demo('cohort.vcf.gz')], { encoding: 'utf8' }).trim().split('\n');
    const at = new Map(vcfOrder.map((id, c) => [id, c]));
    const hapRow = (people: Int32Array) => (r: number) => 2 * (at.get(bundle.sampleIds[people[r >> 1]]) as number) + (r & 1);
    const rowsPath = join(dir, 'rows.json');
    await writeFile(rowsPath, JSON.stringify({
      train: Array.from(rows.train, hapRow(train)), holdout: Array.from(rows.holdout, hapRow(holdout)),
      trainAll: Array.from({ length: 2 * train.length }, (_, r) => hapRow(train)(r)), synthetic: Array.from(rows.synthetic),
    }));
    const ref = JSON.parse(execFileSync(PYTHON, [repo('scripts/yelmenHaplotypeAats.py'), '--rows', rowsPath, gan], { encoding: 'utf8' })) as Reference;
    // 3. Indicator means and counts: equal to 1e-12.
    for (const side of ['train', 'holdout'] as const) {
      for (const key of ['aaTruth', 'aaSyn', 'aats'] as const) expect(Math.abs(h.aats[side][key] - ref[side][key]), `${side} ${key}`).toBeLessThan(1e-12);
    }
    expect(Math.abs(h.aats.privacyLoss - ref.privacyLoss)).toBeLessThan(1e-12);
    expect(Math.abs(h.aats.closerToTrain - ref.closerToTrain)).toBeLessThan(1e-12);
    expect(h.exactCopies).toBe(ref.exactCopies);
    // 4. The console prints the same numbers (3 decimals).
    const printed = formatHaplotypeTable(space.sets);
    const f = (x: number) => x.toFixed(3);
    expect(printed).toMatch(new RegExp(`\\ngan +500 +${f(ref.train.aaTruth)}/${f(ref.train.aaSyn)} +${f(ref.train.aats)} +${f(ref.holdout.aats)} +${f(ref.privacyLoss)} +${f(ref.closerToTrain)} +${ref.exactCopies}/500\\n`));
  }, 60_000);

  it('is the same in the app: the data engine keeps the demo\'s haplotypes and the GAN\'s, and gives the same section', async () => {
    const engine = createDataEngine();
    const read = (path: string) => ({ name: path.slice(path.lastIndexOf('/') + 1), data: new Uint8Array(readFileSync(path)) });
    const summary = await engine.load(['cohort.vcf.gz', 'labels.tsv', 'regions.bed'].map((n) => read(demo(n))));
    if (summary.source !== 'genotypes') throw new Error(`expected genotypes, loaded a ${summary.source}`);
    expect(summary.report.phase).toEqual({ phased: true });
    await engine.encode({ componentRule: 'disease-capsule', varianceTarget: 0.99, geneSlots: 128, holdoutFraction: 0.1, splitSeed: 1, nearestGene: false });
    await engine.importSynthetic('gan', [read(gan), read(repo('data/yelmen805/805_SNP_GAN_AG_20000epochs.legend'))]);
    const sets = (await engine.getImportedSets()).map((s) => ({ id: s.id, kind: 'imported' as const, samples: s.samples, count: s.count }));
    const app = await engine.genotypeSpace(sets, space.settings);
    expect(app.sets[0].haplotypes).toEqual(space.sets[0].haplotypes);
  }, 60_000);
});
