// A small bar chart of counts already binned by the engine, for panels where a number alone
// hides the shape: the MAF spectrum, components kept per gene.
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js-dist-min';
import { Plot } from './Plot';

export interface BarChartProps {
  /** Bar centres on a numeric x axis. */
  x: number[];
  counts: number[];
  /** What each bar covers, for its hover text: "MAF 0.05–0.10". */
  barLabels: string[];
  barWidth: number;
  /** Spacing of the x ticks. */
  xTick: number;
  xRange: [number, number];
  xTitle: string;
  yTitle: string;
  testId: string;
  /** Name (without extension) of the PNG/SVG download. */
  filename: string;
}

const axis = (title: string) => ({ title: { text: title, font: { size: 11 } }, automargin: true, gridcolor: '#eef0f3', zeroline: false });

export function BarChart({ x, counts, barLabels, barWidth, xTick, xRange, xTitle, yTitle, testId, filename }: BarChartProps) {
  const data = useMemo((): Data[] => [{
    type: 'bar', x, y: counts, width: barWidth, customdata: barLabels, marker: { color: '#2563eb', line: { color: '#ffffff', width: 1 } },
    hovertemplate: `%{customdata}: %{y} ${yTitle}<extra></extra>`,
  }], [x, counts, barLabels, barWidth, yTitle]);
  const layout = useMemo((): Partial<Layout> => ({
    autosize: true,
    margin: { l: 44, r: 10, t: 8, b: 36 },
    font: { family: 'system-ui, sans-serif', size: 11, color: '#1f2933' },
    xaxis: { ...axis(xTitle), range: xRange, dtick: xTick, tick0: 0 },
    yaxis: { ...axis(yTitle), rangemode: 'tozero' },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
  }), [xTitle, yTitle, xRange, xTick]);
  return (
    <div className="figure figure-small" data-testid={testId}>
      <Plot data={data} layout={layout} useResizeHandler style={{ width: '100%', height: '100%' }}
        config={{ responsive: true, displayModeBar: 'hover' }} filename={filename} />
    </div>
  );
}
