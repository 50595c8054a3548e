// One generation run at a time: started → progress … → done | cancelled | failed. Events of
// another run (a late progress message after a cancel) are ignored by runId.
import type { SerializedError } from '../../core/errors';
import type { SampleProgress } from '../../engines/progress';
import { errorRaised } from './errors';
import type { GenerationReport, WorkbenchState } from './state';

const isCurrentRun = (state: WorkbenchState, runId: number): boolean =>
  state.generation.status === 'running' && state.generation.runId === runId;

export function generationStarted(state: WorkbenchState): Partial<WorkbenchState> {
  if (state.generation.status === 'running') return state;
  return { generation: { status: 'running', runId: state.nextId, progress: null }, nextId: state.nextId + 1 };
}

export function generationProgressed(
  state: WorkbenchState, input: { runId: number; progress: SampleProgress },
): Partial<WorkbenchState> {
  if (!isCurrentRun(state, input.runId)) return state;
  return { generation: { status: 'running', runId: input.runId, progress: input.progress } };
}

export function generationFinished(
  state: WorkbenchState, input: { runId: number; report: GenerationReport },
): Partial<WorkbenchState> {
  if (!isCurrentRun(state, input.runId)) return state;
  return { generation: { status: 'done', runId: input.runId }, report: input.report };
}

/** A cancel is not an error: the status reads "cancelled" and the error area is untouched. */
export function generationCancelled(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  const { generation } = state;
  if (generation.status !== 'running' || generation.runId !== input.runId) return state;
  const last = generation.progress;
  const stepsDone = last && (last.status === 'progress' || last.status === 'cancelled') ? last.stepsDone : 0;
  const stepsTotal = last ? last.stepsTotal : 0;
  return { generation: { status: 'cancelled', runId: input.runId, stepsDone, stepsTotal } };
}

export function generationFailed(
  state: WorkbenchState, input: { runId: number; error: SerializedError },
): Partial<WorkbenchState> {
  if (!isCurrentRun(state, input.runId)) return state;
  return { ...errorRaised(state, input.error), generation: { status: 'failed', runId: input.runId } };
}
