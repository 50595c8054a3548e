// gdw translate: a thin shell over the translation pipeline (src/engines/translationPipeline.ts):
// a class-conditional backbone and the bundle it was trained on in, the real samples of the source
// class DDIM-inverted and regenerated under the target class, out a JSON report (reconstruction
// check first, change map, flip rate, cycle loss, causal-gene AUC with --truth) and the translated
// samples as a dataset bundle (every sample in the train role, labelled with the target class).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { classifierKinds, defaultClassifierSpecs, type ClassifierKind } from '../core/classify/models';
import { defaultTrainSettings } from '../core/classify/train';
import { createBundle, readBundle, type DatasetBundle } from '../core/encode/bundle';
import { sampleRoles } from '../core/encode/split';
import { UsageError } from '../core/errors';
import { toJsonSafe } from '../core/report/jsonSafe';
import { sha256Hex } from '../core/report/plan';
import type { TranslationReport } from '../core/translate/report';
import { translationSampleSets, type TranslationSampleSet } from '../core/translate/report';
import { parseCausalGenes } from '../core/translate/truthFile';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import { createTfTrainingEngine } from '../engines/trainingEngine';
import { runTranslationPipeline, type TranslationCohort, type TranslationPlan } from '../engines/translationPipeline';
import { readBundleFolder, writeBundleFolder } from '../node/bundleFolder';
import { optionalInteger, requireString } from './args';
import { describeSettings, readBundleEncoding, readCliSettings, requireCompleteSettings, settingsOptions } from './backboneSettings';
import type { CliIo } from './main';
import { prepareCliBackbone } from './modelFiles';

const options = {
  backbone: { type: 'string' }, bundle: { type: 'string' }, source: { type: 'string' }, target: { type: 'string' },
  depth: { type: 'string' }, steps: { type: 'string' }, refine: { type: 'string' }, samples: { type: 'string' }, n: { type: 'string' },
  seed: { type: 'string' }, batch: { type: 'string' }, bootstrap: { type: 'string' }, top: { type: 'string' },
  classifier: { type: 'string' }, 'classifier-epochs': { type: 'string' }, 'no-cycle': { type: 'boolean' }, truth: { type: 'string' },
  out: { type: 'string' }, threads: { type: 'string' }, ep: { type: 'string' }, ...settingsOptions,
} as const;

type Values = Record<string, unknown>;

/** `--classifier mlp|cnn|transformer|none` (default mlp): the real-data classifier of the flip rate. */
function parseClassifier(values: Values): TranslationPlan['classifier'] {
  const raw = (values.classifier as string | undefined) ?? classifierKinds.mlp;
  if (raw === 'none') return null;
  if (!(Object.values(classifierKinds) as string[]).includes(raw)) {
    throw new UsageError(`--classifier ${raw}: expected ${Object.values(classifierKinds).join(', ')} or none`);
  }
  return { spec: defaultClassifierSpecs[raw as ClassifierKind], epochs: optionalInteger(values, 'classifier-epochs', defaultTrainSettings.epochs, 1) };
}

const requiredInteger = (values: Values, name: string): number => {
  requireString(values, name);
  return optionalInteger(values, name, 0);
};

/** Every setting of the run; the class pair and the depth t* have no default (they decide what the report means). */
function resolvePlan(values: Values, timesteps: number): TranslationPlan {
  const samples = (values.samples as string | undefined) ?? translationSampleSets.holdout;
  if (!(Object.values(translationSampleSets) as string[]).includes(samples)) throw new UsageError(`--samples ${samples}: expected holdout, train or all`);
  const rawDepth = requireString(values, 'depth');
  const depth = rawDepth === 'T' ? timesteps : optionalInteger(values, 'depth', 0, 0);
  return {
    settings: {
      sourceClass: requiredInteger(values, 'source'),
      targetClass: requiredInteger(values, 'target'),
      depth,
      steps: optionalInteger(values, 'steps', Math.min(50, Math.max(1, depth)), 1),
      fixedPointIterations: optionalInteger(values, 'refine', 0),
      batchSize: optionalInteger(values, 'batch', 64, 1),
      cycle: values['no-cycle'] !== true,
    },
    samples: samples as TranslationSampleSet,
    maxSamples: values.n === undefined ? null : optionalInteger(values, 'n', 0, 1),
    seed: optionalInteger(values, 'seed', 0),
    bootstrap: { resamples: optionalInteger(values, 'bootstrap', 1000, 1), level: 0.95 },
    topGenes: optionalInteger(values, 'top', 20, 1),
    topSnps: optionalInteger(values, 'top', 20, 1),
    classifier: parseClassifier(values),
  };
}

/** truth.json of `gdw simulate`: the names of its causal genes. */
async function readCausalGenes(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch(() => { throw new UsageError(`--truth ${path}: no such file`); });
  return parseCausalGenes(text, path);
}

function cohortOfBundle(bundle: DatasetBundle): TranslationCohort {
  return {
    tensor: bundle.tensor.data, shape: { ...bundle.tensor.shape }, mask: bundle.tensor.mask, labels: bundle.labels, roles: bundle.split.roles,
    sampleIds: bundle.sampleIds, classNames: bundle.classNames, codecSha256: bundle.layout.codecSha256,
    geneNames: bundle.codec.genes.map((g) => g.name), codec: bundle.codec,
  };
}

/** The translated samples as a bundle of the same codec: ids `tr_<original id>`, labels the target class, all in the train role. */
async function writeTranslatedBundle(dir: string, bundle: DatasetBundle, report: TranslationReport, translated: Float32Array): Promise<void> {
  const count = report.data.translated;
  const files = await createBundle({
    codec: bundle.codec, sampleIds: report.data.sampleIds.map((id) => `tr_${id}`),
    labels: new Int8Array(count).fill(report.data.targetClass.index), classNames: bundle.classNames,
    split: { roles: new Uint8Array(count).fill(sampleRoles.train) },
    tensor: { data: translated, shape: { ...bundle.tensor.shape, batch: count }, mask: bundle.tensor.mask },
  });
  await mkdir(dir, { recursive: true });
  await writeBundleFolder(dir, files);
}

function formatSummary(report: TranslationReport): string {
  const f = (x: number) => x.toFixed(4);
  const interval = (b: { estimate: number; lower: number; upper: number }) => `${f(b.estimate)} [${f(b.lower)}, ${f(b.upper)}]`;
  const lines = [
    `${report.data.translated} of ${report.data.chosen} ${report.data.samples} samples, class ${report.data.sourceClass.name} → ${report.data.targetClass.name} (${report.status})`,
    `reconstruction check (same class, mean |Δ| per real slot): ${interval(report.reconstruction.meanAbs)}`,
    `translation (mean |Δ| per real slot):                       ${interval(report.translation.meanAbs)}`,
    report.cycle ? `cycle loss (‖Δ‖ over real slots):                         ${interval(report.cycle.l2)}` : 'cycle: not run',
    report.flipRate ? `flip rate (classifier on real data → target):              ${interval(report.flipRate.translatedAsTarget)}`
      + `; originals as source ${interval(report.flipRate.originalsAsSource)}` : 'flip rate: no classifier',
    report.causalGenes ? `causal-gene AUC of the change map: ${f(report.causalGenes.auc)} [${f(report.causalGenes.lower)}, ${f(report.causalGenes.upper)}]` : '',
    `top genes: ${report.changeMap.top.slice(0, 10).map((g) => `${g.name} ${g.change.toFixed(3)}`).join(', ')}`,
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}

export async function translateCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const modelPath = requireString(values, 'backbone');
  const bundleDir = requireString(values, 'bundle');
  const outDir = requireString(values, 'out');
  const causalGenes = values.truth ? await readCausalGenes(values.truth) : null;
  // 1. The backbone: settings from every source, refused while one that changes numbers is unknown.
  const threads = optionalInteger(values, 'threads', 1, 1);
  const model = await prepareCliBackbone(modelPath, { threads, ep: values.ep }, (line) => io.stderr(`${line}\n`));
  const { overrides, context, assumeDefaults } = await readCliSettings(modelPath, values, (await readBundleEncoding(bundleDir)).encoding);
  const resolved = readBackboneSpec(model.bytes, model.loadOptions.fileName, overrides, context);
  requireCompleteSettings(resolved, assumeDefaults, modelPath);
  const plan = resolvePlan(values, resolved.schedule.timesteps);
  // 2. The bundle, the engines and the pipeline.
  const bundle = await readBundle(await readBundleFolder(bundleDir));
  const engine = createOrtInferenceEngine(model.runtime);
  const { spec } = await engine.load(model.bytes, { ...model.loadOptions, overrides, context });
  io.stderr(`${describeSettings(spec)}\n`);
  tf.enableProdMode();
  let lastPercent = -1;
  try {
    const { report, translated } = await runTranslationPipeline({
      cohort: cohortOfBundle(bundle), plan, backbone: { spec, sha256: await sha256Hex(model.bytes), engine },
      training: plan.classifier ? createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] }) : null,
      causalGenes, generator: 'gdw translate', onLog: (line) => io.stderr(`${line}\n`),
      onProgress: (event) => {
        if (event.status !== 'progress') return;
        const percent = Math.floor((10 * event.callsDone) / event.callsTotal) * 10;
        if (percent !== lastPercent) {
          io.stderr(`  ${percent}% (${event.callsDone}/${event.callsTotal} denoiser calls, ${event.samplesDone}/${event.samplesTotal} samples done)\n`);
        }
        lastPercent = percent;
      },
    });
    // 3. The report and the translated set.
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'report.json'), `${JSON.stringify(toJsonSafe(report), null, 1)}\n`);
    await writeTranslatedBundle(join(outDir, 'translated'), bundle, report, translated);
    io.stdout(formatSummary(report));
    io.stdout(`wrote ${join(outDir, 'report.json')} and the bundle ${join(outDir, 'translated')}\n`);
  } finally {
    await engine.unload();
  }
}
