// gdw design end to end on a small simulated bundle: activation maximisation and the joint method
// through a linear ONNX generator (engines/fixtures/linearGenerator.ts), classifier guidance through the exact
// class-conditional Gaussian backbone; the report's numbers checked against core computed directly,
// and each bad input refused with what was expected.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiabilityOracle, parseCausalEffects } from '../core/design/liabilityOracle';
import type { DesignReport } from '../core/design/report';
import { readBundle, type DatasetBundle } from '../core/encode/bundle';
import { sampleRoles } from '../core/encode/split';
import { buildClassGaussianBackbone } from '../core/translate/classGaussianBackbone';
import { fitClassGaussian } from '../core/translate/classGaussianOracle';
import { readBundleFolder } from '../node/bundleFolder';
import { main, type CliIo } from './main';
import { buildLinearGenerator } from '../engines/fixtures/linearGenerator';
import { trainMoments } from './testOracleBackbones';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
}

describe('gdw design', () => {
  let dir: string;
  let sim: string;
  let bundleDir: string;
  let bundle: DatasetBundle;
  const files = { gan: '', diffusion: '' };
  let report: DesignReport;
  let exitCode: number;
  const base = () => ['design', '--bundle', bundleDir, '--target', '1', '--designs', '6', '--classifier-epochs', '3', '--bootstrap', '100', '--seed', '2'];

  beforeAll(async () => {
    // 1. A small cohort (200 samples, 12 genes in 16 slots × 8) and its bundle.
    dir = await mkdtemp(join(tmpdir(), 'gdw-design-'));
    sim = join(dir, 'sim');
    bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '200', '--genes', '12', '--causal-genes', '3', '--h2', '0.9', '--seed', '5'], captureIo().io)).toBe(0);
    expect(await main(['encode', '--vcf', join(sim, 'cohort.vcf.gz'), '--genes', join(sim, 'genes.bed'), '--pheno',
      join(sim, 'phenotype.tsv'), '--pad', '16', '--holdout', '0.25', '--out', bundleDir], captureIo().io)).toBe(0);
    bundle = await readBundle(await readBundleFolder(bundleDir));
    // 2. A linear generator and the class-conditional Gaussian backbone, both naming the bundle's codec.
    const { genes, channels } = bundle.tensor.shape;
    const common = { genes, channels, realGenes: bundle.layout.realGenes, codecSha256: bundle.layout.codecSha256 };
    files.gan = join(dir, 'gan.onnx');
    files.diffusion = join(dir, 'diffusion.onnx');
    await writeFile(files.gan, buildLinearGenerator({ ...common, latentDim: 6, mean: Float32Array.from(trainMoments(bundle).mean), mask: bundle.tensor.mask }));
    const target = fitClassGaussian(bundle.tensor.data, genes * channels, bundle.labels, bundle.split.trainIdx, 2, bundle.tensor.mask);
    await writeFile(files.diffusion, buildClassGaussianBackbone({ ...common, schedule: { kind: 'linear', timesteps: 100 }, target }));
    // 3. Activation maximisation and the joint method, with the truth, exported as bundles and VCF.
    const run = captureIo();
    exitCode = await main([...base(), '--method', 'activation,joint', '--backbone', files.gan, '--iterations', '4', '--step', '0.2',
      '--truth', join(sim, 'truth.json'), '--vcf', '--out', join(dir, 'out')], run.io);
    if (exitCode !== 0) throw new Error(run.err.join(''));
    report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as DesignReport;
  }, 240_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports both methods with a trace point per iteration and the start first', () => {
    expect(exitCode).toBe(0);
    expect(report.methods.map((m) => m.method)).toEqual(['activation', 'joint']);
    for (const m of report.methods) {
      expect(m.status).toBe('done');
      expect(m.trace.map((p) => p.iteration)).toEqual([0, 1, 2, 3, 4]);
      // The first trace point is the start: the same predictor mean as `before`.
      expect(m.trace[0].predictor).toBeCloseTo(m.before.predictor.estimate, 6);
      expect(m.trace[4].predictor).toBeCloseTo(m.after.predictor.estimate, 6);
      expect(m.after.predictor.estimate).toBeGreaterThan(m.before.predictor.estimate);
    }
    expect(report.data.predictorTrainedOn + report.data.oracleTrainedOn).toBe(bundle.split.trainIdx.length);
  });

  it('scores the starting samples\' true liability as core\'s oracle does on the same rows', async () => {
    const effects = parseCausalEffects(await readFile(join(sim, 'truth.json'), 'utf8'), 'truth.json');
    const oracle = createLiabilityOracle(bundle.codec, effects);
    const dims = bundle.tensor.shape.genes * bundle.tensor.shape.channels;
    const rows = [...bundle.labels.keys()].filter((i) => bundle.split.roles[i] === sampleRoles.holdout && bundle.labels[i] === 0).slice(0, 6);
    const start = new Float32Array(rows.length * dims);
    rows.forEach((r, k) => start.set(bundle.tensor.data.subarray(r * dims, (r + 1) * dims), k * dims));
    const g = oracle.score(start, rows.length, 'hard');
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    expect(report.methods[0].before.liability?.estimate).toBeCloseTo(mean, 9);
  });

  it('writes each method\'s designs as a bundle of the same codec and as VCF', async () => {
    const designs = await readBundle(await readBundleFolder(join(dir, 'out', 'joint')));
    expect(designs.tensor.shape).toEqual({ ...bundle.tensor.shape, batch: 6 });
    expect(designs.layout.codecSha256).toBe(bundle.layout.codecSha256);
    expect(Array.from(designs.labels)).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await stat(join(dir, 'out', 'activation.vcf.gz'))).size).toBeGreaterThan(100);
  });

  it('guidance at scale 0 is the backbone\'s class-conditional sampling: no change, equal scores', async () => {
    const run = captureIo();
    const code = await main([...base(), '--method', 'guidance', '--backbone', files.diffusion, '--scale', '0', '--steps', '10', '--out', join(dir, 'g0')], run.io);
    expect(code).toBe(0);
    const g0 = JSON.parse(await readFile(join(dir, 'g0', 'report.json'), 'utf8')) as DesignReport;
    const m = g0.methods[0];
    expect(m.after.predictor.estimate).toBe(m.before.predictor.estimate);
    expect(m.perGene.all.every((g) => g.change === 0)).toBe(true);
  }, 120_000);

  describe('refuses bad input, naming the thing and what was expected', () => {
    const refused = async (args: string[]) => {
      const io = captureIo();
      const code = await main([...base(), '--out', join(dir, 'refused'), ...args], io.io);
      return { code, message: io.err.join('') };
    };

    it('the joint method without a backbone, and guidance on a GAN generator', async () => {
      expect((await refused(['--method', 'joint'])).message).toMatch(/--backbone is required: --method joint needs a GAN generator/);
      const { code, message } = await refused(['--method', 'guidance', '--backbone', files.gan]);
      expect(code).toBe(1);
      expect(message).toMatch(/gan\.onnx is a GAN generator: classifier guidance needs a diffusion backbone/);
    });

    it('the joint method on a diffusion backbone', async () => {
      expect((await refused(['--method', 'joint', '--backbone', files.diffusion])).message).toMatch(/has no latent input z \[B, Dz\]/);
    });

    it.each([
      [['--method', 'activation', '--step', '0'], /step size = 0; expected a number in \(0, 10\]/],
      [['--method', 'activation', '--realism=-1'], /realism weight λ = -1; expected a number from 0 to 1000/],
      [['--method', 'guidance', '--backbone', 'DIFFUSION', '--scale=-2'], /guidance scale = -2; expected a number from 0 to 1000/],
      [['--method', 'guidance', '--backbone', 'DIFFUSION', '--steps', '101'], /guidance steps = 101; expected 1 … 100/],
      [['--method', 'activation', '--target', '7'], /target class 7 has no labelled sample/],
    ])('settings out of range %j', async (args, pattern) => {
      const { code, message } = await refused(args.map((a) => (a === 'DIFFUSION' ? files.diffusion : a)));
      expect(code).not.toBe(0);
      expect(message).toMatch(pattern);
    });

    it('an unknown method, and no method or target: no silent default', async () => {
      expect((await refused(['--method', 'dream'])).message).toMatch(/--method dream: expected one or more of activation, joint, guidance/);
      const io = captureIo();
      expect(await main(['design', '--bundle', bundleDir, '--method', 'activation', '--out', dir], io.io)).toBe(2);
      expect(io.err.join('')).toMatch(/--target is required/);
    });
  });
});
