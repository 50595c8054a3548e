// The evaluation report in real Chromium: a report built in Node by the core's fixture builder
// and serialised as `gdw evaluate --out` writes it is uploaded and shown (one metrics row per
// backbone, the fixture's AATS, the reconstruction figure); a malformed file is a ParseError
// naming the file in the error area and the report stays. No console errors, no request off this origin.
import { expect, test } from '@playwright/test';
import { serializeReport } from '../src/core/report/jsonSafe';
import { buildTestReport } from '../src/core/report/testReport';
import type { EvaluationReport } from '../src/core/report/types';
import { formatFixed } from '../src/app/format';
import { ReportCardPage } from './pages/reportCard';
import { WorkbenchPage } from './pages/workbench';

const screenshots = 'e2e/screenshots';

/** The fixture with a second backbone (a renamed copy), so the table has more than one row. */
async function twoBackboneReport(): Promise<EvaluationReport> {
  const report = await buildTestReport();
  const [first] = report.backbones;
  return { ...report, backbones: [first, { ...first, id: 'oracle-copy' }] };
}

test('an evaluation report from gdw evaluate loads, shows its tables and figure, and a bad one keeps it', async ({ page }) => {
  const report = await twoBackboneReport();
  const workbench = new WorkbenchPage(page);
  const card = new ReportCardPage(page);
  await workbench.open();
  await expect(card.byTestId('report-empty')).toBeVisible();

  // 1. The report loads: summary, one metrics row per backbone with the fixture's AATS.
  await card.upload('report.json', serializeReport(report));
  await expect(card.byTestId('report-file')).toContainText('report.json');
  await expect(card.byTestId('report-codec')).toHaveAttribute('title', report.bundle.codecSha256);
  await expect(card.metricsRows).toHaveCount(report.backbones.length);
  const aats = report.backbones[0].metrics.nnaa.train.intervals.aats;
  const firstRow = card.metricsRows.first();
  await expect(firstRow.getByTestId('report-aats-train')).toHaveAttribute('data-estimate', String(aats.estimate));
  await expect(firstRow.getByTestId('report-aats-train')).toContainText(formatFixed(aats.estimate));
  await expect(card.metricsRows.nth(1)).toHaveAttribute('data-backbone', 'oracle-copy');

  // 2. TSTR: the table when the report has one, otherwise the reason it was not run.
  if (report.tstr.status === 'done') {
    await expect(card.byTestId('report-tstr-table')).toBeVisible();
  } else {
    await expect(card.byTestId('report-tstr-absent')).toContainText(report.tstr.reason);
  }

  // 3. The reconstruction figure: one line per backbone, log y.
  await expect(card.figure.locator('.main-svg').first()).toBeVisible();
  await expect(card.figure.locator('.scatterlayer .trace')).toHaveCount(report.backbones.length);
  await card.card.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/report-1366x768.png`, false);

  // 4. A malformed file: one ParseError naming it; the loaded report stays.
  await card.upload('broken.json', '{"format": "gdw-evaluation-report", ');
  await expect(workbench.errorItems).toHaveCount(1);
  await expect(workbench.errorItems.first()).toContainText('ParseError');
  await expect(workbench.errorItems.first()).toContainText('broken.json');
  await expect(card.byTestId('report-file')).toContainText('report.json');
  await expect(card.metricsRows).toHaveCount(report.backbones.length);

  // 5. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
