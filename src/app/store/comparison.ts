// The Compare panel's evaluation run: started → progressed … → finished | cancelled | failed, one
// at a time; events of another run are ignored by runId. A finished run's report becomes the
// comparison shown; a cancelled or failed one keeps the comparison that was there.
import type { ClassifierKind } from '../../core/classify/models';
import type { SerializedError } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import { errorRaised } from './errors';
import type { ComparisonForm, WorkbenchState } from './state';

export type ComparisonFormChange =
  | { field: Exclude<keyof ComparisonForm, 'classifiers'>; value: string }
  | { field: 'classifiers'; value: ClassifierKind[] };

export function comparisonFormChanged(state: WorkbenchState, change: ComparisonFormChange): Partial<WorkbenchState> {
  if (state.comparisonForm[change.field] === change.value) return state;
  return { comparisonForm: { ...state.comparisonForm, [change.field]: change.value } };
}

const isCurrent = (state: WorkbenchState, runId: number): boolean =>
  state.comparisonRun.status === 'running' && state.comparisonRun.runId === runId;

export function comparisonStarted(state: WorkbenchState, input: { startedAtMs: number }): Partial<WorkbenchState> {
  if (state.comparisonRun.status === 'running') return state;
  return {
    comparisonRun: { status: 'running', runId: state.nextId, stage: 'starting', fraction: 0, startedAtMs: input.startedAtMs },
    nextId: state.nextId + 1,
  };
}

/** The bar never moves back: a smaller fraction keeps the previous one. */
export function comparisonProgressed(state: WorkbenchState, input: { runId: number; stage: string; fraction: number }): Partial<WorkbenchState> {
  const run = state.comparisonRun;
  if (run.status !== 'running' || run.runId !== input.runId) return state;
  const fraction = Math.min(1, Math.max(run.fraction, input.fraction));
  if (run.stage === input.stage && run.fraction === fraction) return state;
  return { comparisonRun: { ...run, stage: input.stage, fraction } };
}

export function comparisonFinished(state: WorkbenchState, input: { runId: number; report: EvaluationReport }): Partial<WorkbenchState> {
  if (!isCurrent(state, input.runId)) return state;
  return { comparisonRun: { status: 'done', runId: input.runId, stage: 'done', fraction: 1 }, evaluationReport: { fileName: null, report: input.report } };
}

export function comparisonCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const run = state.comparisonRun;
  if (run.status !== 'running' || run.runId !== input.runId) return state;
  return { comparisonRun: { status: 'cancelled', runId: run.runId, stage: run.stage, fraction: run.fraction } };
}

export function comparisonFailed(state: WorkbenchState, input: { runId: number; error: SerializedError }): Partial<WorkbenchState> {
  const run = state.comparisonRun;
  if (run.status !== 'running' || run.runId !== input.runId) return state;
  return { ...errorRaised(state, input.error, 'compare'), comparisonRun: { status: 'failed', runId: run.runId, stage: run.stage, fraction: run.fraction } };
}
