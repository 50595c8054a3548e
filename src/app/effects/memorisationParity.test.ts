// The app's Memorisation card and `gdw memorisation` give the same numbers for the same inputs: the
// card's path (its form parsed by effects/memorisationRequest.ts, the encoded dataset as the data
// worker hands it, the backbones on onnxruntime-web's engine as in the page's workers, classes in
// turn) against the CLI's report on the same bundle and models. Two class-conditional Gaussian
// oracles, one shifted, trained (per gdw.train_rows) on disjoint halves of the training split.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, type DatasetBundle } from '../../core/encode/bundle';
import type { MemorisationReport } from '../../core/report/memorisationReport';
import { buildGaussianBackbone } from '../../core/sim/gaussianBackbone';
import { parseMemorisationForm } from './memorisationRequest';
import { defaultMemorisationForm } from '../store/memorisationState';
import { labelsInTurn, memorisationDataOfDataset, runMemorisationPipeline, type MemorisationMember } from '../../engines/memorisationPipeline';
import { createNodeOrtRuntime } from '../../engines/nodeOrtRuntime';
import { createOrtInferenceEngine } from '../../engines/ortInferenceEngine';
import { readBundleFolder } from '../../node/bundleFolder';
import { main, type CliIo } from '../../cli/main';
import { trainMoments, withMetadata } from '../../cli/testOracleBackbones';

const quiet: CliIo = { stdout: () => {}, stderr: () => {} };

describe('memorisation: the app\'s card path and gdw memorisation agree', () => {
  let dir: string;
  let bundle: DatasetBundle;
  let models: { a: Uint8Array; b: Uint8Array };
  let cli: MemorisationReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdw-memorisation-parity-'));
    const sim = join(dir, 'sim');
    const bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '120', '--genes', '12', '--seed', '7'], quiet)).toBe(0);
    expect(await main(['encode', '--vcf', join(sim, 'cohort.vcf.gz'), '--genes', join(sim, 'genes.bed'), '--pheno',
      join(sim, 'phenotype.tsv'), '--pad', '16', '--holdout', '0.2', '--out', bundleDir], quiet)).toBe(0);
    bundle = await readBundle(await readBundleFolder(bundleDir));
    const train = Array.from(bundle.split.trainIdx);
    const halves = [train.filter((_, k) => k % 2 === 0), train.filter((_, k) => k % 2 === 1)];
    const { mean, variance } = trainMoments(bundle);
    const { genes, channels } = bundle.tensor.shape;
    const base = { schedule: { kind: 'linear' as const, timesteps: 1000 }, variance, genes, channels, realGenes: bundle.layout.realGenes, mean,
      withLabelInput: true, numClasses: 2 };
    const shifted = mean.map((m, d) => (bundle.tensor.mask[d] ? m + 0.7 * Math.sqrt(variance[d]) * Math.sin(d) : 0));
    const meta = (rows: number[]) => ({ 'gdw.codec_sha256': bundle.layout.codecSha256, 'gdw.train_rows': rows.join(',') });
    models = {
      a: withMetadata(buildGaussianBackbone(base), meta(halves[0])),
      b: withMetadata(buildGaussianBackbone({ ...base, mean: shifted }), meta(halves[1])),
    };
    await writeFile(join(dir, 'a.onnx'), models.a);
    await writeFile(join(dir, 'b.onnx'), models.b);
    const out = join(dir, 'cli.json');
    expect(await main(['memorisation', '--bundle', bundleDir, '--backbone', `a.onnx=${join(dir, 'a.onnx')}`, '--backbone', `b.onnx=${join(dir, 'b.onnx')}`,
      '--n', '24', '--steps', '20', '--seed', '3', '--batch', '5', '--out', out], quiet)).toBe(0);
    cli = JSON.parse(await readFile(out, 'utf8')) as MemorisationReport;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the CLI\'s summary, histograms and per-pair values (float32 inference on two ONNX Runtime builds: 1e-6)', async () => {
    // 1. The card's form and plan (its own batch size: the samples do not depend on it).
    const plan = parseMemorisationForm({ ...defaultMemorisationForm, backboneA: 'file:a', backboneB: 'file:b', count: '24', steps: '20', seed: '3' });
    // 2. The backbones as the page's workers open them; the dataset as the data worker hands it.
    const pair = await Promise.all((['a', 'b'] as const).map(async (k): Promise<MemorisationMember> => {
      const engine = createOrtInferenceEngine(createNodeOrtRuntime());
      const loaded = await engine.load(models[k], { fileName: `${k}.onnx` });
      return { id: `${k}.onnx`, spec: loaded.spec, file: { name: `${k}.onnx`, sha256: loaded.sha256, bytes: models[k].byteLength }, engine, release: () => engine.unload() };
    }));
    const { tensor } = bundle;
    const data = memorisationDataOfDataset({ tensor: tensor.data, shape: tensor.shape, mask: tensor.mask, roles: bundle.split.roles, codecSha256: bundle.layout.codecSha256 });
    const { report } = await runMemorisationPipeline({ data, pair: [pair[0], pair[1]], plan, labelsFor: labelsInTurn, generator: 'test' });
    // 3. The same report, number for number.
    expect(report.generation).toEqual({ ...cli.generation, batchSize: 64 });
    expect(report.generation.labels).toBe('classes in turn');
    expect(report.settings).toEqual(cli.settings);
    expect(report.trainingOverlap).toBe(0);
    expect(report.backbones.map((b) => b.training.rows)).toEqual(cli.backbones.map((b) => b.training.rows));
    expect(report.summary.sameSeed.mean).toBeLessThan(0.99);
    const close = (x: unknown, y: unknown, path: string): void => {
      if (typeof x === 'number') expect(Math.abs(x - (y as number)), path).toBeLessThan(1e-6);
      else if (x && typeof x === 'object') for (const key of Object.keys(x)) close((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${path}.${key}`);
      else expect(x, path).toEqual(y);
    };
    close(report.summary, cli.summary, 'summary');
    close(report.samples, cli.samples, 'samples');
    expect(report.histograms).toEqual(cli.histograms);
  });
});
