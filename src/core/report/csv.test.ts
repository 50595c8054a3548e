// The CSV export parses back, with the phenotype reader's RFC 4180 splitter, to the numbers the
// table cells hold (exact: full precision, not the display), intervals as _lower/_upper columns.
import { beforeAll, describe, expect, it } from 'vitest';
import { splitQuoted } from '../genotype/delimited';
import { csvField, csvHeader, tableToCsv } from './csv';
import { allReportTables, type ReportTable } from './tables';
import { buildTestReport } from './testReport';
import type { EvaluationReport } from './types';

/** Records split on CRLF outside quotes, then fields by splitQuoted. */
function parseCsv(text: string): string[][] {
  const records: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === '\r' && text[i + 1] === '\n') {
      records.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  expect(start).toBe(text.length);
  return records.map((record) => {
    const { fields, unclosedQuote } = splitQuoted(record, ',');
    expect(unclosedQuote).toBe(false);
    return fields;
  });
}

const asField = (value: number): string => (Number.isFinite(value) ? String(value) : '');

describe('csvField', () => {
  it('quotes a field holding a comma, quote or line break and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('tableToCsv', () => {
  let report: EvaluationReport;
  beforeAll(async () => {
    const base = await buildTestReport();
    const missing = structuredClone(base.backbones[0]);
    missing.id = 'copy, "quoted"\nname';
    missing.metrics.nnaa.train.intervals.aats.upper = NaN;
    report = { ...base, backbones: [base.backbones[0], missing] };
  });

  it('writes every table as a header of keys and one CRLF record per row, number for number', () => {
    for (const table of allReportTables(report)) {
      const csv = tableToCsv(table);
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(csv.replace(/\r\n/g, '').replace(/"[^"]*"/g, '')).not.toMatch(/[\r\n]/);
      const [header, ...records] = parseCsv(csv);
      expect(header).toEqual(csvHeader(table.columns));
      expect(records).toHaveLength(table.rows.length);
      records.forEach((fields, r) => {
        expect(fields).toHaveLength(header.length);
        const expected = table.rows[r].cells.flatMap((cell) => {
          if (cell.kind === 'interval') return [asField(cell.value), asField(cell.lower), asField(cell.upper)];
          return cell.kind === 'number' ? [asField(cell.value)] : [cell.text];
        });
        expect(fields).toEqual(expected);
      });
    }
  });

  it('keeps full precision, puts bounds in _lower/_upper and leaves a missing bound empty', () => {
    const nnaa = allReportTables(report).find((t) => t.id === 'nnaa') as ReportTable;
    const [header, first, second] = parseCsv(tableToCsv(nnaa));
    const at = (key: string): number => header.indexOf(key);
    const aats = report.backbones[0].metrics.nnaa.train.intervals.aats;
    expect(Number(first[at('aats_train')])).toBe(aats.estimate);
    expect(Number(first[at('aats_train_lower')])).toBe(aats.lower);
    expect(Number(first[at('aats_train_upper')])).toBe(aats.upper);
    expect(second[at('backbone')]).toBe('copy, "quoted"\nname');
    expect(second[at('aats_train_upper')]).toBe('');
    expect(second[at('aats_train_lower')]).toBe(String(aats.lower));
  });

  it('a table with no rows is its header alone', () => {
    const tstr = allReportTables(report)[0];
    expect(tstr.rows).toHaveLength(0);
    expect(tableToCsv(tstr)).toBe('training_set,n_train\r\n');
  });
});
