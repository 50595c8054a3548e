// Downloads: a report table as CSV, and the one-click self-contained HTML report of a loaded
// evaluation report, its figures exported from the plotly graphs on the page as inline SVG, without
// the page's transient state: no lasso selection, no trace hidden through the legend.
import { serializeError } from '../../core/errors';
import { buildHtmlReport, decodeSvgDataUrl, type HtmlFigure } from '../../core/report/html';
import { allReportTables } from '../../core/report/tables';
import type { EvaluationReport } from '../../core/report/types';
import { saveFile } from '../download';
import { getExportedFigure } from '../plots/exportFigure';
import { loadPlotly } from '../plots/plotlyModule';
import { workbenchActions } from '../store';

/** Fallback size of a figure whose graph has no layout size yet (hidden, collapsed). */
const FALLBACK_SIZE_PX = { width: 900, height: 420 } as const;

/**
 * Every `[data-report-figure]` in the container that wraps a drawn plotly graph, as SVG. A figure
 * that fails to export is left out with a note, so one broken plot does not lose the report.
 */
async function exportFigures(container: HTMLElement, notes: string[]): Promise<HtmlFigure[]> {
  const wrappers = [...container.querySelectorAll<HTMLElement>('[data-report-figure]')];
  const found = wrappers.map((wrapper, i) => ({
    id: wrapper.getAttribute('data-report-figure') || `figure-${i + 1}`,
    title: wrapper.getAttribute('data-figure-title') ?? '',
    caption: wrapper.getAttribute('data-figure-caption') ?? '',
    graph: wrapper.querySelector<HTMLElement>('.js-plotly-plot'),
  }));
  for (const f of found) if (!f.graph) notes.push(`Figure "${f.title || f.id}" was not drawn on the page, so it is not in this report.`);
  const drawn = found.filter((f) => f.graph !== null);
  if (drawn.length === 0) return [];
  const plotly = await loadPlotly();
  const figures: HtmlFigure[] = [];
  for (const { id, title, caption, graph } of drawn) {
    if (!graph) continue;
    try {
      const width = graph.clientWidth || FALLBACK_SIZE_PX.width;
      const height = graph.clientHeight || FALLBACK_SIZE_PX.height;
      // The figure as the report records it: every trace, no lasso selection (exportFigure.ts).
      const figure = getExportedFigure(graph as unknown as Parameters<typeof getExportedFigure>[0], { showHidden: true });
      const url = await plotly.toImage(figure, { format: 'svg', width, height });
      figures.push({ id, title, caption, svg: decodeSvgDataUrl(url) });
    } catch (err) {
      notes.push(`Figure "${title || id}" could not be exported as SVG: ${err instanceof Error ? err.message : 'unknown error'}.`);
    }
  }
  return figures;
}

/** YYYY-MM-DD of the report's creation (today when the report's date does not parse). */
function reportDate(report: EvaluationReport): string {
  const created = new Date(report.createdAt);
  return (Number.isNaN(created.getTime()) ? new Date() : created).toISOString().slice(0, 10);
}

/**
 * Builds the HTML report of `report` with the figures drawn inside `container` and downloads it
 * as gdw-report-<date>.html. A failure is shown in the error area, never thrown.
 */
export async function downloadHtmlReport(report: EvaluationReport, container: HTMLElement): Promise<void> {
  try {
    const notes: string[] = [];
    const figures = await exportFigures(container, notes);
    const html = buildHtmlReport({ report, figures, tables: allReportTables(report), notes });
    saveFile(`gdw-report-${reportDate(report)}.html`, html, 'text/html;charset=utf-8');
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
}
