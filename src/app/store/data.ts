// The Data panel: one data-worker job at a time (load, encode, export): started → progress … →
// done | cancelled | failed. Events of another job are ignored by runId. A failed or cancelled
// load never replaces the loaded cohort; a new cohort clears the encoding of the old one, and a
// bundle brings its own.
import type { SerializedError } from '../../core/errors';
import type { CohortFilePlan, DataProgress, EncodeSummary, LoadSummary } from '../../engines/data';
import { errorRaised } from './errors';
import type { DataJobKind, DataJobState, EncodeForm, WorkbenchState } from './state';

export type EncodeFormChange =
  | { field: 'componentRule'; value: EncodeForm['componentRule'] }
  | { field: 'nearestGene'; value: boolean }
  | { field: Exclude<keyof EncodeForm, 'componentRule' | 'nearestGene'>; value: string };

type RunningJob = Extract<DataJobState, { status: 'running' }>;

function currentJob(state: WorkbenchState, runId: number): RunningJob | null {
  const job = state.dataJob;
  return job.status === 'running' && job.runId === runId ? job : null;
}

const ended = (job: RunningJob, status: 'done' | 'cancelled' | 'failed'): DataJobState =>
  ({ status, kind: job.kind, runId: job.runId, label: job.label, progress: job.progress });

export function dataJobStarted(state: WorkbenchState, input: { kind: DataJobKind; label: string }): Partial<WorkbenchState> {
  if (state.dataJob.status === 'running') return state;
  return { dataJob: { status: 'running', kind: input.kind, runId: state.nextId, label: input.label, progress: null }, nextId: state.nextId + 1 };
}

export function dataJobProgressed(state: WorkbenchState, input: { runId: number; progress: DataProgress }): Partial<WorkbenchState> {
  const job = currentJob(state, input.runId);
  if (!job || job.progress === input.progress) return state;
  return { dataJob: { ...job, progress: input.progress } };
}

export function dataFilesIdentified(state: WorkbenchState, input: { runId: number; plan: CohortFilePlan }): Partial<WorkbenchState> {
  if (!currentJob(state, input.runId) || state.dataFiles === input.plan) return state;
  return { dataFiles: input.plan };
}

export function cohortLoaded(state: WorkbenchState, input: { runId: number; summary: LoadSummary }): Partial<WorkbenchState> {
  const job = currentJob(state, input.runId);
  if (!job) return state;
  const encoding = input.summary.source === 'bundle' ? input.summary.encoding : null;
  return { dataJob: ended(job, 'done'), cohort: input.summary, encoding };
}

export function cohortEncoded(state: WorkbenchState, input: { runId: number; summary: EncodeSummary }): Partial<WorkbenchState> {
  const job = currentJob(state, input.runId);
  if (!job) return state;
  // An encoding is only ever shown beside the cohort it encodes (a bundle keeps its own).
  const ofLoadedCohort = state.cohort?.source === 'genotypes' && state.cohort.cohortId === input.summary.cohortId;
  return { dataJob: ended(job, 'done'), ...(ofLoadedCohort ? { encoding: input.summary } : {}) };
}

/** A job with no result to keep (a bundle download). */
export function dataJobFinished(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const job = currentJob(state, input.runId);
  return job ? { dataJob: ended(job, 'done') } : state;
}

/** A cancel is not an error: the status reads "cancelled" and the error area is untouched. */
export function dataJobCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const job = currentJob(state, input.runId);
  return job ? { dataJob: ended(job, 'cancelled') } : state;
}

export function dataJobFailed(state: WorkbenchState, input: { runId: number; error: SerializedError }): Partial<WorkbenchState> {
  const job = currentJob(state, input.runId);
  if (!job) return state;
  return { ...errorRaised(state, input.error, job.kind === 'load' ? 'data-load' : 'data-encode'), dataJob: ended(job, 'failed') };
}

export function encodeFormChanged(state: WorkbenchState, change: EncodeFormChange): Partial<WorkbenchState> {
  if (state.encodeForm[change.field] === change.value) return state;
  return { encodeForm: { ...state.encodeForm, [change.field]: change.value } };
}
