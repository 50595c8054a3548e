// Live training curves, one point per epoch as the worker streams them: loss (left) and accuracy
// (right) on the fitted part of the training split and on its validation split, with the epoch
// the model was selected at (on validation, never on the holdout) once the run is done.
import { useMemo } from 'react';
import type { Data, Layout, Shape } from 'plotly.js-dist-min';
import type { EpochRecord } from '../../../core/classify/train';
import { Plot } from '../../plots/Plot';

const colors = { train: '#2563eb', validation: '#d97706', selected: '#15803d' } as const;

export interface CurvesInput {
  history: EpochRecord[];
  epochsMax: number;
  /** Set once the run is done: the epoch whose weights were kept. */
  selectedEpoch: number | null;
}

function trace(history: EpochRecord[], split: 'train' | 'validation', metric: 'loss' | 'accuracy'): Data {
  const pick = (r: EpochRecord): number =>
    split === 'train' ? (metric === 'loss' ? r.trainLoss : r.trainAcc) : (metric === 'loss' ? r.valLoss : r.valAcc);
  const onLoss = metric === 'loss';
  return {
    type: 'scatter', mode: 'lines+markers', x: history.map((r) => r.epoch), y: history.map(pick),
    xaxis: onLoss ? 'x' : 'x2', yaxis: onLoss ? 'y' : 'y2', name: split, legendgroup: split, showlegend: onLoss,
    line: { color: colors[split], width: 2 }, marker: { color: colors[split], size: 5 },
    hovertemplate: `epoch %{x}<br>${split} ${metric} %{y:.3f}<extra></extra>`,
  };
}

function selectedLine(epoch: number, xref: 'x' | 'x2', yref: 'y domain' | 'y2 domain'): Partial<Shape> {
  return { type: 'line', xref, yref, x0: epoch, x1: epoch, y0: 0, y1: 1, line: { color: colors.selected, dash: 'dot', width: 2 } };
}

const axis = (title: string, domain?: [number, number]) => ({
  title: { text: title, font: { size: 12 } }, zeroline: false, gridcolor: '#eef0f3', automargin: true, ...(domain ? { domain } : {}),
});

function layoutOf(epochsMax: number, selectedEpoch: number | null): Partial<Layout> {
  const epochs = { range: [0.5, epochsMax + 0.5] as [number, number], ...(epochsMax <= 12 ? { dtick: 1 } : {}) };
  return {
    autosize: true,
    margin: { l: 52, r: 12, t: 34, b: 44 },
    font: { family: 'system-ui, sans-serif', size: 12, color: '#1f2933' },
    legend: { orientation: 'h', x: 0, y: 1.16, xanchor: 'left' },
    xaxis: { ...axis('epoch', [0, 0.45]), ...epochs },
    yaxis: axis('loss (class-weighted cross-entropy)'),
    xaxis2: { ...axis('epoch', [0.57, 1]), ...epochs },
    yaxis2: { ...axis('accuracy'), anchor: 'x2', range: [0, 1.02] },
    shapes: selectedEpoch === null ? [] : [selectedLine(selectedEpoch, 'x', 'y domain'), selectedLine(selectedEpoch, 'x2', 'y2 domain')],
    annotations: selectedEpoch === null ? [] : [{
      x: 1, y: 1.16, xref: 'paper', yref: 'paper', xanchor: 'right', showarrow: false,
      text: `<span style="color:${colors.selected}">┆ selected epoch ${selectedEpoch} (on validation)</span>`,
    }],
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
  };
}

export function ClassifierCurves({ history, epochsMax, selectedEpoch }: CurvesInput) {
  const data = useMemo(() => [
    trace(history, 'train', 'loss'), trace(history, 'validation', 'loss'),
    trace(history, 'train', 'accuracy'), trace(history, 'validation', 'accuracy'),
  ], [history]);
  const layout = useMemo(() => layoutOf(epochsMax, selectedEpoch), [epochsMax, selectedEpoch]);
  return (
    <div className="classifier-curves">
      <div className="figure figure-curves" data-testid="classifier-curves" data-epochs={history.length}>
        <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }}
          config={{ responsive: true }} filename="gdw-classifier-curves" />
      </div>
      <p className="figure-caption">
        Train: the fitted part of the training split, mean over the epoch’s batches with dropout on. Validation: the
        split carved from the training data that picks the epoch. The holdout is only used for the results.
      </p>
    </div>
  );
}
