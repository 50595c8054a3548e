// Page object for the workbench flow across panels: per-backbone Generate settings and runs, the
// Compare panel's Evaluate card and figures, downloads, by data-testid.
import { readFile } from 'node:fs/promises';
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export interface BackboneRun {
  id: string;
  count: number;
  steps?: number;
}

export interface EvaluateOptions {
  umapPoints: number;
  bootstrapResamples: number;
  levels: number;
  tstrEpochs: number;
  /** TSTR's synthetic training sets; default matched (generated in the real training split's size). */
  tstrTrainingSet?: 'matched' | 'as-generated';
}

export class ComparePanelPage {
  constructor(readonly page: Page) {}

  byTestId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** Edits one backbone's own Generate settings (the form shows the chosen backbone's). */
  async setRun({ id, count, steps }: BackboneRun): Promise<void> {
    await this.byTestId('generate-backbone').selectOption(id);
    await this.byTestId('generate-count').fill(String(count));
    if (steps !== undefined && await this.byTestId('generate-steps').isEnabled()) await this.byTestId('generate-steps').fill(String(steps));
  }

  runRow(id: string): Locator {
    return this.byTestId(`generation-run-${id}`);
  }

  async waitForGenerated(id: string, timeoutMs = 300_000): Promise<void> {
    await expect(this.runRow(id)).toHaveAttribute('data-state', 'generated', { timeout: timeoutMs });
  }

  async evaluate(options: EvaluateOptions): Promise<void> {
    await this.byTestId('compare-umapPoints').fill(String(options.umapPoints));
    await this.byTestId('compare-bootstrapResamples').fill(String(options.bootstrapResamples));
    await this.byTestId('compare-levels').fill(String(options.levels));
    await this.byTestId('compare-tstrEpochs').fill(String(options.tstrEpochs));
    if (options.tstrTrainingSet) await this.byTestId('compare-tstrTrainingSet').selectOption(options.tstrTrainingSet);
    await this.byTestId('compare-evaluate').click();
  }

  async waitForEvaluation(timeoutMs = 400_000): Promise<void> {
    await expect(this.byTestId('compare-status')).toHaveAttribute('data-status', /done|failed/, { timeout: timeoutMs });
    await expect(this.byTestId('compare-status')).toHaveAttribute('data-status', 'done');
  }

  figure(testId: string): Locator {
    return this.byTestId(testId);
  }

  /** Traces plotly has drawn in a figure (traces hidden through the legend are not drawn). */
  drawnTraces(testId: string): Locator {
    return this.figure(testId).locator('.scatterlayer .trace');
  }

  /** Traces shown (not hidden through the legend), as plotly holds them: SVG or WebGL alike. */
  async shownTraceCount(testId: string): Promise<number> {
    return this.figure(testId).locator('.js-plotly-plot').evaluate((gd) =>
      (gd as unknown as { _fullData: { visible: unknown }[] })._fullData.filter((t) => t.visible === true).length);
  }

  /** Each trace's backbone or set id (its unseen `meta`), name and colour, as plotly holds them. */
  async traceIdentities(testId: string): Promise<{ id: string | null; name: string; colour: string }[]> {
    return this.figure(testId).locator('.js-plotly-plot').evaluate((gd) => {
      type Trace = { meta?: unknown; name: string; mode: string; line?: { color: string }; marker?: { color: string } };
      return (gd as unknown as { _fullData: Trace[] })._fullData.map((t) => ({
        id: typeof t.meta === 'string' ? t.meta : null,
        name: t.name,
        colour: (t.mode.includes('lines') ? t.line?.color : t.marker?.color) ?? '',
      }));
    });
  }

  /** Moves the mouse onto the first point of the first drawn trace (SVG or WebGL alike, through plotly's axes). */
  async hoverFirstPoint(testId: string): Promise<void> {
    const graph = this.figure(testId).locator('.js-plotly-plot');
    await graph.scrollIntoViewIfNeeded();
    const [x, y] = await graph.evaluate((gd) => {
      type Axis = { _offset: number; d2p(v: number): number };
      const plot = gd as unknown as { _fullLayout: { xaxis: Axis; yaxis: Axis }; _fullData: { visible: unknown; x: number[]; y: number[] }[] };
      const { xaxis, yaxis } = plot._fullLayout;
      const trace = plot._fullData.find((t) => t.visible === true)!;
      const rect = gd.getBoundingClientRect();
      return [rect.left + xaxis._offset + xaxis.d2p(trace.x[0]), rect.top + yaxis._offset + yaxis.d2p(trace.y[0])];
    });
    await this.page.mouse.move(x - 3, y - 3);
    await this.page.mouse.move(x, y, { steps: 3 });
  }

  /** Draws a lasso over the middle of a figure's plot area. */
  async lasso(testId: string): Promise<void> {
    const area = this.figure(testId).locator('.nsewdrag').first();
    await area.scrollIntoViewIfNeeded();
    const box = await area.boundingBox();
    if (!box) throw new Error(`${testId} has no plot area`);
    const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    const corners = [at(0.02, 0.02), at(0.98, 0.02), at(0.98, 0.98), at(0.02, 0.98), at(0.02, 0.03)];
    await this.page.mouse.move(...corners[0]);
    await this.page.mouse.down();
    for (const corner of corners.slice(1)) await this.page.mouse.move(...corner, { steps: 8 });
    await this.page.mouse.up();
  }

  /** Clicks something that downloads; the file's suggested name and bytes. */
  async download(click: () => Promise<void>): Promise<{ fileName: string; bytes: Buffer }> {
    const [download]: [Download, void] = await Promise.all([this.page.waitForEvent('download'), click()]);
    return { fileName: download.suggestedFilename(), bytes: await readFile(await download.path()) };
  }
}
