import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors';
import {
  generationCancelled, generationDequeued, generationFailed, generationFinished, generationProgressed, generationQueued,
  generationStarted, setVersionRestored,
} from './generation';
import {
  initialWorkbenchState, type BackboneId, type GenerationReport, type GenerationSummary, type WorkbenchState,
} from './state';
import { createProgressFixture } from './testFixtures';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const backboneId = 'builtin:transformer' as BackboneId;
const started = apply(initialWorkbenchState, generationStarted(initialWorkbenchState, backboneId));
const runId = 1;
const summary = { backboneId, count: 8 } as GenerationSummary;

describe('generation transitions', () => {
  it('starts one run at a time', () => {
    expect(started.generation).toEqual({ status: 'running', runId, backboneId, progress: null });
    expect(started.nextId).toBe(2);
    expect(generationStarted(started, backboneId)).toBe(started);
  });

  it('records progress of the current run only', () => {
    const progress = createProgressFixture(3);
    const next = apply(started, generationProgressed(started, { runId, progress }));
    expect(next.generation).toEqual({ status: 'running', runId, backboneId, progress });
    expect(generationProgressed(next, { runId: 99, progress: createProgressFixture(4) })).toBe(next);
    expect(generationProgressed(initialWorkbenchState, { runId, progress })).toBe(initialWorkbenchState);
  });

  it('keeps the summary and the moment check of a finished run', () => {
    const report = { elapsedMs: 5 } as GenerationReport;
    const done = apply(started, generationFinished(started, { runId, summary, report, earlierVersions: {} }));
    expect(done.generation).toEqual({ status: 'done', runId });
    expect(done.lastRun).toBe(summary);
    expect(done.syntheticSets[backboneId]).toBe(summary);
    expect(done.report).toBe(report);
    expect(generationFinished(done, { runId, summary, report, earlierVersions: {} })).toBe(done);
  });

  it('keeps the last moment check through a run of a backbone that has none', () => {
    const report = { elapsedMs: 5 } as GenerationReport;
    const withReport = { ...started, report };
    const done = apply(withReport, generationFinished(withReport, { runId, summary, report: null, earlierVersions: {} }));
    expect(done.report).toBe(report);
    expect(done.lastRun).toBe(summary);
    expect(done.syntheticSets[backboneId]).toBe(summary);
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

  it('queues each backbone once, never the running one, and starting takes it off the queue', () => {
    const other = 'builtin:gan' as BackboneId;
    const third = 'builtin:baseline' as BackboneId;
    const queued = apply(started, generationQueued(started, [backboneId, other, other, third]));
    expect(queued.generationQueue).toEqual([other, third]);
    expect(generationQueued(queued, [other])).toBe(queued);
    const dequeued = apply(queued, generationDequeued(queued, third));
    expect(dequeued.generationQueue).toEqual([other]);
    expect(generationDequeued(dequeued, third)).toBe(dequeued);
    const done = apply(dequeued, generationFinished(dequeued, { runId, summary, report: null, earlierVersions: {} }));
    const next = apply(done, generationStarted(done, other));
    expect(next.generationQueue).toEqual([]);
    expect(next.generation).toMatchObject({ status: 'running', backboneId: other });
  });
});

describe('set versions', () => {
  const v = (version: number) => ({ backboneId, count: 8, version }) as GenerationSummary;
  const finish = (state: WorkbenchState, summary: GenerationSummary, versions: number[]): WorkbenchState => {
    const running = apply(state, generationStarted(state, summary.backboneId));
    return apply(running, generationFinished(running, { runId: running.nextId - 1, summary, report: null, earlierVersions: { [summary.backboneId]: versions } }));
  };

  it('keeps the versions the set holder kept, newest first, and forgets the others', () => {
    const one = finish(initialWorkbenchState, v(1), []);
    const two = finish(one, v(2), [1]);
    const three = finish(two, v(3), [2]);
    expect(two.earlierSets[backboneId]).toEqual([v(1)]);
    expect(three.syntheticSets[backboneId]).toEqual(v(3));
    expect(three.earlierSets[backboneId]).toEqual([v(2)]);
    expect(finish(three, v(4), []).earlierSets[backboneId]).toBeUndefined();
  });

  it('makes an earlier version current and the current one earlier; an unknown version changes nothing', () => {
    const three = finish(finish(finish(initialWorkbenchState, v(1), []), v(2), [1]), v(3), [2, 1]);
    const back = apply(three, setVersionRestored(three, { backboneId, version: 1, earlierVersions: { [backboneId]: [3, 2] } }));
    expect(back.syntheticSets[backboneId]).toEqual(v(1));
    expect(back.earlierSets[backboneId]).toEqual([v(3), v(2)]);
    expect(setVersionRestored(three, { backboneId, version: 9, earlierVersions: {} })).toBe(three);
  });

  it('drops another backbone\'s earlier version that the shared byte budget no longer holds', () => {
    const gan = 'builtin:gan-generator' as BackboneId;
    const ofGan = (version: number) => ({ backboneId: gan, count: 8, version }) as GenerationSummary;
    const run = (state: WorkbenchState, summary: GenerationSummary, earlierVersions: Partial<Record<BackboneId, number[]>>) => {
      const running = apply(state, generationStarted(state, summary.backboneId));
      return apply(running, generationFinished(running, { runId: running.nextId - 1, summary, report: null, earlierVersions }));
    };
    const both = run(run(run(initialWorkbenchState, ofGan(1), {}), ofGan(2), { [gan]: [1] }), v(1), { [gan]: [1] });
    expect(both.earlierSets[gan]).toEqual([ofGan(1)]);
    const next = run(both, v(2), { [backboneId]: [1] });
    expect(next.earlierSets[backboneId]).toEqual([v(1)]);
    expect(next.earlierSets[gan]).toBeUndefined();
  });
});
