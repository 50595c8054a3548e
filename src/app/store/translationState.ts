// The Translate card's slice of the workbench state (plain data): its form as typed, the run, and
// the last outcome. Split from state.ts, which re-exports it.
import type { TranslationReport, TranslationSampleSet } from '../../core/translate/report';

/** The Translate card's form as typed; checked against the chosen backbone as the user types. */
export interface TranslationForm {
  /** A loaded class-conditional backbone; '' until one is chosen. */
  backboneId: string;
  sourceClass: string;
  targetClass: string;
  /** The inversion depth t*, 1 … T, or 'T'. */
  depth: string;
  steps: string;
  /** Fixed-point refinements per inversion step. */
  refine: string;
  /** A split of the bundle, or 'selection': the real samples of the Compare panel's UMAP selection. */
  samples: TranslationSampleSet | 'selection';
  /** At most this many samples of the source class (bundle order). */
  maxSamples: string;
  seed: string;
  /** Translate back to the source for the cycle loss. */
  cycle: boolean;
  /** Train an MLP on the real training split for the flip rate. */
  flipRate: boolean;
  /** Its epochs at most (early stopping on a validation split). */
  classifierEpochs: string;
}

/** The real samples of the lasso or box selection on the Compare panel's UMAP (synthetic points left out). */
export interface UmapRealSelection {
  /** Sample ids of the selected real-train and real-holdout points, each once, in selection order. */
  realSampleIds: string[];
  /** Points selected in all, synthetic ones included. */
  points: number;
}

/** One translation at a time: translating (progress in denoiser calls), then the flip-rate classifier and the report. */
export type TranslationRunState =
  | { status: 'idle' }
  | { status: 'running'; runId: number; backboneId: string; stage: 'translating' | 'flip rate' | 'report'; fraction: number; samplesDone: number; samplesTotal: number }
  /** `cancelled` after a Cancel: the result shows the samples that finished, if any did. */
  | { status: 'done' | 'cancelled' | 'failed'; runId: number; backboneId: string; samplesDone: number; samplesTotal: number };

/** A finished (or cancelled, partial) translation: the pipeline's report; the translated samples are held in effects/translation.ts. */
export interface TranslationOutcome {
  runId: number;
  backboneId: string;
  report: TranslationReport;
  /** The truth file the causal-gene AUC was measured against, if any. */
  truthFile: string | null;
  /** What the pipeline said along the way (the flip-rate classifier's accuracy, a cancel, a codec warning). */
  log: string[];
}

export const defaultTranslationForm: TranslationForm = {
  backboneId: '',
  sourceClass: '0',
  targetClass: '1',
  depth: 'T',
  steps: '50',
  refine: '1',
  samples: 'holdout',
  maxSamples: '50',
  seed: '1',
  cycle: true,
  flipRate: true,
  classifierEpochs: '30',
};
