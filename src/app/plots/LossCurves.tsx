// Training curves of several backbones overlaid: train_loss above, val_loss below, against the
// step, with a shared step axis; log y and the smoothing come from the caller. A GAN's losses
// (another kind) get right-hand axes of their own, linear: its Wasserstein estimate goes negative.
import { useMemo } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import { useIdentities } from '../identity';
import type { LossCurve, LossCurveView } from '../store';
import { createLossCurveTraces, isGanRun } from './lossCurveTraces';
import { Plot } from './Plot';

const axisFont = { size: 11 };
const ganAxisColour = '#5b6474';

interface LossCurvesProps {
  curves: readonly LossCurve[];
  view: LossCurveView;
  testId: string;
  /** Start a GAN's run hidden in the legend (the catalogue view). */
  ganHidden?: boolean;
}

export function LossCurves({ curves, view, testId, ganHidden = false }: LossCurvesProps) {
  const identities = useIdentities();
  const data = useMemo(() => createLossCurveTraces(curves, { view, ganHidden }, identities), [curves, view, ganHidden, identities]);
  const hasGan = useMemo(() => curves.some(isGanRun), [curves]);
  const layout = useMemo((): Partial<Layout> => {
    const yType = view.logY ? 'log' : 'linear';
    const y = { type: yType, automargin: true, gridcolor: '#eef0f3', zeroline: false, exponentformat: 'power' } as const;
    const gan = {
      type: 'linear', automargin: true, side: 'right', showgrid: false, zeroline: false,
      tickfont: { color: ganAxisColour, size: 10 },
    } as const;
    return {
      autosize: true,
      // Keeps the user's legend toggles and zoom when smoothing or log y changes the data.
      uirevision: 'loss-curves',
      margin: { l: 52, r: hasGan ? 52 : 8, t: 8, b: 40 },
      font: { family: 'system-ui, sans-serif', size: 11, color: '#1f2933' },
      showlegend: true,
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: -0.14, yanchor: 'top', font: { size: 11 } },
      hovermode: 'closest',
      xaxis: { anchor: 'y', matches: 'x2', showticklabels: false, gridcolor: '#eef0f3', zeroline: false },
      xaxis2: { anchor: 'y2', title: { text: 'step', font: axisFont }, gridcolor: '#eef0f3', zeroline: false },
      yaxis: { ...y, domain: [0.55, 1], title: { text: 'train_loss', font: axisFont } },
      yaxis2: { ...y, domain: [0, 0.45], title: { text: 'val_loss', font: axisFont } },
      ...(hasGan ? {
        yaxis3: { ...gan, overlaying: 'y', anchor: 'x', title: { text: 'GAN critic loss', font: { ...axisFont, color: ganAxisColour } } },
        yaxis4: { ...gan, overlaying: 'y2', anchor: 'x2', title: { text: 'GAN val_loss', font: { ...axisFont, color: ganAxisColour } } },
      } : {}),
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: '#ffffff',
    };
  }, [view.logY, hasGan]);
  return (
    <div className="figure figure-loss" data-testid={testId} data-trace-count={data.length}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }}
        config={{ responsive: true, displayModeBar: 'hover' }} filename="gdw-loss-curves" />
    </div>
  );
}
