// A plotly figure, with plotly.js-dist-min loaded on first use (dynamic import: a separate
// chunk served from this origin) through react-plotly.js/factory, whose default import would
// pull the full plotly.js. The default modebar stays (shown on hover), PNG download included, with two changes
// for privacy and export: plotly 4's "Share chart" button (it uploads the figure's data to
// Plotly Cloud) and the logo link to plotly.com are removed, and an SVG download is added. A figure
// that fails to draw logs an error (react-plotly.js would drop it).
import { lazy, Suspense } from 'react';
import type { Config } from 'plotly.js-dist-min';
import type { PlotParams } from 'react-plotly.js/factory';

type PlotlyModule = typeof import('plotly.js-dist-min');

function exportConfig(plotly: PlotlyModule, filename: string): Partial<Config> {
  return {
    showSendToCloud: false,
    displaylogo: false,
    // No floating "double-click on legend" tips over the page.
    showTips: false,
    // The toolbar shows while the pointer is over the figure, never covering data otherwise.
    displayModeBar: 'hover',
    toImageButtonOptions: { format: 'png', filename, scale: 2 },
    modeBarButtonsToAdd: [{
      name: 'downloadSvg',
      title: 'Download plot as SVG',
      icon: plotly.Icons.camera,
      click: (graphDiv) => void plotly.downloadImage(graphDiv, { format: 'svg', filename, width: graphDiv.clientWidth, height: graphDiv.clientHeight }),
    }],
  };
}

const LazyPlot = lazy(async () => {
  const [{ default: createPlotlyComponent }, imported] = await Promise.all([
    import('react-plotly.js/factory'),
    import('plotly.js-dist-min'),
  ]);
  const plotly = ('default' in imported ? imported.default : imported) as PlotlyModule;
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
