// gdw evaluate end to end on a tiny simulated bundle with two backbones whose quality is known:
// (a) the Gaussian oracle of the real training set's per-slot mean and variance, conditional and
// naming the bundle's codec; (b) the same shifted by 3 σ in every real slot, naming no codec.
// The report must rank (a) above (b) and read back with readReport.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../core/encode/bundle';
import { sha256Hex } from '../core/report/plan';
import { readReport } from '../core/report/readReport';
import type { EvaluationReport } from '../core/report/types';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { readBundleFolder } from '../node/bundleFolder';
import { main, type CliIo } from './main';
import { trainMoments, withCodecHash } from './testOracleBackbones';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
}

const nnTestGap = (b: EvaluationReport['backbones'][number]) => Math.abs(b.metrics.nnTest.train.score - b.metrics.nnTest.train.expectedUnderNull);

describe('gdw evaluate', () => {
  let dir: string;
  let files: { oracle: string; bad: string; foreign: string; bundle: string };
  let report: EvaluationReport;
  let run: ReturnType<typeof captureIo>;
  let exitCode: number;

  beforeAll(async () => {
    // 1. A tiny cohort and its bundle: 120 samples, 12 genes padded to 16 slots × 8.
    dir = await mkdtemp(join(tmpdir(), 'gdw-evaluate-'));
    const sim = join(dir, 'sim');
    const bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '120', '--genes', '12', '--seed', '3'], captureIo().io)).toBe(0);
    expect(await main(['encode', '--vcf', join(sim, 'cohort.vcf.gz'), '--genes', join(sim, 'genes.bed'), '--pheno',
      join(sim, 'phenotype.tsv'), '--pad', '16', '--holdout', '0.2', '--out', bundleDir], captureIo().io)).toBe(0);
    // 2. The two backbones (and one that names another codec).
    const bundle = await readBundle(await readBundleFolder(bundleDir));
    const { mean, variance } = trainMoments(bundle);
    const { genes, channels } = bundle.tensor.shape;
    const common = { schedule: { kind: 'linear' as const, timesteps: 1000 }, variance, genes, channels, realGenes: bundle.layout.realGenes };
    const oracle = buildGaussianBackbone({ ...common, mean, withLabelInput: true, numClasses: 2 });
    const shifted = mean.map((m, d) => (bundle.tensor.mask[d] ? m + 3 * Math.sqrt(variance[d]) : 0));
    files = { oracle: join(dir, 'oracle.onnx'), bad: join(dir, 'bad.onnx'), foreign: join(dir, 'foreign.onnx'), bundle: bundleDir };
    await writeFile(files.oracle, withCodecHash(oracle, bundle.layout.codecSha256));
    await writeFile(files.bad, buildGaussianBackbone({ ...common, mean: shifted }));
    await writeFile(files.foreign, withCodecHash(oracle, '0'.repeat(64)));
    // 3. The evaluation.
    run = captureIo();
    exitCode = await main(['evaluate', '--bundle', bundleDir, '--backbone', `oracle=${files.oracle}`, '--backbone', `bad=${files.bad}`,
      '--steps', '25', '--levels', '12', '--seed', '7', '--tstr-epochs', '4', '--out', join(dir, 'report.json')], run.io);
    report = readReport(await readFile(join(dir, 'report.json'), 'utf8'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 0, prints one table row per backbone and writes a report that readReport accepts', () => {
    expect(exitCode).toBe(0);
    const table = run.out.join('');
    expect(table).toMatch(/^backbone\s+val loss/);
    expect(table).toMatch(/\noracle\s+\d/);
    expect(table).toMatch(/\nbad\s+\d/);
    expect(table).toMatch(/wrote .*report\.json/);
    expect(report.backbones.map((b) => b.id)).toEqual(['oracle', 'bad']);
  });

  it('ranks the oracle above the shifted backbone on NNAA, the NN test and the validation loss', () => {
    const [oracle, bad] = report.backbones;
    for (const side of ['train', 'holdout'] as const) {
      expect(Math.abs(oracle.metrics.nnaa[side].aats - 0.5)).toBeLessThan(Math.abs(bad.metrics.nnaa[side].aats - 0.5));
    }
    expect(bad.metrics.nnaa.train.aats).toBeGreaterThan(0.85);
    expect(nnTestGap(oracle)).toBeLessThan(nnTestGap(bad));
    expect(oracle.validationLoss!.loss).toBeLessThan(bad.validationLoss!.loss);
    const meanMae = (b: typeof oracle) => b.reconstruction!.points.reduce((s, p) => s + p.realSlots.mae, 0) / b.reconstruction!.points.length;
    expect(meanMae(oracle)).toBeLessThan(meanMae(bad));
  });

  it('records the bundle, the files, the codec check and the generation settings', async () => {
    const [oracle, bad] = report.backbones;
    expect(report.bundle).toMatchObject({ shape: [120, 16, 8], realGenes: 12, counts: { train: 96, holdout: 24, excluded: 0 }, holdoutPerClass: [12, 12] });
    expect(report.settings).toMatchObject({ seed: 7, samplesPerSet: 24, samplesPerSetRule: 'the holdout size (default)' });
    expect(report.settings.sampler).toEqual({ kind: 'ddim', steps: 25, eta: 0, batchSize: 64 });
    expect(oracle.file.sha256).toBe(await sha256Hex(new Uint8Array(await readFile(files.oracle))));
    expect(oracle.codecCheck.status).toBe('match');
    expect(bad.codecCheck.status).toBe('absent');
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/^bad \(bad\.onnx\) names no codec/);
    expect(oracle.spec.conditional).toBe(true);
    expect(oracle.generation.classCounts).toEqual(report.bundle.holdoutPerClass);
    expect(bad.generation.classCounts).toBeNull();
    expect(oracle.reconstruction!.points).toHaveLength(12);
    expect(oracle.metrics.nnTest.train.settings.k).toBe(10);
    expect(oracle.metrics.nnaa.train.settings.real).toMatchObject({ n: 24, of: 96, method: 'seeded' });
  });

  it('runs TSTR for the conditional backbone on a set of the real training size and balance, and leaves the other out', () => {
    const { tstr } = report;
    if (tstr.status !== 'done') throw new Error(`TSTR did not run: ${tstr.reason}`);
    expect(tstr.synthetic).toEqual({ trainingSet: 'matched', count: 96, classCounts: [48, 48], seed: 7 });
    expect(tstr.runs.map((r) => r.classifier)).toEqual(['mlp']);
    const [mlp] = tstr.runs;
    expect(mlp.report.rows.map((r) => [r.source, r.kind])).toEqual([['real', 'real'], ['oracle', 'synthetic']]);
    expect(mlp.report.rows[1].trainPerClass).toEqual([48, 48]);
    expect(mlp.report.settings.train.epochs).toBe(4);
    expect(mlp.tfBackend).toBe('cpu');
    expect(tstr.skipped).toEqual([{ backboneId: 'bad', reason: expect.stringMatching(/^unconditional/) }]);
    expect(run.out.join('')).toMatch(/\noracle\s+\d\.\d{3} \(\d\.\d{2}\)/);
  });

  it('embeds real train, real holdout and both backbones in one cosine UMAP', () => {
    expect(report.umap?.sets.map((s) => [s.key, s.used])).toEqual([['real-train', 96], ['real-holdout', 24], ['backbone:oracle', 24], ['backbone:bad', 24]]);
    expect(report.umap?.points.x).toHaveLength(168);
    expect(report.umap?.points.label.filter((l) => l !== null)).toHaveLength(96 + 24 + 24);
  });

  it('fails (exit 1) on a backbone trained on another codec, naming both hashes', async () => {
    const io = captureIo();
    const code = await main(['evaluate', '--bundle', files.bundle, '--backbone', `foreign=${files.foreign}`, '--umap-points', '0'], io.io);
    expect(code).toBe(1);
    expect(io.err.join('')).toMatch(/foreign\.onnx was trained on codec 0{64} \(gdw\.codec_sha256\), but the bundle's codec is [0-9a-f]{64}/);
  });

  it('exits 2 with a usage message on missing or duplicate backbones', async () => {
    const missing = captureIo();
    expect(await main(['evaluate', '--bundle', files.bundle], missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/--backbone name=MODEL\.onnx is required/);
    const twice = captureIo();
    expect(await main(['evaluate', '--bundle', files.bundle, '--backbone', `a=${files.bad}`, '--backbone', `a=${files.oracle}`], twice.io)).toBe(2);
    expect(twice.err.join('')).toMatch(/two backbones are named 'a'/);
  });
});
