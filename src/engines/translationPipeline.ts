// The translation runner the app and `gdw translate` share (DESIGN.md "One pipeline per job"): check
// the backbone and the data, choose the real samples, translate them on the backbone's inference
// engine, then compute the report's values in core/translate (reconstruction check, change map,
// cycle loss, decoded SNP changes, causal-gene AUC) and the flip rate with a classifier trained on
// the real training split by the training engine.
import type { BackboneSpec } from '../core/backbone/spec';
import { argmaxRows } from '../core/classify/evaluate';
import type { ClassifierSpec } from '../core/classify/models';
import { defaultTrainSettings } from '../core/classify/train';
import { sampleRoles } from '../core/encode/split';
import { CancelledError, isCancelled } from '../core/errors';
import type { GeneCodec } from '../core/encode/codec';
import { computeChangeMap, decodedDosageChange, summarizeDistance, type GeneChange, type SnpChange } from '../core/translate/changeMap';
import { TranslationError, translationProblems } from '../core/translate/errors';
import { causalGeneAuc, classRate } from '../core/translate/outcome';
import {
  TRANSLATION_REPORT_FORMAT, TRANSLATION_REPORT_VERSION, type TranslationFlipRate, type TranslationReport, type TranslationSampleSet,
} from '../core/translate/report';
import { gatherRows, type RowData } from '../core/store/rowData';
import { checkTranslationSettings, type TranslationSettings } from '../core/translate/translate';
import type { InferenceEngine } from './inference';
import type { TrainingEngine } from './training';
import type { TranslationProgress, TranslationResult } from './translation';

/** The real data, in memory: the bundle's tensor and what describes its samples. */
export interface TranslationCohort {
  /** In memory, or read by row (the app's encoded dataset: its chunks in memory are read here). */
  tensor: RowData;
  shape: { batch: number; genes: number; channels: number };
  mask: Uint8Array;
  /** Class per sample, −1 unlabelled. */
  labels: Int8Array;
  /** Split role per sample (encode/split.ts sampleRoles). */
  roles: Uint8Array;
  sampleIds: string[];
  classNames: string[];
  codecSha256: string;
  /** Gene names by slot (real genes). */
  geneNames: string[];
  /** Decodes the change to SNP dosages when given. */
  codec: GeneCodec | null;
}

export interface TranslationPlan {
  settings: TranslationSettings;
  samples: TranslationSampleSet;
  /** Only these sample ids within `samples` (the app's UMAP selection of real samples); absent or null: every one. */
  sampleIds?: string[] | null;
  /** At most this many samples (the first in bundle order); null: all of the source class. */
  maxSamples: number | null;
  seed: number;
  bootstrap: { resamples: number; level: number };
  /** Genes of the ranked table with intervals, and SNPs listed. */
  topGenes: number;
  topSnps: number;
  /** The flip-rate classifier; null: no flip rate. */
  classifier: { spec: ClassifierSpec; epochs: number } | null;
}

export interface TranslationBackbone {
  spec: BackboneSpec;
  sha256: string | null;
  engine: Pick<InferenceEngine, 'translate'>;
}

export interface TranslationPipelineInput {
  cohort: TranslationCohort;
  plan: TranslationPlan;
  backbone: TranslationBackbone;
  training: TrainingEngine | null;
  /** Names of the truth's causal genes (truth.json); null: no AUC. */
  causalGenes: string[] | null;
  generator: string;
  /** Decodes the change to SNP dosages where the codec is held elsewhere (the app's data worker); cohort.codec wins. */
  decodeSnpChanges?: (request: { before: Float32Array; after: Float32Array; count: number; top: number }) => Promise<SnpChange[]>;
  onLog?: (line: string) => void;
  onProgress?: (event: TranslationProgress) => void;
}

export interface TranslationPipelineResult {
  report: TranslationReport;
  /** [translated, G, C]; the rows of the cohort they came from. */
  translated: Float32Array;
  rows: Int32Array;
}

/** Refuses a backbone of another encoding and data with fewer than two classes, naming what was expected. */
export function checkTranslationInputs(cohort: TranslationCohort, spec: BackboneSpec): 'match' | 'absent' {
  const { genes, channels } = cohort.shape;
  if ((spec.genes !== null && spec.genes !== genes) || (spec.channels !== null && spec.channels !== channels)) {
    throw new TranslationError(translationProblems.wrongEncoding,
      `${spec.fileName} takes [B, ${spec.genes ?? '?'}, ${spec.channels ?? '?'}]; the bundle's tensor is [N, ${genes}, ${channels}]: use the bundle it was trained on`);
  }
  if (spec.codecSha256 !== null && spec.codecSha256.toLowerCase() !== cohort.codecSha256.toLowerCase()) {
    throw new TranslationError(translationProblems.wrongEncoding, `${spec.fileName} was trained on codec ${spec.codecSha256} (gdw.codec_sha256), `
      + `but the samples are encoded with codec ${cohort.codecSha256}: translate samples of the bundle it was trained on`);
  }
  const present = [...new Set(Array.from(cohort.labels).filter((y) => y >= 0))].sort();
  if (present.length < 2) {
    throw new TranslationError(translationProblems.oneClass, `the bundle's labelled samples are ${present.length === 0 ? 'none' : `all class ${present[0]}`}; `
      + 'translation needs samples of at least two classes (a labelled, case/control bundle)');
  }
  return spec.codecSha256 === null ? 'absent' : 'match';
}

/** Rows of the chosen set that are of the source class, in bundle order, at most maxSamples. */
export function chooseSourceRows(cohort: TranslationCohort, plan: TranslationPlan): Int32Array {
  const role = plan.samples === 'all' ? null : sampleRoles[plan.samples];
  const source = plan.settings.sourceClass;
  const named = plan.sampleIds ? new Set(plan.sampleIds) : null;
  const rows: number[] = [];
  for (let i = 0; i < cohort.labels.length && (plan.maxSamples === null || rows.length < plan.maxSamples); i++) {
    if (cohort.labels[i] === source && (role === null || cohort.roles[i] === role) && (named === null || named.has(cohort.sampleIds[i]))) rows.push(i);
  }
  if (rows.length === 0 && named) {
    const found = cohort.sampleIds.filter((id) => named.has(id)).length;
    throw new TranslationError(translationProblems.noSourceSamples, `none of the ${named.size} selected real samples (${found} of them in the encoded cohort) `
      + `is of the source class ${source}; select real samples of class ${source} on the UMAP, or choose another sample set`);
  }
  if (rows.length === 0) {
    throw new TranslationError(translationProblems.noSourceSamples,
      `no ${plan.samples === 'all' ? '' : `${plan.samples} `}sample is of the source class ${source}; expected at least one to translate`);
  }
  return Int32Array.from(rows);
}

function cohortRows(cohort: TranslationCohort, rows: ArrayLike<number>): Float32Array {
  return gatherRows(cohort.tensor, cohort.shape.genes * cohort.shape.channels, rows);
}

const labelledSet = (cohort: TranslationCohort, data: Float32Array, labels: Int8Array) =>
  ({ data, shape: { batch: labels.length, genes: cohort.shape.genes, channels: cohort.shape.channels }, labels, mask: cohort.mask });

/** Flip rate: a classifier trained on the real training split scores the translated, original and reconstructed samples. */
async function measureFlipRate(
  training: TrainingEngine, cohort: TranslationCohort, plan: TranslationPlan, sets: { original: Float32Array; translated: Float32Array; reconstructed: Float32Array },
  log: (line: string) => void,
): Promise<TranslationFlipRate> {
  const classifier = plan.classifier as NonNullable<TranslationPlan['classifier']>;
  const { sourceClass, targetClass } = plan.settings;
  const classes = Math.max(cohort.classNames.length, 2);
  const labelledRows = (role: number) => [...cohort.labels.keys()].filter((i) => cohort.roles[i] === role && cohort.labels[i] >= 0);
  const trainRows = labelledRows(sampleRoles.train);
  const holdoutRows = labelledRows(sampleRoles.holdout);
  await training.init();
  const trained = await training.train({
    set: labelledSet(cohort, cohortRows(cohort, trainRows), Int8Array.from(trainRows, (i) => cohort.labels[i])),
    settings: { ...defaultTrainSettings, model: classifier.spec, epochs: classifier.epochs, seed: plan.seed }, classes, label: 'flip-rate classifier',
  });
  const bootstrap = { resamples: plan.bootstrap.resamples, level: plan.bootstrap.level, seed: plan.seed, stratified: false };
  const predict = async (data: Float32Array, label: number) => {
    const labels = new Int8Array(data.length / (cohort.shape.genes * cohort.shape.channels)).fill(label);
    const { probabilities } = await training.evaluate({ modelId: trained.modelId, set: labelledSet(cohort, data, labels), bootstrap });
    return argmaxRows(probabilities, classes);
  };
  try {
    const holdout = holdoutRows.length === 0 ? null : await training.evaluate({
      modelId: trained.modelId, bootstrap,
      set: labelledSet(cohort, cohortRows(cohort, holdoutRows), Int8Array.from(holdoutRows, (i) => cohort.labels[i])),
    });
    const holdoutBalancedAccuracy = holdout ? holdout.metrics.balancedAccuracy.estimate : null;
    log(`flip-rate classifier (${classifier.spec.kind}, ${trainRows.length} real training samples): holdout balanced accuracy ${holdoutBalancedAccuracy?.toFixed(3) ?? 'n/a'}`);
    return {
      classifier: { kind: classifier.spec.kind, epochs: classifier.epochs, seed: plan.seed, trainedOn: trainRows.length, holdoutBalancedAccuracy },
      translatedAsTarget: classRate(await predict(sets.translated, targetClass), targetClass, plan.bootstrap.level),
      originalsAsSource: classRate(await predict(sets.original, sourceClass), sourceClass, plan.bootstrap.level),
      reconstructedAsSource: classRate(await predict(sets.reconstructed, sourceClass), sourceClass, plan.bootstrap.level),
    };
  } finally {
    training.disposeModel(trained.modelId);
  }
}

const className = (cohort: TranslationCohort, k: number) => ({ index: k, name: cohort.classNames[k] ?? `class ${k}` });

/** What the report is computed from: the chosen rows, the originals that finished and the engine's result. */
interface FinishedTranslation {
  chosen: Int32Array;
  before: Float32Array;
  result: TranslationResult;
  codecCheck: 'match' | 'absent';
  flipRate: TranslationFlipRate | null;
  /** Why there is no flip rate although one was asked for. */
  flipRateMissing: string | null;
  snpChanges: SnpChange[] | null;
}

/** The report's values, computed in core/translate, with every setting that changed them. */
function buildReport(input: TranslationPipelineInput, finished: FinishedTranslation, elapsedMs: number): TranslationReport {
  const { cohort, plan, backbone: { spec, sha256 } } = input;
  const { chosen, before, result, codecCheck, flipRate, flipRateMissing, snpChanges } = finished;
  const shape = { genes: cohort.shape.genes, channels: cohort.shape.channels };
  const boot = { ...plan.bootstrap, seed: plan.seed };
  const distance = (after: Float32Array) => summarizeDistance(before, after, cohort.mask, shape, boot);
  const map = computeChangeMap(before, result.translated, cohort.mask, shape, { ...boot, geneNames: cohort.geneNames, intervalsForTop: plan.topGenes });
  const byGene = new Map(map.genes.map((g) => [g.gene, g]));
  return {
    format: TRANSLATION_REPORT_FORMAT, version: TRANSLATION_REPORT_VERSION, generator: input.generator,
    status: flipRateMissing === null ? result.status : 'cancelled',
    backbone: { file: spec.fileName, sha256, numClasses: spec.numClasses ?? 0, timesteps: spec.schedule.timesteps, codecCheck },
    data: {
      codecSha256: cohort.codecSha256, samples: plan.samples, sourceClass: className(cohort, plan.settings.sourceClass),
      targetClass: className(cohort, plan.settings.targetClass), chosen: chosen.length, translated: result.samplesDone,
      ...(plan.sampleIds ? { selectedIds: plan.sampleIds.length } : {}),
      sampleIds: Array.from(chosen.subarray(0, result.samplesDone), (i) => cohort.sampleIds[i]),
    },
    settings: { ...plan.settings, timesteps: Array.from(result.timesteps), maxSamples: plan.maxSamples, seed: plan.seed, bootstrap: plan.bootstrap },
    reconstruction: distance(result.reconstructed),
    translation: distance(result.translated),
    cycle: result.cycled ? distance(result.cycled) : null,
    changeMap: {
      perGene: 'mean over samples of the mean |Δ| over the gene\'s real components (latent, standardised slots)',
      genes: map.genes.length, bootstrap: map.bootstrap,
      top: map.ranking.slice(0, plan.topGenes).map((g) => byGene.get(g) as GeneChange),
      all: map.genes.map(({ gene, name, change }) => ({ gene, name, change })),
    },
    snpChanges,
    flipRate,
    ...(flipRateMissing === null ? {} : { flipRateMissing }),
    causalGenes: input.causalGenes ? causalGeneAuc(map.genes.map((g) => ({ name: g.name, score: g.change })), input.causalGenes, boot) : null,
    elapsedMs,
  };
}

/** Checks, translates and reports; a cancelled translation reports the samples that finished. */
export async function runTranslationPipeline(input: TranslationPipelineInput): Promise<TranslationPipelineResult> {
  const { cohort, plan, backbone: { spec } } = input;
  const log = input.onLog ?? (() => {});
  const started = Date.now();
  // 1. Every refusal before any work.
  checkTranslationSettings(plan.settings, { fileName: spec.fileName, timesteps: spec.schedule.timesteps, numClasses: spec.labelInput ? (spec.numClasses ?? 0) : null });
  const codecCheck = checkTranslationInputs(cohort, spec);
  if (codecCheck === 'absent') log(`warning: ${spec.fileName} names no codec (gdw.codec_sha256); it may have been trained on another encoding`);
  const chosen = chooseSourceRows(cohort, plan);
  // 2. Translate on the backbone's engine.
  const original = cohortRows(cohort, chosen);
  const result = await input.backbone.engine.translate(
    { x0: original, shape: { ...cohort.shape, batch: chosen.length }, mask: cohort.mask, settings: plan.settings }, input.onProgress);
  const done = result.samplesDone;
  if (done === 0) throw new CancelledError('translation (before any sample finished)');
  if (result.status === 'cancelled') log(`cancelled: reporting the ${done} of ${chosen.length} samples that finished`);
  const before = original.subarray(0, result.translated.length);
  // 3. The flip rate (a classifier trained on real data); a cancel during it keeps the translations
  //    that finished, reported without a flip rate. Then the report.
  let flipRate: TranslationFlipRate | null = null;
  let flipRateMissing: string | null = null;
  if (plan.classifier && input.training) {
    try {
      flipRate = await measureFlipRate(input.training, cohort, plan, { original: before, translated: result.translated, reconstructed: result.reconstructed }, log);
    } catch (err) {
      if (!isCancelled(err)) throw err;
      flipRateMissing = `cancelled while the flip-rate classifier trained: the ${done} translated samples are reported without a flip rate`;
      log(flipRateMissing);
    }
  }
  const snpRequest = { before, after: result.translated, count: done, top: plan.topSnps };
  const snpChanges = cohort.codec ? decodedDosageChange(cohort.codec, before, result.translated, done).slice(0, plan.topSnps)
    : input.decodeSnpChanges && plan.topSnps > 0 ? await input.decodeSnpChanges(snpRequest) : null;
  const report = buildReport(input, { chosen, before, result, codecCheck, flipRate, flipRateMissing, snpChanges }, Date.now() - started);
  return { report, translated: result.translated, rows: chosen.slice(0, done) };
}
