// The loaded evaluation report (`gdw evaluate --out report.json`, read back by the Compare panel's
// report card): a load replaces it, a clear removes it; a failed load raises the error and keeps
// the report that was there.
import type { SerializedError } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import { errorRaised } from './errors';
import type { WorkbenchState } from './state';

export function evaluationReportLoaded(state: WorkbenchState, input: { fileName: string; report: EvaluationReport }): Partial<WorkbenchState> {
  const current = state.evaluationReport;
  if (current && current.fileName === input.fileName && current.report === input.report) return state;
  return { evaluationReport: { fileName: input.fileName, report: input.report } };
}

export function evaluationReportCleared(state: WorkbenchState): Partial<WorkbenchState> {
  if (!state.evaluationReport) return state;
  return { evaluationReport: null };
}

/** The error goes to the one error area; the previous report stays. */
export function evaluationReportFailed(state: WorkbenchState, error: SerializedError): Partial<WorkbenchState> {
  return errorRaised(state, error);
}
