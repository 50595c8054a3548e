// One generation run at a time, from one backbone: started → progress … → done | cancelled | failed.
// Events of another run (a late progress message after a cancel) are ignored by runId. Backbones
// wait their turn in a queue; each keeps the summary of its last finished run.
import type { SerializedError } from '../../core/errors';
import type { SampleProgress } from '../../engines/progress';
import { errorRaised } from './errors';
import type { BackboneId, GenerationReport, GenerationSummary, WorkbenchState } from './state';

const isCurrentRun = (state: WorkbenchState, runId: number): boolean =>
  state.generation.status === 'running' && state.generation.runId === runId;

/** Appends the backbones that are neither queued nor running, in the order given. */
export function generationQueued(state: WorkbenchState, ids: BackboneId[]): Partial<WorkbenchState> {
  const running = state.generation.status === 'running' ? state.generation.backboneId : null;
  const added = ids.filter((id, i) => id !== running && !state.generationQueue.includes(id) && ids.indexOf(id) === i);
  if (added.length === 0) return state;
  return { generationQueue: [...state.generationQueue, ...added] };
}

/** Takes a backbone out of the queue before its turn (its Cancel while waiting). */
export function generationDequeued(state: WorkbenchState, id: BackboneId): Partial<WorkbenchState> {
  if (!state.generationQueue.includes(id)) return state;
  return { generationQueue: state.generationQueue.filter((q) => q !== id) };
}

/** Starts a run (a no-op while one runs); the backbone leaves the queue. */
export function generationStarted(state: WorkbenchState, backboneId: BackboneId): Partial<WorkbenchState> {
  if (state.generation.status === 'running') return state;
  return {
    generation: { status: 'running', runId: state.nextId, backboneId, progress: null }, nextId: state.nextId + 1,
    generationQueue: state.generationQueue.filter((q) => q !== backboneId),
  };
}

export function generationProgressed(
  state: WorkbenchState, input: { runId: number; progress: SampleProgress },
): Partial<WorkbenchState> {
  const { generation } = state;
  if (generation.status !== 'running' || generation.runId !== input.runId) return state;
  return { generation: { ...generation, progress: input.progress } };
}

/** A set's version; sets saved before versions were counted are version 1. */
export const versionOf = (summary: GenerationSummary): number => summary.version ?? 1;

/** The earlier versions sampleSets.ts holds, per backbone, newest first (its byte budget spans every backbone). */
export type HeldEarlierVersions = Partial<Record<BackboneId, number[]>>;

/**
 * `current` as its backbone's set, and the earlier versions of every backbone as sampleSets.ts
 * now holds them (`held`): for `current`'s backbone every summary known before is a candidate;
 * another backbone's list only loses the versions no longer held.
 */
function withVersions(state: WorkbenchState, current: GenerationSummary, held: HeldEarlierVersions): Partial<WorkbenchState> {
  const id = current.backboneId;
  const known = [state.syntheticSets[id], ...(state.earlierSets[id] ?? [])].filter((s): s is GenerationSummary => s !== undefined);
  const candidates: Partial<Record<BackboneId, GenerationSummary[]>> = { ...state.earlierSets, [id]: known };
  const earlierSets: Partial<Record<BackboneId, GenerationSummary[]>> = {};
  for (const [backboneId, versions] of Object.entries(held) as [BackboneId, number[]][]) {
    const summaries = versions.map((v) => candidates[backboneId]?.find((s) => versionOf(s) === v)).filter((s): s is GenerationSummary => s !== undefined);
    if (summaries.length > 0) earlierSets[backboneId] = summaries;
  }
  return { syntheticSets: { ...state.syntheticSets, [id]: current }, earlierSets };
}

/**
 * `report` is the Gaussian demo's moment check; a run of another backbone leaves the last one as
 * it was. The new set is its backbone's current version; `earlierVersions` are the ones held now.
 */
export function generationFinished(
  state: WorkbenchState, input: { runId: number; summary: GenerationSummary; report: GenerationReport | null; earlierVersions: HeldEarlierVersions },
): Partial<WorkbenchState> {
  if (!isCurrentRun(state, input.runId)) return state;
  return {
    generation: { status: 'done', runId: input.runId }, lastRun: input.summary, report: input.report ?? state.report,
    ...withVersions(state, input.summary, input.earlierVersions),
  };
}

/** An earlier version made current again (Use in the Generate panel); the current one becomes an earlier version. */
export function setVersionRestored(
  state: WorkbenchState, input: { backboneId: BackboneId; version: number; earlierVersions: HeldEarlierVersions },
): Partial<WorkbenchState> {
  const chosen = state.earlierSets[input.backboneId]?.find((s) => versionOf(s) === input.version);
  if (!chosen) return state;
  return withVersions(state, chosen, input.earlierVersions);
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
  return { ...errorRaised(state, input.error, 'generate'), generation: { status: 'failed', runId: input.runId } };
}
