// Checks on the numbers the comparison tables show, so an e2e test fails on a wrong number and not
// only on a missing table: every shown number finite and in its metric's range, equal (to the shown
// precision) to the table's CSV download, and to the report JSON read on its own paths.
import { expect } from '@playwright/test';
import type { EvaluationReport } from '../src/core/report/types';
import type { ReportCardPage } from './pages/reportCard';

/** A number as a table cell shows it: "0.52 [0.48, 0.57]", "0.517", "1,000"; decimals as shown. */
export interface ShownNumber {
  value: number;
  lower?: number;
  upper?: number;
  decimals: number;
}

export interface ShownTable {
  id: string;
  rows: { id: string; cells: Record<string, string> }[];
}

const numberPattern = '-?[0-9][0-9,]*(?:\\.[0-9]+)?';
const cellPattern = new RegExp(`^(${numberPattern})(?: \\[(${numberPattern}), (${numberPattern})\\])?$`);

/** The shown text parsed; null for text that is not a number ('—' included). */
export function parseShownNumber(text: string): ShownNumber | null {
  const match = cellPattern.exec(text.trim());
  if (!match) return null;
  const toNumber = (s: string) => Number(s.replace(/,/g, ''));
  const decimals = match[1].split('.')[1]?.length ?? 0;
  return { value: toNumber(match[1]), decimals, ...(match[2] ? { lower: toNumber(match[2]), upper: toNumber(match[3]) } : {}) };
}

/** Every row of a table as shown: its data-row and each cell's text by column key. */
export async function readShownTable(card: ReportCardPage, id: string): Promise<ShownTable> {
  const rows = await card.tableRows(id).evaluateAll((trs) => trs.map((tr) => ({
    id: tr.getAttribute('data-row') ?? '',
    cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.getAttribute('data-column') ?? '', td.textContent ?? ''])),
  })));
  return { id, rows };
}

/** The range a column's numbers must lie in, by its key (core/report/tables.ts); null for text columns. */
function rangeOf(tableId: string, key: string): { min: number; max: number; whole?: boolean } | null {
  if (key === 'backbone' || key === 'training_set') return null;
  if (/^(n_|k$|ties_|copies_)/.test(key)) return { min: 0, max: Infinity, whole: true };
  if (tableId === 'recovery') return { min: 0, max: Infinity };
  if (key === 'privacy_loss') return { min: -1, max: 1 };
  if (/^max_cosine_/.test(key)) return { min: -1, max: 1 };
  // Shares and probabilities (accuracy, AUC, NN test, AA, AATS, DCR protection) and angular distances.
  return { min: 0, max: 1 };
}

/** Every cell of a number column shows a finite number inside its range (intervals: both bounds too). */
export function expectNumbersInRange(table: ShownTable): void {
  expect(table.rows.length, `${table.id} has rows`).toBeGreaterThan(0);
  for (const row of table.rows) {
    for (const [key, text] of Object.entries(row.cells)) {
      const range = rangeOf(table.id, key);
      if (!range) continue;
      const where = `${table.id} ${row.id} ${key} = "${text}"`;
      const shown = parseShownNumber(text);
      expect(shown, `${where}: a number`).not.toBeNull();
      for (const v of [shown!.value, shown!.lower, shown!.upper].filter((x) => x !== undefined)) {
        expect(Number.isFinite(v) && v >= range.min && v <= range.max, `${where}: in [${range.min}, ${range.max}]`).toBe(true);
        if (range.whole) expect(Number.isInteger(v), `${where}: a whole number`).toBe(true);
      }
      if (shown!.lower !== undefined) expect(shown!.lower, `${where}: lower ≤ upper`).toBeLessThanOrEqual(shown!.upper!);
    }
  }
}

/** `full` shown with `decimals` decimals reads `shown` (half a unit of the last shown digit, plus float slack). */
export function expectShownAs(shown: number, full: number, decimals: number, where: string): void {
  expect(Math.abs(shown - full), `${where}: shown ${shown}, full ${full}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

/** The table's CSV (full precision, intervals as three fields) matches every number shown. */
export function expectShownEqualsCsv(table: ShownTable, csvText: string): void {
  const [header, ...records] = csvText.split('\r\n').filter((line) => line !== '').map((line) => line.split(','));
  // Rows name a backbone as shown (its display name); the row's id stays in data-row.
  const nameKey = table.id === 'tstr' ? 'training_set' : 'backbone';
  expect(records.map((r) => r[header.indexOf(nameKey)])).toEqual(table.rows.map((r) => r.cells[nameKey]));
  table.rows.forEach((row, r) => {
    for (const [key, text] of Object.entries(row.cells)) {
      const shown = parseShownNumber(text);
      if (!shown || !rangeOf(table.id, key)) continue;
      const field = (name: string) => Number(records[r][header.indexOf(name)]);
      const where = `${table.id} ${row.id} ${key}`;
      expectShownAs(shown.value, field(key), shown.decimals, where);
      if (shown.lower !== undefined) {
        expectShownAs(shown.lower, field(`${key}_lower`), shown.decimals, `${where}_lower`);
        expectShownAs(shown.upper!, field(`${key}_upper`), shown.decimals, `${where}_upper`);
      }
    }
  });
}

function shownCell(tables: ShownTable[], tableId: string, rowId: string, key: string): ShownNumber {
  const text = tables.find((t) => t.id === tableId)?.rows.find((r) => r.id === rowId)?.cells[key];
  const shown = text === undefined ? null : parseShownNumber(text);
  expect(shown, `${tableId} ${rowId} ${key} shown as a number`).not.toBeNull();
  return shown!;
}

const classifierKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** The shown numbers are the report's, read from its own JSON paths (not through the table builder). */
export function expectShownEqualsReport(tables: ShownTable[], report: EvaluationReport): void {
  const check = (tableId: string, rowId: string, key: string, interval: { estimate: number; lower: number; upper: number } | number) => {
    const shown = shownCell(tables, tableId, rowId, key);
    const where = `${tableId} ${rowId} ${key} vs the report JSON`;
    if (typeof interval === 'number') return expectShownAs(shown.value, interval, shown.decimals, where);
    expectShownAs(shown.value, interval.estimate, shown.decimals, where);
    expectShownAs(shown.lower!, interval.lower, shown.decimals, `${where} (lower)`);
    expectShownAs(shown.upper!, interval.upper, shown.decimals, `${where} (upper)`);
  };
  for (const { id, metrics } of report.backbones) {
    for (const side of ['train', 'holdout'] as const) {
      const nnaa = metrics.nnaa[side].intervals;
      check('nnaa', id, `aa_truth_${side}`, nnaa.aaTruth);
      check('nnaa', id, `aa_syn_${side}`, nnaa.aaSyn);
      check('nnaa', id, `aats_${side}`, nnaa.aats);
      check('nn-test', id, side, metrics.nnTest[side].interval);
    }
    check('privacy', id, 'privacy_loss', metrics.nnaa.privacyLossInterval);
    check('privacy', id, 'dcr_median_synthetic', metrics.dcr.synthetic.median);
    check('privacy', id, 'dcr_protection', metrics.dcr.protection.interval);
  }
  if (report.tstr.status !== 'done') return;
  for (const { classifier, report: tstr } of report.tstr.runs) {
    for (const row of tstr.rows) {
      check('tstr', row.source, `${classifierKey(classifier)}_accuracy`, row.metrics.accuracy);
      check('tstr', row.source, `${classifierKey(classifier)}_auc`, row.metrics.auc);
      if (row.source !== 'real') check('recovery', row.source, `${classifierKey(classifier)}_recovery`, row.recovery);
    }
  }
}
