// The comparison tables read the report's numbers unchanged (exact equality: no arithmetic
// between field and cell except the privacy loss, which the report already holds), format
// intervals as "0.52 [0.48, 0.57]", and show a missing value as '—' with NaN kept.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Interval } from '../classify/evaluate';
import type { TstrReport, TstrRow } from '../classify/tstr';
import {
  allReportTables, columnGroups, formatInterval, formatNumber, nnaaTable, nnTestTable, privacyTable, recoveryTable, tstrTable,
  type ReportTable, type TableCell,
} from './tables';
import { buildTestReport } from './testReport';
import type { BackboneReport, EvaluationReport, TstrSection } from './types';

const INTERVAL_TEXT = /^-?\d+\.\d{2} \[-?\d+\.\d{2}, -?\d+\.\d{2}\]$/;

function cellOf(table: ReportTable, rowId: string, key: string): TableCell {
  const row = table.rows.find((r) => r.id === rowId);
  const column = table.columns.findIndex((c) => c.key === key);
  if (!row || column < 0) throw new Error(`no cell ${rowId}/${key} in ${table.id}`);
  return row.cells[column];
}

/** The cell holds exactly the interval's numbers and shows them as formatInterval does. */
function expectIntervalCell(cell: TableCell, interval: { estimate: number; lower: number; upper: number }): void {
  expect(cell).toEqual({
    kind: 'interval', value: interval.estimate, lower: interval.lower, upper: interval.upper,
    text: formatInterval(interval.estimate, interval.lower, interval.upper),
  });
  if (Number.isFinite(interval.lower)) expect(cell.text).toMatch(INTERVAL_TEXT);
}

function expectNumberCell(cell: TableCell, value: number): void {
  expect(cell.kind).toBe('number');
  if (cell.kind === 'number') expect(cell.value).toBe(value);
}

/** A copy of a backbone under another id, with some numbers made NaN (a missing value). */
function withMissingValues(b: BackboneReport): BackboneReport {
  const copy = structuredClone(b);
  copy.id = 'missing';
  copy.metrics.nnaa.train.intervals.aats.estimate = NaN;
  copy.metrics.nnaa.privacyLossInterval.lower = NaN;
  copy.metrics.dcr.synthetic.median = NaN;
  return copy;
}

describe('formatting', () => {
  it('writes intervals as "0.52 [0.48, 0.57]", drops "-0.00" and shows NaN as a dash', () => {
    expect(formatInterval(0.5213, 0.4791, 0.5749)).toBe('0.52 [0.48, 0.57]');
    expect(formatInterval(-0.031, -0.08, 0.0004)).toBe('-0.03 [-0.08, 0.00]');
    expect(formatInterval(0.5, NaN, 0.6)).toBe('0.50');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(0.12345, 3)).toBe('0.123');
  });

  it('groups adjacent columns with the same group', () => {
    expect(columnGroups([{ key: 'a', label: 'a', kind: 'text' }, { key: 'b', label: 'b', kind: 'number' }])).toBeNull();
    expect(columnGroups([
      { key: 'a', label: 'a', kind: 'text' }, { key: 'b', label: 'b', kind: 'number', group: 'g' }, { key: 'c', label: 'c', kind: 'number', group: 'g' },
    ])).toEqual([{ label: '', span: 1 }, { label: 'g', span: 2 }]);
  });
});

describe('sample-set tables from the fixture report', () => {
  let report: EvaluationReport;
  beforeAll(async () => {
    const base = await buildTestReport();
    report = { ...base, backbones: [base.backbones[0], withMissingValues(base.backbones[0])] };
  });

  it('every table has one cell per column, unique keys and a caption with n and the bootstrap', () => {
    const tables = allReportTables(report);
    expect(tables.map((t) => t.id)).toEqual(['tstr', 'recovery', 'nn-test', 'nnaa', 'privacy']);
    for (const table of tables) {
      expect(new Set(table.columns.map((c) => c.key)).size).toBe(table.columns.length);
      for (const row of table.rows) expect(row.cells).toHaveLength(table.columns.length);
    }
    const nnTest = nnTestTable(report);
    expect(nnTest.caption).toContain('n = 20 synthetic per backbone, 40 real train, 20 real holdout');
    expect(nnTest.caption).toContain('k = 5');
    expect(nnTest.caption).toContain('95 % bootstrap intervals, 200 resamples, seed 0');
  });

  it('the NN test table reads each backbone\'s scores, nulls, k and n', () => {
    const table = nnTestTable(report);
    expect(table.rows.map((r) => r.id)).toEqual(['oracle', 'missing']);
    const { nnTest } = report.backbones[0].metrics;
    expectIntervalCell(cellOf(table, 'oracle', 'train'), nnTest.train.interval);
    expectIntervalCell(cellOf(table, 'oracle', 'holdout'), nnTest.holdout.interval);
    expectNumberCell(cellOf(table, 'oracle', 'train_null'), nnTest.train.expectedUnderNull);
    expectNumberCell(cellOf(table, 'oracle', 'holdout_null'), nnTest.holdout.expectedUnderNull);
    expectNumberCell(cellOf(table, 'oracle', 'k'), 5);
    expectNumberCell(cellOf(table, 'oracle', 'n_synthetic'), nnTest.train.settings.d2.n);
    expectNumberCell(cellOf(table, 'oracle', 'n_train'), nnTest.train.settings.d1.n);
    expectNumberCell(cellOf(table, 'oracle', 'n_holdout'), nnTest.holdout.settings.d1.n);
    expect(nnTest.train.settings.d1.n).toBeLessThanOrEqual(40);
  });

  it('rows show each backbone by its display name and keep its id', () => {
    const named = { ...report, backbones: [{ ...report.backbones[0], id: 'builtin:unet-mlp' }, { ...report.backbones[1], id: 'file:0123456789ab', file: { ...report.backbones[1].file, name: 'mine.onnx' } }] };
    for (const table of [nnTestTable(named), nnaaTable(named)]) {
      expect(table.rows.map((r) => r.id)).toEqual(['builtin:unet-mlp', 'file:0123456789ab']);
      expect(table.rows.map((r) => r.cells[0].text)).toEqual(['unet-mlp', 'mine']);
    }
  });

  it('the NNAA table reads AA_truth, AA_syn, AATS and ties against train and holdout', () => {
    const table = nnaaTable(report);
    expect(table.rows).toHaveLength(2);
    const { nnaa } = report.backbones[0].metrics;
    for (const [key, section] of [['train', nnaa.train], ['holdout', nnaa.holdout]] as const) {
      expectIntervalCell(cellOf(table, 'oracle', `aa_truth_${key}`), section.intervals.aaTruth);
      expectIntervalCell(cellOf(table, 'oracle', `aa_syn_${key}`), section.intervals.aaSyn);
      expectIntervalCell(cellOf(table, 'oracle', `aats_${key}`), section.intervals.aats);
      expectNumberCell(cellOf(table, 'oracle', `ties_${key}`), section.truthTies + section.synTies);
      expectNumberCell(cellOf(table, 'oracle', `n_${key}`), section.settings.real.n);
    }
    expectNumberCell(cellOf(table, 'oracle', 'n_synthetic'), nnaa.train.settings.synthetic.n);
  });

  it('the privacy table reads privacy loss, DCR, copies and memorisation', () => {
    const table = privacyTable(report);
    const { nnaa, dcr, memorisation } = report.backbones[0].metrics;
    expectIntervalCell(cellOf(table, 'oracle', 'privacy_loss'), nnaa.privacyLossInterval);
    expectIntervalCell(cellOf(table, 'oracle', 'dcr_protection'), dcr.protection.interval);
    expectNumberCell(cellOf(table, 'oracle', 'dcr_median_synthetic'), dcr.synthetic.median);
    expectNumberCell(cellOf(table, 'oracle', 'dcr_median_holdout'), dcr.holdout.median);
    expectNumberCell(cellOf(table, 'oracle', 'copies_exact'), dcr.copies.synthetic.exact);
    expectNumberCell(cellOf(table, 'oracle', 'copies_near'), dcr.copies.synthetic.near);
    expectNumberCell(cellOf(table, 'oracle', 'copies_near_holdout'), dcr.copies.holdout.near);
    expectNumberCell(cellOf(table, 'oracle', 'max_cosine_median_synthetic'), memorisation.synthetic.summary.median);
    expectNumberCell(cellOf(table, 'oracle', 'max_cosine_p95_synthetic'), memorisation.synthetic.summary.q95);
    expectNumberCell(cellOf(table, 'oracle', 'max_cosine_median_holdout'), memorisation.holdout.summary.median);
    expectNumberCell(cellOf(table, 'oracle', 'max_cosine_p95_holdout'), memorisation.holdout.summary.q95);
    expect(cellOf(table, 'oracle', 'dcr_median_synthetic').text).toMatch(/^\d\.\d{3}$/);
  });

  it('a missing value is NaN shown as a dash; a missing bound leaves the estimate alone', () => {
    const aats = cellOf(nnaaTable(report), 'missing', 'aats_train');
    expect(aats.kind === 'interval' && Number.isNaN(aats.value)).toBe(true);
    expect(aats.text).toBe('—');
    const median = cellOf(privacyTable(report), 'missing', 'dcr_median_synthetic');
    expect(median.kind === 'number' && Number.isNaN(median.value)).toBe(true);
    expect(median.text).toBe('—');
    const loss = report.backbones[1].metrics.nnaa.privacyLossInterval;
    expect(cellOf(privacyTable(report), 'missing', 'privacy_loss').text).toBe(formatNumber(loss.estimate));
  });

  it('TSTR not run: both TSTR tables have no rows and say why', () => {
    expect(report.tstr.status).toBe('not-run');
    for (const table of [tstrTable(report), recoveryTable(report)]) {
      expect(table.rows).toHaveLength(0);
      expect(table.caption).toBe('TSTR not run: not asked for.');
    }
  });
});

const interval = (estimate: number, lower: number, upper: number): Interval => ({ estimate, lower, upper, standardError: 0.01 });

function tstrRow(source: string, accuracy: Interval, recovery: Interval): TstrRow {
  return {
    source, kind: source === 'real' ? 'real' : 'synthetic', trainPerClass: [20, 20], availablePerClass: [20, 20], validationPerClass: [4, 4],
    metrics: {
      accuracy, balancedAccuracy: accuracy, auc: interval(0.9, 0.85, 0.95), f1: interval(0.8, 0.7, 0.9),
      confusion: [[9, 1], [2, 8]], n: 20, bootstrap: { resamples: 1000, level: 0.95, seed: 1, stratified: true },
    },
    recovery, selectedEpoch: 3, stoppedEarly: false, parameterCount: 100, history: [], optimistic: null,
  };
}

function tstrReport(rows: TstrRow[]): TstrReport {
  return {
    rows,
    holdout: { count: 20, perClass: [10, 10], givenPerClass: [10, 10], balancing: 'as-given' },
    settings: {
      bootstrap: { resamples: 1000, level: 0.95, seed: 1, stratified: true }, matchRealTrain: true, reportOptimistic: false, classes: 2,
      averaging: 'binary, positive class 1', realGenes: 3, channels: 4,
    } as TstrReport['settings'],
  };
}

describe('TSTR tables (paper Table 1) and recovery', () => {
  const real = tstrRow('real', interval(0.876, 0.84, 0.91), interval(1, 1, 1));
  const mlpOracle = tstrRow('oracle', interval(0.8471, 0.81, 0.88), interval(0.967, 0.93, 1.0));
  const cnnOracle = tstrRow('oracle', interval(0.5115, 0.47, 0.55), interval(0.699, 0.64, 0.76));
  const tstr: TstrSection = {
    status: 'done',
    runs: [
      { classifier: 'MLP', report: tstrReport([real, mlpOracle]), tfBackend: 'cpu', elapsedMs: 1 },
      { classifier: 'CNN', report: tstrReport([cnnOracle, real]), tfBackend: 'cpu', elapsedMs: 1 },
      { classifier: 'Transformer', report: tstrReport([real]), tfBackend: 'cpu', elapsedMs: 1 },
    ],
    skipped: [{ backboneId: 'gan', reason: 'unconditional' }],
    synthetic: { count: 40, classCounts: [20, 20], seed: 0 },
  };
  let report: EvaluationReport;
  beforeAll(async () => {
    report = { ...(await buildTestReport()), tstr };
  });

  it('rows are real, then each backbone; per classifier accuracy and AUC with intervals, and n train', () => {
    const table = tstrTable(report);
    expect(table.rows.map((r) => r.id)).toEqual(['real', 'oracle']);
    expect(table.columns.map((c) => c.key)).toEqual([
      'training_set', 'n_train', 'mlp_accuracy', 'mlp_auc', 'cnn_accuracy', 'cnn_auc', 'transformer_accuracy', 'transformer_auc',
    ]);
    expectIntervalCell(cellOf(table, 'real', 'mlp_accuracy'), real.metrics.accuracy);
    expectIntervalCell(cellOf(table, 'oracle', 'mlp_accuracy'), mlpOracle.metrics.accuracy);
    expectIntervalCell(cellOf(table, 'oracle', 'cnn_accuracy'), cnnOracle.metrics.accuracy);
    expectIntervalCell(cellOf(table, 'oracle', 'cnn_auc'), cnnOracle.metrics.auc);
    expect(cellOf(table, 'oracle', 'mlp_accuracy').text).toBe('0.85 [0.81, 0.88]');
    expectNumberCell(cellOf(table, 'real', 'n_train'), 40);
    expect(cellOf(table, 'oracle', 'transformer_accuracy').text).toBe('—');
    expect(table.caption).toContain('n = 20: 10 + 10');
    expect(table.caption).toContain('left out: gan (unconditional)');
    expect(table.caption).toContain('1,000 resamples, seed 1');
  });

  it('recovery has one row per backbone (real is 1 by definition) and one column per classifier', () => {
    const table = recoveryTable(report);
    expect(table.rows.map((r) => r.id)).toEqual(['oracle']);
    expectIntervalCell(cellOf(table, 'oracle', 'mlp_recovery'), mlpOracle.recovery);
    expectIntervalCell(cellOf(table, 'oracle', 'cnn_recovery'), cnnOracle.recovery);
    expect(cellOf(table, 'oracle', 'transformer_recovery').text).toBe('—');
  });
});
