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

export interface Capabilities {
  /** False until the page has asked for a WebGPU adapter. */
  probed: boolean;
  gpu: GpuProbe | null;
  crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency. */
  threads: number;
}

export type BackboneState =
  | { status: 'idle' }
  | { status: 'loading'; fileName: string }
  | { status: 'loaded'; backbone: LoadedBackbone; byteLength: number }
  | { status: 'failed'; fileName: string };

/** The Generate form as typed: strings, parsed and validated when the user clicks Generate. */
export interface GenerateSettings {
  count: string;
  sampler: SampleRequest['sampler'];
  steps: string;
  eta: string;
  seed: string;
  batchSize: string;
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
  | { status: 'running'; runId: number; progress: SampleProgress | null }
  | { status: 'done'; runId: number }
  | { status: 'cancelled'; runId: number; stepsDone: number; stepsTotal: number }
  | { status: 'failed'; runId: number };

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

/** An error as the error area shows it: name, code and message, with an id to dismiss it. */
export interface ShownError extends SerializedError {
  id: number;
}

export interface WorkbenchState {
  capabilities: Capabilities;
  demoTarget: GaussianDemoTarget | null;
  backbone: BackboneState;
  settings: GenerateSettings;
  generation: GenerationState;
  /** The last finished run, kept while a new one runs. */
  report: GenerationReport | null;
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
  errors: ShownError[];
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
};

export const defaultEncodeForm: EncodeForm = {
  componentRule: 'disease-capsule',
  varianceTarget: '0.9',
  geneSlots: '',
  holdoutPercent: '10',
  splitSeed: '42',
  nearestGene: false,
};

export const initialWorkbenchState: WorkbenchState = {
  capabilities: { probed: false, gpu: null, crossOriginIsolated: false, threads: 1 },
  demoTarget: null,
  backbone: { status: 'idle' },
  settings: defaultSettings,
  generation: { status: 'idle' },
  report: null,
  dataFiles: null,
  dataJob: { status: 'idle' },
  cohort: null,
  encodeForm: defaultEncodeForm,
  encoding: null,
  errors: [],
  nextId: 1,
};

/** What a transition returns: a partial state, or the previous state itself when nothing changed. */
export type Transition<Input> = (state: WorkbenchState, input: Input) => Partial<WorkbenchState>;
