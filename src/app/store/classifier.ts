// The Classifiers card: one run at a time, started → progress (per-epoch records for the live
// curves) … → done | cancelled | failed. Events of another run are ignored by runId; a cancel
// keeps its curves and is not an error.
import type { SerializedError } from '../../core/errors';
import type { ClassifierKind } from '../../core/classify/models';
import type { TrainingProgress } from '../../engines/training';
import { errorRaised } from './errors';
import type { ClassifierForm, ClassifierReport, ClassifierRunState, WorkbenchState } from './state';

export type ClassifierFormChange =
  | { field: 'kind'; value: ClassifierKind }
  | { field: Exclude<keyof ClassifierForm, 'kind'>; value: string };

type RunningClassifier = Extract<ClassifierRunState, { status: 'running' }>;

function currentRun(state: WorkbenchState, runId: number): RunningClassifier | null {
  const run = state.classifierRun;
  return run.status === 'running' && run.runId === runId ? run : null;
}

export function classifierFormChanged(state: WorkbenchState, change: ClassifierFormChange): Partial<WorkbenchState> {
  if (state.classifierForm[change.field] === change.value) return state;
  return { classifierForm: { ...state.classifierForm, [change.field]: change.value } };
}

export function classifierStarted(state: WorkbenchState, input: { kind: ClassifierKind; epochsMax: number }): Partial<WorkbenchState> {
  if (state.classifierRun.status === 'running') return state;
  return {
    classifierRun: { status: 'running', runId: state.nextId, kind: input.kind, epochsMax: input.epochsMax, backend: null, progress: null, history: [] },
    nextId: state.nextId + 1,
  };
}

/** Keeps the last event; an `initiate` names the backend, an `epoch` adds a point to the curves. */
export function classifierProgressed(state: WorkbenchState, input: { runId: number; event: TrainingProgress }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run || run.progress === input.event) return state;
  const { event } = input;
  return {
    classifierRun: {
      ...run,
      progress: event,
      ...(event.status === 'initiate' ? { backend: event.backend, epochsMax: event.epochsMax } : {}),
      ...(event.status === 'epoch' ? { history: [...run.history, event.record] } : {}),
    },
  };
}

export function classifierFinished(state: WorkbenchState, input: { runId: number; report: ClassifierReport }): Partial<WorkbenchState> {
  if (!currentRun(state, input.runId)) return state;
  return { classifierRun: { status: 'done', runId: input.runId }, classifierReport: input.report };
}

/** A cancel is not an error: the status reads "cancelled", the curves so far stay, the error area is untouched. */
export function classifierCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  return { classifierRun: { status: 'cancelled', runId: run.runId, kind: run.kind, epochsMax: run.epochsMax, history: run.history } };
}

export function classifierFailed(state: WorkbenchState, input: { runId: number; error: SerializedError }): Partial<WorkbenchState> {
  if (!currentRun(state, input.runId)) return state;
  return { ...errorRaised(state, input.error, 'classifier'), classifierRun: { status: 'failed', runId: input.runId } };
}
