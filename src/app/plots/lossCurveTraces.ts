// The loss-curve figure's traces, TensorBoard style: one colour per training run, train_loss on
// the top axes and val_loss below, the debiased-EMA line drawn over the faint raw values. A run's
// legend entry toggles its lines on both axes. The GAN's losses are a critic loss and a Wasserstein
// estimate, not an ε-MSE: they go on their own y axes (right, linear), so neither squashes the other.
// Names and colours come from the workbench's identities (src/app/identity.ts).
import type { Data } from 'plotly.js-dist-min';
import { backboneFamilies } from '../../core/backbone/spec';
import { smoothDebiasedEma } from '../../core/curves/smoothing';
import { getIdentity, type Identity } from '../../core/report/identity';
import type { LossCurve, LossCurveView } from '../store';

/** The two metrics drawn, each on its own y axis; a GAN's on the right-hand axes over them. */
export const lossMetrics = { train_loss: 'y', val_loss: 'y2' } as const;
export type LossMetric = keyof typeof lossMetrics;
const ganAxes = { train_loss: 'y3', val_loss: 'y4' } as const satisfies Record<LossMetric, string>;

/** Runs whose losses are of another kind than the diffusion ε-MSE (a GAN's critic loss). */
export const isGanRun = (curve: LossCurve): boolean => curve.family === backboneFamilies.ganGenerator;

/** Non-finite values become gaps (plotly draws null as a break in the line). */
const gaps = (values: number[]): (number | null)[] => values.map((v) => (Number.isFinite(v) ? v : null));

/** Plotly uses a trace's uid in CSS selectors: letters, digits, '-' and '_' only. */
const traceUid = (curve: LossCurve, metric: LossMetric, raw: boolean): string =>
  `${curve.backboneId.replace(/[^A-Za-z0-9_-]/g, '-')}-${metric}${raw ? '-raw' : ''}`;

/** How the traces are drawn: the view (which runs are drawn is the caller's choice, lossRuns.ts). */
export interface LossTraceOptions {
  view: LossCurveView;
}

/** The lowest raw value of a series and its step (the first, on a tie); null when it has no finite value. */
export function findBestPoint(series: { steps: number[]; values: number[] }): { step: number; value: number } | null {
  let at = -1;
  for (let i = 0; i < series.values.length; i++) {
    if (Number.isFinite(series.values[i]) && (at < 0 || series.values[i] < series.values[at])) at = i;
  }
  return at < 0 ? null : { step: series.steps[at], value: series.values[at] };
}

/**
 * The run's best (lowest) raw value of a metric, as a marker with its step and value on hover. A
 * GAN's critic loss is not minimised toward a better model, so it has none.
 */
function bestPointTrace(curve: LossCurve, metric: LossMetric, { name, colour }: Identity, common: object): Data[] {
  const series = curve.log.series[metric];
  const best = series && !isGanRun(curve) ? findBestPoint(series) : null;
  if (!best) return [];
  return [{
    ...common,
    uid: `${traceUid(curve, metric, false)}-best`,
    name: `${name} best ${metric}`,
    showlegend: false,
    x: [best.step],
    y: [best.value],
    mode: 'markers',
    marker: { color: colour, size: 10, symbol: 'star', line: { color: '#ffffff', width: 1 } },
    hovertemplate: `${name} best ${metric}: %{y:.4g} at step %{x}<extra></extra>`,
  } as Data];
}

function metricTraces(curve: LossCurve, metric: LossMetric, identity: Identity, { view }: LossTraceOptions): Data[] {
  const series = curve.log.series[metric];
  if (!series || series.steps.length === 0) return [];
  const { name, colour: color } = identity;
  const common = {
    type: 'scatter' as const, x: series.steps, xaxis: metric === 'train_loss' ? 'x' : 'x2',
    yaxis: isGanRun(curve) ? ganAxes[metric] : lossMetrics[metric], legendgroup: curve.backboneId,
    // The id rides along unseen (plotly keeps `meta` in _fullData) for tests that match figures by backbone.
    meta: curve.backboneId,
    visible: true,
  };
  const smoothed = view.smoothing > 0;
  const main: Data = {
    ...common,
    uid: traceUid(curve, metric, false),
    name: isGanRun(curve) ? `${name} (right axis)` : name,
    // One legend entry per run; the val_loss lines follow it through the legend group.
    showlegend: metric === 'train_loss',
    y: gaps(smoothed ? smoothDebiasedEma(series.values, view.smoothing) : series.values),
    mode: metric === 'val_loss' ? 'lines+markers' : 'lines',
    line: { color, width: 2 },
    marker: { color, size: 4 },
    // Hover is unified across runs at a step: each line reads '<run>: <value>' under the step.
    hovertemplate: `${name}: %{y:.4g}${smoothed ? ' (smoothed)' : ''}<extra></extra>`,
  };
  const best = bestPointTrace(curve, metric, identity, common);
  if (!smoothed) return [main, ...best];
  const raw: Data = {
    ...common,
    uid: traceUid(curve, metric, true),
    name: `${name} (raw)`,
    showlegend: false,
    y: gaps(series.values),
    mode: 'lines',
    line: { color, width: 1 },
    opacity: 0.25,
    hoverinfo: 'skip',
  };
  return [raw, main, ...best];
}

export function createLossCurveTraces(curves: readonly LossCurve[], options: LossTraceOptions, identities: ReadonlyMap<string, Identity>): Data[] {
  return curves.flatMap((curve) => {
    const identity = getIdentity(identities, curve.backboneId);
    return (Object.keys(lossMetrics) as LossMetric[]).flatMap((metric) => metricTraces(curve, metric, identity, options));
  });
}
