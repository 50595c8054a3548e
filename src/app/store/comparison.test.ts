import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import {
  comparisonCancelled, comparisonFailed, comparisonFinished, comparisonFormChanged, comparisonProgressed, comparisonStarted,
} from './comparison';
import { initialWorkbenchState, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const started = apply(initialWorkbenchState, comparisonStarted(initialWorkbenchState, { startedAtMs: 5 }));
const runId = 1;
const report = { createdAt: 'now' } as EvaluationReport;

describe('comparison transitions', () => {
  it('runs one evaluation at a time', () => {
    expect(started.comparisonRun).toEqual({ status: 'running', runId, stage: 'starting', fraction: 0, startedAtMs: 5 });
    expect(comparisonStarted(started, { startedAtMs: 6 })).toBe(started);
  });

  it('progress never moves back and ignores other runs', () => {
    const half = apply(started, comparisonProgressed(started, { runId, stage: 'UMAP', fraction: 0.5 }));
    const back = apply(half, comparisonProgressed(half, { runId, stage: 'TSTR', fraction: 0.4 }));
    expect(back.comparisonRun).toMatchObject({ stage: 'TSTR', fraction: 0.5 });
    expect(comparisonProgressed(back, { runId: 9, stage: 'x', fraction: 0.9 })).toBe(back);
  });

  it('a finished run becomes the comparison shown; a cancelled or failed one keeps the last', () => {
    const done = apply(started, comparisonFinished(started, { runId, report }));
    expect(done.evaluationReport).toEqual({ fileName: null, report });
    expect(done.comparisonRun.status).toBe('done');
    const again = apply(done, comparisonStarted(done, { startedAtMs: 7 }));
    const cancelled = apply(again, comparisonCancelled(again, { runId: 2 }));
    expect(cancelled.comparisonRun.status).toBe('cancelled');
    expect(cancelled.evaluationReport?.report).toBe(report);
    expect(cancelled.errors).toHaveLength(0);
    const third = apply(cancelled, comparisonStarted(cancelled, { startedAtMs: 8 }));
    const failed = apply(third, comparisonFailed(third, { runId: 3, error: { name: 'RuntimeFailureError', code: errorCodes.runtime, message: 'boom' } }));
    expect(failed.comparisonRun.status).toBe('failed');
    expect(failed.errors.map((e) => e.message)).toEqual(['boom']);
    expect(failed.evaluationReport?.report).toBe(report);
  });

  it('form changes one field at a time', () => {
    const next = apply(initialWorkbenchState, comparisonFormChanged(initialWorkbenchState, { field: 'k', value: '5' }));
    expect(next.comparisonForm.k).toBe('5');
    expect(comparisonFormChanged(next, { field: 'k', value: '5' })).toBe(next);
  });
});
