// Training curves of several backbones overlaid: train_loss above, val_loss below, against the
// step, with a shared step axis; log axes and the smoothing come from the caller. A GAN's losses
// (another kind) get right-hand axes of their own, linear: its Wasserstein estimate goes negative.
// Hover reads every run at the hovered step (TensorBoard's tooltip); legend toggles are kept by run
// across every change of view or data (legendVisibility.ts); the toolbar shows on hover only.
import { useMemo } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import { useIdentities } from '../identity';
import type { LossCurve, LossCurveView } from '../store';
import { gridColour, valueAxis } from './axes';
import { useLegendChoices } from './legendVisibility';
import { createLossCurveTraces, isGanRun } from './lossCurveTraces';
import { Plot } from './Plot';

const axisFont = { size: 11 };
const ganAxisColour = '#5b6474';

interface LossCurvesProps {
  curves: readonly LossCurve[];
  view: LossCurveView;
  testId: string;
}

export function LossCurves({ curves, view, testId }: LossCurvesProps) {
  const identities = useIdentities();
  const traces = useMemo(() => createLossCurveTraces(curves, { view }, identities), [curves, view, identities]);
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
  const hasGan = useMemo(() => curves.some(isGanRun), [curves]);
  const layout = useMemo((): Partial<Layout> => {
    const y = { ...valueAxis(view.logY), automargin: true, gridcolor: gridColour, zeroline: false };
    const x = { ...valueAxis(view.logX), gridcolor: gridColour, zeroline: false };
    const gan = {
      type: 'linear', automargin: true, side: 'right', showgrid: false, zeroline: false,
      tickfont: { color: ganAxisColour, size: 10 },
    } as const;
    return {
      autosize: true,
      // Keeps the user's zoom while smoothing or data change; a new axis type starts from the whole range.
      uirevision: `loss-curves-${view.logX ? 'log' : 'linear'}-${view.logY ? 'log' : 'linear'}`,
      margin: { l: 52, r: hasGan ? 52 : 8, t: 8, b: 40 },
      font: { family: 'system-ui, sans-serif', size: 11, color: '#1f2933' },
      showlegend: true,
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: -0.14, yanchor: 'top', font: { size: 11 } },
      hovermode: 'x unified',
      xaxis: { ...x, anchor: 'y', matches: 'x2', showticklabels: false },
      xaxis2: { ...x, anchor: 'y2', title: { text: view.logX ? 'step (log)' : 'step', font: axisFont } },
      yaxis: { ...y, domain: [0.55, 1], title: { text: 'train_loss', font: axisFont } },
      yaxis2: { ...y, domain: [0, 0.45], title: { text: 'val_loss', font: axisFont } },
      ...(hasGan ? {
        yaxis3: { ...gan, overlaying: 'y', anchor: 'x', title: { text: 'GAN critic loss', font: { ...axisFont, color: ganAxisColour } } },
        yaxis4: { ...gan, overlaying: 'y2', anchor: 'x2', title: { text: 'GAN val_loss', font: { ...axisFont, color: ganAxisColour } } },
      } : {}),
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: '#ffffff',
    };
  }, [view.logY, view.logX, hasGan]);
  return (
    <div className="figure figure-loss" data-testid={testId} data-trace-count={data.length}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }}
        onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick}
        config={{ responsive: true, displayModeBar: 'hover' }} filename="gdw-loss-curves" />
    </div>
  );
}
