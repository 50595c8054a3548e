// gdw design: a thin shell over the design pipeline (src/engines/designPipeline.ts): a bundle, a
// target class and one or more methods in (activation maximisation needs no backbone; the joint method
// a GAN generator; guidance a diffusion backbone), out a JSON report (traces, before/after scores with
// intervals, realism, per-gene change, the fooled flag) and each method's designs as a dataset bundle
// (and, with --vcf, a VCF decoded through the codec, as `gdw decode` writes one).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { parseCausalEffects } from '../core/design/liabilityOracle';
import type { DesignReport, DesignScores } from '../core/design/report';
import { createBundle, readBundle, type DatasetBundle } from '../core/encode/bundle';
import { sampleRoles } from '../core/encode/split';
import { syntheticCohort } from '../core/encode/synthetic';
import { UsageError } from '../core/errors';
import { vcfChunks } from '../core/genotype/writeVcf';
import { toJsonSafe } from '../core/report/jsonSafe';
import { sha256Hex } from '../core/report/plan';
import { runDesignPipeline, type DesignBackbone, type DesignCohort, type DesignSet } from '../engines/designPipeline';
import type { InferenceEngine } from '../engines/inference';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import { createTfTrainingEngine } from '../engines/trainingEngine';
import { readBundleFolder, writeBundleFolder } from '../node/bundleFolder';
import { writeChunksToFile } from '../node/fileSink';
import { optionalInteger, requireString } from './args';
import { describeSettings, readBundleEncoding, readCliSettings, requireCompleteSettings, settingsOptions } from './backboneSettings';
import { designOptions, resolveDesignPlan } from './designPlan';
import type { CliIo } from './main';
import { prepareCliBackbone } from './modelFiles';

const options = { ...designOptions, ...settingsOptions } as const;
type Values = Record<string, unknown>;

function cohortOfBundle(bundle: DatasetBundle): DesignCohort {
  return {
    tensor: bundle.tensor.data, shape: { ...bundle.tensor.shape }, mask: bundle.tensor.mask, labels: bundle.labels, roles: bundle.split.roles,
    sampleIds: bundle.sampleIds, classNames: bundle.classNames, codecSha256: bundle.layout.codecSha256,
    geneNames: bundle.codec.genes.map((g) => g.name), codec: bundle.codec,
  };
}

/** The backbone the chosen methods need, loaded with its settings from every source; null for activation alone. */
async function loadBackbone(values: Values, bundleDir: string, needed: boolean, io: CliIo): Promise<{ backbone: DesignBackbone; engine: InferenceEngine } | null> {
  const modelPath = values.backbone as string | undefined;
  if (!needed) {
    if (modelPath) io.stderr('note: --backbone is not used by --method activation\n');
    return null;
  }
  if (!modelPath) throw new UsageError('--backbone is required: --method joint needs a GAN generator (z → x), --method guidance a diffusion backbone');
  const model = await prepareCliBackbone(modelPath, { threads: optionalInteger(values, 'threads', 1, 1), ep: values.ep as string | undefined }, (line) => io.stderr(`${line}\n`));
  const { overrides, context, assumeDefaults } = await readCliSettings(modelPath, values, (await readBundleEncoding(bundleDir)).encoding);
  requireCompleteSettings(readBackboneSpec(model.bytes, model.loadOptions.fileName, overrides, context), assumeDefaults, modelPath);
  const engine = createOrtInferenceEngine(model.runtime);
  const { spec } = await engine.load(model.bytes, { ...model.loadOptions, overrides, context });
  io.stderr(`${describeSettings(spec)}\n`);
  return { backbone: { spec, sha256: await sha256Hex(model.bytes), engine }, engine };
}

/** One method's designs as a bundle of the same codec (ids `<method>_<i>`, labelled the target class, train role), and as VCF with --vcf. */
async function writeDesignSet(dir: string, bundle: DatasetBundle, set: DesignSet, targetClass: number, vcf: boolean): Promise<string[]> {
  const ids = Array.from({ length: set.count }, (_, i) => `${set.method}_${i}`);
  const files = await createBundle({
    codec: bundle.codec, sampleIds: ids, labels: new Int8Array(set.count).fill(targetClass), classNames: bundle.classNames,
    split: { roles: new Uint8Array(set.count).fill(sampleRoles.train) },
    tensor: { data: set.designs, shape: { ...bundle.tensor.shape, batch: set.count }, mask: bundle.tensor.mask },
  });
  const out = join(dir, set.method);
  await mkdir(out, { recursive: true });
  await writeBundleFolder(out, files);
  if (!vcf) return [out];
  const path = join(dir, `${set.method}.vcf.gz`);
  await writeChunksToFile(path, vcfChunks(syntheticCohort(bundle.codec, set.designs, set.count, { idPrefix: set.method }), { gzip: true, source: 'gdw design' }));
  return [out, path];
}

const f = (x: number) => x.toFixed(3);
const interval = (b: { estimate: number; lower: number; upper: number } | null) => (b ? `${f(b.estimate)} [${f(b.lower)}, ${f(b.upper)}]` : 'n/a');
const scores = (s: DesignScores) => `predictor ${interval(s.predictor)}, liability ${interval(s.liability)}, oracle classifier ${interval(s.oracleClassifier)}`;

const opt = (x: number | null) => (x === null ? 'n/a' : f(x));
const realism = (after: number | undefined, before: number | undefined) => `${after === undefined ? 'n/a' : f(after)} (${before === undefined ? 'n/a' : f(before)})`;

export function formatDesignSummary(report: DesignReport): string {
  const lines = [`target class ${report.data.targetClass.name}; predictor holdout balanced accuracy ${report.classifiers.predictorHoldoutBalancedAccuracy?.toFixed(3) ?? 'n/a'}, `
    + `oracle classifier ${report.classifiers.oracleHoldoutBalancedAccuracy?.toFixed(3) ?? 'n/a'} (${report.status})`,
  `real training samples, target class vs others: liability ${opt(report.realReference.target.liability)} vs ${opt(report.realReference.others.liability)}, `
    + `oracle classifier ${opt(report.realReference.target.oracleClassifier)} vs ${opt(report.realReference.others.oracleClassifier)}`];
  for (const m of report.methods) {
    lines.push(`${m.method} (${m.status}, ${m.iterationsDone} iterations; ${m.optimiser})`,
      `  before: ${scores(m.before)}`, `  after:  ${scores(m.after)}`,
      `  realism after (before): nearest real ${interval(m.realismAfter.nearestReal)} (${f(m.realismBefore.nearestReal.estimate)}), `
      + `AATS ${realism(m.realismAfter.nnaa?.aats, m.realismBefore.nnaa?.aats)}, AF RMSE ${realism(m.realismAfter.alleleFrequency?.rmse, m.realismBefore.alleleFrequency?.rmse)}, `
      + `LD |Δr²| ${realism(m.realismAfter.ld?.meanAbsR2Diff, m.realismBefore.ld?.meanAbsR2Diff)}`,
      `  fooled (predictor up, no oracle up): ${m.fooled.fooled === null ? 'no oracle' : m.fooled.fooled ? 'YES' : 'no'}; top genes ${m.perGene.top.slice(0, 5).map((g) => `${g.name} ${g.change.toFixed(2)}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function designCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const bundleDir = requireString(values, 'bundle');
  const outDir = requireString(values, 'out');
  const plan = resolveDesignPlan(values);
  const truth = values.truth
    ? parseCausalEffects(await readFile(values.truth, 'utf8').catch(() => { throw new UsageError(`--truth ${values.truth}: no such file`); }), values.truth)
    : null;
  const loaded = await loadBackbone(values, bundleDir, plan.methods.some((m) => m !== 'activation'), io);
  const bundle = await readBundle(await readBundleFolder(bundleDir));
  tf.enableProdMode();
  const controller = new AbortController();
  const onSignal = () => { io.stderr('cancelling: the designs so far are kept\n'); controller.abort(); };
  process.once('SIGINT', onSignal);
  try {
    const { report, sets } = await runDesignPipeline({
      cohort: cohortOfBundle(bundle), plan, backbone: loaded?.backbone ?? null, truth, generator: 'gdw design', signal: controller.signal,
      training: createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] }),
      onLog: (line) => io.stderr(`${line}\n`),
      onProgress: (event) => {
        if (event.status === 'training') io.stderr(`training the ${event.classifier}\n`);
        if (event.status === 'progress' && (event.iterationsDone % 10 === 0 || event.iterationsDone === event.iterationsTotal)) {
          io.stderr(`  ${event.method} ${event.iterationsDone}/${event.iterationsTotal}: predictor ${f(event.point.predictor)}`
            + `${event.point.liability === null ? '' : `, liability ${f(event.point.liability)}`}${event.point.oracleClassifier === null ? '' : `, oracle ${f(event.point.oracleClassifier)}`}\n`);
        }
      },
    });
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'report.json'), `${JSON.stringify(toJsonSafe(report), null, 1)}\n`);
    const written = [];
    for (const set of sets) written.push(...await writeDesignSet(outDir, bundle, set, plan.targetClass, values.vcf === true));
    io.stdout(formatDesignSummary(report));
    io.stdout(`wrote ${join(outDir, 'report.json')} and ${written.join(', ')}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    await loaded?.engine.unload();
  }
}
