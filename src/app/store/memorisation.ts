// The Memorisation card (seed 003 §4.2): started → progress (generating with A, with B, measuring)
// → done | cancelled | failed. A cancel keeps the last report; events of another run are ignored.
import type { SerializedError } from '../../core/errors';
import type { MemorisationReport } from '../../core/report/memorisationReport';
import { errorRaised } from './errors';
import type { MemorisationForm, MemorisationRunState, WorkbenchState } from './state';

type RunningMemorisation = Extract<MemorisationRunState, { status: 'running' }>;

function currentRun(state: WorkbenchState, runId: number): RunningMemorisation | null {
  const run = state.memorisationRun;
  return run.status === 'running' && run.runId === runId ? run : null;
}

export function memorisationFormChanged(state: WorkbenchState, change: { field: keyof MemorisationForm; value: string }): Partial<WorkbenchState> {
  if (state.memorisationForm[change.field] === change.value) return state;
  return { memorisationForm: { ...state.memorisationForm, [change.field]: change.value } };
}

export function memorisationStarted(state: WorkbenchState): Partial<WorkbenchState> {
  if (state.memorisationRun.status === 'running') return state;
  return { memorisationRun: { status: 'running', runId: state.nextId, stage: 'generating A', fraction: 0 }, nextId: state.nextId + 1 };
}

export function memorisationProgressed(
  state: WorkbenchState, input: { runId: number; stage: RunningMemorisation['stage']; fraction: number },
): Partial<WorkbenchState> {
  const run = currentRun(state, input.runId);
  if (!run) return state;
  // The bar never moves back.
  const fraction = Math.min(1, Math.max(run.fraction, input.fraction));
  if (fraction === run.fraction && input.stage === run.stage) return state;
  return { memorisationRun: { ...run, stage: input.stage, fraction } };
}

export function memorisationFinished(state: WorkbenchState, input: { runId: number; report: MemorisationReport }): Partial<WorkbenchState> {
  if (!currentRun(state, input.runId)) return state;
  return { memorisationRun: { status: 'done', runId: input.runId }, memorisation: { runId: input.runId, report: input.report } };
}

/** Cancelled: not an error; the last report stays. */
export function memorisationCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  if (!currentRun(state, input.runId)) return state;
  return { memorisationRun: { status: 'cancelled', runId: input.runId } };
}

export function memorisationFailed(state: WorkbenchState, input: { runId: number; error: SerializedError }): Partial<WorkbenchState> {
  if (!currentRun(state, input.runId)) return state;
  return { ...errorRaised(state, input.error, 'memorisation'), memorisationRun: { status: 'failed', runId: input.runId } };
}
