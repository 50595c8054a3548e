// gdw evaluate: a thin shell over the evaluation pipeline (src/engines/evaluationPipeline.ts), the
// one the app runs: flags and files in, generate from each backbone and run every metric against
// the bundle's real train and holdout sets, then write one versioned JSON report and a table.
import { existsSync, mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { encodingFromLayout } from '../core/backbone/paddingMask';
import { defaultTrainSettings } from '../core/classify/train';
import { bundleFileNames, readBundleMetadata, type BundleMetadata } from '../core/encode/bundle';
import { UsageError } from '../core/errors';
import { defaultEmbeddingSettings } from '../core/report/embedding';
import { serializeReport } from '../core/report/jsonSafe';
import type { EvaluationReport } from '../core/report/types';
import type { RowReader } from '../core/store/rowData';
import { resolveSampleCount } from '../core/report/plan';
import { resolveMetricSettings } from '../core/report/sampleSetMetrics';
import { createEvaluationEngine } from '../engines/evaluationEngine';
import { cliOrtGemm } from '../engines/nodeOrtGemm';
import type { EvaluationCohort } from '../engines/evaluationCohort';
import { runEvaluationPipeline, type EvaluationPlan } from '../engines/evaluationPipeline';
import { createSampleStore, defaultMemoryBudgetBytes, type SampleStore } from '../engines/sampleStore';
import { selectTfBackend } from '../engines/tfBackend';
import { createTfTrainingEngine } from '../engines/trainingEngine';
import { readBundleFolder } from '../node/bundleFolder';
import { openNpyRows, type NpyRowFile } from '../node/npyRows';
import { createNodeSpillBackend, type NodeSpillBackend } from '../node/syncFileHandle';
import { optionalInteger, optionalNumber, requireString } from './args';
import { givenSettingsFlags, settingsOptions } from './backboneSettings';
import { applyBackboneSetting, cliBackbone, parseBackboneArg, type BackboneArg } from './evaluateBackbone';
import { formatReportTable } from './evaluateTable';
import { genotypeSpaceOptions } from './evaluateSynthetic';
import { parseClassifiers, parseTstrTrainingSet } from './evaluateTstr';
import type { CliIo } from './main';

const options = {
  bundle: { type: 'string' }, backbone: { type: 'string', multiple: true }, n: { type: 'string' },
  sampler: { type: 'string' }, steps: { type: 'string' }, eta: { type: 'string' }, seed: { type: 'string' },
  k: { type: 'string' }, 'umap-points': { type: 'string' }, out: { type: 'string' }, batch: { type: 'string' },
  levels: { type: 'string' }, draws: { type: 'string' }, bootstrap: { type: 'string' }, threads: { type: 'string' },
  tstr: { type: 'string' }, 'tstr-epochs': { type: 'string' }, 'tstr-set': { type: 'string' }, ep: { type: 'string' },
  set: { type: 'string', multiple: true }, 'memory-budget': { type: 'string' }, 'work-dir': { type: 'string' }, ...settingsOptions,
  synthetic: { type: 'string', multiple: true }, genotypes: { type: 'string' }, 'hapt-one': { type: 'string' }, 'legend-chrom': { type: 'string' },
  'genospace-samples': { type: 'string' }, 'genospace-haplotypes': { type: 'string' }, 'ld-start': { type: 'string' }, 'ld-window': { type: 'string' }, 'ld-bin-bp': { type: 'string' },
} as const;

type Values = Record<string, unknown>;

/** The cpu backend: the one tfjs backend that runs in Node without a native binary. */
async function selectNodeBackend(): Promise<string> {
  tf.enableProdMode(); // also keeps the "install tfjs-node" banner off stdout
  return (await selectTfBackend(tf, { order: ['cpu'], now: () => performance.now() })).backend;
}

/** The bundle as the evaluation pipeline's cohort: its tensor read by row range from tensor.npy where it lies. */
function cohortOfBundle(bundle: BundleMetadata, tensor: RowReader): EvaluationCohort {
  const { tensorShape, layout } = bundle;
  return {
    tensor, shape: { ...tensorShape }, mask: bundle.mask, sampleIds: bundle.sampleIds, labels: bundle.labels,
    classNames: layout.labels.classNames, roles: bundle.split.roles, codecSha256: layout.codecSha256, realGenes: layout.realGenes,
  };
}

/** tensor.npy of the bundle folder, opened for reads by row range (never read whole: a paper-scale cohort is 6 GB). */
export function openBundleTensor(bundleDir: string, bundle: BundleMetadata): NpyRowFile {
  const { batch, genes, channels } = bundle.tensorShape;
  const path = join(bundleDir, bundleFileNames.tensor);
  if (!existsSync(path)) throw new UsageError(`${bundleDir}: no ${bundleFileNames.tensor}; a bundle written by gdw encode or the app's Data panel has one`);
  return openNpyRows(path, bundleFileNames.tensor, [batch, genes, channels]);
}

/** --memory-budget in MiB: sample sets past it spill to files in --work-dir (default: the system temp folder). */
function openStore(values: Values): { store: SampleStore; spill: NodeSpillBackend } {
  const budgetMiB = optionalInteger(values, 'memory-budget', defaultMemoryBudgetBytes / 2 ** 20, 0);
  const spill = createNodeSpillBackend(values['work-dir'] === undefined ? undefined : mkdtempSync(join(values['work-dir'] as string, 'gdw-store-')));
  return { store: createSampleStore({ memoryBudgetBytes: budgetMiB * 2 ** 20, spill }), spill };
}

function resolvePlan(values: Values, bundle: BundleMetadata): EvaluationPlan {
  const sampler = (values.sampler as string | undefined) ?? 'ddim';
  if (sampler !== 'ddim' && sampler !== 'ddpm') throw new UsageError(`--sampler ${sampler}: expected ddim or ddpm`);
  const seed = optionalInteger(values, 'seed', 0);
  const batchSize = optionalInteger(values, 'batch', 64, 1);
  const requested = values.n === undefined ? null : optionalInteger(values, 'n', 0, 2);
  const { count, rule } = resolveSampleCount(requested, bundle.split.trainIdx.length, bundle.split.holdoutIdx.length);
  const umapPoints = optionalInteger(values, 'umap-points', 300, 0);
  const metrics = resolveMetricSettings({
    seed, k: optionalInteger(values, 'k', 10, 1), bootstrap: { resamples: optionalInteger(values, 'bootstrap', 1000, 1), level: 0.95 },
  });
  return {
    seed,
    generation: { count, rule, sampler, steps: optionalInteger(values, 'steps', 50, 1), eta: optionalNumber(values, 'eta', 0), batchSize },
    reconstruction: { levels: optionalInteger(values, 'levels', 50, 1), batchSize },
    validationLoss: { drawsPerSample: optionalInteger(values, 'draws', 1, 1) },
    metrics,
    umap: umapPoints === 0 ? null : { ...defaultEmbeddingSettings, seed, maxPerSet: umapPoints },
    tstr: {
      classifiers: parseClassifiers(values.tstr as string | undefined),
      epochs: optionalInteger(values, 'tstr-epochs', defaultTrainSettings.epochs, 1),
      bootstrapResamples: metrics.bootstrap.resamples,
      trainingSet: parseTstrTrainingSet(values['tstr-set'] as string | undefined),
    },
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

export async function evaluateCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const bundleDir = requireString(values, 'bundle');
  const backboneArgs = parseBackboneArgs(values.backbone, values.set);
  // 1. The bundle and the plan: every setting of every number.
  const bundle = await readBundleMetadata(await readBundleFolder(bundleDir, [bundleFileNames.tensor]));
  const shape = bundle.tensorShape;
  const plan = resolvePlan(values, bundle);
  const generation = plan.generation!;
  io.stderr(`bundle ${bundleDir}: train ${bundle.split.trainIdx.length}, holdout ${bundle.split.holdoutIdx.length}, [${shape.genes}, ${shape.channels}]; `
    + `n = ${generation.count} per backbone (${generation.rule})\n`);
  // 2. The pipeline, over the same engines the app runs in its workers.
  const context = {
    threads: optionalInteger(values, 'threads', 1, 1), ep: values.ep,
    settingsFlags: givenSettingsFlags(values),
    encoding: encodingFromLayout(bundle.layout, `bundle ${basename(bundleDir)}`),
  };
  const genospace = await genotypeSpaceOptions(values, bundle, plan.seed, io);
  const engine = createEvaluationEngine({ selectBackend: selectNodeBackend, gemm: cliOrtGemm({ threads: context.threads, ep: values.ep }) });
  const tensor = openBundleTensor(bundleDir, bundle);
  const { store, spill } = openStore(values);
  let report: EvaluationReport;
  try {
    report = await runEvaluationPipeline({
      cohort: cohortOfBundle(bundle, tensor), plan, generator: 'gdw evaluate', store,
      backbones: backboneArgs.map((arg) => cliBackbone(arg, context, io)),
      engines: { evaluation: engine, training: () => createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] }) },
      onLog: (line) => io.stderr(`${line}\n`), ...genospace,
    });
  } finally {
    tensor.close();
    await store.close();
    spill.dispose();
  }
  // 3. The report and the table.
  const outPath = values.out;
  if (outPath) await writeFile(outPath, serializeReport(report));
  io.stdout(formatReportTable(report));
  io.stdout(outPath ? `wrote ${outPath}\n` : 'no --out given: the report was not written\n');
}
