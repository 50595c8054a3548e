// The Memorisation card's slice of the workbench state (plain data): its form as typed, the run and
// the last report. Split from state.ts, which re-exports it.
import type { MemorisationReport } from '../../core/report/memorisationReport';

/** The Memorisation card's form as typed (effects/memorisationRequest.ts parses it). */
export interface MemorisationForm {
  /** Two loaded backbones; '' until chosen. */
  backboneA: string;
  backboneB: string;
  /** Same-seed pairs to generate. */
  count: string;
  /** DDIM steps (η = 0). */
  steps: string;
  seed: string;
  /** "Near 1": the cosine at or above which the summary's shares count. */
  threshold: string;
}

/** One test at a time: generating with A, with B, then the distances. */
export type MemorisationRunState =
  | { status: 'idle' }
  | { status: 'running'; runId: number; stage: 'generating A' | 'generating B' | 'measuring'; fraction: number }
  | { status: 'done' | 'cancelled' | 'failed'; runId: number };

/** A finished test: the pipeline's report (the one `gdw memorisation --out` writes). */
export interface MemorisationOutcome {
  runId: number;
  report: MemorisationReport;
}

export const defaultMemorisationForm: MemorisationForm = {
  backboneA: '',
  backboneB: '',
  count: '200',
  steps: '50',
  seed: '1',
  threshold: '0.9',
};
