// The Design card's three figures (plots/designTraces.ts): scores per iteration, realism against the
// oracle score, and the per-gene change along the genome; each exported from its toolbar.
import { useMemo } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import type { MethodReport } from '../../../core/design/report';
import { createDesignGeneTraces, createDesignRealismTraces, createDesignScoreTraces, oracleOf, type MethodTrace } from '../../plots/designTraces';
import { Plot } from '../../plots/Plot';

const axis = (title: string) => ({ title: { text: title, font: { size: 12 } }, zeroline: false, gridcolor: '#eef0f3', automargin: true });

const base: Partial<Layout> = {
  autosize: true,
  margin: { l: 56, r: 16, t: 48, b: 48 },
  font: { family: 'system-ui, sans-serif', size: 12, color: '#1f2933' },
  legend: { orientation: 'h', x: 0, y: 1.2, xanchor: 'left' },
  paper_bgcolor: 'rgba(0,0,0,0)',
  plot_bgcolor: '#ffffff',
};

export function DesignScoreFigure({ traces, testId, filename }: { traces: MethodTrace[]; testId: string; filename: string }) {
  const data = useMemo(() => createDesignScoreTraces(traces), [traces]);
  const hasLiability = traces.some((t) => t.points.some((p) => p.liability !== null));
  const layout: Partial<Layout> = {
    ...base,
    xaxis: { ...axis('iteration'), domain: hasLiability ? [0, 0.46] : [0, 1] },
    yaxis: { ...axis('p(target class)'), range: [0, 1] },
    ...(hasLiability ? { xaxis2: { ...axis('iteration'), domain: [0.56, 1], anchor: 'y2' }, yaxis2: { ...axis('true liability (truth.json)'), anchor: 'x2' } } : {}),
  };
  return (
    <div className="figure design-figure" data-testid={testId} data-traces={data.length} data-points={traces.reduce((n, t) => n + t.points.length, 0)}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }} config={{ responsive: true }} filename={filename} />
    </div>
  );
}

export function DesignRealismFigure({ methods }: { methods: MethodReport[] }) {
  const data = useMemo(() => createDesignRealismTraces(methods), [methods]);
  const label = methods.map(oracleOf).find((o) => o !== null)?.label ?? 'oracle score';
  const layout: Partial<Layout> = { ...base, xaxis: axis('distance to the nearest real training sample (mean, real slots)'), yaxis: axis(label) };
  return (
    <div className="figure design-figure" data-testid="design-realism-figure" data-traces={data.length}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }} config={{ responsive: true }} filename="gdw-design-realism" />
    </div>
  );
}

export function DesignGeneFigure({ methods, causalGenes }: { methods: MethodReport[]; causalGenes: string[] }) {
  const data = useMemo(() => createDesignGeneTraces(methods, new Set(causalGenes)), [methods, causalGenes]);
  const layout: Partial<Layout> = {
    ...base, xaxis: axis('gene along the genome (slot)'), yaxis: { ...axis('mean |Δ| from the start (latent)'), rangemode: 'tozero' },
  };
  return (
    <div className="figure design-figure" data-testid="design-gene-figure" data-traces={data.length}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }} config={{ responsive: true }} filename="gdw-design-genes" />
    </div>
  );
}
