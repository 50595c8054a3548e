import { describe, expect, it } from 'vitest';
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import { smoothDebiasedEma } from '../../core/curves/smoothing';
import { createIdentities } from '../../core/report/identity';
import type { BackboneId, LossCurve } from '../store';
import { createLossCurveTraces, findBestPoint } from './lossCurveTraces';

const csv = 'epoch,step,train_loss,val_loss\n0,10,1.0,\n0,20,0.5,\n0,20,,0.8\n1,30,nan,\n1,40,0.25,0.4\n';
const curve = (family: string): LossCurve => ({
  backboneId: `builtin:${family}` as BackboneId, family, log: parseLightningMetrics(csv, `${family}/metrics.csv`),
});

const identities = createIdentities(['unet-cnn', 'transformer', 'gan-generator', 'unet-mlp'].map((f) => ({ id: `builtin:${f}` })));

type Trace = Record<string, unknown> & { y: (number | null)[]; x: number[] };

describe('createLossCurveTraces', () => {
  it('draws train_loss and val_loss of each run, raw values as they are when not smoothed', () => {
    const traces = createLossCurveTraces([curve('unet-cnn'), curve('transformer')], { view: { smoothing: 0, logY: true, logX: false, runs: {} } }, identities) as Trace[];
    expect(traces.map((t) => t.uid)).toEqual([
      'builtin-unet-cnn-train_loss', 'builtin-unet-cnn-train_loss-best', 'builtin-unet-cnn-val_loss', 'builtin-unet-cnn-val_loss-best',
      'builtin-transformer-train_loss', 'builtin-transformer-train_loss-best', 'builtin-transformer-val_loss', 'builtin-transformer-val_loss-best',
    ]);
    expect(traces[0].x).toEqual([10, 20, 30, 40]);
    expect(traces[0].y).toEqual([1, 0.5, null, 0.25]);
    expect(traces[2]).toMatchObject({ x: [20, 40], y: [0.8, 0.4], yaxis: 'y2', showlegend: false, legendgroup: 'builtin:unet-cnn' });
    // One colour per run, its identity's, the same on both axes.
    const color = (t: Trace) => (t.line as { color: string }).color;
    expect(color(traces[0])).toBe(identities.get('builtin:unet-cnn')!.colour);
    expect(color(traces[4])).toBe(identities.get('builtin:transformer')!.colour);
    expect(color(traces[0])).toBe(color(traces[2]));
    expect(color(traces[0])).not.toBe(color(traces[4]));
  });

  it('draws the debiased EMA over the faint raw values when smoothing (within 1e-12)', () => {
    const traces = createLossCurveTraces([curve('unet-cnn')], { view: { smoothing: 0.6, logY: false, logX: false, runs: {} } }, identities) as Trace[];
    expect(traces.map((t) => t.uid)).toEqual([
      'builtin-unet-cnn-train_loss-raw', 'builtin-unet-cnn-train_loss', 'builtin-unet-cnn-train_loss-best',
      'builtin-unet-cnn-val_loss-raw', 'builtin-unet-cnn-val_loss', 'builtin-unet-cnn-val_loss-best',
    ]);
    const expected = smoothDebiasedEma([1, 0.5, NaN, 0.25], 0.6);
    traces[1].y.forEach((y, i) => (i === 2 ? expect(y).toBeNull() : expect(Math.abs(y! - expected[i])).toBeLessThan(1e-12)));
    expect(traces[1].y[3]).not.toBe(0.25);
    expect(traces[0]).toMatchObject({ opacity: 0.25, showlegend: false, hoverinfo: 'skip' });
  });

  it('draws a GAN on its own right-hand axes, with no best point (a critic loss is not minimised toward a better model)', () => {
    const curves = [curve('gan-generator'), curve('transformer')];
    const shown = createLossCurveTraces(curves, { view: { smoothing: 0, logY: true, logX: false, runs: {} } }, identities) as Trace[];
    expect(shown.map((t) => t.yaxis)).toEqual(['y3', 'y4', 'y', 'y', 'y2', 'y2']);
    expect(shown.map((t) => t.visible)).toEqual([true, true, true, true, true, true]);
  });

  it('marks the lowest raw value of each metric at its step, even under smoothing', () => {
    const traces = createLossCurveTraces([curve('unet-cnn')], { view: { smoothing: 0.6, logY: false, logX: false, runs: {} } }, identities) as Trace[];
    const best = traces.filter((t) => String(t.uid).endsWith('-best'));
    expect(best.map((t) => [t.x, t.y, t.yaxis])).toEqual([[[40], [0.25], 'y'], [[40], [0.4], 'y2']]);
    expect(best[0]).toMatchObject({ showlegend: false, legendgroup: 'builtin:unet-cnn', mode: 'markers' });
    expect(findBestPoint({ steps: [1, 2, 3, 4], values: [NaN, 0.3, 0.2, 0.2] })).toEqual({ step: 3, value: 0.2 });
    expect(findBestPoint({ steps: [1], values: [NaN] })).toBeNull();
  });

  it('names an imported run by the name it was given, a built-in one by its display name', () => {
    const imported: LossCurve = { ...curve('imported'), backboneId: 'import:my run' as BackboneId };
    const names = createLossCurveTraces([curve('unet-mlp'), imported], { view: { smoothing: 0, logY: false, logX: false, runs: {} } }, identities)
      .map((t) => t as Trace).filter((t) => t.showlegend).map((t) => t.name);
    expect(names).toEqual(['unet-mlp', 'my run']);
  });
});
