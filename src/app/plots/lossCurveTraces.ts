// The loss-curve figure's traces, TensorBoard style: one colour per training run, train_loss on
// the top axes and val_loss below, the debiased-EMA line drawn over the faint raw values. A run's
// legend entry toggles its lines on both axes. The GAN's losses are a critic loss and a Wasserstein
// estimate, not an ε-MSE, so it starts hidden (its legend entry shows it).
import type { Data } from 'plotly.js-dist-min';
import { backboneFamilies } from '../../core/backbone/spec';
import { smoothDebiasedEma } from '../../core/curves/smoothing';
import type { LossCurve, LossCurveView } from '../store';

/** The two metrics drawn, each on its own y axis. */
export const lossMetrics = { train_loss: 'y', val_loss: 'y2' } as const;
export type LossMetric = keyof typeof lossMetrics;

/** Tableau 10, one colour per run in list order. */
const palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#b07aa1', '#9c755f', '#edc948', '#ff9da7', '#bab0ac'];

/** Runs whose losses are on another scale from the diffusion ε-MSE start hidden. */
export const isHiddenByDefault = (curve: LossCurve): boolean => curve.family === backboneFamilies.ganGenerator;

/** The legend name: a built-in run by its family, an imported one by the name it was given ('import:<name>'). */
export const runLabel = (curve: LossCurve): string =>
  curve.backboneId.startsWith('import:') ? curve.backboneId.slice('import:'.length) : curve.family;

/** Non-finite values become gaps (plotly draws null as a break in the line). */
const gaps = (values: number[]): (number | null)[] => values.map((v) => (Number.isFinite(v) ? v : null));

/** Plotly uses a trace's uid in CSS selectors: letters, digits, '-' and '_' only. */
const traceUid = (curve: LossCurve, metric: LossMetric, raw: boolean): string =>
  `${curve.backboneId.replace(/[^A-Za-z0-9_-]/g, '-')}-${metric}${raw ? '-raw' : ''}`;

function metricTraces(curve: LossCurve, metric: LossMetric, color: string, view: LossCurveView): Data[] {
  const series = curve.log.series[metric];
  if (!series || series.steps.length === 0) return [];
  const visible: boolean | 'legendonly' = isHiddenByDefault(curve) ? 'legendonly' : true;
  const common = {
    type: 'scatter' as const, x: series.steps, xaxis: metric === 'train_loss' ? 'x' : 'x2', yaxis: lossMetrics[metric],
    legendgroup: curve.backboneId, visible,
  };
  const smoothed = view.smoothing > 0;
  const main: Data = {
    ...common,
    uid: traceUid(curve, metric, false),
    name: runLabel(curve),
    // One legend entry per run; the val_loss lines follow it through the legend group.
    showlegend: metric === 'train_loss',
    y: gaps(smoothed ? smoothDebiasedEma(series.values, view.smoothing) : series.values),
    mode: metric === 'val_loss' ? 'lines+markers' : 'lines',
    line: { color, width: 2 },
    marker: { color, size: 4 },
    hovertemplate: `${runLabel(curve)} ${metric}${smoothed ? ' (smoothed)' : ''}<br>step %{x}: %{y:.4g}<extra></extra>`,
  };
  if (!smoothed) return [main];
  const raw: Data = {
    ...common,
    uid: traceUid(curve, metric, true),
    name: `${runLabel(curve)} (raw)`,
    showlegend: false,
    y: gaps(series.values),
    mode: 'lines',
    line: { color, width: 1 },
    opacity: 0.25,
    hoverinfo: 'skip',
  };
  return [raw, main];
}

export function createLossCurveTraces(curves: readonly LossCurve[], view: LossCurveView): Data[] {
  return curves.flatMap((curve, i) => {
    const color = palette[i % palette.length];
    return (Object.keys(lossMetrics) as LossMetric[]).flatMap((metric) => metricTraces(curve, metric, color, view));
  });
}
