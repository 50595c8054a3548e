import { describe, expect, it } from 'vitest';
import { createReportIdentities } from '../../core/report/identity';
import { buildTestReport } from '../../core/report/testReport';
import { createValidationLossTraces } from './validationLossTraces';

type Trace = { name: string; meta: string; x: string[]; y: number[]; marker: { color: string }; error_y: { array: number[]; visible: boolean } };

describe('createValidationLossTraces', () => {
  it('one point per backbone with a validation loss, ± its SE from the report, in its identity colour', async () => {
    const report = await buildTestReport();
    const identities = createReportIdentities(report);
    const withLoss = report.backbones.filter((b) => b.validationLoss);
    expect(withLoss.length).toBeGreaterThan(0);
    const traces = createValidationLossTraces(report, identities) as Trace[];
    expect(traces.map((t) => t.meta)).toEqual(withLoss.map((b) => b.id));
    traces.forEach((trace, i) => {
      const { name, colour } = identities.get(withLoss[i].id)!;
      const { loss, stdError } = withLoss[i].validationLoss!;
      expect(trace).toMatchObject({ name, x: [name], y: [loss], marker: { color: colour } });
      expect(trace.error_y.array).toEqual([stdError ?? NaN]);
      expect(trace.error_y.visible).toBe(stdError !== null);
    });
  });

  it('leaves out a backbone without a validation loss (a GAN generator)', async () => {
    const report = await buildTestReport();
    const withoutLoss = { ...report, backbones: report.backbones.map((b, i) => (i === 0 ? { ...b, validationLoss: null } : b)) };
    const traces = createValidationLossTraces(withoutLoss, createReportIdentities(report)) as Trace[];
    expect(traces.map((t) => t.meta)).not.toContain(report.backbones[0].id);
    expect(traces).toHaveLength(report.backbones.filter((b, i) => i > 0 && b.validationLoss).length);
  });
});
