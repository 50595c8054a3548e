// gdw memorisation end to end on a tiny simulated bundle: Gaussian-oracle backbones (exact ε of the
// training split's per-slot Gaussian) that say which rows they trained on (gdw.train_rows, as
// models/train.py writes it). Two copies of one oracle give identical same-seed samples (cosine 1);
// each sample's closest-training cosine is checked against a brute force over the rows its model names.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, type DatasetBundle } from '../core/encode/bundle';
import { readNpy } from '../core/encode/npy';
import type { MemorisationReport } from '../core/report/memorisationReport';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { readBundleFolder } from '../node/bundleFolder';
import { main, type CliIo } from './main';
import { trainMoments, withMetadata } from './testOracleBackbones';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err, text: () => err.join('') };
}

/** Max float64 cosine over the real slots of `x` to the bundle rows `rows`, and the row that attains it. */
function bruteClosest(x: Float32Array, bundle: DatasetBundle, rows: number[]): { cosine: number; row: number } {
  const { data, mask } = bundle.tensor;
  const dims = x.length;
  let best = { cosine: -Infinity, row: -1 };
  for (const r of rows) {
    let dot = 0, nx = 0, ny = 0;
    for (let d = 0; d < dims; d++) {
      if (!mask[d]) continue;
      const y = data[r * dims + d];
      dot += x[d] * y; nx += x[d] * x[d]; ny += y * y;
    }
    const cosine = dot / Math.sqrt(nx * ny);
    if (cosine > best.cosine) best = { cosine, row: r };
  }
  return best;
}

describe('gdw memorisation', () => {
  let dir: string;
  let bundle: DatasetBundle;
  let files: Record<'a' | 'b' | 'shifted' | 'norows' | 'cosine' | 'foreign' | 'holdoutRow' | 'bundle', string>;
  let halves: [number[], number[]];
  let report: MemorisationReport;
  let run: ReturnType<typeof captureIo>;
  let exitCode: number;
  const common = ['--steps', '20', '--seed', '5', '--n', '12', '--batch', '5'];

  beforeAll(async () => {
    // 1. A tiny cohort and its bundle: 120 samples (96 train), 12 genes padded to 16 slots × 8.
    dir = await mkdtemp(join(tmpdir(), 'gdw-memorisation-'));
    const sim = join(dir, 'sim');
    const bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '120', '--genes', '12', '--seed', '3'], captureIo().io)).toBe(0);
    expect(await main(['encode', '--vcf', join(sim, 'cohort.vcf.gz'), '--genes', join(sim, 'genes.bed'), '--pheno',
      join(sim, 'phenotype.tsv'), '--pad', '16', '--holdout', '0.2', '--out', bundleDir], captureIo().io)).toBe(0);
    bundle = await readBundle(await readBundleFolder(bundleDir));
    // 2. Backbones: the oracle twice (disjoint halves of the training split), shifted, without rows, on another schedule or codec.
    const train = Array.from(bundle.split.trainIdx);
    halves = [train.filter((_, k) => k % 2 === 0), train.filter((_, k) => k % 2 === 1)];
    const { mean, variance } = trainMoments(bundle);
    const { genes, channels } = bundle.tensor.shape;
    const base = { schedule: { kind: 'linear' as const, timesteps: 1000 }, variance, genes, channels, realGenes: bundle.layout.realGenes, mean };
    const codec = bundle.layout.codecSha256;
    const oracle = buildGaussianBackbone(base);
    const shifted = buildGaussianBackbone({ ...base, mean: mean.map((m, d) => (bundle.tensor.mask[d] ? m + 0.5 * Math.sqrt(variance[d]) : 0)) });
    const cosine = buildGaussianBackbone({ ...base, schedule: { kind: 'cosine', timesteps: 1000 } });
    const meta = (rows: number[], sha = codec) => ({ 'gdw.codec_sha256': sha, 'gdw.train_rows': rows.join(','),
      'gdw.train_subset': JSON.stringify({ half: 'A', rows: rows.length }) });
    files = {
      a: join(dir, 'a.onnx'), b: join(dir, 'b.onnx'), shifted: join(dir, 'shifted.onnx'), norows: join(dir, 'norows.onnx'),
      cosine: join(dir, 'cosine.onnx'), foreign: join(dir, 'foreign.onnx'), holdoutRow: join(dir, 'holdout-row.onnx'), bundle: bundleDir,
    };
    await writeFile(files.a, withMetadata(oracle, meta(halves[0])));
    await writeFile(files.b, withMetadata(oracle, meta(halves[1])));
    await writeFile(files.shifted, withMetadata(shifted, meta(halves[1])));
    await writeFile(files.norows, withMetadata(oracle, { 'gdw.codec_sha256': codec }));
    await writeFile(files.cosine, withMetadata(cosine, meta(halves[1])));
    await writeFile(files.foreign, withMetadata(oracle, meta(halves[1], 'f'.repeat(64))));
    await writeFile(files.holdoutRow, withMetadata(oracle, meta([...halves[1], bundle.split.holdoutIdx[0]])));
    // 3. The test on the identical pair.
    run = captureIo();
    exitCode = await main(['memorisation', '--bundle', bundleDir, '--backbone', `A=${files.a}`, '--backbone', `B=${files.b}`, ...common,
      '--threshold', '0.95', '--out', join(dir, 'report.json'), '--csv', join(dir, 'hist.csv')], run.io);
    report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as MemorisationReport;
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('pairs identical models\' same-seed samples at cosine 1 and writes the summary, histograms and CSV', async () => {
    expect(exitCode, run.text()).toBe(0);
    expect(report.format).toBe('gdw-memorisation-report');
    expect(report.samples.sameSeed).toEqual(new Array(12).fill(1));
    expect(report.summary.sameSeed).toMatchObject({ n: 12, mean: 1, median: 1, shareAtLeastThreshold: 1 });
    expect(report.backbones.map((b) => [b.id, b.training.source, b.training.count])).toEqual([['A', 'metadata', 48], ['B', 'metadata', 48]]);
    expect(report.trainingOverlap).toBe(0);
    expect(report.generation).toMatchObject({ count: 12, sampler: 'ddim', steps: 20, eta: 0, seed: 5, labels: 'unconditional' });
    expect(report.settings).toMatchObject({ threshold: 0.95, pairs: 12, holdout: 24 });
    expect(report.histograms.sameSeed[99]).toBe(12);
    expect(report.histograms.bHoldoutToTrain.reduce((s, c) => s + c, 0)).toBe(24);
    const csv = (await readFile(join(dir, 'hist.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('bin_lower,bin_upper,same_seed,A_to_train,B_to_train,holdout_to_A_train,holdout_to_B_train');
    expect(csv).toHaveLength(101);
    expect(run.out.join('')).toMatch(/same-seed pair cosine\s+1\.000\s+1\.000\s+1\.000/);
  });

  it('measures each sample against the rows its model names, as a brute force does (1e-9)', async () => {
    const samplesPath = join(dir, 'a.npy');
    expect(await main(['sample', '--model', files.a, '--bundle', files.bundle, ...common, '--out', samplesPath], captureIo().io)).toBe(0);
    const { data } = readNpy(new Uint8Array(await readFile(samplesPath)), 'a.npy');
    const dims = bundle.tensor.shape.genes * bundle.tensor.shape.channels;
    for (let i = 0; i < 12; i++) {
      const x = (data as Float32Array).subarray(i * dims, (i + 1) * dims);
      const [ownA, ownB] = halves.map((rows) => bruteClosest(x, bundle, rows));
      expect(Math.abs(report.samples.aToTrain[i] - ownA.cosine)).toBeLessThan(1e-9);
      expect(report.samples.aNearestTrainRow[i]).toBe(ownA.row);
      // B's samples are A's (same oracle, same seed), measured against B's half.
      expect(Math.abs(report.samples.bToTrain[i] - ownB.cosine)).toBeLessThan(1e-9);
    }
  });

  it('gives a shifted model lower same-seed cosines', async () => {
    const io = captureIo();
    const out = join(dir, 'shifted.json');
    expect(await main(['memorisation', '--bundle', files.bundle, '--backbone', `A=${files.a}`, '--backbone', `S=${files.shifted}`, ...common, '--out', out], io.io)).toBe(0);
    const shifted = JSON.parse(await readFile(out, 'utf8')) as MemorisationReport;
    expect(shifted.summary.sameSeed.mean).toBeLessThan(0.99);
  });

  it('refuses a model that does not say its training rows, unless told to assume the training split', async () => {
    const refused = captureIo();
    const args = ['memorisation', '--bundle', files.bundle, '--backbone', `A=${files.a}`, '--backbone', `N=${files.norows}`, ...common, '--out', join(dir, 'n.json')];
    expect(await main(args, refused.io)).toBe(1);
    expect(refused.text()).toMatch(/norows\.onnx does not say which rows it trained on \(no gdw\.train_rows.*--assume-train-split/);
    const assumed = captureIo();
    expect(await main([...args, '--assume-train-split'], assumed.io)).toBe(0);
    const result = JSON.parse(await readFile(join(dir, 'n.json'), 'utf8')) as MemorisationReport;
    expect(result.backbones[1].training).toMatchObject({ source: 'assumed-train-split', count: 96 });
    expect(result.trainingOverlap).toBe(48);
    expect(result.notes.join(' ')).toMatch(/share 48 rows/);
  });

  it('refuses pairs that cannot be paired or rows that are not training rows, naming what was expected', async () => {
    const cases: [string, RegExp][] = [
      [files.cosine, /a\.onnx and cosine\.onnx differ in schedule: \["linear",1000,0\.0001,0\.02\] vs \["cosine",1000,null,null\]/],
      [files.foreign, /foreign\.onnx was trained on codec f{64}.*the bundle's codec is/],
      [files.holdoutRow, /holdout-row\.onnx: gdw\.train_rows names row \d+, which is not a training row of this bundle/],
    ];
    for (const [file, message] of cases) {
      const io = captureIo();
      expect(await main(['memorisation', '--bundle', files.bundle, '--backbone', `A=${files.a}`, '--backbone', `X=${file}`, ...common,
        '--out', join(dir, 'x.json')], io.io)).toBe(1);
      expect(io.text()).toMatch(message);
    }
    const one = captureIo();
    expect(await main(['memorisation', '--bundle', files.bundle, '--backbone', `A=${files.a}`, '--out', join(dir, 'x.json')], one.io)).toBe(2);
    expect(one.text()).toMatch(/must be given exactly twice/);
  });
});
