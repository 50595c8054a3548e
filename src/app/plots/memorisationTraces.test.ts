import { describe, expect, it } from 'vitest';
import type { MemorisationReport } from '../../core/report/memorisationReport';
import { createMemorisationTraces, memorisationRange, shareHistogram } from './memorisationTraces';

const edges = [-1, -0.5, 0, 0.5, 1];
const report = {
  backbones: [{ id: 'A' }, { id: 'B' }],
  histograms: { edges, sameSeed: [0, 0, 1, 3], aToTrain: [0, 2, 2, 0], bToTrain: [0, 1, 3, 0], aHoldoutToTrain: [0, 1, 1, 0], bHoldoutToTrain: [0, 0, 2, 0] },
} as unknown as MemorisationReport;

describe('shareHistogram', () => {
  it('bin centres and each bin\'s share of the total', () => {
    expect(shareHistogram(edges, [0, 1, 1, 2])).toEqual({ centres: [-0.75, -0.25, 0.25, 0.75], shares: [0, 0.25, 0.25, 0.5] });
    expect(shareHistogram(edges, [0, 0, 0, 0]).shares).toEqual([0, 0, 0, 0]);
  });
});

describe('createMemorisationTraces', () => {
  it('the same-seed bars on the left panel, both models\' and the holdout\'s closest-training shares on the right', () => {
    const traces = createMemorisationTraces(report) as { name: string; xaxis: string; y: number[]; type: string }[];
    expect(traces.map((t) => [t.type, t.xaxis])).toEqual([['bar', 'x'], ['scatter', 'x2'], ['scatter', 'x2'], ['scatter', 'x2'], ['scatter', 'x2']]);
    expect(traces[0].y).toEqual([0, 0, 0.25, 0.75]);
    expect(traces[1].name).toBe('A → closest own training');
    expect(traces[2].y).toEqual([0, 0.25, 0.75, 0]);
    expect(traces[3].y).toEqual([0, 0.5, 0.5, 0]);
  });
});

describe('memorisationRange', () => {
  it('spans the non-empty bins of every histogram with a bin of margin, within [−1, 1]', () => {
    expect(memorisationRange(report)).toEqual([-1, 1]);
    const narrow = { ...report, histograms: { ...report.histograms, sameSeed: [0, 0, 0, 1], aToTrain: [0, 0, 1, 0], bToTrain: [0, 0, 0, 0], aHoldoutToTrain: [0, 0, 0, 0], bHoldoutToTrain: [0, 0, 0, 0] } };
    expect(memorisationRange(narrow as MemorisationReport)).toEqual([-0.5, 1]);
  });
});
