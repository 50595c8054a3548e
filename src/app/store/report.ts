// The comparison the Compare panel's report card shows: a loaded `gdw evaluate --out report.json`
// or one evaluated here (`evaluationReport`), else the demo's precomputed one. A load replaces the
// report, a clear removes what is shown; a failed load raises the error and keeps the report there.
import type { SerializedError } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import { errorRaised } from './errors';
import type { PrecomputedComparison, WorkbenchState } from './state';

export function evaluationReportLoaded(state: WorkbenchState, input: { fileName: string; report: EvaluationReport }): Partial<WorkbenchState> {
  const current = state.evaluationReport;
  if (current && current.fileName === input.fileName && current.report === input.report) return state;
  return { evaluationReport: { fileName: input.fileName, report: input.report } };
}

/** Clears what is shown: the user's report, and the precomputed one it may have covered. */
export function evaluationReportCleared(state: WorkbenchState): Partial<WorkbenchState> {
  if (!state.evaluationReport && !state.precomputedComparison) return state;
  return { evaluationReport: null, precomputedComparison: null };
}

/** The error goes to the one error area; the previous report stays. */
export function evaluationReportFailed(state: WorkbenchState, error: SerializedError): Partial<WorkbenchState> {
  return errorRaised(state, error);
}

/** The demo's precomputed comparison arrived; it waits behind a comparison of the user's own, if one came first. */
export function precomputedComparisonLoaded(state: WorkbenchState, input: { fileName: string; report: EvaluationReport }): Partial<WorkbenchState> {
  const current = state.precomputedComparison;
  if (current && current.fileName === input.fileName && current.report === input.report) return state;
  return { precomputedComparison: { precomputed: true, fileName: input.fileName, report: input.report } };
}

/**
 * What the report card shows: the user's comparison, else the precomputed one while the loaded
 * encoding is the one it was computed on (or nothing is encoded yet: the demo is encoding).
 * Returns references held in the state, so it can be a store selector.
 */
export function getShownComparison(state: Pick<WorkbenchState, 'evaluationReport' | 'precomputedComparison' | 'encoding'>):
  WorkbenchState['evaluationReport'] | PrecomputedComparison | null {
  if (state.evaluationReport) return state.evaluationReport;
  const precomputed = state.precomputedComparison;
  if (!precomputed) return null;
  const encoded = state.encoding?.codecSha256 ?? null;
  return encoded === null || encoded === precomputed.report.bundle.codecSha256 ? precomputed : null;
}
