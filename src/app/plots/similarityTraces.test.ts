import { describe, expect, it } from 'vitest';
import { createReportIdentities } from '../../core/report/identity';
import { buildTestReport } from '../../core/report/testReport';
import { createSimilarityTraces, histogramShares, occupiedRange } from './similarityTraces';

describe('histogramShares', () => {
  it('bin centres and shares of everything counted, outside included in the total', () => {
    const { centres, shares } = histogramShares({ edges: [0, 0.5, 1], counts: [1, 2], outside: 1 });
    expect(centres).toEqual([0.25, 0.75]);
    expect(shares).toEqual([0.25, 0.5]);
  });
});

describe('createSimilarityTraces', () => {
  it('the holdout reference first, then one line per backbone, named and coloured by its identity', async () => {
    const report = await buildTestReport();
    const identities = createReportIdentities(report);
    const traces = createSimilarityTraces(report, identities) as { name: string; line: { color: string } }[];
    expect(traces.map((t) => t.name)).toEqual(['real holdout (reference)', ...report.backbones.map((b) => identities.get(b.id)!.name)]);
    expect(traces.slice(1).map((t) => t.line.color)).toEqual(report.backbones.map((b) => identities.get(b.id)!.colour));
  });
});

describe('occupiedRange', () => {
  it('spans the non-empty bins of every histogram drawn, with a bin of margin', async () => {
    const report = await buildTestReport();
    const range = occupiedRange(report)!;
    const all = [report.backbones[0].metrics.memorisation.holdout.histogram, ...report.backbones.map((b) => b.metrics.memorisation.synthetic.histogram)];
    for (const h of all) {
      h.counts.forEach((n, i) => {
        if (n > 0) expect(h.edges[i] >= range[0] && h.edges[i + 1] <= range[1]).toBe(true);
      });
    }
    const width = all[0].edges[1] - all[0].edges[0];
    expect(all.some((h) => h.counts.some((n, i) => n > 0 && Math.abs(h.edges[i] - width - range[0]) < 1e-12))).toBe(true);
  });
});
