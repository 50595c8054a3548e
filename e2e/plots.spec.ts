// The comparison's figures as TensorBoard and the Projector taught researchers (issue 15 item 3), on
// the precomputed demo comparison the page opens on: a run hidden in the legend stays hidden when
// smoothing, log axes or colour-by change (read from the graphs' own data); one colour per backbone
// in every figure; hover across all runs at a step; the toolbar only on hover; error bars that are
// the report's standard errors. A UMAP of 10,000 points draws in WebGL under the page's CSP (no eval),
// its lasso selection is listed and exported as CSV, and stays out of the HTML report.
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { readReport } from '../src/core/report/readReport';
import { ComparePanelPage } from './pages/comparePanel';
import { FiguresPage } from './pages/figures';
import { ReportCardPage } from './pages/reportCard';
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

  // 6. The modebar's downloads (plotly's own PNG button replaced by ours, which leaves a selection out).
  expect(await workbench.downloadFigure('report-figure', 'Download plot as a PNG')).toBe('gdw-reconstruction.png');
  expect(await workbench.downloadFigure('validation-loss-figure', 'Download plot as SVG')).toBe('gdw-validation-loss.svg');

  await page.mouse.move(0, 0);
  await figures.graph('report-figure').scrollIntoViewIfNeeded();
  await workbench.screenshot(`${screenshots}/plots-figures-1366.png`, false);
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});

/** The demo comparison with its UMAP replaced by `count` points in a few clusters, spread over its sets. */
function withLargeUmap(text: string, count: number): string {
  const report = JSON.parse(text) as { umap: { sets: { key: string; used: number; total: number }[]; points: Record<string, unknown[]> } };
  const { sets } = report.umap;
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const points = { x: [] as number[], y: [] as number[], origin: [] as string[], label: [] as number[], sampleId: [] as string[] };
  for (let i = 0; i < count; i++) {
    const set = sets[i % sets.length];
    const cluster = i % 3;
    points.x.push(cluster * 6 + 2 * (random() - 0.5) * 2);
    points.y.push((cluster % 2) * 5 + 2 * (random() - 0.5) * 2);
    points.origin.push(set.key);
    points.label.push(i % 2);
    points.sampleId.push(set.key.startsWith('backbone:') ? `${set.key}#${i}` : `sample-${i}`);
  }
  for (const set of sets) set.used = set.total = points.origin.filter((o) => o === set.key).length;
  report.umap.points = points;
  return JSON.stringify(report);
}

test('a UMAP of 10,000 points draws in WebGL under the CSP; its lasso selection is listed, exported as CSV, and left out of the HTML report', async ({ page }) => {
  const workbench = new WorkbenchPage(page);
  const figures = new FiguresPage(page);
  const compare = new ComparePanelPage(page);
  const card = new ReportCardPage(page);
  await workbench.open();
  await expect(card.byTestId('report-precomputed-label')).toBeVisible();

  // 1. 10,000 points: scattergl traces, drawn on a WebGL canvas (plotly's "no WebGL" note absent).
  const count = 10_000;
  const uploadedAtMs = Date.now();
  await card.upload('umap-10k.json', withLargeUmap(await readFile(comparisonFile, 'utf8'), count));
  const umap = 'umap-figure';
  await expect(figures.figure(umap)).toHaveAttribute('data-point-count', String(count));
  await expect.poll(async () => (await figures.traces(umap)).map((t) => t.type)).toContain('scattergl');
  await expect(figures.figure(umap).locator('canvas.gl-canvas-context')).toHaveCount(1);
  test.info().annotations.push({ type: '10,000-point UMAP drawn after', description: `${Date.now() - uploadedAtMs} ms` });
  await expect(figures.figure(umap).locator('.no-webgl')).toHaveCount(0);
  expect((await figures.traces(umap)).every((t) => t.type === 'scattergl')).toBe(true);

  // 2. Colour by real/synthetic with a shape per origin; back to origin.
  await workbench.byTestId('umap-colour-set').check();
  await expect.poll(async () => (await figures.traces(umap)).map((t) => t.name)).toEqual(['real', 'synthetic']);
  await workbench.byTestId('umap-shape-origin').check();
  await expect(workbench.byTestId('umap-shapes')).toContainText('real train circle');
  await workbench.byTestId('umap-colour-origin').check();

  // 3. Lasso: counted, listed, and the CSV holds the selected samples, one line each.
  await compare.lasso(umap);
  await expect(workbench.byTestId('umap-selection')).toContainText('selected');
  const rows = Number(await workbench.byTestId('umap-selection-list').getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(count / 2);
  const csv = (await compare.download(() => workbench.byTestId('umap-selection-csv').click())).bytes.toString('utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('sample_id,origin,label,umap_1,umap_2');
  expect(lines).toHaveLength(rows + 1);
  await page.mouse.move(0, 0);
  await figures.graph(umap).scrollIntoViewIfNeeded();
  await workbench.screenshot(`${screenshots}/plots-umap-10k-selection.png`, false);

  // 4. The selection is the page's: the graph holds it, the HTML report's UMAP draws none.
  const selections = await figures.graph(umap).evaluate((gd) => ((gd as unknown as { layout: { selections?: unknown[] } }).layout.selections ?? []).length);
  expect(selections).toBeGreaterThan(0);
  const html = (await compare.download(() => workbench.byTestId('report-html').click())).bytes.toString('utf8');
  const captionAt = html.indexOf('<strong>Cosine UMAP.</strong>');
  expect(captionAt).toBeGreaterThan(0);
  const umapSvg = html.slice(html.lastIndexOf('<figure', captionAt), captionAt);
  expect(umapSvg).toContain('<svg');
  expect(umapSvg).not.toMatch(/class="selectionlayer"[^>]*>\s*<path/);
  expect(umapSvg).not.toContain('select-outline');
  const reportPage = await page.context().newPage();
  await reportPage.setContent(html);
  await reportPage.locator('figure', { hasText: 'Cosine UMAP.' }).screenshot({ path: `${screenshots}/plots-html-report-umap.png` });
  await reportPage.close();
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
