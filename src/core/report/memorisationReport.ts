// The JSON report of `gdw memorisation` (and the CSV of its histograms): the settings of every
// number, both backbones with their training rows, the summary the seed reads (means, medians, share
// at or above the threshold) and the histograms on shared bins, plus the per-sample values.
import type { DistanceSpaceSettings } from '../metrics/distanceSpace';
import type { GeneralisationResult, ModelMemorisation, SimilaritySummary } from '../metrics/generalisation';
import type { HistogramBins } from '../metrics/memorisation';
import type { TrainingRows } from './memorisationPlan';

export const MEMORISATION_REPORT_FORMAT = 'gdw-memorisation-report';
export const MEMORISATION_REPORT_VERSION = 1;

export interface MemorisationBackboneInfo {
  /** `--backbone NAME=…` */
  id: string;
  file: { name: string; sha256: string; bytes: number };
  family: string;
  codecSha256: string | null;
  executionProvider: string;
  elapsedMs: number;
  training: TrainingRows;
}

export interface MemorisationGeneration {
  count: number;
  sampler: 'ddim' | 'ddpm';
  steps: number | null;
  eta: number | null;
  seed: number;
  batchSize: number;
  /** 'classes in turn', 'class 1', 'unconditional' … */
  labels: string;
}

export interface MemorisationReportInput {
  generator: string;
  createdAt: string;
  bundle: { name: string; codecSha256: string; train: number; holdout: number; genes: number; channels: number };
  generation: MemorisationGeneration;
  backbones: [MemorisationBackboneInfo, MemorisationBackboneInfo];
  result: GeneralisationResult;
  notes: string[];
}

interface SideReport {
  toTrain: SimilaritySummary;
  holdoutToTrain: SimilaritySummary;
  trainRows: number;
}

export interface MemorisationReport {
  format: typeof MEMORISATION_REPORT_FORMAT;
  version: number;
  generator: string;
  createdAt: string;
  bundle: MemorisationReportInput['bundle'];
  generation: MemorisationGeneration;
  settings: { threshold: number; bins: HistogramBins; pairs: number; holdout: number; distance: DistanceSpaceSettings };
  backbones: (Omit<MemorisationBackboneInfo, 'training'> & {
    training: Omit<TrainingRows, 'rows'> & { count: number; rows: number[] };
  })[];
  /** Rows both backbones trained on (0 for disjoint halves). */
  trainingOverlap: number;
  summary: {
    /** Cosine of same-seed pairs: near 1 = both learned the same map (generalisation). */
    sameSeed: SimilaritySummary;
    a: SideReport;
    b: SideReport;
    /** Share of pairs closer to each other than either sample is to its own training set. */
    shareGeneralising: number;
  };
  /** Counts per bin on `edges` (bins + 1 values). */
  histograms: { edges: number[]; sameSeed: number[]; aToTrain: number[]; bToTrain: number[]; aHoldoutToTrain: number[]; bHoldoutToTrain: number[] };
  /** Per sample i (pair i): the values behind the histograms; nearest rows are bundle rows. */
  samples: { sameSeed: number[]; aToTrain: number[]; bToTrain: number[]; aNearestTrainRow: number[]; bNearestTrainRow: number[] };
  notes: string[];
}

const sideOf = (side: ModelMemorisation): SideReport => ({
  toTrain: side.toTrain.summary, holdoutToTrain: side.holdoutToTrain.summary, trainRows: side.trainCount,
});

/** Bundle row of each sample's nearest training sample (the metric indexes the training rows). */
const bundleRows = (nearest: Int32Array, rows: Int32Array): number[] => Array.from(nearest, (k) => rows[k]);

export function buildMemorisationReport(input: MemorisationReportInput, trainingOverlap: number): MemorisationReport {
  const { result, backbones } = input;
  return {
    format: MEMORISATION_REPORT_FORMAT,
    version: MEMORISATION_REPORT_VERSION,
    generator: input.generator,
    createdAt: input.createdAt,
    bundle: input.bundle,
    generation: input.generation,
    settings: result.settings,
    backbones: backbones.map(({ training, ...rest }) => ({
      ...rest, training: { ...training, count: training.rows.length, rows: Array.from(training.rows) },
    })),
    trainingOverlap,
    summary: { sameSeed: result.sameSeed.summary, a: sideOf(result.a), b: sideOf(result.b), shareGeneralising: result.shareGeneralising },
    histograms: {
      edges: Array.from(result.sameSeed.histogram.edges),
      sameSeed: Array.from(result.sameSeed.histogram.counts),
      aToTrain: Array.from(result.a.toTrain.histogram.counts),
      bToTrain: Array.from(result.b.toTrain.histogram.counts),
      aHoldoutToTrain: Array.from(result.a.holdoutToTrain.histogram.counts),
      bHoldoutToTrain: Array.from(result.b.holdoutToTrain.histogram.counts),
    },
    samples: {
      sameSeed: Array.from(result.sameSeed.values),
      aToTrain: Array.from(result.a.toTrain.values),
      bToTrain: Array.from(result.b.toTrain.values),
      aNearestTrainRow: bundleRows(result.a.nearestTrainRow, backbones[0].training.rows),
      bNearestTrainRow: bundleRows(result.b.nearestTrainRow, backbones[1].training.rows),
    },
    notes: input.notes,
  };
}

/** One row per bin: its edges and the five histograms' counts (A and B named by their ids). */
export function memorisationHistogramCsv(report: MemorisationReport): string {
  const [a, b] = report.backbones.map((backbone) => backbone.id);
  const h = report.histograms;
  const header = ['bin_lower', 'bin_upper', 'same_seed', `${a}_to_train`, `${b}_to_train`, `holdout_to_${a}_train`, `holdout_to_${b}_train`];
  const lines = h.sameSeed.map((_, k) => [h.edges[k], h.edges[k + 1], h.sameSeed[k], h.aToTrain[k], h.bToTrain[k], h.aHoldoutToTrain[k], h.bHoldoutToTrain[k]].join(','));
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

const fixed = (x: number): string => x.toFixed(3);

/** The summary as a few aligned lines for stdout. */
export function formatMemorisationSummary(report: MemorisationReport): string {
  const [a, b] = report.backbones;
  const { summary: s, settings } = report;
  const row = (label: string, x: SimilaritySummary) =>
    `  ${label.padEnd(34)} ${fixed(x.mean)}  ${fixed(x.median)}  ${fixed(x.shareAtLeastThreshold)}`;
  return [
    `memorisation test: ${a.id} (${a.training.count} training rows) vs ${b.id} (${b.training.count}), ${settings.pairs} same-seed pairs, `
      + `overlap ${report.trainingOverlap} rows`,
    `  ${''.padEnd(34)} mean   median  ≥ ${settings.threshold}`,
    row('same-seed pair cosine', s.sameSeed),
    row(`${a.id} → closest own training`, s.a.toTrain),
    row(`${b.id} → closest own training`, s.b.toTrain),
    row(`holdout → ${a.id}'s training`, s.a.holdoutToTrain),
    row(`holdout → ${b.id}'s training`, s.b.holdoutToTrain),
    `  pairs closer to each other than to either's training data: ${fixed(s.shareGeneralising)}`,
    ...report.notes.map((note) => `  note: ${note}`),
    '',
  ].join('\n');
}
