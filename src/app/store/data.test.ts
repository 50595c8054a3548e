import { describe, expect, it } from 'vitest';
import {
  cohortEncoded, cohortLoaded, dataFilesIdentified, dataJobCancelled, dataJobFailed, dataJobProgressed, dataJobStarted,
  encodeFormChanged,
} from './data';
import { initialWorkbenchState, type WorkbenchState } from './state';
import { createBundleSummaryFixture, createCohortSummaryFixture, createEncodeSummaryFixture } from './testFixtures';

const apply = (state: WorkbenchState, patch: Partial<WorkbenchState>): WorkbenchState => ({ ...state, ...patch });
const parseError = { name: 'ParseError', code: 'parse', message: 'line 2,090 of bad.vcf: expected 509 fields' } as const;
/** Runs and errors share one id counter, so tests read the id of the job just started. */
const runIdOf = (state: WorkbenchState): number => (state.dataJob.status === 'idle' ? -1 : state.dataJob.runId);
const reading = (bytesRead: number) => ({ status: 'reading', bytesRead, bytesTotal: 1000 }) as const;

/** A state with the demo cohort loaded and encoded by run 1. */
function loadedAndEncoded(): WorkbenchState {
  let state = apply(initialWorkbenchState, dataJobStarted(initialWorkbenchState, { kind: 'load', label: 'demo' }));
  state = apply(state, cohortLoaded(state, { runId: 1, summary: createCohortSummaryFixture(1) }));
  state = apply(state, dataJobStarted(state, { kind: 'encode', label: 'encode' }));
  return apply(state, cohortEncoded(state, { runId: 2, summary: createEncodeSummaryFixture(1) }));
}

describe('data job transitions', () => {
  it('runs one job at a time and records progress of the current job only', () => {
    const started = apply(initialWorkbenchState, dataJobStarted(initialWorkbenchState, { kind: 'load', label: 'cohort.vcf.gz' }));
    expect(started.dataJob).toEqual({ status: 'running', kind: 'load', runId: 1, label: 'cohort.vcf.gz', progress: null });
    expect(dataJobStarted(started, { kind: 'encode', label: 'x' })).toBe(started);
    const progressed = apply(started, dataJobProgressed(started, { runId: 1, progress: reading(10) }));
    expect(progressed.dataJob).toMatchObject({ progress: reading(10) });
    expect(dataJobProgressed(progressed, { runId: 99, progress: reading(20) })).toBe(progressed);
  });

  it('shows the roles of the current job\'s files only', () => {
    const started = apply(initialWorkbenchState, dataJobStarted(initialWorkbenchState, { kind: 'load', label: 'x' }));
    const plan = { files: [], missing: [], problems: [] };
    expect(apply(started, dataFilesIdentified(started, { runId: 1, plan })).dataFiles).toBe(plan);
    expect(dataFilesIdentified(started, { runId: 7, plan })).toBe(started);
  });

  it('keeps the loaded cohort and its encoding when a later load fails or is cancelled', () => {
    const before = loadedAndEncoded();
    const failing = apply(before, dataJobStarted(before, { kind: 'load', label: 'bad.vcf' }));
    const failed = apply(failing, dataJobFailed(failing, { runId: runIdOf(failing), error: parseError }));
    expect(failed.cohort).toBe(before.cohort);
    expect(failed.encoding).toBe(before.encoding);
    expect(failed.dataJob).toMatchObject({ status: 'failed', kind: 'load' });
    expect(failed.errors.map((e) => e.name)).toEqual(['ParseError']);
    const cancelling = apply(failed, dataJobStarted(failed, { kind: 'load', label: 'big.vcf' }));
    const runId = runIdOf(cancelling);
    const withProgress = apply(cancelling, dataJobProgressed(cancelling, { runId, progress: reading(300) }));
    const cancelled = apply(withProgress, dataJobCancelled(withProgress, { runId }));
    expect(cancelled.dataJob).toEqual({ status: 'cancelled', kind: 'load', runId, label: 'big.vcf', progress: reading(300) });
    expect(cancelled.cohort).toBe(before.cohort);
    expect(cancelled.errors).toHaveLength(1);
  });

  it('clears the encoding when another cohort loads, and ignores an encoding of another cohort', () => {
    const before = loadedAndEncoded();
    expect(before.encoding?.cohortId).toBe(1);
    const loading = apply(before, dataJobStarted(before, { kind: 'load', label: 'other' }));
    const other = apply(loading, cohortLoaded(loading, { runId: runIdOf(loading), summary: createCohortSummaryFixture(2) }));
    expect(other.cohort?.cohortId).toBe(2);
    expect(other.encoding).toBeNull();
    const encoding = apply(other, dataJobStarted(other, { kind: 'encode', label: 'encode' }));
    const stale = apply(encoding, cohortEncoded(encoding, { runId: runIdOf(encoding), summary: createEncodeSummaryFixture(1) }));
    expect(stale.encoding).toBeNull();
    expect(stale.dataJob.status).toBe('done');
  });

  it('shows a loaded bundle with its own encoding, and keeps it through a failed load', () => {
    const before = loadedAndEncoded();
    const loading = apply(before, dataJobStarted(before, { kind: 'load', label: 'cohort-G512-bundle.zip' }));
    const bundle = createBundleSummaryFixture(3);
    const loaded = apply(loading, cohortLoaded(loading, { runId: runIdOf(loading), summary: bundle }));
    expect(loaded.cohort).toBe(bundle);
    expect(loaded.encoding).toBe(bundle.encoding);
    expect(loaded.dataJob).toMatchObject({ status: 'done', kind: 'load' });
    const failing = apply(loaded, dataJobStarted(loaded, { kind: 'load', label: 'corrupt.zip' }));
    const failed = apply(failing, dataJobFailed(failing, { runId: runIdOf(failing), error: { ...parseError, message: 'corrupt.zip is not a readable zip archive' } }));
    expect(failed.cohort).toBe(bundle);
    expect(failed.encoding).toBe(bundle.encoding);
  });

  it('never puts an encode result beside a bundle, and clears the bundle\'s encoding when genotypes load', () => {
    let state = apply(initialWorkbenchState, dataJobStarted(initialWorkbenchState, { kind: 'load', label: 'bundle' }));
    const bundle = createBundleSummaryFixture(1);
    state = apply(state, cohortLoaded(state, { runId: runIdOf(state), summary: bundle }));
    state = apply(state, dataJobStarted(state, { kind: 'encode', label: 'encode' }));
    // Same cohort id, but a bundle is not re-encoded: the result is not shown as its encoding.
    state = apply(state, cohortEncoded(state, { runId: runIdOf(state), summary: createEncodeSummaryFixture(1) }));
    expect(state.encoding).toBe(bundle.encoding);
    state = apply(state, dataJobStarted(state, { kind: 'load', label: 'cohort.vcf.gz' }));
    state = apply(state, cohortLoaded(state, { runId: runIdOf(state), summary: createCohortSummaryFixture(2) }));
    expect(state.cohort?.source).toBe('genotypes');
    expect(state.encoding).toBeNull();
  });

  it('changes one encoding setting at a time', () => {
    const state = apply(initialWorkbenchState, encodeFormChanged(initialWorkbenchState, { field: 'geneSlots', value: '1024' }));
    expect(state.encodeForm.geneSlots).toBe('1024');
    expect(encodeFormChanged(state, { field: 'geneSlots', value: '1024' })).toBe(state);
    expect(apply(state, encodeFormChanged(state, { field: 'nearestGene', value: true })).encodeForm.nearestGene).toBe(true);
  });
});
