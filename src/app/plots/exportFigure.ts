// What a figure exports: the graph's data and layout without transient UI state. A lasso or box
// selection (plotly keeps it in `layout.selections` and each trace's `selectedpoints`, and dims the
// rest) is a moment's question, never part of a PNG, SVG or the HTML report. Traces hidden through
// the legend are the user's view of one figure: its own PNG/SVG draws what is shown, while the HTML
// report, a record of the whole comparison, draws every trace.
import type { Data, Layout } from 'plotly.js-dist-min';

export interface ExportedFigure {
  data: Partial<Data>[];
  layout: Partial<Layout>;
}

export interface ExportOptions {
  /** Draw the traces hidden through the legend too (the HTML report). */
  showHidden: boolean;
}

/** The figure with no selection (and, when asked, no trace hidden through the legend). */
export function getExportedFigure(figure: { data: readonly Partial<Data>[]; layout: Partial<Layout> }, { showHidden }: ExportOptions): ExportedFigure {
  const data = figure.data.map((trace) => {
    const copy: Record<string, unknown> = { ...trace };
    delete copy.selectedpoints;
    if (showHidden && copy.visible === 'legendonly') copy.visible = true;
    return copy as Partial<Data>;
  });
  return { data, layout: { ...figure.layout, selections: [] } as Partial<Layout> };
}
