// The generalisation-vs-memorisation runner (seed 003 §4.2) the app's Memorisation card and
// `gdw memorisation` share (DESIGN.md "One pipeline per job"): check the two backbones against the
// data and against each other, read each one's training rows, generate from the same seeds on each
// backbone's inference engine, then measure (core/metrics/generalisation.ts) and build the report
// (core/report/memorisationReport.ts). Same inputs, same report, in Node and in the page.
import type { BackboneSpec } from '../core/backbone/spec';
import type { SampleRequest } from '../core/diffusion/sampler';
import { sampleRoles } from '../core/encode/split';
import { computeGeneralisation } from '../core/metrics/generalisation';
import type { HistogramBins } from '../core/metrics/memorisation';
import { createSampleRows, type SampleRows } from '../core/metrics/sampleRows';
import { checkSameSeedPair, countOverlap, trainingRowsOf, type TrainingRows } from '../core/report/memorisationPlan';
import {
  buildMemorisationReport, type MemorisationBackboneInfo, type MemorisationGeneration, type MemorisationReport,
} from '../core/report/memorisationReport';
import { checkCodec, checkShape, classLabelsInTurn } from '../core/report/plan';
import { gatherRows, type RowData } from '../core/store/rowData';
import type { EncodedDataset } from './data';
import type { InferenceEngine } from './inference';
import type { SampleProgress } from './progress';

/** The real data the test measures against: the encoding and its rows, read by index (never whole). */
export interface MemorisationData {
  /** The bundle's name in the report (the CLI: its folder; the app: the encoded cohort). */
  name: string;
  codecSha256: string;
  genes: number;
  channels: number;
  /** [G, C]: 1 real slot. */
  mask: Uint8Array;
  /** Split role per bundle row (encode/split.ts sampleRoles). */
  roles: Uint8Array;
  trainIdx: Int32Array;
  holdoutIdx: Int32Array;
  /** The bundle rows `rows` as a sample set. */
  rows(rows: Int32Array, label: string): SampleRows;
}

/** One backbone of the pair, loaded. */
export interface MemorisationMember {
  /** Its name in the report (`--backbone NAME=…`; the app: the file name). */
  id: string;
  spec: BackboneSpec;
  file: { name: string; sha256: string; bytes: number };
  engine: Pick<InferenceEngine, 'sample'>;
  /** Called once its samples are generated (the CLI unloads it); the app keeps it loaded. */
  release?: () => Promise<void>;
}

export interface MemorisationPlan {
  generation: Omit<MemorisationGeneration, 'labels'>;
  threshold: number;
  bins: HistogramBins;
  /** Without gdw.train_rows, measure against the bundle's whole training split (else refused). */
  assumeTrainSplit: boolean;
}

/** Progress by backbone: generating A, generating B, then the distances. */
export type MemorisationProgress =
  | { status: 'generating'; member: 0 | 1; id: string; event: SampleProgress }
  | { status: 'measuring' };

export interface MemorisationPipelineInput {
  data: MemorisationData;
  pair: [MemorisationMember, MemorisationMember];
  plan: MemorisationPlan;
  /** The class labels of the pair's samples (the same for both) and how the report names them. */
  labelsFor(spec: BackboneSpec, count: number): { labels: Int32Array | null; text: string };
  generator: string;
  createdAt?: string;
  /** Before the distances (the CLI opens its native GEMM there, after the backbones are released). */
  beforeMeasuring?: () => Promise<void>;
  onLog?: (line: string) => void;
  onProgress?: (event: MemorisationProgress) => void;
}

export interface MemorisationPipelineResult {
  report: MemorisationReport;
  /** Each backbone's samples, [count, G, C], sample i of each from the same seed. */
  samples: [Float32Array, Float32Array];
}

/** Checks both against the data and the two against each other; each one's training rows and their overlap. */
export function checkMemorisationPair(data: MemorisationData, pair: [MemorisationMember, MemorisationMember], assumeTrainSplit: boolean) {
  for (const { spec } of pair) {
    checkShape(spec, data.genes, data.channels);
    checkCodec(spec, data.codecSha256);
  }
  const notes = checkSameSeedPair(pair[0].spec, pair[1].spec);
  const training = pair.map((m) => trainingRowsOf(m.spec, data.roles, assumeTrainSplit)) as [TrainingRows, TrainingRows];
  const overlap = countOverlap(training[0].rows, training[1].rows);
  if (overlap > 0) notes.push(`the two training sets share ${overlap} rows; the test assumes disjoint ones`);
  return { training, notes, overlap };
}

/** Checks, generates from the same seeds, measures and reports; a cancel (CancelledError from an engine) ends it. */
export async function runMemorisationPipeline(input: MemorisationPipelineInput): Promise<MemorisationPipelineResult> {
  const { data, pair, plan } = input;
  const { genes, channels } = data;
  const log = input.onLog ?? (() => {});
  // 1. Every refusal before any work.
  const { training, notes, overlap } = checkMemorisationPair(data, pair, plan.assumeTrainSplit);
  const { labels, text } = input.labelsFor(pair[0].spec, plan.generation.count);
  const { generation: g } = plan;
  const request: SampleRequest = {
    count: g.count, genes, channels, sampler: g.sampler, steps: g.steps ?? undefined, eta: g.eta ?? undefined, seed: g.seed,
    batchSize: g.batchSize, classLabels: labels, mask: data.mask,
  };
  // 2. Sample i of each backbone from the same noise and label.
  const samples: Float32Array[] = [];
  const runs: { executionProvider: string; elapsedMs: number }[] = [];
  for (const [k, member] of pair.entries()) {
    log(`[${member.id}] generating ${g.count} samples (${g.sampler}, seed ${g.seed})`);
    const result = await member.engine.sample(request, (event) => input.onProgress?.({ status: 'generating', member: k as 0 | 1, id: member.id, event }));
    await member.release?.();
    samples.push(result.samples);
    runs.push({ executionProvider: result.executionProvider, elapsedMs: result.elapsedMs });
  }
  // 3. The metric over the real slots, then the report.
  input.onProgress?.({ status: 'measuring' });
  await input.beforeMeasuring?.();
  const dims = genes * channels;
  const trainOf = (k: number) => data.rows(training[k].rows, `training rows of ${pair[k].id}`);
  const result = await computeGeneralisation({
    a: { samples: createSampleRows(samples[0], g.count, dims, `synthetic (${pair[0].id})`), train: trainOf(0) },
    b: { samples: createSampleRows(samples[1], g.count, dims, `synthetic (${pair[1].id})`), train: trainOf(1) },
    holdout: data.rows(data.holdoutIdx, 'real holdout'),
  }, { mask: data.mask, threshold: plan.threshold, bins: plan.bins });
  const infos = pair.map((m, k): MemorisationBackboneInfo => ({
    id: m.id, file: m.file, family: m.spec.family, codecSha256: m.spec.codecSha256, ...runs[k], training: training[k],
  }));
  const report = buildMemorisationReport({
    generator: input.generator, createdAt: input.createdAt ?? new Date().toISOString(),
    bundle: { name: data.name, codecSha256: data.codecSha256, train: data.trainIdx.length, holdout: data.holdoutIdx.length, genes, channels },
    generation: { ...g, labels: text }, backbones: [infos[0], infos[1]], result, notes,
  }, overlap);
  return { report, samples: [samples[0], samples[1]] };
}

/** Rows of an [N, G, C] tensor as a sample set (the app's encoded dataset: its chunks in memory are read here). */
export function memorisationDataInMemory(input: {
  name: string; tensor: RowData; genes: number; channels: number; mask: Uint8Array; roles: Uint8Array; codecSha256: string;
}): MemorisationData {
  const { tensor, genes, channels, roles } = input;
  const dims = genes * channels;
  const byRole = (role: number) => Int32Array.from(Array.from(roles.keys()).filter((i) => roles[i] === role));
  return {
    name: input.name, codecSha256: input.codecSha256, genes, channels, mask: input.mask, roles,
    trainIdx: byRole(sampleRoles.train), holdoutIdx: byRole(sampleRoles.holdout),
    rows: (rows, label) => createSampleRows(gatherRows(tensor, dims, rows), rows.length, dims, label),
  };
}

/** Classes in turn (0, 1, …), as `gdw memorisation` labels the pairs without --class; none for an unconditional backbone. */
export function labelsInTurn(spec: BackboneSpec, count: number): { labels: Int32Array | null; text: string } {
  const classes = spec.labelInput ? spec.numClasses : null;
  return classes === null ? { labels: null, text: 'unconditional' } : { labels: classLabelsInTurn(count, classes), text: 'classes in turn' };
}

/** The app's encoded dataset (data worker) as the pipeline reads it. */
export function memorisationDataOfDataset(dataset: Pick<EncodedDataset, 'tensor' | 'shape' | 'mask' | 'roles' | 'codecSha256'>): MemorisationData {
  const { tensor, shape, mask, roles, codecSha256 } = dataset;
  return memorisationDataInMemory({ name: `encoded cohort (codec ${codecSha256.slice(0, 8)})`, tensor, genes: shape.genes, channels: shape.channels, mask, roles, codecSha256 });
}
