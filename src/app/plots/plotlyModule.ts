// plotly.js loaded on first use, from its strict bundle (plotly.js-strict-dist-min): the same
// plotly, with the WebGL traces' regl code generated at build time instead of by `new Function`,
// so scattergl draws under the workbench's CSP (no 'unsafe-eval', scripts/securityHeaders.ts).
// The default bundle's scattergl draws nothing there ("WebGL is not supported"). Types come from
// plotly.js-dist-min, the same plotly version's declarations (the strict package ships none).
type PlotlyModule = typeof import('plotly.js-dist-min');
export type { PlotlyModule };

let loading: Promise<PlotlyModule> | null = null;

export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= import('plotly.js-strict-dist-min').then((imported: unknown) => {
    const plotly = (imported as { default?: unknown }).default ?? imported;
    return plotly as PlotlyModule;
  });
  return loading;
}
