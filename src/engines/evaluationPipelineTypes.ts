// The evaluation pipeline's inputs (src/engines/evaluationPipeline.ts): the engines it calls,
// the backbones it opens, the sets it may be given and the plan of every setting.
import type { BackboneSpec } from '../core/backbone/spec';
import type { ClassifierKind } from '../core/classify/models';
import type { EvaluationSet } from '../core/diffusion/evaluate';
import type { SampleRequest } from '../core/diffusion/sampler';
import type { EmbeddingSettings } from '../core/report/embedding';
import type { GenotypeSpaceReport } from '../core/genospace/section';
import type { EvaluationSettings, ImportedSetReport, SampleSetMetricSettings, TstrTrainingSet } from '../core/report/types';
import type { RowData } from '../core/store/rowData';
import type { EvaluationEngine, EvaluationProgress } from './evaluation';
import type { EvaluationCohort } from './evaluationCohort';
import type { InferenceEngine, SampleResult } from './inference';
import type { SampleStore } from './sampleStore';
import type { BackboneEvaluationProgress, SampleProgress } from './progress';
import type { TrainingEngine, TrainingProgress } from './training';

/** What the pipeline calls on a loaded backbone: an InferenceEngine, or the app's client of one in a worker. */
export interface PipelineInference {
  sample(request: SampleRequest, onProgress: (event: SampleProgress) => void): Promise<SampleResult>;
  reconstructionCurve: (set: EvaluationSet, request: Parameters<InferenceEngine['reconstructionCurve']>[1],
    onProgress: (event: BackboneEvaluationProgress) => void) => ReturnType<InferenceEngine['reconstructionCurve']>;
  validationLoss: (set: EvaluationSet, request: Parameters<InferenceEngine['validationLoss']>[1]) => ReturnType<InferenceEngine['validationLoss']>;
  /**
   * Generates into the engine's own sample store (the app's backbone worker: memory to a budget,
   * then OPFS) and gives the set by reference; absent, the pipeline stores or holds it itself.
   */
  sampleStored?(request: SampleRequest, setId: string, onProgress: (event: SampleProgress) => void): Promise<{ samples: RowData; result: Omit<SampleResult, 'samples'> }>;
  /** Frees a set sampleStored made (memory and file). */
  deleteStored?(setId: string): Promise<void>;
  cancel(): unknown;
}

export interface PipelineEvaluation {
  setRealSets: EvaluationEngine['setRealSets'];
  putSyntheticSet: EvaluationEngine['putSyntheticSet'];
  evaluateSyntheticSet(backboneId: string, settings: Partial<SampleSetMetricSettings>, onProgress: (event: EvaluationProgress) => void): ReturnType<EvaluationEngine['evaluateSyntheticSet']>;
  embed(settings: Partial<EmbeddingSettings>, onProgress: (event: EvaluationProgress) => void): ReturnType<EvaluationEngine['embed']>;
  cancel(): unknown;
}

export interface PipelineTraining {
  init: TrainingEngine['init'];
  tstr(request: Parameters<TrainingEngine['tstr']>[0], onProgress: (event: TrainingProgress) => void): ReturnType<TrainingEngine['tstr']>;
  cancel(): unknown;
}

/** A set generated before the evaluation (the app's Generate panel), with how it was made. */
export interface GivenSet {
  /** In memory, or rows of the backbone worker's store (the app's Generate panel). */
  samples: RowData;
  count: number;
  /** The class of each sample; null for an unconditional backbone. */
  labels: Int32Array | null;
  request: SampleRequest;
  executionProvider: string;
  elapsedMs: number;
  /** Which version of the backbone's set this is (the app keeps a few per backbone); recorded in the report. */
  version?: number;
}

/** A backbone as the pipeline opens it. */
export interface OpenedBackbone {
  spec: BackboneSpec;
  file: { name: string; sha256: string; bytes: number };
  /** The backbone, loaded; null when it is not any more (app): then no curves and nothing generated. */
  engine: PipelineInference | null;
  /** Why `engine` is null, for the report's warnings. */
  unloadedReason?: string;
  executionProvider: string;
}

export interface PipelineBackbone {
  id: string;
  /** How messages and progress name it (the app's display name); default: the id. */
  name?: string;
  /** Loads the backbone (CLI) or hands over the loaded one (app). */
  open(): Promise<OpenedBackbone>;
  /** Called once the pipeline no longer needs the engine (the CLI unloads it here). */
  close?(): Promise<void>;
  /** The set to evaluate as given; null: the pipeline generates `plan.generation.count` samples. */
  given: GivenSet | null;
}

/** How the TSTR training sets are chosen, recorded in the report. */
export const tstrTrainingSets = {
  /** Generated for TSTR: the labelled real training split's size and class balance (paper Table 1; default). */
  matched: 'matched',
  /** Each backbone's evaluated set as it is (sizes and balances may differ from the real row). */
  asGenerated: 'as-generated',
} as const satisfies Record<string, TstrTrainingSet>;

export interface EvaluationPlan {
  seed: number;
  /** How the pipeline generates the sets it is not given; null when every set is given. */
  generation: { count: number; rule: string; sampler: 'ddim' | 'ddpm'; steps: number; eta: number; batchSize: number } | null;
  reconstruction: { levels: number; batchSize: number };
  validationLoss: { drawsPerSample: number };
  metrics: SampleSetMetricSettings;
  umap: EvaluationSettings['umap'];
  tstr: { classifiers: ClassifierKind[]; epochs: number; bootstrapResamples: number; trainingSet: TstrTrainingSet };
}

/** A synthetic cohort imported from a file, already encoded through the bundle's codec (issue 12). */
export interface ImportedPipelineSet {
  id: string;
  samples: RowData;
  count: number;
  provenance: Omit<ImportedSetReport, 'id' | 'metrics'>;
}

/** A latent set the run evaluated, held until the run ends: a backbone's, or an imported one. */
export interface EvaluatedLatentSet {
  id: string;
  kind: 'backbone' | 'imported';
  samples: RowData;
  count: number;
}

export interface PipelineInput {
  cohort: EvaluationCohort;
  plan: EvaluationPlan;
  backbones: PipelineBackbone[];
  /** Imported synthetic cohorts: measured by every latent-space metric and embedded beside the backbones' sets. */
  imported?: ImportedPipelineSet[];
  /**
   * The genotype-space step (issue 12), run last while every evaluated set is still held: the
   * shell decodes the backbones' sets and reads its real genotypes; absent, the report has none.
   */
  genotypeSpace?: (sets: EvaluatedLatentSet[], log: (line: string) => void) => Promise<GenotypeSpaceReport>;
  engines: { evaluation: PipelineEvaluation; training: () => PipelineTraining };
  /** Written into the report: 'gdw evaluate', 'Gene Diffusion Workbench'. */
  generator: string;
  /**
   * Where the sets the pipeline generates are kept (the CLI: spilled to a file past its memory
   * budget, so sets larger than memory stream); absent: each set is one array in memory (the app,
   * whose engines in workers take arrays). The pipeline deletes its sets when it ends.
   */
  store?: SampleStore;
  /** Warnings the shell found before the run (sets left out, …). */
  warnings?: string[];
  signal?: AbortSignal;
  /** A stage's label and the share of the whole run done, never decreasing. */
  onProgress?: (stage: string, fraction: number) => void;
  /** One line per step, for a terminal. */
  onLog?: (line: string) => void;
}

