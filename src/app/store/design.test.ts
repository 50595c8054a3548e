import { describe, expect, it } from 'vitest';
import type { DesignReport, DesignTracePoint } from '../../core/design/report';
import { errorCodes } from '../../core/errors';
import { designCancelled, designFailed, designFinished, designFormChanged, designProgressed, designStarted } from './design';
import { initialWorkbenchState, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const started = apply(initialWorkbenchState, designStarted(initialWorkbenchState, { backboneId: 'builtin:gan-generator' }));
const runId = 1;
const point = (iteration: number): DesignTracePoint => ({ iteration, predictor: 0.5 + iteration / 10, liability: 1, oracleClassifier: 0.5, penalty: null });
const report = (status: 'done' | 'cancelled') => ({ status, methods: [{ method: 'activation' }] }) as unknown as DesignReport;

describe('design transitions', () => {
  it('changes one form field, returning the same state when nothing changed', () => {
    const next = apply(initialWorkbenchState, designFormChanged(initialWorkbenchState, { field: 'joint', value: true }));
    expect(next.designForm).toEqual({ ...initialWorkbenchState.designForm, joint: true });
    expect(designFormChanged(next, { field: 'joint', value: true })).toBe(next);
  });

  it('runs one design at a time, gathers the trace points in order, and never moves the bar back', () => {
    expect(started.designRun).toMatchObject({ status: 'running', runId, stage: 'classifiers', fraction: 0, points: [] });
    expect(designStarted(started, { backboneId: null })).toBe(started);
    let state = apply(started, designProgressed(started, { runId, stage: 'activation', fraction: 0.2, iterationsDone: 0, iterationsTotal: 5, point: { method: 'activation', point: point(0) } }));
    state = apply(state, designProgressed(state, { runId, stage: 'activation', fraction: 0.1, iterationsDone: 1, point: { method: 'activation', point: point(1) } }));
    expect(state.designRun).toMatchObject({ stage: 'activation', fraction: 0.2, iterationsDone: 1, iterationsTotal: 5 });
    expect(state.designRun.status === 'running' && state.designRun.points.map((p) => p.point.iteration)).toEqual([0, 1]);
    // Another run's events change nothing.
    expect(designProgressed(state, { runId: 99, stage: 'joint', fraction: 0.9 })).toBe(state);
    expect(designProgressed(state, { runId, stage: 'activation', fraction: 0.2 })).toBe(state);
  });

  it('ends done or cancelled with the report, cancelled without one keeps the last outcome, failed raises the error at the card', () => {
    const done = apply(started, designFinished(started, { runId, report: report('done'), truthFile: 'truth.json', log: ['x'] }));
    expect(done.designRun).toEqual({ status: 'done', runId, backboneId: 'builtin:gan-generator' });
    expect(done.design).toMatchObject({ runId, truthFile: 'truth.json', log: ['x'], report: { status: 'done' } });
    const second = apply(done, designStarted(done, { backboneId: null }));
    const cancelled = apply(second, designCancelled(second, { runId: 2 }));
    expect(cancelled.designRun).toEqual({ status: 'cancelled', runId: 2, backboneId: null });
    expect(cancelled.design?.runId).toBe(runId);
    const partial = apply(second, designFinished(second, { runId: 2, report: report('cancelled'), truthFile: null, log: [] }));
    expect(partial.designRun.status).toBe('cancelled');
    expect(partial.design?.runId).toBe(2);
    const error = { name: 'DesignError', code: errorCodes.invalidRequest, message: 'gradient[3] is NaN' };
    const failed = apply(second, designFailed(second, { runId: 2, error }));
    expect(failed.designRun.status).toBe('failed');
    expect(failed.errors[0]).toMatchObject({ ...error, origin: 'design' });
  });
});
