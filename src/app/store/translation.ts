// The Translate card: one translation at a time, started → progress (translating, then the
// flip-rate classifier and the report) … → done | cancelled | failed. A cancel that comes after some
// samples finished still brings their report (status 'cancelled'); events of another run are ignored.
import type { SerializedError } from '../../core/errors';
import type { TranslationReport } from '../../core/translate/report';
import { errorRaised } from './errors';
import type { TranslationForm, TranslationRunState, WorkbenchState } from './state';

export type TranslationFormChange =
  | { field: 'cycle' | 'flipRate'; value: boolean }
  | { field: 'samples'; value: TranslationForm['samples'] }
  | { field: Exclude<keyof TranslationForm, 'cycle' | 'flipRate' | 'samples'>; value: string };

type RunningTranslation = Extract<TranslationRunState, { status: 'running' }>;

function currentRun(state: WorkbenchState, runId: number): RunningTranslation | null {
  const run = state.translationRun;
  return run.status === 'running' && run.runId === runId ? run : null;
}

export function translationFormChanged(state: WorkbenchState, change: TranslationFormChange): Partial<WorkbenchState> {
  if (state.translationForm[change.field] === change.value) return state;
  return { translationForm: { ...state.translationForm, [change.field]: change.value } };
}

/** A truth.json read in the card (null: cleared); the next translation measures its causal-gene AUC. */
export function translationTruthChanged(state: WorkbenchState, truth: WorkbenchState['translationTruth']): Partial<WorkbenchState> {
  if (state.translationTruth === truth) return state;
  return { translationTruth: truth };
}

/** The UMAP's lasso or box selection changed (null: cleared); the Translate card can take its real samples. */
export function umapSelectionChanged(state: WorkbenchState, selection: WorkbenchState['umapSelection']): Partial<WorkbenchState> {
  const now = state.umapSelection;
  if (now === selection || (now && selection && now.points === selection.points && now.realSampleIds.join('\n') === selection.realSampleIds.join('\n'))) return state;
  return { umapSelection: selection };
}

export function translationStarted(state: WorkbenchState, input: { backboneId: string; samplesTotal: number }): Partial<WorkbenchState> {
  if (state.translationRun.status === 'running') return state;
  return {
    translationRun: { status: 'running', runId: state.nextId, backboneId: input.backboneId, stage: 'translating', fraction: 0, samplesDone: 0, samplesTotal: input.samplesTotal },
    nextId: state.nextId + 1,
  };
}

export interface TranslationStep {
  runId: number;
  stage: RunningTranslation['stage'];
  /** Share of the whole run in [0, 1]; the bar never moves back. */
  fraction: number;
  samplesDone?: number;
  samplesTotal?: number;
}

export function translationProgressed(state: WorkbenchState, input: TranslationStep): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  const fraction = Math.min(1, Math.max(run.fraction, input.fraction));
  const samplesDone = input.samplesDone ?? run.samplesDone;
  const samplesTotal = input.samplesTotal ?? run.samplesTotal;
  if (fraction === run.fraction && input.stage === run.stage && samplesDone === run.samplesDone && samplesTotal === run.samplesTotal) return state;
  return { translationRun: { ...run, stage: input.stage, fraction, samplesDone, samplesTotal } };
}

/** The pipeline's report: a whole run ('done'), or the samples that finished before a Cancel ('cancelled'). */
export function translationFinished(state: WorkbenchState, input: { runId: number; report: TranslationReport; truthFile: string | null; log: string[] }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  const { report } = input;
  return {
    translationRun: { status: report.status, runId: run.runId, backboneId: run.backboneId, samplesDone: report.data.translated, samplesTotal: report.data.chosen },
    translation: { runId: run.runId, backboneId: run.backboneId, report, truthFile: input.truthFile, log: input.log },
  };
}

/** Cancelled before any sample finished: nothing to report, the last translation stays; not an error. */
export function translationCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  return { translationRun: { status: 'cancelled', runId: run.runId, backboneId: run.backboneId, samplesDone: 0, samplesTotal: run.samplesTotal } };
}

export function translationFailed(state: WorkbenchState, input: { runId: number; error: SerializedError }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  return {
    ...errorRaised(state, input.error, 'translate'),
    translationRun: { status: 'failed', runId: run.runId, backboneId: run.backboneId, samplesDone: run.samplesDone, samplesTotal: run.samplesTotal },
  };
}
