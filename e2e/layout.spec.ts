// The page at 1024, 1366 and 1920 px wide: the panels read in their order (Data, Backbones,
// Generate, Compare; at 1024 px Backbones before Compare), no report table wider than its box on
// screen, and none clipped when printed. Screenshots of each width and of the print view are kept
// in e2e/screenshots to look at.
import { expect, test, type Page } from '@playwright/test';
import { serializeReport } from '../src/core/report/jsonSafe';
import { buildTestReport } from '../src/core/report/testReport';
import { buildTestTstrSection } from '../src/core/report/testTstr';
import { ReportCardPage } from './pages/reportCard';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';
const panelOrder = ['panel-data', 'panel-backbones', 'panel-generate', 'panel-compare'];

/** Each panel's top-left corner, in page order. */
async function panelBoxes(page: Page): Promise<{ id: string; top: number; left: number }[]> {
  return Promise.all(panelOrder.map(async (id) => {
    const box = await page.getByTestId(id).boundingBox();
    if (!box) throw new Error(`${id} is not laid out`);
    return { id, top: Math.round(box.y), left: Math.round(box.x) };
  }));
}

/** Report tables wider than the box they sit in (their scroll wrapper, or the panel body), by test id. */
async function overflowingTables(page: Page): Promise<string[]> {
  return page.locator('.report-table').evaluateAll((tables) => tables.flatMap((table) => {
    const box = table.closest('.report-table-wrap') ?? table.closest('.panel-body');
    const tableWidth = table.getBoundingClientRect().width;
    const boxWidth = box ? box.getBoundingClientRect().width : tableWidth;
    return tableWidth > boxWidth + 1 || (box !== null && box.scrollWidth > box.clientWidth + 1)
      ? [`${table.getAttribute('data-testid')}: ${Math.round(tableWidth)} px in ${Math.round(boxWidth)} px`] : [];
  }));
}

test('the panels read in order at 1024, 1366 and 1920 px, and the report tables fit on screen and in print', async ({ page }) => {
  test.setTimeout(240_000);
  const workbench = new WorkbenchPage(page);
  const card = new ReportCardPage(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await workbench.open();
  await workbench.data.waitForEncode();
  const report = await buildTestReport();
  const [first] = report.backbones;
  await card.upload('report.json', serializeReport({
    ...report, backbones: [first, { ...first, id: 'oracle-copy' }], tstr: await buildTestTstrSection('oracle', 'oracle-copy'),
  }));
  await expect(card.table('nnaa')).toBeVisible();

  for (const [width, height] of [[1024, 768], [1366, 768], [1920, 1080]]) {
    await workbench.resize(width, height);
    await page.mouse.move(0, 0);
    await workbench.screenshot(`${screenshots}/layout-${width}x${height}.png`);
    // Reading order: each panel starts below, or on the same row to the right of, the one before.
    const boxes = await panelBoxes(page);
    for (let i = 1; i < boxes.length; i++) {
      const [before, after] = [boxes[i - 1], boxes[i]];
      expect.soft(after.top > before.top || (after.top === before.top && after.left > before.left),
        `${after.id} comes after ${before.id} at ${width} px: ${JSON.stringify(boxes)}`).toBe(true);
    }
    expect.soft(await overflowingTables(page), `at ${width} px`).toEqual([]);
    expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `the page at ${width} px scrolls sideways`).toBeLessThanOrEqual(width);
  }

  // Print: A4 portrait is about 794 CSS px wide; nothing of a table may be cut at the page's edge.
  // (Figures keep the width they were drawn at: the window is narrowed first so they redraw to it.)
  await workbench.resize(794, 1123);
  await page.emulateMedia({ media: 'print' });
  await workbench.resize(794, 1123);
  await workbench.screenshot(`${screenshots}/layout-print-794.png`);
  expect(await overflowingTables(page), 'in print').toEqual([]);
  const pageWidth = await page.evaluate(() => document.documentElement.clientWidth);
  const widest = await page.locator('.report-table').evaluateAll((tables) => Math.max(...tables.map((t) => t.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(pageWidth);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the printed page is no wider than the paper').toBeLessThanOrEqual(pageWidth);
  expect(workbench.consoleErrors).toEqual([]);
});
