// The evaluation report in real Chromium: a report built in Node by the core's fixture builders
// (sample-set metrics, and a TSTR run of a real MLP trained on a simulated cohort) and serialised
// as `gdw evaluate --out` writes it is uploaded and shown (the five comparison tables, one row per
// backbone with the fixture's numbers, every number in range and equal to the table's CSV and to
// the report, the reconstruction figure); a malformed file is a ParseError naming the file in the
// error area and the report stays; a report without TSTR says why. No console errors, no request
// off this origin.
import { expect, test } from '@playwright/test';
import { serializeReport } from '../src/core/report/jsonSafe';
import { buildTestReport } from '../src/core/report/testReport';
import { buildTestTstrSection } from '../src/core/report/testTstr';
import { csvHeader } from '../src/core/report/csv';
import { formatInterval, nnaaTable } from '../src/core/report/tables';
import type { EvaluationReport } from '../src/core/report/types';
import { ReportCardPage } from './pages/reportCard';
import { WorkbenchPage } from './pages/workbench';
import {
  expectNumbersInRange, expectShownEqualsCsv, expectShownEqualsReport, parseShownNumber, readShownTable, type ShownTable,
} from './reportNumbers';

const screenshots = 'e2e/screenshots';

/**
 * The fixture with a second backbone (a renamed copy), so the table has more than one row, and a
 * TSTR run: 'oracle' trained on the real training set itself, 'oracle-copy' on it with shuffled labels.
 */
async function twoBackboneReport(): Promise<EvaluationReport> {
  const report = await buildTestReport();
  const [first] = report.backbones;
  return { ...report, backbones: [first, { ...first, id: 'oracle-copy' }], tstr: await buildTestTstrSection('oracle', 'oracle-copy') };
}

const tableIds = ['tstr', 'recovery', 'nn-test', 'nnaa', 'privacy'];

test('an evaluation report from gdw evaluate loads, shows its tables and figure, and a bad one keeps it', async ({ page }) => {
  test.setTimeout(300_000);
  const report = await twoBackboneReport();
  const workbench = new WorkbenchPage(page);
  const card = new ReportCardPage(page);
  await workbench.open();
  // First open shows the demo's precomputed comparison (e2e/firstOpen.spec.ts); a loaded report replaces it.
  await expect(card.byTestId('report-precomputed-label')).toBeVisible();

  // 1. The report loads: summary, the five tables, one row per backbone with the fixture's AATS.
  await card.upload('report.json', serializeReport(report));
  await expect(card.byTestId('report-file')).toContainText('report.json');
  await expect(card.byTestId('report-precomputed')).toHaveCount(0);
  await expect(card.byTestId('report-codec')).toHaveAttribute('title', report.bundle.codecSha256);
  for (const id of tableIds) await expect(card.table(id)).toBeVisible();
  for (const id of ['nn-test', 'nnaa', 'privacy']) await expect(card.tableRows(id)).toHaveCount(report.backbones.length);
  const aats = report.backbones[0].metrics.nnaa.train.intervals.aats;
  const aatsCell = card.cell('nnaa', 0, 'aats_train');
  await expect(aatsCell).toHaveAttribute('data-value', String(aats.estimate));
  await expect(aatsCell).toHaveText(formatInterval(aats.estimate, aats.lower, aats.upper));
  await expect(aatsCell).toHaveCSS('text-align', 'right');
  await expect(card.tableRows('nnaa').nth(1)).toHaveAttribute('data-row', 'oracle-copy');
  await expect(card.tableCaption('nnaa')).toContainText(`n = ${report.settings.samplesPerSet} synthetic per backbone`);

  // 2. TSTR: one row per training set, real first; real data above chance; the copy of the real
  //    training set recovers its accuracy exactly, the shuffled labels do not. Every number of every
  //    table is finite, in range, and the fixture's (to the shown precision), as in the table's CSV.
  await expect(card.tableRows('tstr')).toHaveCount(3);
  await expect(card.tableRows('recovery')).toHaveCount(2);
  const shownTables: ShownTable[] = [];
  for (const id of tableIds) {
    const shown = await readShownTable(card, id);
    expectNumbersInRange(shown);
    expectShownEqualsCsv(shown, (await card.downloadCsv(id)).text);
    shownTables.push(shown);
  }
  expectShownEqualsReport(shownTables, report);
  const [tstr, recovery] = shownTables;
  expect(tstr.rows.map((row) => row.id)).toEqual(['real', 'oracle', 'oracle-copy']);
  expect(parseShownNumber(tstr.rows[0].cells.mlp_accuracy)!.value).toBeGreaterThan(0.5);
  expect(recovery.rows[0].cells.mlp_recovery).toBe('1.00 [1.00, 1.00]');
  expect(parseShownNumber(recovery.rows[1].cells.mlp_recovery)!.value).toBeLessThan(1);

  // 3. The NNAA table's CSV: the keys as header, one CRLF record per backbone, full precision.
  const csv = await card.downloadCsv('nnaa');
  expect(csv.fileName).toBe('nnaa.csv');
  const lines = csv.text.split('\r\n');
  expect(lines[0]).toBe(csvHeader(nnaaTable(report).columns).join(','));
  expect(lines).toHaveLength(report.backbones.length + 2);
  expect(lines[1].split(',')[lines[0].split(',').indexOf('aats_train')]).toBe(String(aats.estimate));

  // 4. The reconstruction figure: one line per backbone, log y.
  await expect(card.figure.locator('.main-svg').first()).toBeVisible();
  await expect(card.figure.locator('.scatterlayer .trace')).toHaveCount(report.backbones.length);
  await card.card.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  await workbench.screenshot(`${screenshots}/report-1366x768.png`, false);

  // 5. A malformed file: one ParseError naming it; the loaded report stays.
  await card.upload('broken.json', '{"format": "gdw-evaluation-report", ');
  await expect(workbench.errorItems).toHaveCount(1);
  await expect(workbench.errorItems.first()).toContainText('ParseError');
  await expect(workbench.errorItems.first()).toContainText('broken.json');
  await expect(card.byTestId('report-file')).toContainText('report.json');
  await expect(card.tableRows('nnaa')).toHaveCount(report.backbones.length);

  // 6. A report without TSTR: the TSTR and recovery tables have no rows and say why.
  const notRun = { ...report, tstr: { status: 'not-run' as const, reason: 'not asked for' } };
  await card.upload('no-tstr.json', serializeReport(notRun));
  await expect(card.byTestId('report-file')).toContainText('no-tstr.json');
  await expect(card.tableRows('tstr')).toHaveCount(0);
  await expect(card.tableCaption('tstr')).toContainText('TSTR not run: not asked for.');
  await expect(card.tableRows('recovery')).toHaveCount(0);

  // 7. Nothing went wrong quietly, and nothing left the origin.
  expect(workbench.consoleErrors).toEqual([]);
  expect(workbench.offOriginRequests).toEqual([]);
});
