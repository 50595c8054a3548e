// The app and `gdw evaluate` run one evaluation pipeline (issue 11): the same bundle, backbones,
// settings and seed give the same report from both shells. The CLI runs as a user runs it; the
// app's shell runs with the engines its workers host, in process: the Generate panel's request
// (parseSampleRequest) makes each set, the Evaluate form's plan (parseComparisonForm →
// evaluationPlanOf) evaluates them. Only what must differ may: when and by what the report was
// written, how n was chosen, and wall-clock times. The app's evaluation engine here multiplies its
// distance tiles on tfjs, the CLI's on native ONNX Runtime: the float64 re-measure of the
// candidates makes every distance-based number agree all the same.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cohortOfDataset, evaluationPlanOf, parseComparisonForm, pipelineBackboneOf,
} from '../app/effects/comparisonPlan';
import { parseSampleRequest } from '../app/effects/sampleRequest';
import type { SyntheticSet } from '../app/sampleSets';
import { defaultComparisonForm, type BackboneId } from '../app/store';
import { encodingFromLayout } from '../core/backbone/paddingMask';
import { readBundle, type DatasetBundle } from '../core/encode/bundle';
import { sha256Hex } from '../core/report/plan';
import { readReport } from '../core/report/readReport';
import type { EvaluationReport } from '../core/report/types';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { createEvaluationEngine } from '../engines/evaluationEngine';
import { runEvaluationPipeline } from '../engines/evaluationPipeline';
import { createCliOrtRuntime } from '../engines/nodeOrtRuntime';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import { selectTfBackend } from '../engines/tfBackend';
import { createTfTrainingEngine } from '../engines/trainingEngine';
import { readBundleFolder } from '../node/bundleFolder';
import { main, type CliIo } from '../cli/main';
import { trainMoments, withCodecHash } from '../cli/testOracleBackbones';

const quietIo = (): CliIo => ({ stdout: () => undefined, stderr: () => undefined });

/** The report without what may differ between shells: times, the writer, the wording of how n was chosen, the app's set versions. */
function comparable(report: EvaluationReport): unknown {
  const drop = new Set(['createdAt', 'generator', 'elapsedMs', 'samplesPerSetRule', 'setVersion']);
  return JSON.parse(JSON.stringify(report, (key, value: unknown) => (drop.has(key) ? undefined : value)));
}

const SEED = 7;
const settings = { steps: 10, levels: 6, bootstrap: 200, umapPoints: 40, tstrEpochs: 3 };

/** The app's shell: the Generate panel makes each set, the Evaluate form's plan evaluates them, engines in process. */
async function appReport(bundle: DatasetBundle, models: { id: string; bytes: Uint8Array; fileName: string }[]): Promise<EvaluationReport> {
  const runtime = await createCliOrtRuntime({ threads: 1 });
  const encoding = encodingFromLayout(bundle.layout, 'the loaded encoding');
  const dataset = {
    tensor: bundle.tensor.data, shape: bundle.tensor.shape, mask: bundle.tensor.mask, sampleIds: bundle.sampleIds, labels: bundle.labels,
    classNames: bundle.layout.labels.classNames, roles: bundle.split.roles, codecSha256: bundle.layout.codecSha256,
  };
  const holdoutPerClass = [0, 1].map((c) => Array.from(bundle.split.holdoutIdx).filter((i) => bundle.labels[i] === c).length);
  const engines = models.map(() => createOrtInferenceEngine(runtime));
  const backbones = [];
  for (const [i, model] of models.entries()) {
    const { spec, executionProvider, sha256 } = await engines[i].load(model.bytes, { fileName: model.fileName, context: { sidecar: null, encoding } });
    const request = parseSampleRequest({
      count: String(bundle.split.holdoutIdx.length), sampler: 'ddim', steps: String(settings.steps), eta: '0', seed: String(SEED),
      batchSize: '64', classBalance: 'holdout',
    }, spec, holdoutPerClass);
    const result = await engines[i].sample(request);
    const set: SyntheticSet = {
      backboneId: model.id as BackboneId, version: 1, samples: result.samples, count: result.count, genes: result.genes, channels: result.channels,
      labels: result.request.classLabels ?? null, request: result.request, executionProvider: result.executionProvider,
      elapsedMs: result.elapsedMs, spec, file: { name: model.fileName, sha256, bytes: model.bytes.length },
    };
    expect(executionProvider).toBe('cpu');
    backbones.push(pipelineBackboneOf(set, engines[i]));
  }
  const choice = parseComparisonForm({
    ...defaultComparisonForm, seed: String(SEED), levels: String(settings.levels), bootstrapResamples: String(settings.bootstrap),
    umapPoints: String(settings.umapPoints), tstrEpochs: String(settings.tstrEpochs),
  });
  try {
    return await runEvaluationPipeline({
      cohort: cohortOfDataset(dataset, bundle.layout.realGenes), plan: evaluationPlanOf(choice), backbones,
      engines: {
        evaluation: createEvaluationEngine({ selectBackend: async () => (await selectTfBackend(tf, { order: ['cpu'], now: () => performance.now() })).backend }),
        training: () => createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] }),
      },
      generator: 'Gene Diffusion Workbench',
    });
  } finally {
    await Promise.all(engines.map((e) => e.unload()));
  }
}

describe('one evaluation pipeline for the app and gdw evaluate', () => {
  let dir: string;
  let cli: EvaluationReport;
  let app: EvaluationReport;
  let spilledFilesLeft: string[];
  let storeLines: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdw-agreement-'));
    const sim = join(dir, 'sim');
    const bundleDir = join(dir, 'bundle');
    expect(await main(['simulate', '--out', sim, '--samples', '100', '--genes', '10', '--seed', '5'], quietIo())).toBe(0);
    expect(await main(['encode', '--vcf', join(sim, 'cohort.vcf.gz'), '--genes', join(sim, 'genes.bed'), '--pheno',
      join(sim, 'phenotype.tsv'), '--pad', '12', '--holdout', '0.2', '--out', bundleDir], quietIo())).toBe(0);
    const bundle = await readBundle(await readBundleFolder(bundleDir));
    const { mean, variance } = trainMoments(bundle);
    const { genes, channels } = bundle.tensor.shape;
    const common = { schedule: { kind: 'linear' as const, timesteps: 1000 }, variance, genes, channels, realGenes: bundle.layout.realGenes };
    const shifted = mean.map((m, d) => (bundle.tensor.mask[d] ? m + Math.sqrt(variance[d]) : 0));
    const models = [
      { id: 'oracle', fileName: 'oracle.onnx', bytes: withCodecHash(buildGaussianBackbone({ ...common, mean, withLabelInput: true, numClasses: 2 }), bundle.layout.codecSha256) },
      { id: 'shifted', fileName: 'shifted.onnx', bytes: buildGaussianBackbone({ ...common, mean: shifted, withLabelInput: true, numClasses: 2 }) },
    ];
    for (const model of models) await writeFile(join(dir, model.fileName), model.bytes);
    const out = join(dir, 'report.json');
    const work = join(dir, 'work');
    await mkdir(work);
    const log: string[] = [];
    expect(await main(['evaluate', '--bundle', bundleDir, ...models.flatMap((m) => ['--backbone', `${m.id}=${join(dir, m.fileName)}`]),
      '--steps', String(settings.steps), '--levels', String(settings.levels), '--seed', String(SEED), '--bootstrap', String(settings.bootstrap),
      '--umap-points', String(settings.umapPoints), '--tstr-epochs', String(settings.tstrEpochs), '--out', out,
      // No memory budget: every generated set spills to the work folder, and tensor.npy is read by row range.
      '--memory-budget', '0', '--work-dir', work], { stdout: () => undefined, stderr: (text) => log.push(text) })).toBe(0);
    spilledFilesLeft = await readdir(work);
    storeLines = log.join('').split('\n').filter((line) => line.includes('store:'));
    cli = readReport(await readFile(out, 'utf8'));
    app = await appReport(bundle, models);
  }, 240_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the same report: every metric, curve, UMAP point and TSTR row', async () => {
    expect(cli.backbones.map((b) => b.id)).toEqual(['oracle', 'shifted']);
    expect(cli.backbones[0].file.sha256).toBe(await sha256Hex(new Uint8Array(await readFile(join(dir, 'oracle.onnx')))));
    expect(comparable(app)).toEqual(comparable(cli));
  });

  it('trains TSTR on one protocol: sets generated in the real training split\'s size and balance, recorded', () => {
    for (const report of [app, cli]) {
      if (report.tstr.status !== 'done') throw new Error(`TSTR did not run: ${report.tstr.reason}`);
      expect(report.tstr.synthetic).toEqual({ trainingSet: 'matched', count: 80, classCounts: report.bundle.trainPerClass, seed: SEED });
      expect(report.tstr.runs[0].report.rows.map((r) => [r.source, r.trainPerClass.reduce((a, b) => a + b, 0)])).toEqual([['real', 80], ['oracle', 80], ['shifted', 80]]);
    }
  });

  it('holds the CLI\'s sets in its sample store, spilled to files it removes at exit', () => {
    // Evaluated sets of 20 (the holdout size) and TSTR sets of 80, 96 floats a row: all on disk.
    expect(storeLines.map((line) => line.trim())).toEqual(['oracle', 'shifted'].flatMap((id) => [
      `store: generated/${id}, 20 samples, 0.0 MiB in memory, ${(20 * 96 * 4 / 2 ** 20).toFixed(1)} MiB spilled to disk`,
      `store: tstr/${id}, 80 samples, 0.0 MiB in memory, ${(80 * 96 * 4 / 2 ** 20).toFixed(1)} MiB spilled to disk`,
    ]));
    expect(spilledFilesLeft).toEqual([]);
  });

  it('differs only where it must: the writer and how n was chosen', () => {
    expect([app.generator, cli.generator]).toEqual(['Gene Diffusion Workbench', 'gdw evaluate']);
    expect(app.settings.samplesPerSetRule).toBe('as generated in the Generate panel');
    expect(cli.settings.samplesPerSetRule).toBe('the holdout size (default)');
  });
});
