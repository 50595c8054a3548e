// Transitions of the imported synthetic sets (issue 12): an import starts, ends with its set, or
// fails (the sets held stay as they were); a set is removed.
import type { SyntheticImportSummary } from '../../engines/data';
import type { WorkbenchState } from './state';

export function syntheticImportStarted(state: WorkbenchState, input: { label: string }): Partial<WorkbenchState> {
  if (state.syntheticImports.job) return state;
  return { syntheticImports: { ...state.syntheticImports, job: { runId: state.nextId, label: input.label } }, nextId: state.nextId + 1 };
}

/** The new set joins those of the same codec; sets of an earlier encoding, which the worker dropped, leave. */
export function syntheticImportFinished(state: WorkbenchState, input: { runId: number; summary: SyntheticImportSummary }): Partial<WorkbenchState> {
  if (state.syntheticImports.job?.runId !== input.runId) return state;
  const kept = state.syntheticImports.sets.filter((s) => s.codecSha256 === input.summary.codecSha256 && s.name !== input.summary.name);
  return { syntheticImports: { sets: [...kept, input.summary], job: null } };
}

export function syntheticImportEnded(state: WorkbenchState, input: { runId: number }): Partial<WorkbenchState> {
  if (state.syntheticImports.job?.runId !== input.runId) return state;
  return { syntheticImports: { ...state.syntheticImports, job: null } };
}

/** The worker's list after a removal. */
export function syntheticImportsListed(state: WorkbenchState, sets: SyntheticImportSummary[]): Partial<WorkbenchState> {
  return { syntheticImports: { ...state.syntheticImports, sets } };
}

/** The sets shown for the encoding held now (an encode or a load drops the others in the worker too). */
export function getCurrentSyntheticImports(state: Pick<WorkbenchState, 'syntheticImports' | 'encoding'>): SyntheticImportSummary[] {
  const sha = state.encoding?.codecSha256;
  return sha ? state.syntheticImports.sets.filter((s) => s.codecSha256 === sha) : [];
}
