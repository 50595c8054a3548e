import { describe, expect, it } from 'vitest';
import { buildTestReport } from '../../core/report/testReport';
import { createSimilarityTraces, histogramShares } from './similarityTraces';

describe('histogramShares', () => {
  it('bin centres and shares of everything counted, outside included in the total', () => {
    const { centres, shares } = histogramShares({ edges: [0, 0.5, 1], counts: [1, 2], outside: 1 });
    expect(centres).toEqual([0.25, 0.75]);
    expect(shares).toEqual([0.25, 0.5]);
  });
});

describe('createSimilarityTraces', () => {
  it('the holdout reference first, then one line per backbone', async () => {
    const report = await buildTestReport();
    const names = createSimilarityTraces(report).map((t) => t.name);
    expect(names).toEqual(['real holdout (reference)', ...report.backbones.map((b) => b.id)]);
  });
});
