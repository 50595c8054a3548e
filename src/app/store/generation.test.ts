import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors';
import {
  generationCancelled, generationFailed, generationFinished, generationProgressed, generationStarted,
} from './generation';
import { initialWorkbenchState, type GenerationReport, type WorkbenchState } from './state';
import { createProgressFixture } from './testFixtures';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const started = apply(initialWorkbenchState, generationStarted(initialWorkbenchState));
const runId = 1;

describe('generation transitions', () => {
  it('starts one run at a time', () => {
    expect(started.generation).toEqual({ status: 'running', runId, progress: null });
    expect(started.nextId).toBe(2);
    expect(generationStarted(started)).toBe(started);
  });

  it('records progress of the current run only', () => {
    const progress = createProgressFixture(3);
    const next = apply(started, generationProgressed(started, { runId, progress }));
    expect(next.generation).toEqual({ status: 'running', runId, progress });
    expect(generationProgressed(next, { runId: 99, progress: createProgressFixture(4) })).toBe(next);
    expect(generationProgressed(initialWorkbenchState, { runId, progress })).toBe(initialWorkbenchState);
  });

  it('keeps the report of a finished run', () => {
    const report = { elapsedMs: 5 } as GenerationReport;
    const done = apply(started, generationFinished(started, { runId, report }));
    expect(done.generation).toEqual({ status: 'done', runId });
    expect(done.report).toBe(report);
    expect(generationFinished(done, { runId, report })).toBe(done);
  });

  it('shows a cancel as "cancelled" with the steps done, never as an error', () => {
    const running = apply(started, generationProgressed(started, { runId, progress: createProgressFixture(7, 1000) }));
    const cancelled = apply(running, generationCancelled(running, { runId }));
    expect(cancelled.generation).toEqual({ status: 'cancelled', runId, stepsDone: 7, stepsTotal: 1000 });
    expect(cancelled.errors).toEqual([]);
    // A late progress event of the cancelled run changes nothing.
    expect(generationProgressed(cancelled, { runId, progress: createProgressFixture(8, 1000) })).toBe(cancelled);
    expect(generationCancelled(cancelled, { runId })).toBe(cancelled);
  });

  it('shows a failure in the error area and keeps the last report', () => {
    const report = { elapsedMs: 5 } as GenerationReport;
    const withReport = { ...started, report };
    const error = { name: 'InvalidRequestError', code: errorCodes.invalidRequest, message: 'steps = 0' };
    const failed = apply(withReport, generationFailed(withReport, { runId, error }));
    expect(failed.generation).toEqual({ status: 'failed', runId });
    expect(failed.errors.map((e) => e.name)).toEqual(['InvalidRequestError']);
    expect(failed.report).toBe(report);
  });
});
