// gdw translate end to end on a small simulated bundle with the exact class-conditional Gaussian
// oracle (class means and pooled variance of the training split, naming the bundle's codec), and
// each bad input refused with what was expected.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, type DatasetBundle } from '../core/encode/bundle';
import { writeNpy } from '../core/encode/npy';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { buildClassGaussianBackbone } from '../core/translate/classGaussianBackbone';
import { fitClassGaussian } from '../core/translate/classGaussianOracle';
import type { TranslationReport } from '../core/translate/report';
import { readBundleFolder } from '../node/bundleFolder';
import { main, type CliIo } from './main';
import { trainMoments } from './testOracleBackbones';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err, text: () => out.join('') + err.join('') };
}

describe('gdw translate', () => {
  let dir: string;
  let bundleDir: string;
  let bundle: DatasetBundle;
  const files = { oracle: '', unconditional: '', foreign: '' };
  let report: TranslationReport;
  let run: ReturnType<typeof captureIo>;
  let exitCode: number;
  const base = () => ['translate', '--bundle', bundleDir, '--source', '0', '--target', '1', '--steps', '20', '--refine', '1',
    '--bootstrap', '200', '--classifier-epochs', '5', '--seed', '3'];

  beforeAll(async () => {
    // 1. A small cohort (160 samples, 12 genes padded to 16 slots × 8) and its bundle.
    dir = await mkdtemp(join(tmpdir(), 'gdw-translate-'));
    const sim = join(dir, 'sim');
    bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '160', '--genes', '12', '--causal-genes', '3', '--h2', '0.9', '--seed', '5'], captureIo().io)).toBe(0);
    expect(await main(['encode', '--vcf', join(sim, 'cohort.vcf.gz'), '--genes', join(sim, 'genes.bed'), '--pheno',
      join(sim, 'phenotype.tsv'), '--pad', '16', '--holdout', '0.25', '--out', bundleDir], captureIo().io)).toBe(0);
    bundle = await readBundle(await readBundleFolder(bundleDir));
    // 2. The oracle of the bundle, an unconditional backbone, and the oracle naming another codec.
    const { genes, channels } = bundle.tensor.shape;
    const target = fitClassGaussian(bundle.tensor.data, genes * channels, bundle.labels, bundle.split.trainIdx, 2, bundle.tensor.mask);
    const common = { schedule: { kind: 'linear' as const, timesteps: 1000 }, genes, channels, realGenes: bundle.layout.realGenes };
    files.oracle = join(dir, 'oracle.onnx');
    files.unconditional = join(dir, 'unconditional.onnx');
    files.foreign = join(dir, 'foreign.onnx');
    await writeFile(files.oracle, buildClassGaussianBackbone({ ...common, target, codecSha256: bundle.layout.codecSha256 }));
    await writeFile(files.foreign, buildClassGaussianBackbone({ ...common, target, codecSha256: 'ab'.repeat(32) }));
    await writeFile(files.unconditional, buildGaussianBackbone({ ...common, ...trainMoments(bundle) }));
    // 3. The translation of the holdout's controls into cases.
    run = captureIo();
    exitCode = await main([...base(), '--backbone', files.oracle, '--depth', 'T', '--truth', join(sim, 'truth.json'), '--out', join(dir, 'out')], run.io);
    report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as TranslationReport;
  }, 240_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 0 and writes a report whose reconstruction check is far below the translation', () => {
    expect(exitCode, run.text()).toBe(0);
    expect(run.out.join('')).toMatch(/^\d+ of \d+ holdout samples, class \S+ → \S+ \(done\)\nreconstruction check/);
    expect(report).toMatchObject({ format: 'gdw-translation-report', version: 1, status: 'done', backbone: { codecCheck: 'match', numClasses: 2 } });
    const controls = Array.from(bundle.split.holdoutIdx).filter((i) => bundle.labels[i] === 0).length;
    expect(report.data.translated).toBe(controls);
    expect(report.settings).toMatchObject({ depth: 1000, steps: 20, fixedPointIterations: 1, cycle: true });
    expect(report.settings.timesteps[0]).toBe(999);
    // Measured at 20 steps, 1 refinement: 0.017 against 0.22 (mean |Δ| per real slot).
    expect(report.reconstruction.meanAbs.estimate).toBeLessThan(0.2 * report.translation.meanAbs.estimate);
    expect(report.cycle!.meanAbs.estimate).toBeLessThan(0.2 * report.translation.meanAbs.estimate);
  });

  it('reports a ranked change map with intervals, SNP changes, a flip rate and the causal-gene AUC', () => {
    const top = report.changeMap.top;
    expect(top.map((g) => g.rank)).toEqual(top.map((_, i) => i + 1));
    for (const g of top) expect(g.interval!.lower).toBeLessThanOrEqual(g.change + 1e-12);
    expect(report.changeMap.all).toHaveLength(bundle.codec.genes.length);
    expect(report.snpChanges!.length).toBeGreaterThan(0);
    const flip = report.flipRate!;
    expect(flip.translatedAsTarget.trials).toBe(report.data.translated);
    expect(flip.translatedAsTarget.lower).toBeLessThanOrEqual(flip.translatedAsTarget.estimate);
    expect(report.causalGenes!.causalGenes).toBe(3);
    expect(report.causalGenes!.auc).toBeGreaterThan(0.5);
  });

  it('writes the translated samples as a bundle of the same codec, labelled with the target class', async () => {
    const translated = await readBundle(await readBundleFolder(join(dir, 'out', 'translated')));
    expect(translated.layout.codecSha256).toBe(bundle.layout.codecSha256);
    expect(translated.tensor.shape).toEqual({ ...bundle.tensor.shape, batch: report.data.translated });
    expect([...new Set(translated.labels)]).toEqual([1]);
    expect(translated.sampleIds[0]).toBe(`tr_${report.data.sampleIds[0]}`);
  });

  describe('refuses bad input, naming the thing and what was expected', () => {
    const refused = async (args: string[]) => {
      const io = captureIo();
      const code = await main([...base(), '--out', join(dir, 'refused'), ...args], io.io);
      return { code, message: io.err.join('') };
    };

    it('an unconditional backbone', async () => {
      const { code, message } = await refused(['--backbone', files.unconditional, '--depth', '500']);
      expect(code).toBe(1);
      expect(message).toMatch(/unconditional\.onnx takes no class label; class translation needs a class-conditional backbone/);
    });

    it('a backbone of another encoding', async () => {
      const { code, message } = await refused(['--backbone', files.foreign, '--depth', '500']);
      expect(code).toBe(1);
      expect(message).toMatch(/foreign\.onnx was trained on codec abab.*but the samples are encoded with codec/);
    });

    it.each([['0'], ['1001']])('depth %s', async (depth) => {
      const { code, message } = await refused(['--backbone', files.oracle, '--depth', depth, '--steps', '1']);
      expect(code).toBe(1);
      expect(message).toMatch(new RegExp(`t\\* = ${depth}; expected an integer from 1 to T = 1000`));
    });

    it('a bundle with one class only', async () => {
      const oneClass = join(dir, 'one-class');
      await cp(bundleDir, oneClass, { recursive: true });
      await writeFile(join(oneClass, 'labels.npy'), writeNpy(new Int8Array(bundle.labels.length)));
      const io = captureIo();
      const code = await main(['translate', '--bundle', oneClass, '--backbone', files.oracle, '--source', '0', '--target', '1',
        '--depth', '500', '--out', join(dir, 'refused')], io.io);
      expect(code).toBe(1);
      expect(io.err.join('')).toMatch(/the bundle's labelled samples are all class 0; translation needs samples of at least two classes/);
    });

    it('missing class or depth flags: no silent default', async () => {
      const io = captureIo();
      expect(await main(['translate', '--bundle', bundleDir, '--backbone', files.oracle, '--source', '0', '--target', '1', '--out', dir], io.io)).toBe(2);
      expect(io.err.join('')).toMatch(/--depth is required/);
    });
  });
});
