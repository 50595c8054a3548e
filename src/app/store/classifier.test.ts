import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../core/classify/train';
import { errorCodes } from '../../core/errors';
import type { TrainingProgress } from '../../engines/training';
import {
  classifierCancelled, classifierFailed, classifierFinished, classifierFormChanged, classifierProgressed, classifierStarted,
} from './classifier';
import { initialWorkbenchState, type ClassifierReport, type WorkbenchState } from './state';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const started = apply(initialWorkbenchState, classifierStarted(initialWorkbenchState, { kind: 'mlp', epochsMax: 10 }));
const runId = 1;

const record = (epoch: number): EpochRecord => ({ epoch, trainLoss: 0.7, trainAcc: 0.5, valLoss: 0.69, valAcc: 0.55, valBalancedAccuracy: 0.55 });
const epochEvent = (epoch: number): TrainingProgress => ({
  status: 'epoch', source: 'real', sourceIndex: 0, sourcesTotal: 1, epochsMax: 10, record: record(epoch), elapsedMs: epoch * 100,
});
const initiate: TrainingProgress = { status: 'initiate', job: 'tstr', sourcesTotal: 1, epochsMax: 10, backend: 'webgpu' };

function progressed(state: WorkbenchState, ...events: TrainingProgress[]): WorkbenchState {
  return events.reduce((s, event) => apply(s, classifierProgressed(s, { runId, event })), state);
}

describe('classifier transitions', () => {
  it('changes one form field and returns the same state when nothing changed', () => {
    const next = apply(initialWorkbenchState, classifierFormChanged(initialWorkbenchState, { field: 'kind', value: 'cnn' }));
    expect(next.classifierForm).toEqual({ ...initialWorkbenchState.classifierForm, kind: 'cnn' });
    expect(classifierFormChanged(next, { field: 'kind', value: 'cnn' })).toBe(next);
    expect(classifierFormChanged(next, { field: 'epochs', value: next.classifierForm.epochs })).toBe(next);
  });

  it('starts one run at a time', () => {
    expect(started.classifierRun).toEqual({ status: 'running', runId, kind: 'mlp', epochsMax: 10, backend: null, progress: null, history: [] });
    expect(started.nextId).toBe(2);
    expect(classifierStarted(started, { kind: 'cnn', epochsMax: 3 })).toBe(started);
  });

  it('names the backend on initiate and adds one curve point per epoch, in order', () => {
    const running = progressed(started, initiate, epochEvent(1), epochEvent(2));
    const run = running.classifierRun;
    if (run.status !== 'running') throw new Error('expected a running classifier');
    expect(run.backend).toBe('webgpu');
    expect(run.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(run.progress?.status).toBe('epoch');
  });

  it('ignores events of another run and of no run', () => {
    expect(classifierProgressed(started, { runId: 99, event: epochEvent(1) })).toBe(started);
    expect(classifierProgressed(initialWorkbenchState, { runId, event: epochEvent(1) })).toBe(initialWorkbenchState);
  });

  it('keeps the report of a finished run', () => {
    const report = { classNames: ['control', 'case'], codecSha256: 'ab' } as ClassifierReport;
    const done = apply(started, classifierFinished(started, { runId, report }));
    expect(done.classifierRun).toEqual({ status: 'done', runId });
    expect(done.classifierReport).toBe(report);
    expect(classifierFinished(done, { runId, report })).toBe(done);
  });

  it('shows a cancel as "cancelled" with the curves so far, never as an error', () => {
    const running = progressed(started, initiate, epochEvent(1), epochEvent(2), epochEvent(3));
    const cancelled = apply(running, classifierCancelled(running, { runId }));
    expect(cancelled.classifierRun).toMatchObject({ status: 'cancelled', runId, kind: 'mlp', epochsMax: 10 });
    expect(cancelled.classifierRun.status === 'cancelled' && cancelled.classifierRun.history.length).toBe(3);
    expect(cancelled.errors).toEqual([]);
    expect(classifierProgressed(cancelled, { runId, event: epochEvent(4) })).toBe(cancelled);
    expect(classifierCancelled(cancelled, { runId })).toBe(cancelled);
  });

  it('shows a failure in the one error area and keeps the last report', () => {
    const report = { codecSha256: 'ab' } as ClassifierReport;
    const withReport = { ...started, classifierReport: report };
    const error = { name: 'InvalidRequestError', code: errorCodes.invalidRequest, message: 'the real holdout: labels must be 0 … 1' };
    const failed = apply(withReport, classifierFailed(withReport, { runId, error }));
    expect(failed.classifierRun).toEqual({ status: 'failed', runId });
    expect(failed.errors.map((e) => e.code)).toEqual(['invalid-request']);
    expect(failed.classifierReport).toBe(report);
    expect(classifierFailed(failed, { runId, error })).toBe(failed);
  });
});
