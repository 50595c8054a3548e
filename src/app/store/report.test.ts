import { describe, expect, it } from 'vitest';
import { ParseError, serializeError } from '../../core/errors';
import type { EvaluationReport } from '../../core/report/types';
import {
  evaluationReportCleared, evaluationReportFailed, evaluationReportLoaded, getShownComparison, getStaleReasons, precomputedComparisonLoaded,
} from './report';
import type { EncodingSummary } from '../../engines/data';
import { initialWorkbenchState, type BackboneId, type GenerationSummary, type WorkbenchState } from './state';

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

describe('the precomputed demo comparison', () => {
  const demoCodec = 'a'.repeat(64);
  const demoReport = { ...report, bundle: { codecSha256: demoCodec } } as unknown as EvaluationReport;
  const input = { fileName: 'demo-comparison.json', report: demoReport };
  const withPrecomputed = apply(initialWorkbenchState, precomputedComparisonLoaded(initialWorkbenchState, input));
  const encodedAs = (state: WorkbenchState, codecSha256: string): WorkbenchState =>
    ({ ...state, encoding: { codecSha256 } as EncodingSummary });

  it('is shown, marked precomputed, while nothing is encoded yet or the demo encoding is loaded', () => {
    expect(getShownComparison(initialWorkbenchState)).toBeNull();
    expect(getShownComparison(withPrecomputed)).toEqual({ precomputed: true, ...input });
    expect(getShownComparison(encodedAs(withPrecomputed, demoCodec))).toBe(withPrecomputed.precomputedComparison);
    expect(precomputedComparisonLoaded(withPrecomputed, input)).toBe(withPrecomputed);
  });

  it('is hidden once other data is encoded: it compares nothing loaded', () => {
    expect(getShownComparison(encodedAs(withPrecomputed, 'b'.repeat(64)))).toBeNull();
  });

  it('gives way to a loaded or evaluated report, and a clear removes both', () => {
    const own = apply(withPrecomputed, evaluationReportLoaded(withPrecomputed, { fileName: 'report.json', report }));
    expect(getShownComparison(own)).toBe(own.evaluationReport);
    const cleared = apply(own, evaluationReportCleared(own));
    expect(cleared.evaluationReport).toBeNull();
    expect(cleared.precomputedComparison).toBeNull();
    expect(getShownComparison(cleared)).toBeNull();
    const clearedPrecomputed = apply(withPrecomputed, evaluationReportCleared(withPrecomputed));
    expect(getShownComparison(clearedPrecomputed)).toBeNull();
  });
});

describe('getStaleReasons: a comparison evaluated here against what is loaded now', () => {
  const generation = { count: 8, classCounts: [4, 4], sampler: 'ddim', steps: 10, eta: 0, seed: 42, batchSize: 4, executionProvider: 'wasm', elapsedMs: 5, setVersion: 2 };
  const evaluated = {
    ...report, bundle: { codecSha256: 'ab'.repeat(32) },
    backbones: [{ id: 'builtin:unet-mlp', file: { name: 'unet-mlp.onnx' }, generation }],
  } as unknown as EvaluationReport;
  const summary = {
    backboneId: 'builtin:unet-mlp', fileName: 'unet-mlp.onnx', backboneKind: 'diffusion', count: 8, genes: 2, channels: 2, classCounts: [4, 4],
    realSlotRms: 1, nonFiniteCount: 0, elapsedMs: 9, executionProvider: 'wasm', version: 2,
    request: { count: 8, genes: 2, channels: 2, sampler: 'ddim', steps: 10, eta: 0, seed: 42, batchSize: 2 },
  } as unknown as GenerationSummary;
  const state = (over: Partial<WorkbenchState>): WorkbenchState => ({
    ...initialWorkbenchState, evaluationReport: { fileName: null, report: evaluated },
    encoding: { codecSha256: 'ab'.repeat(32) } as EncodingSummary, syntheticSets: { ['builtin:unet-mlp' as BackboneId]: summary }, ...over,
  });

  it('is empty while the sets and the encoding are the ones it used (another batch size gives the same samples)', () => {
    expect(getStaleReasons(state({}))).toEqual([]);
  });

  it('names a set generated again with another seed, a removed set and another encoding', () => {
    const reseeded = { ...summary, version: 3, request: { ...summary.request, seed: 7 } };
    expect(getStaleReasons(state({ syntheticSets: { ['builtin:unet-mlp' as BackboneId]: reseeded } }))).toEqual([
      'unet-mlp was generated again (set v3: 8 samples (4 + 4), ddim, 10 steps, η = 0, seed 7, batch 2, wasm; the comparison used set v2: 8 samples (4 + 4), ddim, 10 steps, η = 0, seed 42, batch 4, wasm)',
    ]);
    const earlier = { ...summary, version: 1, request: { ...summary.request, seed: 5 } };
    expect(getStaleReasons(state({ syntheticSets: { ['builtin:unet-mlp' as BackboneId]: earlier } }))[0]).toMatch(
      /^unet-mlp has an earlier set in use \(set v1: .*seed 5.*; the comparison used set v2: /);
    expect(getStaleReasons(state({ syntheticSets: {} }))).toEqual(['unet-mlp\'s set is no longer held']);
    expect(getStaleReasons(state({ encoding: { codecSha256: 'cd'.repeat(32) } as EncodingSummary }))[0]).toMatch(/^the data was encoded again \(codec cdcdcdcdcdcd…, the comparison used abababababab…\)/);
  });

  it('never marks a loaded report file, which describes its own sets', () => {
    expect(getStaleReasons(state({ evaluationReport: { fileName: 'report.json', report: evaluated }, syntheticSets: {} }))).toEqual([]);
  });
});
