// The pure half of the Compare panel's evaluation: the form parsed, the real sets cut from the
// encoded dataset, which generated sets can be compared (same [G, C] as the encoding), and the
// report's sections that need no worker. The workers' results are put together in comparison.ts.
import { classifierKinds, type ClassifierKind } from '../../core/classify/models';
import { sampleRoles } from '../../core/encode/split';
import { InvalidRequestError } from '../../core/errors';
import { selectRows } from '../../core/metrics/sampleRows';
import { defaultEmbeddingSettings } from '../../core/report/embedding';
import { countClasses, summarizeSpec } from '../../core/report/plan';
import { resolveMetricSettings } from '../../core/report/sampleSetMetrics';
import type {
  BackboneReport, BundleSummary, EvaluationSettings, GenerationSection,
} from '../../core/report/types';
import type { EncodedDataset } from '../../engines/data';
import type { RealSetsInput, SampleSetData } from '../../engines/evaluation';
import type { SyntheticSet } from '../sampleSets';
import type { ComparisonForm } from '../store';
import { parseWholeField } from './formNumbers';

export interface ComparisonChoice {
  seed: number;
  k: number;
  bootstrapResamples: number;
  umapPoints: number;
  levels: number;
  classifiers: ClassifierKind[];
  tstrEpochs: number;
}

const fieldLabels = {
  seed: 'Seed', k: 'Neighbours k', bootstrapResamples: 'Bootstrap resamples', umapPoints: 'UMAP points per set',
  levels: 'Noise levels', tstrEpochs: 'TSTR epochs',
} as const;

export function parseComparisonForm(form: ComparisonForm): ComparisonChoice {
  const known = Object.values(classifierKinds) as string[];
  const bad = form.classifiers.find((k) => !known.includes(k));
  if (bad !== undefined) throw new InvalidRequestError(`classifier '${bad}' is not one of ${known.join(', ')}`);
  return {
    seed: parseWholeField(fieldLabels.seed, form.seed, 0, 2 ** 31 - 1),
    k: parseWholeField(fieldLabels.k, form.k, 1, 100),
    bootstrapResamples: parseWholeField(fieldLabels.bootstrapResamples, form.bootstrapResamples, 1, 100_000),
    umapPoints: parseWholeField(fieldLabels.umapPoints, form.umapPoints, 0, 100_000),
    levels: parseWholeField(fieldLabels.levels, form.levels, 2, 1000),
    classifiers: [...new Set(form.classifiers)],
    tstrEpochs: parseWholeField(fieldLabels.tstrEpochs, form.tstrEpochs, 1, 1000),
  };
}

/** The rows of one role, labels −1 where unknown, as a metric set. */
function roleSet(dataset: EncodedDataset, role: number): SampleSetData {
  const perSample = dataset.shape.genes * dataset.shape.channels;
  const rows: number[] = [];
  dataset.roles.forEach((r, i) => { if (r === role) rows.push(i); });
  const { data } = selectRows({ data: dataset.tensor, count: dataset.shape.batch, dims: perSample }, rows);
  return { data, count: rows.length, labels: Int32Array.from(rows, (i) => dataset.labels[i]), sampleIds: rows.map((i) => dataset.sampleIds[i]) };
}

export function realSetsOf(dataset: EncodedDataset): RealSetsInput {
  const train = roleSet(dataset, sampleRoles.train);
  const holdout = roleSet(dataset, sampleRoles.holdout);
  if (train.count < 2 || holdout.count < 2) {
    throw new InvalidRequestError(`the encoding has ${train.count} training and ${holdout.count} holdout samples; the comparison needs at least 2 of each: encode with a holdout share above 0 %`);
  }
  const { genes, channels } = dataset.shape;
  return { genes, channels, mask: dataset.mask, train, holdout };
}

export function classCountOf(dataset: EncodedDataset): number {
  return dataset.labels.reduce((k, label) => Math.max(k, label + 1), dataset.classNames.length);
}

export function bundleSummaryOf(dataset: EncodedDataset, realGenes: number): BundleSummary {
  const classes = classCountOf(dataset);
  const labelsOf = (role: number) => Array.from(dataset.labels).filter((_, i) => dataset.roles[i] === role);
  const count = (role: number) => dataset.roles.reduce((n, r) => n + (r === role ? 1 : 0), 0);
  return {
    codecSha256: dataset.codecSha256,
    shape: [dataset.shape.batch, dataset.shape.genes, dataset.shape.channels],
    realGenes, realSlots: dataset.mask.reduce((sum, m) => sum + m, 0), classNames: dataset.classNames,
    counts: { train: count(sampleRoles.train), holdout: count(sampleRoles.holdout), excluded: count(sampleRoles.excluded) },
    trainPerClass: countClasses(labelsOf(sampleRoles.train), classes), holdoutPerClass: countClasses(labelsOf(sampleRoles.holdout), classes),
  };
}

/** Sets shaped like the encoding are compared; the others are named with the reason. */
export function pickComparableSets(
  sets: SyntheticSet[], dataset: EncodedDataset,
): { usable: SyntheticSet[]; skipped: { backboneId: string; reason: string }[] } {
  const { genes, channels } = dataset.shape;
  const usable: SyntheticSet[] = [];
  const skipped: { backboneId: string; reason: string }[] = [];
  for (const set of sets) {
    if (set.genes !== genes || set.channels !== channels) {
      skipped.push({ backboneId: set.backboneId, reason: `its samples are [${set.genes}, ${set.channels}], the encoding is [${genes}, ${channels}]` });
    } else if (set.count < 2) {
      skipped.push({ backboneId: set.backboneId, reason: `only ${set.count} sample generated; at least 2 are needed` });
    } else {
      usable.push(set);
    }
  }
  return { usable, skipped };
}

export function generationSectionOf(set: SyntheticSet, classes: number): GenerationSection {
  const { request, spec } = set;
  const ddim = request.sampler === 'ddim';
  return {
    count: set.count, classCounts: set.labels ? countClasses(set.labels, spec.numClasses ?? classes) : null,
    sampler: spec.kind === 'gan-generator' ? 'gan' : request.sampler, steps: ddim ? request.steps ?? 50 : spec.schedule.timesteps,
    eta: ddim ? request.eta ?? 0 : null, seed: request.seed, batchSize: request.batchSize ?? set.count,
    executionProvider: set.executionProvider, elapsedMs: set.elapsedMs,
  };
}

/** What the report keeps of each backbone, before its curves and metrics are known. */
export function backboneHeaderOf(set: SyntheticSet, dataset: EncodedDataset): Omit<BackboneReport, 'reconstruction' | 'validationLoss' | 'metrics'> {
  const backboneCodec = set.spec.codecSha256;
  return {
    id: set.backboneId, file: { ...set.file }, spec: summarizeSpec(set.spec),
    codecCheck: { status: backboneCodec ? 'match' : 'absent', backbone: backboneCodec, bundle: dataset.codecSha256 },
    generation: generationSectionOf(set, classCountOf(dataset)),
  };
}

/** A backbone trained on another encoding cannot be compared against this one. */
export function codecMismatch(set: SyntheticSet, dataset: EncodedDataset): string | null {
  const own = set.spec.codecSha256;
  return own && own !== dataset.codecSha256
    ? `${set.spec.fileName} was trained on encoding ${own.slice(0, 12)}…, the loaded one is ${dataset.codecSha256.slice(0, 12)}…: encode the cohort with the settings it was trained on`
    : null;
}

export function evaluationSettingsOf(choice: ComparisonChoice, sets: SyntheticSet[]): EvaluationSettings {
  const first = sets[0];
  const counts = sets.map((s) => s.count);
  const sameCount = counts.every((n) => n === counts[0]);
  return {
    seed: choice.seed,
    samplesPerSet: Math.min(...counts),
    samplesPerSetRule: sameCount ? 'as generated in the Generate panel' : `as generated in the Generate panel (${counts.join(', ')}; the smallest is shown)`,
    sampler: {
      kind: first.request.sampler, steps: first.request.steps ?? first.spec.schedule.timesteps, eta: first.request.eta ?? 0,
      batchSize: first.request.batchSize ?? first.count,
    },
    reconstruction: { levels: choice.levels, batchSize: 64 },
    validationLoss: { drawsPerSample: 1 },
    metrics: resolveMetricSettings({ seed: choice.seed, k: choice.k, bootstrap: { resamples: choice.bootstrapResamples, level: 0.95 } }),
    umap: choice.umapPoints === 0 ? null : { ...defaultEmbeddingSettings, seed: choice.seed, maxPerSet: choice.umapPoints },
  };
}
