// gdw evaluate: generate from each backbone and run every metric of issue 5 against the bundle's
// real train and holdout sets (the same engines the app runs in its workers), then write one
// versioned JSON report (src/core/report) and print a compact table.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { encodingFromLayout } from '../core/backbone/paddingMask';
import { readBundle, type DatasetBundle } from '../core/encode/bundle';
import { UsageError } from '../core/errors';
import { selectRows } from '../core/metrics/sampleRows';
import { defaultEmbeddingSettings } from '../core/report/embedding';
import { serializeReport } from '../core/report/jsonSafe';
import { countClasses, resolveSampleCount } from '../core/report/plan';
import { resolveMetricSettings } from '../core/report/sampleSetMetrics';
import {
  REPORT_FORMAT, REPORT_VERSION, type BackboneReport, type BundleSummary, type EvaluationReport, type EvaluationSettings,
} from '../core/report/types';
import type { EvaluationEngine, SampleSetData } from '../engines/evaluation';
import { createEvaluationEngine } from '../engines/evaluationEngine';
import { selectTfBackend } from '../engines/tfBackend';
import { readBundleFolder } from '../node/bundleFolder';
import { defaultTrainSettings } from '../core/classify/train';
import { optionalInteger, optionalNumber, requireString } from './args';
import { settingsOptions } from './backboneSettings';
import { applyBackboneSetting, parseBackboneArg, runBackbone, type BackboneArg, type BackboneRunSettings } from './evaluateBackbone';
import { formatReportTable } from './evaluateTable';
import { parseClassifiers, runTstrSection, tstrLabels, type TstrSource } from './evaluateTstr';
import type { CliIo } from './main';

const options = {
  bundle: { type: 'string' }, backbone: { type: 'string', multiple: true }, n: { type: 'string' },
  sampler: { type: 'string' }, steps: { type: 'string' }, eta: { type: 'string' }, seed: { type: 'string' },
  k: { type: 'string' }, 'umap-points': { type: 'string' }, out: { type: 'string' }, batch: { type: 'string' },
  levels: { type: 'string' }, draws: { type: 'string' }, bootstrap: { type: 'string' }, threads: { type: 'string' },
  tstr: { type: 'string' }, 'tstr-epochs': { type: 'string' }, ep: { type: 'string' },
  set: { type: 'string', multiple: true }, ...settingsOptions,
} as const;

type Values = Record<string, unknown>;

/** The cpu backend: the one tfjs backend that runs in Node without a native binary. */
async function selectNodeBackend(): Promise<string> {
  tf.enableProdMode(); // also keeps the "install tfjs-node" banner off stdout
  return (await selectTfBackend(tf, { order: ['cpu'], now: () => performance.now() })).backend;
}

function realSet(bundle: DatasetBundle, rows: Int32Array): SampleSetData {
  const { data, shape } = bundle.tensor;
  const picked = selectRows({ data, count: shape.batch, dims: shape.genes * shape.channels }, rows);
  return {
    data: picked.data, count: rows.length,
    labels: Int32Array.from(rows, (i) => bundle.labels[i]), sampleIds: Array.from(rows, (i) => bundle.sampleIds[i]),
  };
}

function summarizeBundle(bundle: DatasetBundle, classes: number): BundleSummary {
  const { layout, labels, split } = bundle;
  const labelsOf = (rows: Int32Array) => Array.from(rows, (i) => labels[i]);
  return {
    codecSha256: layout.codecSha256, shape: layout.tensor.shape, realGenes: layout.realGenes,
    realSlots: bundle.tensor.mask.reduce((sum, m) => sum + m, 0), classNames: layout.labels.classNames, counts: layout.split.counts,
    trainPerClass: countClasses(labelsOf(split.trainIdx), classes), holdoutPerClass: countClasses(labelsOf(split.holdoutIdx), classes),
  };
}

function resolveSettings(values: Values, bundle: DatasetBundle): EvaluationSettings {
  const sampler = (values.sampler as string | undefined) ?? 'ddim';
  if (sampler !== 'ddim' && sampler !== 'ddpm') throw new UsageError(`--sampler ${sampler}: expected ddim or ddpm`);
  const seed = optionalInteger(values, 'seed', 0);
  const batchSize = optionalInteger(values, 'batch', 64, 1);
  const requested = values.n === undefined ? null : optionalInteger(values, 'n', 0, 2);
  const { count, rule } = resolveSampleCount(requested, bundle.split.trainIdx.length, bundle.split.holdoutIdx.length);
  const umapPoints = optionalInteger(values, 'umap-points', 300, 0);
  return {
    seed, samplesPerSet: count, samplesPerSetRule: rule,
    sampler: { kind: sampler, steps: optionalInteger(values, 'steps', 50, 1), eta: optionalNumber(values, 'eta', 0), batchSize },
    reconstruction: { levels: optionalInteger(values, 'levels', 50, 1), batchSize },
    validationLoss: { drawsPerSample: optionalInteger(values, 'draws', 1, 1) },
    metrics: resolveMetricSettings({
      seed, k: optionalInteger(values, 'k', 10, 1), bootstrap: { resamples: optionalInteger(values, 'bootstrap', 1000, 1), level: 0.95 },
    }),
    umap: umapPoints === 0 ? null : { ...defaultEmbeddingSettings, seed, maxPerSet: umapPoints },
  };
}

function parseBackboneArgs(raw: string[] | undefined, sets: string[] | undefined): BackboneArg[] {
  const args = (raw ?? []).map(parseBackboneArg);
  for (const set of sets ?? []) applyBackboneSetting(args, set);
  if (args.length === 0) throw new UsageError('--backbone name=MODEL.onnx is required (repeat it to compare backbones)');
  const duplicate = args.find((b, i) => args.findIndex((o) => o.id === b.id) !== i);
  if (duplicate) throw new UsageError(`two backbones are named '${duplicate.id}'; give each a name: --backbone name=MODEL.onnx`);
  return args;
}

/** What every backbone's generation and curves share. */
function backboneRunSettings(
  settings: EvaluationSettings, bundle: DatasetBundle, holdout: SampleSetData, classes: number,
): Omit<BackboneRunSettings, 'threads' | 'tstrLabels' | 'settingsFlags' | 'encoding'> {
  const { shape, mask } = bundle.tensor;
  return {
    count: settings.samplesPerSet, sampler: settings.sampler.kind as 'ddim' | 'ddpm', steps: settings.sampler.steps,
    eta: settings.sampler.eta, seed: settings.seed, batchSize: settings.sampler.batchSize, levels: settings.reconstruction.levels,
    drawsPerSample: settings.validationLoss.drawsPerSample, codecSha256: bundle.layout.codecSha256, classes,
    holdout: { x0: holdout.data, shape: { batch: holdout.count, genes: shape.genes, channels: shape.channels }, mask },
    holdoutLabels: holdout.labels ?? new Int32Array(holdout.count).fill(-1),
  };
}

/** Prints one line per metric stage as the engine reaches it. */
async function evaluateSet(engine: EvaluationEngine, id: string, settings: EvaluationSettings, io: CliIo) {
  let stage = '';
  return engine.evaluateSyntheticSet(id, settings.metrics, (event) => {
    if (event.status === 'metric' && event.metric !== stage) io.stderr(`  [${id}] ${(stage = event.metric)}\n`);
  });
}

export async function evaluateCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const bundleDir = requireString(values, 'bundle');
  const backboneArgs = parseBackboneArgs(values.backbone, values.set);
  // 1. The bundle, its real train and holdout sets, and the settings of every number.
  const bundle = await readBundle(await readBundleFolder(bundleDir));
  const { split, tensor: { shape, mask } } = bundle;
  const classes = bundle.labels.reduce((k, label) => Math.max(k, label + 1), bundle.classNames.length);
  const settings = resolveSettings(values, bundle);
  const classifiers = parseClassifiers(values.tstr);
  const tstrEpochs = optionalInteger(values, 'tstr-epochs', defaultTrainSettings.epochs, 1);
  const train = realSet(bundle, split.trainIdx);
  const holdout = realSet(bundle, split.holdoutIdx);
  io.stderr(`bundle ${bundleDir}: train ${train.count}, holdout ${holdout.count}, [${shape.genes}, ${shape.channels}]; `
    + `n = ${settings.samplesPerSet} per backbone (${settings.samplesPerSetRule})\n`);
  const engine = createEvaluationEngine({ selectBackend: selectNodeBackend, gemm: (await import('../engines/nodeOrtGemm')).cliOrtGemm({ threads: optionalInteger(values, 'threads', 1, 1), ep: values.ep }) });
  await engine.setRealSets({ genes: shape.genes, channels: shape.channels, mask, train, holdout });
  // 2. Each backbone: generate, curves on the holdout, then the sample-set metrics.
  const run: BackboneRunSettings = {
    ...backboneRunSettings(settings, bundle, holdout, classes), threads: optionalInteger(values, 'threads', 1, 1),
    ep: values.ep, tstrLabels: classifiers.length > 0 ? tstrLabels(bundle, classes) : null,
    settingsFlags: Object.fromEntries(Object.keys(settingsOptions).flatMap((k) => {
      const value = (values as Record<string, unknown>)[k];
      return value === undefined ? [] : [[k, value]];
    })),
    encoding: encodingFromLayout(bundle.layout, `bundle ${basename(bundleDir)}`),
  };
  const backbones: BackboneReport[] = [];
  const warnings: string[] = [];
  const tstrSources: TstrSource[] = [];
  for (const arg of backboneArgs) {
    const { samples, classLabels, tstr, warnings: notes, ...generated } = await runBackbone(arg, run, io);
    warnings.push(...notes);
    if (tstr) tstrSources.push(tstr);
    await engine.putSyntheticSet(arg.id, { data: samples, count: settings.samplesPerSet, labels: classLabels });
    backbones.push({ ...generated, metrics: await evaluateSet(engine, arg.id, settings, io) });
  }
  // 3. One cosine UMAP of every set.
  if (settings.umap) io.stderr(`cosine UMAP of ≤ ${settings.umap.maxPerSet} points per set\n`);
  const umap = settings.umap ? await engine.embed(settings.umap) : null;
  // 4. TSTR: classifiers trained on real and on each conditional backbone's samples, tested on the holdout.
  const tstr = await runTstrSection(bundle, tstrSources, run.tstrLabels, {
    classifiers, epochs: tstrEpochs, seed: settings.seed, bootstrapResamples: settings.metrics.bootstrap.resamples,
  }, io);
  // 5. The report and the table.
  const report: EvaluationReport = {
    format: REPORT_FORMAT, version: REPORT_VERSION, createdAt: new Date().toISOString(), generator: 'gdw evaluate',
    bundle: summarizeBundle(bundle, classes), settings, backbones, umap, tstr, warnings,
  };
  const outPath = values.out;
  if (outPath) await writeFile(outPath, serializeReport(report));
  io.stdout(formatReportTable(report));
  io.stdout(outPath ? `wrote ${outPath}\n` : 'no --out given: the report was not written\n');
}
