// TSTR for `gdw evaluate` (paper Table 1) through the TrainingEngine: per classifier, one model
// on the labelled real training set and one per conditional backbone on its synthetic set of the
// same size and class balance, all tested on the real holdout (src/core/classify/tstr.ts).
import type { LabelledSet } from '../core/classify/dataset';
import { defaultBootstrapSettings } from '../core/classify/evaluate';
import { classifierKinds, defaultClassifierSpecs, type ClassifierKind } from '../core/classify/models';
import { defaultTrainSettings } from '../core/classify/train';
import type { DatasetBundle } from '../core/encode/bundle';
import { UsageError } from '../core/errors';
import { classLabelsInBalance, countClasses } from '../core/report/plan';
import type { TstrRun, TstrSection } from '../core/report/types';
import type { TrainingProgress } from '../engines/training';
import { createTfTrainingEngine } from '../engines/trainingEngine';
import type { CliIo } from './main';

export interface TstrSettings {
  classifiers: ClassifierKind[];
  epochs: number;
  seed: number;
  bootstrapResamples: number;
}

/** One backbone's class-conditional synthetic training set, or why it has none. */
export type TstrSource = { backboneId: string; data: Float32Array; labels: Int32Array } | { backboneId: string; reason: string };

/** `--tstr mlp,cnn,transformer` or `none`. */
export function parseClassifiers(raw: string | undefined): ClassifierKind[] {
  if (raw === undefined) return [classifierKinds.mlp];
  if (raw === 'none') return [];
  const kinds = raw.split(',').map((k) => k.trim());
  const known = Object.values(classifierKinds) as string[];
  const bad = kinds.find((k) => !known.includes(k));
  if (bad !== undefined) throw new UsageError(`--tstr ${raw}: '${bad}' is not a classifier; expected some of ${known.join(', ')} or none`);
  return [...new Set(kinds)] as ClassifierKind[];
}

/** The labelled rows of a split as a classifier's set. */
function labelledSet(bundle: DatasetBundle, rows: Int32Array): LabelledSet {
  const { data, shape, mask } = bundle.tensor;
  const dims = shape.genes * shape.channels;
  const kept = Array.from(rows).filter((i) => bundle.labels[i] >= 0);
  const out = new Float32Array(kept.length * dims);
  kept.forEach((i, r) => out.set(data.subarray(i * dims, (i + 1) * dims), r * dims));
  return { data: out, shape: { batch: kept.length, genes: shape.genes, channels: shape.channels }, labels: Int8Array.from(kept, (i) => bundle.labels[i]), mask };
}

/** Labels of each backbone's TSTR set: the labelled training set's size and class balance; null when TSTR cannot run. */
export function tstrLabels(bundle: DatasetBundle, classes: number): Int32Array | null {
  const perClass = countClasses(Array.from(bundle.split.trainIdx, (i) => bundle.labels[i]), classes);
  const holdout = countClasses(Array.from(bundle.split.holdoutIdx, (i) => bundle.labels[i]), classes);
  if (perClass.filter((n) => n > 0).length < 2 || holdout.filter((n) => n > 0).length < 2) return null;
  return classLabelsInBalance(perClass, perClass.reduce((a, b) => a + b, 0));
}

export async function runTstrSection(
  bundle: DatasetBundle, sources: TstrSource[], labels: Int32Array | null, settings: TstrSettings, io: CliIo,
): Promise<TstrSection> {
  if (settings.classifiers.length === 0) return { status: 'not-run', reason: 'not asked for (--tstr none)' };
  if (!labels) return { status: 'not-run', reason: 'the bundle needs at least two labelled classes in both the training split and the holdout' };
  const classes = bundle.labels.reduce((k, l) => Math.max(k, l + 1), bundle.classNames.length);
  const { shape, mask } = bundle.tensor;
  const synthetic = sources.flatMap((s) => ('data' in s
    ? [{ id: s.backboneId, set: { data: s.data, shape: { ...shape, batch: s.labels.length }, labels: Int8Array.from(s.labels), mask } }]
    : []));
  const engine = createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] });
  const runs: TstrRun[] = [];
  for (const classifier of settings.classifiers) {
    io.stderr(`TSTR ${classifier}: real + ${synthetic.length} synthetic training set(s), ${settings.epochs} epochs at most\n`);
    const result = await engine.tstr({
      realTrain: labelledSet(bundle, bundle.split.trainIdx), holdout: labelledSet(bundle, bundle.split.holdoutIdx), synthetic, classes,
      train: { ...defaultTrainSettings, model: defaultClassifierSpecs[classifier], seed: settings.seed, epochs: settings.epochs },
      bootstrap: { ...defaultBootstrapSettings, resamples: settings.bootstrapResamples, seed: settings.seed },
    }, (event: TrainingProgress) => {
      if (event.status === 'evaluating') io.stderr(`  ${event.source} trained\n`);
    });
    const { backend, elapsedMs, ...report } = result;
    runs.push({ classifier, report, tfBackend: backend, elapsedMs });
  }
  return {
    status: 'done', runs,
    skipped: sources.flatMap((s) => ('reason' in s ? [{ backboneId: s.backboneId, reason: s.reason }] : [])),
    synthetic: { count: labels.length, classCounts: countClasses(labels, classes), seed: settings.seed },
  };
}
