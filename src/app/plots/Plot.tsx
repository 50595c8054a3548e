// A plotly figure, with plotly loaded on first use (plotlyModule.ts: the strict bundle, a separate
// chunk served from this origin) through react-plotly.js/factory, whose default import would
// pull the full plotly.js. The modebar shows on hover, with three changes for privacy and export:
// plotly 4's "Share chart" button (it uploads the figure's data to Plotly Cloud) and the logo link
// to plotly.com are removed, and the PNG and SVG downloads draw the figure without a lasso selection
// (exportFigure.ts). A figure that fails to draw logs an error (react-plotly.js would drop it).
import { lazy, Suspense } from 'react';
import type { Config, Data, Layout } from 'plotly.js-dist-min';
import type { PlotParams } from 'react-plotly.js/factory';
import { getExportedFigure } from './exportFigure';
import { loadPlotly, type PlotlyModule } from './plotlyModule';

function downloadButton(plotly: PlotlyModule, format: 'png' | 'svg', title: string, filename: string) {
  return {
    name: `download${format.toUpperCase()}`,
    title,
    icon: plotly.Icons.camera,
    click: (graphDiv: HTMLElement) => {
      const graph = graphDiv as unknown as { data: Partial<Data>[]; layout: Partial<Layout> };
      const figure = getExportedFigure(graph, { showHidden: false });
      const size = { width: graphDiv.clientWidth, height: graphDiv.clientHeight };
      void plotly.downloadImage(figure, { format, filename, ...size, scale: format === 'png' ? 2 : 1 });
    },
  };
}

function exportConfig(plotly: PlotlyModule, filename: string): Partial<Config> {
  return {
    showSendToCloud: false,
    displaylogo: false,
    // No floating "double-click on legend" tips over the page.
    showTips: false,
    // The toolbar shows while the pointer is over the figure, never covering data otherwise.
    displayModeBar: 'hover',
    modeBarButtonsToRemove: ['toImage'],
    modeBarButtonsToAdd: [
      downloadButton(plotly, 'png', 'Download plot as a PNG', filename),
      downloadButton(plotly, 'svg', 'Download plot as SVG', filename),
    ],
  };
}

/**
 * Printing lays the page out anew (one column, no controls) without resizing the window, and the
 * figures follow window resizes only (react-plotly.js's resize handler): tell them when the print
 * layout comes and goes, so each is drawn to its printed box.
 */
function redrawFiguresForPrint(): void {
  const resize = () => window.dispatchEvent(new Event('resize'));
  window.matchMedia('print').addEventListener('change', resize);
  window.addEventListener('beforeprint', resize);
}

const LazyPlot = lazy(async () => {
  redrawFiguresForPrint();
  const [{ default: createPlotlyComponent }, plotly] = await Promise.all([
    import('react-plotly.js/factory'),
    loadPlotly(),
  ]);
  const PlotlyPlot = createPlotlyComponent(plotly);
  function PlotWithExports({ filename, config, onError, ...props }: PlotProps) {
    // react-plotly.js swallows a failed draw unless given onError: say so, never fail quietly.
    const reportError = onError ?? ((err: Readonly<Error>) => console.error(`figure ${filename}: ${err.message}`));
    return <PlotlyPlot {...props} onError={reportError} config={{ ...exportConfig(plotly, filename), ...(config as Partial<Config>) }} />;
  }
  return { default: PlotWithExports };
});

export interface PlotProps extends PlotParams {
  /** Name (without extension) of the PNG and SVG the modebar downloads. */
  filename: string;
}

export function Plot(props: PlotProps) {
  return (
    <Suspense fallback={<div className="plot-loading">Loading the plotting library…</div>}>
      <LazyPlot {...props} />
    </Suspense>
  );
}
