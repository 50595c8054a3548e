// The workbench's UI state: plain data only (no workers, no typed arrays of samples), so every
// transition is a pure function of (state, input) and can be tested in Node.
import type { SerializedError } from '../../core/errors';
import type { MomentComparison, MomentTolerances } from '../../core/metrics/moments';
import type { GaussianDemoTarget } from '../../core/sim/gaussianBackboneDemo';
import type { ExecutionProviderName, GpuProbe, LoadedBackbone } from '../../engines/inference';
import type { SampleProgress } from '../../engines/progress';
import type { SampleRequest } from '../../core/diffusion/sampler';
import type { ComponentRule } from '../../core/encode/pca';
import type { CohortFilePlan, DataProgress, EncodingSummary, LoadSummary } from '../../engines/data';
import type { MetricsLog } from '../../core/curves/lightningMetrics';
import type { BackboneKind } from '../../core/backbone/spec';
import type { ClassifierKind } from '../../core/classify/models';
import type { EpochRecord } from '../../core/classify/train';
import type { TfBackendName, TfBackendReport } from '../../engines/tfBackend';
import type { TrainingProgress, TstrResult } from '../../engines/training';
import type { EvaluationReport } from '../../core/report/types';
import type { CausalEffect } from '../../core/design/liabilityOracle';
import { defaultMemorisationForm, type MemorisationForm, type MemorisationOutcome, type MemorisationRunState } from './memorisationState';
import { defaultTranslationForm, type TranslationForm, type TranslationOutcome, type TranslationRunState, type UmapRealSelection } from './translationState';
import { defaultDesignForm, type DesignForm, type DesignOutcome, type DesignRunState } from './designState';
import type { SyntheticImportsState } from './syntheticImportsState';
export type { SyntheticImportsState } from './syntheticImportsState';

export * from './translationState';
export * from './memorisationState';
export * from './designState';

export interface Capabilities {
  /** False until the page has asked for a WebGPU adapter. */
  probed: boolean;
  gpu: GpuProbe | null;
  crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency. */
  threads: number;
}

/** A backbone in the workbench: 'builtin:<family>' for the built-in ones, 'file:<first 12 hex of SHA-256>' for the user's. */
export type BackboneId = string & { readonly __brand: 'BackboneId' };

/** A backbone the app ships: the Gaussian demo (public/demo) and those trained on the demo cohort (models/demo). */
export interface BuiltInBackbone {
  id: BackboneId;
  /** `gdw.family` as the catalogue names it; the loaded model's own metadata is shown once loaded. */
  family: string;
  fileName: string;
  /** Where it is fetched from, on this origin. */
  url: string;
  /** File size from the catalogue; null when only loading it tells (the Gaussian demo). */
  byteLength: number | null;
  /** Its training run's Lightning metrics.csv; null when it was not trained (the Gaussian oracle). */
  metricsUrl: string | null;
}

/** Who answered the settings a user backbone's metadata leaves open: in this session, or remembered from an earlier one. */
export type SettingsAnswerOrigin = 'user' | 'remembered';

/** An ONNX backbone the researcher added from their own files; its bytes stay on the main thread (userBackboneFiles.ts). */
export interface UserBackbone {
  id: BackboneId;
  fileName: string;
  /** Hex SHA-256 of the model file: its id, and the key its remembered settings are stored under. */
  sha256: string;
  byteLength: number;
  /** Names of the external-data files given with the model. */
  externalDataFiles: string[];
  /** Where the answers it loads with came from; null: none, the contract's defaults. */
  settingsAnsweredBy: SettingsAnswerOrigin | null;
}

/**
 * Where the user wants a backbone to run, chosen on its row before or after loading: 'auto' is
 * WebGPU when an adapter exists, else WASM (the engine's own rule, said on the row).
 */
export type ExecutionProviderChoice = 'auto' | ExecutionProviderName;

/** One backbone's load state; a backbone with no entry in `backbones` is not loaded ('idle'). */
export type BackboneState =
  | { status: 'idle' }
  | { status: 'loading'; fileName: string }
  | { status: 'loaded'; backbone: LoadedBackbone; byteLength: number }
  | { status: 'failed'; fileName: string };

/** A training run's logged metrics, for the loss-curve figure. */
export interface LossCurve {
  backboneId: BackboneId;
  family: string;
  log: MetricsLog;
}

/** How the loss curves are drawn. */
export interface LossCurveView {
  /** Debiased EMA weight in [0, 1), as TensorBoard's smoothing slider. */
  smoothing: number;
  logY: boolean;
  /** Log step axis: early training and the long tail in one view. */
  logX: boolean;
  /**
   * Runs the user added (true) or removed (false) in the run selector, by backbone id; a run not in
   * it is drawn when its backbone is loaded (Backbones) or compared (Compare), or it was imported.
   */
  runs: Record<string, boolean>;
}

/** The Generate form as typed: strings, parsed and validated when the user clicks Generate. */
export interface GenerateSettings {
  count: string;
  sampler: SampleRequest['sampler'];
  steps: string;
  eta: string;
  seed: string;
  batchSize: string;
  /**
   * Classes of a conditional backbone's samples: 'balanced' (classes in turn), 'holdout' (the real
   * holdout's class shares), or the share of class 1 as a number in [0, 1] (two classes only).
   */
  classBalance: string;
}

/** One moment check: the samples against a reference, with the tolerances used. */
export interface MomentCheck {
  comparison: MomentComparison;
  tolerances: MomentTolerances;
  consistent: boolean;
}

export interface GenerationReport {
  request: SampleRequest;
  executionProvider: ExecutionProviderName;
  elapsedMs: number;
  /** Against the target N(μ, σ²) the backbone represents. */
  vsTarget: MomentCheck;
  /** Against the exact moments this sampler gives with the Gaussian oracle (DDIM with few steps shrinks σ²). */
  vsSampler: MomentCheck;
}

export type GenerationState =
  | { status: 'idle' }
  | { status: 'running'; runId: number; backboneId: BackboneId; progress: SampleProgress | null }
  | { status: 'done'; runId: number }
  | { status: 'cancelled'; runId: number; stepsDone: number; stepsTotal: number }
  | { status: 'failed'; runId: number };

/** What a finished run produced, for any backbone: the Generate panel's summary. */
export interface GenerationSummary {
  backboneId: BackboneId;
  fileName: string;
  /** A GAN generator makes each sample in one forward pass: the request's sampler fields were unused. */
  backboneKind: BackboneKind;
  count: number;
  genes: number;
  channels: number;
  /** Samples per class label, when the backbone was given labels. */
  classCounts: number[] | null;
  /** Root mean square over the real slots: about 1 for standardised data, far above it when sampling diverged. */
  realSlotRms: number;
  /** Values that are NaN or infinite. */
  nonFiniteCount: number;
  request: SampleRequest;
  elapsedMs: number;
  executionProvider: ExecutionProviderName;
  /** The set's version for its backbone (1, 2, … a run each); absent in sessions saved before versions: 1. */
  version?: number;
  /** Set when the run did not finish where it started, e.g. its WebGPU device was lost and it ran again on WASM. */
  fallback?: string;
}

/** What the data worker is doing; one job at a time. */
export type DataJobKind = 'load' | 'encode' | 'export';

export type DataJobState =
  | { status: 'idle' }
  | { status: 'running'; kind: DataJobKind; runId: number; label: string; progress: DataProgress | null }
  /** The last job's outcome, with its last progress event (a cancel says how far it got). */
  | { status: 'done' | 'cancelled' | 'failed'; kind: DataJobKind; runId: number; label: string; progress: DataProgress | null };

/** The Data panel's encoding settings as typed; parsed when the user clicks Encode. */
export interface EncodeForm {
  componentRule: ComponentRule;
  /** Explained-variance target, used by the variance-target rule, e.g. '0.9'. */
  varianceTarget: string;
  /** G; '' means the next multiple of 512. */
  geneSlots: string;
  holdoutPercent: string;
  splitSeed: string;
  nearestGene: boolean;
}

/** The Classifiers card's form as typed; parsed when the user clicks Train. */
export interface ClassifierForm {
  kind: ClassifierKind;
  /** Maximum epochs; early stopping on the validation split may end sooner. */
  epochs: string;
  seed: string;
}

/** One classifier run at a time (real train → real holdout), its live curves in `history`. */
export type ClassifierRunState =
  | { status: 'idle' }
  | {
    status: 'running'; runId: number; kind: ClassifierKind; epochsMax: number;
    /** Known once the worker has started its tfjs backend. */
    backend: TfBackendName | null;
    progress: TrainingProgress | null;
    history: EpochRecord[];
  }
  | { status: 'done'; runId: number }
  /** The curves so far stay on screen: a cancel is not an error. */
  | { status: 'cancelled'; runId: number; kind: ClassifierKind; epochsMax: number; history: EpochRecord[] }
  | { status: 'failed'; runId: number };

/** A finished classifier run: the TSTR report's real row, and which encoding it ran on. */
export interface ClassifierReport {
  result: TstrResult;
  /** The backend that ran, and why each faster one was passed over. */
  backendReport: TfBackendReport;
  classNames: string[];
  codecSha256: string;
}

/** The Compare panel's evaluation settings as typed; parsed when the user clicks Evaluate. */
export interface ComparisonForm {
  /** Seeds every subsample, bootstrap and noise draw of the evaluation. */
  seed: string;
  /** Neighbours of the NN test (paper: 10). */
  k: string;
  bootstrapResamples: string;
  /** Points per set in the UMAP at most. */
  umapPoints: string;
  /** Noise levels of the reconstruction curve. */
  levels: string;
  /** Classifiers trained for TSTR (none: skip TSTR). */
  classifiers: ClassifierKind[];
  tstrEpochs: string;
  /** TSTR's synthetic training sets: 'matched' (generated in the real training split's size and balance) or 'as-generated'. */
  tstrTrainingSet: string;
}

/** A comparison shipped with the app rather than computed in this session: what it is and where it came from. */
export interface PrecomputedComparison {
  precomputed: true;
  /** The file it was fetched as, e.g. 'demo-comparison.json'. */
  fileName: string;
  report: EvaluationReport;
}

/** One evaluation of every generated set at a time; its stage and share of the whole for the bar. */
export type ComparisonRunState =
  | { status: 'idle' }
  | { status: 'running'; runId: number; stage: string; fraction: number; startedAtMs: number }
  | { status: 'done' | 'cancelled' | 'failed'; runId: number; stage: string; fraction: number };

/**
 * Where an error came from, so that it shows there (by the field or button that caused it) as well
 * as in the error area: a panel or card by name, or one backbone's row.
 */
export type ErrorOrigin =
  | 'data-load' | 'data-encode' | 'backbones' | 'generate' | 'compare' | 'classifier' | 'translate' | 'memorisation' | 'design' | 'synthetic-import'
  | `backbone:${string}`;

/** An error as the error area shows it: name, code and message, with an id to dismiss it. */
export interface ShownError extends SerializedError {
  id: number;
  /** The panel, card or backbone it came from; unset: the error area only. */
  origin?: ErrorOrigin;
}

/** Where the results on screen came from, and how this browser's copy of the session stands. */
export interface SessionState {
  /** 'new': made on this page; 'restored': read back from this browser; 'imported': read from a session file. */
  origin: 'new' | 'restored' | 'imported';
  /** When the session was last written to this browser (epoch ms); null before the first write. */
  savedAtMs: number | null;
  /** The last write failed and its error was shown; the next write that succeeds clears it. */
  saveFailed: boolean;
}

export interface WorkbenchState {
  capabilities: Capabilities;
  demoTarget: GaussianDemoTarget | null;
  /** The built-in backbones the Backbones panel lists: the Gaussian demo first, then the catalogue's. */
  builtInBackbones: BuiltInBackbone[];
  /** Load state of each backbone that is loading, loaded or failed to load. */
  backbones: Partial<Record<BackboneId, BackboneState>>;
  /** The EP each backbone loads on, as chosen on its row; none: 'auto'. */
  executionProviderChoices: Partial<Record<BackboneId, ExecutionProviderChoice>>;
  /** The backbone the Generate panel samples from, as chosen; `getGenerateBackboneId` says which is used. */
  generateBackboneId: BackboneId | null;
  /** The backbones added from the user's own ONNX files, in the order they were added. */
  userBackbones: UserBackbone[];
  /** The loaded backbone whose missing settings the metadata dialog asks about; null when it is closed. */
  metadataDialogBackboneId: BackboneId | null;
  lossCurves: LossCurve[];
  lossCurveView: LossCurveView;
  settings: GenerateSettings;
  generation: GenerationState;
  /** The Gaussian demo's last moment check, kept while a new run goes on. */
  report: GenerationReport | null;
  /** The last finished run of any backbone. */
  lastRun: GenerationSummary | null;
  /** Roles of the files of the last load, shown even when that load failed. */
  dataFiles: CohortFilePlan | null;
  dataJob: DataJobState;
  /**
   * The loaded cohort: genotypes (source 'genotypes') or a dataset bundle (source 'bundle', already
   * encoded, no genotypes). A failed or cancelled load never replaces it.
   */
  cohort: LoadSummary | null;
  encodeForm: EncodeForm;
  /** The encoding of `cohort`: fitted by Encode, or the bundle's own; cleared when another cohort loads. */
  encoding: EncodingSummary | null;
  classifierForm: ClassifierForm;
  classifierRun: ClassifierRunState;
  /** The last finished classifier run, kept while a new one runs. */
  classifierReport: ClassifierReport | null;
  /**
   * The comparison the Compare panel shows: evaluated here (fileName null) or a loaded
   * `gdw evaluate --out` report; a failed load or a cancelled evaluation keeps it.
   */
  evaluationReport: { fileName: string | null; report: EvaluationReport } | null;
  /**
   * The demo's comparison computed by `gdw evaluate` at build time (scripts/precomputeDemoComparison.ts),
   * fetched on first open and shown, labelled, until there is a comparison of the user's own; not saved.
   */
  precomputedComparison: PrecomputedComparison | null;
  /** Each backbone's Generate settings as last edited; the form shows the chosen backbone's. */
  settingsByBackbone: Partial<Record<BackboneId, GenerateSettings>>;
  /** Backbones waiting to generate, in order; one runs at a time. */
  generationQueue: BackboneId[];
  /** Each backbone's last finished run (its samples are in sampleSets.ts). */
  syntheticSets: Partial<Record<BackboneId, GenerationSummary>>;
  /** Earlier versions of each backbone's set kept in this tab (sampleSets.ts decides which), newest first; not saved. */
  earlierSets: Partial<Record<BackboneId, GenerationSummary[]>>;
  comparisonForm: ComparisonForm;
  comparisonRun: ComparisonRunState;
  translationForm: TranslationForm;
  translationRun: TranslationRunState;
  /** The last translation's report, kept while a new one runs; not saved with the session. */
  translation: TranslationOutcome | null;
  /** The simulator's truth.json, read in the Translate card: its causal genes' names. */
  translationTruth: { fileName: string; causalGenes: string[] } | null;
  /** The Compare panel's UMAP selection, as real samples the Translate card can take; null: none. */
  umapSelection: UmapRealSelection | null;
  memorisationForm: MemorisationForm;
  memorisationRun: MemorisationRunState;
  /** The last memorisation test's report; not saved with the session. */
  memorisation: MemorisationOutcome | null;
  designForm: DesignForm;
  designRun: DesignRunState;
  /** The last design run's report, kept while a new one runs; not saved with the session. */
  design: DesignOutcome | null;
  /** The truth.json whose causal effects give the designs' true liability. */
  designTruth: { fileName: string; effects: CausalEffect[]; causalGenes: string[] } | null;
  /** Synthetic cohorts imported from files beside the backbones (issue 12); not saved with the session. */
  syntheticImports: SyntheticImportsState;
  errors: ShownError[];
  /** Persistence of the session in this browser (src/app/session). */
  session: SessionState;
  /** Next id for runs and errors: ids only grow. */
  nextId: number;
}

export const defaultSettings: GenerateSettings = {
  count: '512',
  sampler: 'ddim',
  steps: '50',
  eta: '0',
  seed: '42',
  batchSize: '256',
  classBalance: 'balanced',
};

export const gaussianDemoBackbone: BuiltInBackbone = {
  id: 'builtin:gaussian-demo' as BackboneId,
  family: 'other',
  fileName: 'gaussian-demo.onnx',
  url: '/demo/gaussian-demo.onnx',
  byteLength: null,
  metricsUrl: null,
};

export const defaultEncodeForm: EncodeForm = {
  componentRule: 'disease-capsule',
  varianceTarget: '0.9',
  geneSlots: '',
  holdoutPercent: '10',
  splitSeed: '42',
  nearestGene: false,
};

export const defaultClassifierForm: ClassifierForm = {
  kind: 'mlp',
  epochs: '30',
  seed: '1',
};

export const defaultComparisonForm: ComparisonForm = {
  seed: '0',
  k: '10',
  bootstrapResamples: '1000',
  umapPoints: '300',
  levels: '20',
  classifiers: ['mlp'],
  tstrEpochs: '30',
  tstrTrainingSet: 'matched',
};

export const initialWorkbenchState: WorkbenchState = {
  capabilities: { probed: false, gpu: null, crossOriginIsolated: false, threads: 1 },
  demoTarget: null,
  builtInBackbones: [gaussianDemoBackbone],
  backbones: {},
  executionProviderChoices: {},
  generateBackboneId: null,
  userBackbones: [],
  metadataDialogBackboneId: null,
  lossCurves: [],
  lossCurveView: { smoothing: 0.8, logY: true, logX: false, runs: {} },
  settings: defaultSettings,
  generation: { status: 'idle' },
  report: null,
  lastRun: null,
  dataFiles: null,
  dataJob: { status: 'idle' },
  cohort: null,
  encodeForm: defaultEncodeForm,
  encoding: null,
  classifierForm: defaultClassifierForm,
  classifierRun: { status: 'idle' },
  classifierReport: null,
  evaluationReport: null,
  precomputedComparison: null,
  settingsByBackbone: {},
  generationQueue: [],
  syntheticSets: {},
  earlierSets: {},
  comparisonForm: defaultComparisonForm,
  comparisonRun: { status: 'idle' },
  translationForm: defaultTranslationForm,
  translationRun: { status: 'idle' },
  translation: null,
  translationTruth: null,
  umapSelection: null,
  memorisationForm: defaultMemorisationForm,
  memorisationRun: { status: 'idle' },
  memorisation: null,
  designForm: defaultDesignForm,
  designRun: { status: 'idle' },
  design: null,
  designTruth: null,
  syntheticImports: { sets: [], job: null },
  errors: [],
  session: { origin: 'new', savedAtMs: null, saveFailed: false },
  nextId: 1,
};

/** What a transition returns: a partial state, or the previous state itself when nothing changed. */
export type Transition<Input> = (state: WorkbenchState, input: Input) => Partial<WorkbenchState>;
