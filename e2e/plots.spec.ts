// The comparison's figures as TensorBoard and the Projector taught researchers (issue 15 item 3), on
// the precomputed demo comparison the page opens on: a run hidden in the legend stays hidden when
// smoothing, log axes or colour-by change (read from the graphs' own data); one colour per backbone
// in every figure; hover across all runs at a step; the toolbar only on hover.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { readReport } from '../src/core/report/readReport';
import { FiguresPage } from './pages/figures';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
const transformer = 'builtin:transformer';
const comparisonFile = 'public/demo/demo-comparison.json';

test('legend toggles survive every view change, and each backbone has one colour in every figure', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const figures = new FiguresPage(page);
  await workbench.open();
  const loss = 'compare-loss-figure';
  await expect(figures.graph(loss)).toBeVisible();
  await expect.poll(async () => (await figures.traces(loss)).length).toBeGreaterThan(0);

  // 1. Hide the transformer's run in the loss legend, then change smoothing, log y and log x.
  await figures.graph(loss).scrollIntoViewIfNeeded();
  await figures.toggleLegend(loss, 'transformer');
  await expect.poll(() => figures.hiddenIds(loss)).toEqual([transformer]);
  await workbench.byTestId('compare-loss-smoothing').fill('0.3');
  await expect(workbench.byTestId('compare-loss-smoothing-value')).toHaveText('0.30');
  await expect.poll(() => figures.hiddenIds(loss)).toEqual([transformer]);
  await workbench.byTestId('compare-loss-log-y').click();
  await workbench.byTestId('compare-loss-log-x').click();
  await expect.poll(() => figures.graph(loss).evaluate((gd) => (gd as unknown as { _fullLayout: { xaxis2: { type: string } } })._fullLayout.xaxis2.type)).toBe('log');
  expect(await figures.hiddenIds(loss)).toEqual([transformer]);
  await workbench.byTestId('compare-loss-smoothing').fill('0');
  await expect.poll(() => figures.hiddenIds(loss)).toEqual([transformer]);
  await workbench.byTestId('compare-loss-log-x').click();
  await workbench.byTestId('compare-loss-log-y').click();

  // 2. Hover across every run at a step; the toolbar shows only while the pointer is over the figure.
  const layout = await figures.graph(loss).evaluate((gd) => {
    const full = (gd as unknown as { _fullLayout: { hovermode: string; yaxis: { tickformat: string } } })._fullLayout;
    return { hovermode: full.hovermode, tickformat: full.yaxis.tickformat };
  });
  expect(layout).toEqual({ hovermode: 'x unified', tickformat: '~g' });
  const modebarOpacity = () => figures.figure(loss).locator('.modebar-group').first().evaluate((group) => getComputedStyle(group).opacity);
  await page.mouse.move(0, 0);
  await expect.poll(modebarOpacity).toBe('0');
  await figures.figure(loss).locator('.nsewdrag').first().hover();
  await expect.poll(modebarOpacity).toBe('1');
  await workbench.screenshot(`${screenshots}/plots-loss-hover.png`, false);

  // 3. UMAP: a set hidden by origin stays hidden through colour by class and back.
  const umap = 'umap-figure';
  await figures.graph(umap).scrollIntoViewIfNeeded();
  await figures.toggleLegend(umap, 'real train');
  await expect.poll(() => figures.hiddenIds(umap)).toEqual(['real-train']);
  await workbench.byTestId('umap-colour-label').check();
  await expect.poll(async () => (await figures.traces(umap)).every((t) => t.id === null)).toBe(true);
  await workbench.byTestId('umap-colour-origin').check();
  await expect.poll(() => figures.hiddenIds(umap)).toEqual(['real-train']);

  // 4. One colour per backbone across the loss, reconstruction, UMAP and similarity figures.
  const figureIds = [loss, 'report-figure', 'validation-loss-figure', umap, 'similarity-figure'];
  const colours = new Map<string, Set<string>>();
  for (const id of figureIds) {
    for (const t of await figures.traces(id)) {
      if (!t.id || t.id.startsWith('real-')) continue;
      colours.set(t.id, (colours.get(t.id) ?? new Set()).add(t.colour));
    }
  }
  expect([...colours.keys()].sort()).toContain(transformer);
  for (const [id, set] of colours) expect([...set], id).toHaveLength(1);
  expect(new Set([...colours.values()].map((s) => [...s][0])).size).toBe(colours.size);

  // 5. Error bars are the report's standard errors: ± maeStdError per noise level, ± the validation loss' SE.
  const report = readReport(await readFile(comparisonFile, 'utf8'), comparisonFile);
  const reconstruction = await figures.traces('report-figure');
  const validation = await figures.traces('validation-loss-figure');
  for (const b of report.backbones) {
    expect(reconstruction.find((t) => t.id === b.id)?.errors ?? null, b.id)
      .toEqual(b.reconstruction ? b.reconstruction.points.map((p) => p.realSlots.maeStdError) : null);
    expect(validation.find((t) => t.id === b.id)?.errors ?? null, b.id).toEqual(b.validationLoss ? [b.validationLoss.stdError] : null);
  }

  await page.mouse.move(0, 0);
  await figures.graph('report-figure').scrollIntoViewIfNeeded();
  await workbench.screenshot(`${screenshots}/plots-figures-1366.png`, false);
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
