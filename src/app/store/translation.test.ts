import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../core/errors';
import type { TranslationReport } from '../../core/translate/report';
import { initialWorkbenchState, type WorkbenchState } from './state';
import {
  translationCancelled, translationFailed, translationFinished, translationFormChanged, translationProgressed, translationStarted, translationTruthChanged,
  umapSelectionChanged,
} from './translation';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const started = apply(initialWorkbenchState, translationStarted(initialWorkbenchState, { backboneId: 'builtin:unet-mlp', samplesTotal: 8 }));
const runId = 1;
const report = (status: 'done' | 'cancelled', translated: number) => ({ status, data: { chosen: 8, translated } }) as unknown as TranslationReport;

describe('translation transitions', () => {
  it('changes one form field, returning the same state when nothing changed', () => {
    const next = apply(initialWorkbenchState, translationFormChanged(initialWorkbenchState, { field: 'depth', value: '500' }));
    expect(next.translationForm).toEqual({ ...initialWorkbenchState.translationForm, depth: '500' });
    expect(translationFormChanged(next, { field: 'depth', value: '500' })).toBe(next);
    expect(translationFormChanged(next, { field: 'cycle', value: true })).toBe(next);
    const truth = { fileName: 'truth.json', causalGenes: ['GENE065'] };
    expect(translationTruthChanged(next, truth)).toEqual({ translationTruth: truth });
  });

  it('keeps the UMAP selection, returning the same state for an equal one', () => {
    const selected = apply(initialWorkbenchState, umapSelectionChanged(initialWorkbenchState, { realSampleIds: ['a', 'b'], points: 3 }));
    expect(selected.umapSelection).toEqual({ realSampleIds: ['a', 'b'], points: 3 });
    expect(umapSelectionChanged(selected, { realSampleIds: ['a', 'b'], points: 3 })).toBe(selected);
    expect(umapSelectionChanged(selected, null)).toEqual({ umapSelection: null });
  });

  it('starts one run at a time; its bar never moves back and another run\'s events are ignored', () => {
    expect(started.translationRun).toMatchObject({ status: 'running', runId, stage: 'translating', fraction: 0, samplesTotal: 8 });
    expect(translationStarted(started, { backboneId: 'x', samplesTotal: 1 })).toBe(started);
    const half = apply(started, translationProgressed(started, { runId, stage: 'translating', fraction: 0.5, samplesDone: 4 }));
    expect(half.translationRun).toMatchObject({ fraction: 0.5, samplesDone: 4 });
    expect(translationProgressed(half, { runId, stage: 'translating', fraction: 0.3, samplesDone: 4 })).toBe(half);
    expect(translationProgressed(half, { runId: 99, stage: 'report', fraction: 0.9 })).toBe(half);
    const flip = apply(half, translationProgressed(half, { runId, stage: 'flip rate', fraction: 0.8 }));
    expect(flip.translationRun).toMatchObject({ stage: 'flip rate', fraction: 0.8, samplesDone: 4 });
  });

  it('a finished run keeps its report; a cancel with finished samples reports them as cancelled', () => {
    const done = apply(started, translationFinished(started, { runId, report: report('done', 8), truthFile: 'truth.json', log: [] }));
    expect(done.translationRun).toMatchObject({ status: 'done', samplesDone: 8, samplesTotal: 8 });
    expect(done.translation).toMatchObject({ runId, backboneId: 'builtin:unet-mlp', truthFile: 'truth.json' });
    const partial = apply(started, translationFinished(started, { runId, report: report('cancelled', 3), truthFile: null, log: [] }));
    expect(partial.translationRun).toMatchObject({ status: 'cancelled', samplesDone: 3 });
    expect(partial.translation?.report.status).toBe('cancelled');
    expect(partial.errors).toEqual([]);
    // Cancelled while the flip-rate classifier trained: every sample translated, the report kept, its missing flip rate named.
    const noFlip = { ...report('cancelled', 8), flipRate: null, flipRateMissing: 'cancelled while the flip-rate classifier trained' } as TranslationReport;
    const kept = apply(started, translationFinished(started, { runId, report: noFlip, truthFile: null, log: [] }));
    expect(kept.translationRun).toMatchObject({ status: 'cancelled', samplesDone: 8, samplesTotal: 8 });
    expect(kept.translation?.report).toBe(noFlip);
  });

  it('a cancel before any sample finished keeps the last report and is not an error; a failure shows in the card', () => {
    const earlier = apply(started, translationFinished(started, { runId, report: report('done', 8), truthFile: null, log: [] }));
    const again = apply(earlier, translationStarted(earlier, { backboneId: 'builtin:unet-mlp', samplesTotal: 8 }));
    const secondId = (again.translationRun as { runId: number }).runId;
    const cancelled = apply(again, translationCancelled(again, { runId: secondId }));
    expect(cancelled.translationRun).toMatchObject({ status: 'cancelled', samplesDone: 0 });
    expect(cancelled.translation).toBe(earlier.translation);
    expect(cancelled.errors).toEqual([]);
    const error = { name: 'TranslationError', code: errorCodes.invalidRequest, message: 'no holdout sample is of the source class 0' };
    const failed = apply(again, translationFailed(again, { runId: secondId, error }));
    expect(failed.translationRun.status).toBe('failed');
    expect(failed.errors[0]).toMatchObject({ ...error, origin: 'translate' });
    expect(translationFailed(failed, { runId: secondId, error })).toBe(failed);
  });
});
