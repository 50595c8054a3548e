import { describe, expect, it } from 'vitest';
import { createReportIdentities } from '../../core/report/identity';
import { buildTestReport } from '../../core/report/testReport';
import { createReconstructionTraces } from './reconstructionTraces';

type Trace = { name: string; meta: string; showlegend: boolean; y: number[]; line: { color: string }; error_y: { array: number[]; visible: boolean } };

describe('createReconstructionTraces', () => {
  it('one named, coloured line per backbone with ± maeStdError bars and a legend entry', async () => {
    const report = await buildTestReport();
    const identities = createReportIdentities(report);
    const withCurve = report.backbones.filter((b) => b.reconstruction);
    expect(withCurve.length).toBeGreaterThan(0);
    const traces = createReconstructionTraces(report, identities) as Trace[];
    expect(traces.map((t) => t.meta)).toEqual(withCurve.map((b) => b.id));
    traces.forEach((trace, i) => {
      const { name, colour } = identities.get(withCurve[i].id)!;
      expect(trace).toMatchObject({ name, showlegend: true, line: { color: colour } });
      const points = withCurve[i].reconstruction!.points;
      expect(trace.y).toEqual(points.map((p) => p.realSlots.mae));
      expect(trace.error_y.array).toEqual(points.map((p) => p.realSlots.maeStdError ?? NaN));
      expect(trace.error_y.visible).toBe(points.some((p) => p.realSlots.maeStdError !== null));
    });
  });
});
