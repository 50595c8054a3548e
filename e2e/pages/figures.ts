// Page object for the plotly figures: what each trace holds as plotly draws it (its backbone or set
// id from `meta`, name, visibility, colour, error bars), read from the graph's own data, and the
// legend's entries by name.
import type { Locator, Page } from '@playwright/test';

export interface TraceState {
  id: string | null;
  name: string;
  visible: boolean | 'legendonly';
  colour: string;
  type: string;
  /** The trace's y error bar lengths, when it has any. */
  errors: number[] | null;
}

export class FiguresPage {
  constructor(readonly page: Page) {}

  figure(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  graph(testId: string): Locator {
    return this.figure(testId).locator('.js-plotly-plot');
  }

  /** Every trace of a figure as plotly holds it after drawing (`_fullData`: defaults filled in). */
  async traces(testId: string): Promise<TraceState[]> {
    return this.graph(testId).evaluate((gd) => {
      type Trace = {
        meta?: unknown; name: string; visible: boolean | 'legendonly'; mode?: string; type: string;
        line?: { color: string }; marker?: { color: unknown }; error_y?: { visible?: boolean; array?: number[] };
      };
      return (gd as unknown as { _fullData: Trace[] })._fullData.map((t) => ({
        id: typeof t.meta === 'string' ? t.meta : null,
        name: t.name,
        visible: t.visible,
        type: t.type,
        colour: String((t.mode?.includes('lines') ? t.line?.color : t.marker?.color) ?? ''),
        errors: t.error_y?.visible && t.error_y.array ? [...t.error_y.array] : null,
      }));
    });
  }

  /** Ids (`meta`) of the traces hidden through the legend. */
  async hiddenIds(testId: string): Promise<string[]> {
    return [...new Set((await this.traces(testId)).filter((t) => t.visible === 'legendonly').map((t) => t.id ?? t.name))].sort();
  }

  legendEntry(testId: string, name: string): Locator {
    return this.figure(testId).locator('.legend .traces').filter({ has: this.page.locator('text.legendtext', { hasText: new RegExp(`^${name}$`) }) });
  }

  /** Clicks a legend entry once (plotly waits out its double-click delay before acting). */
  async toggleLegend(testId: string, name: string): Promise<void> {
    await this.legendEntry(testId, name).locator('.legendtoggle').click();
  }
}
