// Generated vs target moments per real slot: means (left) and variances (right), each with the
// y = x line; on the right also the variance this sampler gives exactly with the optimal
// denoiser, so DDIM's shrinkage with few steps reads as expected, not as a fault.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { Plot } from '../../plots/Plot';
import type { GenerationReport } from '../../store';

const colors = { generated: '#2563eb', expected: '#d97706', identity: '#9ca3af' } as const;

function identityLine(values: number[], xaxis: string, yaxis: string, showlegend: boolean): Data {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = 0.05 * (hi - lo || 1);
  return {
    type: 'scatter', mode: 'lines', x: [lo - pad, hi + pad], y: [lo - pad, hi + pad], xaxis, yaxis,
    name: 'y = x', showlegend, hoverinfo: 'skip', line: { color: colors.identity, dash: 'dash', width: 1.5 },
  };
}

function figureData(report: GenerationReport): Data[] {
  const target = report.vsTarget.comparison;
  const expected = report.vsSampler.comparison;
  const label = target.slots.map((d) => `slot ${d}`);
  const marker = (color: string, open = false) =>
    ({ color, size: 6, symbol: open ? 'circle-open' : 'circle', opacity: 0.85 }) as const;
  return [
    identityLine([...target.targetMean, ...target.sampleMean], 'x', 'y', true),
    {
      type: 'scatter', mode: 'markers', x: target.targetMean, y: target.sampleMean, text: label, xaxis: 'x', yaxis: 'y',
      name: 'generated', legendgroup: 'generated', marker: marker(colors.generated),
      hovertemplate: '%{text}<br>target μ %{x:.3f}<br>generated %{y:.3f}<extra></extra>',
    },
    identityLine([...target.targetVariance, ...target.sampleVariance], 'x2', 'y2', false),
    {
      type: 'scatter', mode: 'markers', x: target.targetVariance, y: expected.targetVariance, text: label, xaxis: 'x2', yaxis: 'y2',
      name: 'exact for this sampler', marker: marker(colors.expected, true),
      hovertemplate: '%{text}<br>target σ² %{x:.3f}<br>sampler gives %{y:.3f}<extra></extra>',
    },
    {
      type: 'scatter', mode: 'markers', x: target.targetVariance, y: target.sampleVariance, text: label, xaxis: 'x2', yaxis: 'y2',
      name: 'generated', legendgroup: 'generated', showlegend: false, marker: marker(colors.generated),
      hovertemplate: '%{text}<br>target σ² %{x:.3f}<br>generated %{y:.3f}<extra></extra>',
    },
  ];
}

const axis = (title: string, domain?: [number, number]) => ({
  title: { text: title, font: { size: 12 } }, zeroline: false, gridcolor: '#eef0f3', automargin: true, ...(domain ? { domain } : {}),
});

const layout: Partial<Layout> = {
  autosize: true,
  margin: { l: 56, r: 16, t: 36, b: 48 },
  font: { family: 'system-ui, sans-serif', size: 12, color: '#1f2933' },
  legend: { orientation: 'h', x: 0, y: 1.12, xanchor: 'left' },
  xaxis: axis('target mean μ', [0, 0.44]),
  yaxis: axis('generated mean'),
  xaxis2: axis('target variance σ²', [0.56, 1]),
  yaxis2: { ...axis('generated variance'), anchor: 'x2' },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
};

export function MomentsFigure({ report }: { report: GenerationReport }) {
  const data = useMemo(() => figureData(report), [report]);
  return (
    <div className="figure" data-testid="moments-figure">
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }}
        config={{ responsive: true }} filename="gdw-moments" />
    </div>
  );
}
