// The evaluation report: one versioned JSON document per evaluation run (`gdw evaluate --out`,
// later loaded by the app), holding every number of issue 5 next to the settings that produced
// it. Every field is JSON-native (typed arrays become number[]; see jsonSafe.ts).
import type { TstrReport } from '../classify/tstr';
import type { ReconstructionCurve, ValidationLossSettings } from '../diffusion/evaluate';
import type { PointSetSummary } from '../embed/points';
import type { UmapRecord } from '../embed/umap';
import type { GenotypeSpaceReport } from '../genospace/section';
import type { BootstrapInterval } from '../metrics/bootstrap';
import type { DcrResult } from '../metrics/dcr';
import type { HistogramBins, MemorisationResult } from '../metrics/memorisation';
import type { NnaaSettings } from '../metrics/nnaa';
import type { NnTestResult } from '../metrics/nnTest';
import type { RandomProjectionOptions } from '../metrics/projection';
import type { SubsampleRecord } from '../metrics/subsample';
import type { DistributionSummary } from '../metrics/summary';

export const REPORT_FORMAT = 'gdw-evaluation-report';
export const REPORT_VERSION = 1;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Settings of the sample-set metrics (NNAA, NN test, DCR, memorisation); recorded with them. */
export interface SampleSetMetricSettings {
  /** Seeds every subsample and bootstrap. */
  seed: number;
  /** Neighbours of the NN test (paper eq. 11: 10). */
  k: number;
  /** At most this many rows per set (seeded draw); null: every row. */
  maxRows: number | null;
  bootstrap: { resamples: number; level: number };
  /** Near-copy radius in angular distance. */
  nearCopyEpsilon: number;
  /** Bins of the closest-training-sample cosine similarity histograms. */
  similarityBins: HistogramBins;
  /** Bins of the DCR (angular distance) histograms. */
  distanceBins: HistogramBins;
  /** Seeded random projection (approximate distances); null: exact. */
  projection: RandomProjectionOptions | null;
}

export const defaultMetricSettings: SampleSetMetricSettings = {
  seed: 0,
  k: 10,
  maxRows: null,
  bootstrap: { resamples: 1000, level: 0.95 },
  nearCopyEpsilon: 1e-3,
  similarityBins: { lower: -1, upper: 1, bins: 100 },
  distanceBins: { lower: 0, upper: 1, bins: 100 },
  projection: null,
};

export interface NnaaSection {
  aaTruth: number;
  aaSyn: number;
  aats: number;
  truthTies: number;
  synTies: number;
  intervals: { aaTruth: BootstrapInterval; aaSyn: BootstrapInterval; aats: BootstrapInterval };
  settings: NnaaSettings;
}

export interface NnTestSection {
  /** D1 = the real set, D2 = the synthetic set; ideal 0.5. */
  score: number;
  expectedUnderNull: number;
  boundaryTies: number;
  interval: BootstrapInterval;
  settings: NnTestResult['settings'];
}

export interface HistogramSection {
  /** bins + 1 edges; the last bin is closed on the right. */
  edges: number[];
  counts: number[];
  outside: number;
}

export interface CopyCountsSection {
  exact: number;
  near: number;
}

export interface DcrSection {
  /** Synthetic → closest training sample. */
  synthetic: DistributionSummary;
  /** Real holdout → closest training sample: what chance gives. */
  holdout: DistributionSummary;
  histograms: { bins: HistogramBins; synthetic: HistogramSection; holdout: HistogramSection };
  /** Share of synthetic samples strictly closer to train than to holdout (ideal ≤ 0.5). */
  protection: { share: number; ties: number; interval: BootstrapInterval; train: SubsampleRecord; holdout: SubsampleRecord };
  copies: { synthetic: CopyCountsSection; holdout: CopyCountsSection };
  settings: DcrResult['settings'];
}

export interface MemorisationSideSection {
  histogram: HistogramSection;
  summary: DistributionSummary;
}

export interface MemorisationSection {
  /** Max cosine similarity of each synthetic sample to the training set. */
  synthetic: MemorisationSideSection;
  holdout: MemorisationSideSection;
  settings: MemorisationResult['settings'];
}

/** Every sample-set metric of one synthetic set against the real train and holdout sets. */
export interface SampleSetMetrics {
  nnaa: { train: NnaaSection; holdout: NnaaSection; privacyLoss: number; privacyLossInterval: BootstrapInterval };
  nnTest: { train: NnTestSection; holdout: NnTestSection };
  dcr: DcrSection;
  memorisation: MemorisationSection;
  settings: SampleSetMetricSettings;
  /** The tfjs backend the distances ran on. */
  tfBackend: string;
  elapsedMs: number;
}

/** The cosine UMAP of real train, real holdout and every backbone's samples (paper Fig. 5). */
export interface UmapSection {
  settings: UmapRecord;
  /** Samples per set at most (seeded subsample, per set); null: every sample. */
  maxPerSet: number | null;
  /** Seed of the per-set subsample. */
  subsampleSeed: number;
  sets: PointSetSummary[];
  /** Columns of equal length; `origin` is the key of a set in `sets`. */
  points: { x: number[]; y: number[]; origin: string[]; label: (number | null)[]; sampleId: string[] };
  tfBackend: string;
  elapsedMs: number;
}

export interface ValidationLossSection {
  loss: number;
  stdError: number | null;
  settings: ValidationLossSettings;
  draws: { sampleIndex: number[]; t: number[]; loss: number[] };
}

/** What the report keeps of a BackboneSpec. */
export interface BackboneSpecSummary {
  kind: string;
  family: string;
  layout: string;
  genes: number | null;
  channels: number | null;
  realGenes: number | null;
  numClasses: number | null;
  /** Takes a class label (and so was given the holdout's class balance). */
  conditional: boolean;
  schedule: { kind: string; timesteps: number; betaStart: number; betaEnd: number };
  prediction: string;
  codecSha256: string | null;
  /** Settings the model left open and that fell back to defaults. */
  missing: string[];
}

export const codecCheckStatuses = {
  /** The backbone's gdw.codec_sha256 equals the bundle's. */
  match: 'match',
  /** The backbone names no codec: it may have been trained on another encoding (a warning). */
  absent: 'absent',
} as const;
export type CodecCheckStatus = (typeof codecCheckStatuses)[keyof typeof codecCheckStatuses];

export interface GenerationSection {
  count: number;
  /** Samples per class generated, null for an unconditional backbone. */
  classCounts: number[] | null;
  sampler: string;
  /** DDIM steps, or the schedule's T for DDPM. */
  steps: number;
  /** DDIM's η; null for DDPM. */
  eta: number | null;
  seed: number;
  batchSize: number;
  executionProvider: string;
  elapsedMs: number;
  /** The version of the backbone's set evaluated (the app keeps a few per backbone); absent for sets generated by `gdw evaluate`. */
  setVersion?: number;
}

export interface BackboneReport {
  /** The name given on the command line (`--backbone name=file`). */
  id: string;
  file: { name: string; sha256: string; bytes: number };
  spec: BackboneSpecSummary;
  codecCheck: { status: CodecCheckStatus; backbone: string | null; bundle: string };
  generation: GenerationSection;
  /** On the real holdout; null for a GAN generator (no denoiser). */
  reconstruction: ReconstructionCurve | null;
  validationLoss: ValidationLossSection | null;
  metrics: SampleSetMetrics;
}

export interface BundleSummary {
  codecSha256: string;
  /** [N, G, C] of the whole bundle. */
  shape: [number, number, number];
  realGenes: number;
  /** Unpadded slots of [G, C]. */
  realSlots: number;
  classNames: string[];
  counts: { train: number; holdout: number; excluded: number };
  trainPerClass: number[];
  holdoutPerClass: number[];
}

export interface EvaluationSettings {
  seed: number;
  /** Synthetic samples generated per backbone. */
  samplesPerSet: number;
  /** How samplesPerSet was chosen, e.g. 'the holdout size (default)'. */
  samplesPerSetRule: string;
  sampler: { kind: string; steps: number; eta: number; batchSize: number };
  reconstruction: { levels: number; batchSize: number };
  validationLoss: { drawsPerSample: number };
  metrics: SampleSetMetricSettings;
  /** null when the UMAP was not asked for. */
  umap: { maxPerSet: number; seed: number; nNeighbors: number; minDist: number; spread: number; nEpochs: number } | null;
}

/** How TSTR's synthetic training sets were chosen (src/engines/evaluationPipeline.ts). */
export type TstrTrainingSet = 'matched' | 'as-generated';

/** One classifier's TSTR table (paper Table 1): the real row, then one row per conditional backbone. */
export interface TstrRun {
  classifier: string;
  report: TstrReport;
  tfBackend: string;
  elapsedMs: number;
}

export type TstrSection =
  | {
      status: 'done';
      runs: TstrRun[];
      /** Backbones left out of TSTR (an unconditional backbone has no class-conditional set). */
      skipped: { backboneId: string; reason: string }[];
      /**
       * Each backbone's synthetic training set: 'matched' (generated for TSTR in the labelled real
       * training split's size and class balance, the default) or 'as-generated' (the evaluated set
       * as it is; count and classCounts are the first set's). Absent in reports before the choice existed.
       */
      synthetic: { trainingSet?: TstrTrainingSet; count: number; classCounts: number[]; seed: number };
    }
  | { status: 'not-run'; reason: string };

/** A synthetic cohort imported from a file (issue 12), encoded through the bundle's codec and measured like a backbone's set. */
export interface ImportedSetReport {
  /** The name given on the command line (`--synthetic name=file`). */
  id: string;
  /** npy: a tensor [N, G, C] already in the loaded encoding (no genotypes: its variants are the codec's, 'matched'). */
  format: 'vcf' | 'plink' | 'hapt' | 'npy';
  files: { name: string; sha256: string; bytes: number }[];
  samples: number;
  /** Variants matched to the cohort's by chromosome, position and alleles; flipped = REF/ALT swapped. */
  variants: { matched: number; flipped: number; cohortUnmatched: number; fileUnmatched: number; inFile: number; inCohort: number };
  /** For a .hapt: which allele a 1 denotes (a1: the IMPUTE2 convention; major: the cohort's major allele). */
  haptOne: 'a0' | 'a1' | 'major' | null;
  metrics: SampleSetMetrics;
}

export interface EvaluationReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  /** ISO 8601. */
  createdAt: string;
  /** What wrote it, e.g. 'gdw evaluate'. */
  generator: string;
  bundle: BundleSummary;
  settings: EvaluationSettings;
  backbones: BackboneReport[];
  umap: UmapSection | null;
  tstr: TstrSection;
  /** Things the reader should know (a backbone without a codec hash, …). */
  warnings: string[];
  /** Synthetic cohorts imported from files; absent in reports without any. */
  imported?: ImportedSetReport[];
  /** Genotype-space fidelity and privacy (issue 12); absent when the real genotypes were not given. */
  genotypeSpace?: GenotypeSpaceReport;
}
