import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors';
import type { MemorisationReport } from '../../core/report/memorisationReport';
import {
  memorisationCancelled, memorisationFailed, memorisationFinished, memorisationFormChanged, memorisationProgressed, memorisationStarted,
} from './memorisation';
import { initialWorkbenchState, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const started = apply(initialWorkbenchState, memorisationStarted(initialWorkbenchState));
const runId = 1;
const report = { format: 'gdw-memorisation-report' } as MemorisationReport;

describe('memorisation transitions', () => {
  it('changes one form field, returning the same state when nothing changed', () => {
    const next = apply(initialWorkbenchState, memorisationFormChanged(initialWorkbenchState, { field: 'count', value: '40' }));
    expect(next.memorisationForm).toEqual({ ...initialWorkbenchState.memorisationForm, count: '40' });
    expect(memorisationFormChanged(next, { field: 'count', value: '40' })).toBe(next);
  });

  it('runs one test at a time; its bar never moves back and another run\'s events are ignored', () => {
    expect(started.memorisationRun).toEqual({ status: 'running', runId, stage: 'generating A', fraction: 0 });
    expect(memorisationStarted(started)).toBe(started);
    const b = apply(started, memorisationProgressed(started, { runId, stage: 'generating B', fraction: 0.6 }));
    expect(b.memorisationRun).toMatchObject({ stage: 'generating B', fraction: 0.6 });
    expect(memorisationProgressed(b, { runId, stage: 'generating B', fraction: 0.4 })).toBe(b);
    expect(memorisationProgressed(b, { runId: 9, stage: 'measuring', fraction: 0.9 })).toBe(b);
  });

  it('keeps the report of a finished test through a later cancel; a failure shows at the card', () => {
    const done = apply(started, memorisationFinished(started, { runId, report }));
    expect(done.memorisationRun).toEqual({ status: 'done', runId });
    expect(done.memorisation).toEqual({ runId, report });
    const again = apply(done, memorisationStarted(done));
    const second = (again.memorisationRun as { runId: number }).runId;
    const cancelled = apply(again, memorisationCancelled(again, { runId: second }));
    expect(cancelled.memorisationRun.status).toBe('cancelled');
    expect(cancelled.memorisation).toBe(done.memorisation);
    expect(cancelled.errors).toEqual([]);
    const error = { name: 'BackboneContractError', code: errorCodes.invalidRequest, message: 'a.onnx and b.onnx differ in schedule' };
    const failed = apply(again, memorisationFailed(again, { runId: second, error }));
    expect(failed.memorisationRun.status).toBe('failed');
    expect(failed.errors[0]).toMatchObject({ ...error, origin: 'memorisation' });
    expect(memorisationFailed(failed, { runId: second, error })).toBe(failed);
  });
});
