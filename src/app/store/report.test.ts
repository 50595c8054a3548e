import { describe, expect, it } from 'vitest';
import { ParseError, serializeError } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import { evaluationReportCleared, evaluationReportFailed, evaluationReportLoaded } from './report';
import { initialWorkbenchState, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const report = { format: 'gdw-evaluation-report', version: 1, backbones: [] } as unknown as EvaluationReport;
const loaded = apply(initialWorkbenchState, evaluationReportLoaded(initialWorkbenchState, { fileName: 'report.json', report }));

describe('evaluation report transitions', () => {
  it('starts empty and loads a report with its file name', () => {
    expect(initialWorkbenchState.evaluationReport).toBeNull();
    expect(loaded.evaluationReport).toEqual({ fileName: 'report.json', report });
  });

  it('returns the same state for the same load, and replaces the report on another', () => {
    expect(evaluationReportLoaded(loaded, { fileName: 'report.json', report })).toBe(loaded);
    const other = { ...report } as EvaluationReport;
    const next = apply(loaded, evaluationReportLoaded(loaded, { fileName: 'b.json', report: other }));
    expect(next.evaluationReport?.fileName).toBe('b.json');
    expect(next.evaluationReport?.report).toBe(other);
  });

  it('clears, and a clear of nothing changes nothing', () => {
    const cleared = apply(loaded, evaluationReportCleared(loaded));
    expect(cleared.evaluationReport).toBeNull();
    expect(evaluationReportCleared(cleared)).toBe(cleared);
  });

  it('a failed load raises one typed error and keeps the previous report', () => {
    const error = serializeError(new ParseError('bad.json: format: expected a string, found nothing', { file: 'bad.json' }));
    const failed = apply(loaded, evaluationReportFailed(loaded, error));
    expect(failed.evaluationReport).toBe(loaded.evaluationReport);
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]).toMatchObject({ name: 'ParseError', message: error.message });
  });
});
