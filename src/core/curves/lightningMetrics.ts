// Reads a PyTorch Lightning CSVLogger `metrics.csv`: a header of column names (`step`, often
// `epoch`, one per logged metric) and one row per log call. Training and validation are logged
// by separate calls, so one step spans several rows with different columns filled; rows are merged
// by step (a later value wins) and each column becomes a series over the steps that have a value.
import { ParseError } from '../errors';
import { splitCsvLine } from './csvLine';

/** One column of the log: values at the steps where it was logged, steps ascending. */
export interface ScalarSeries {
  name: string;
  steps: number[];
  /** Python writes nan and inf for a diverged loss: they are kept (NaN, ±Infinity). */
  values: number[];
}

export interface MetricsLog {
  file: string;
  /** Every column but `step`, in file order: `epoch`, `train_loss`, `val_loss`, … */
  columns: string[];
  /** One series per column; a column with no value at all has empty arrays. */
  series: Record<string, ScalarSeries>;
  /** Every logged step, ascending. */
  steps: number[];
}

const STEP_COLUMN = 'step';
/** A decimal number as Python's str(float) or repr writes it. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity };

function parseValue(text: string): number | null {
  const trimmed = text.trim();
  if (DECIMAL.test(trimmed)) return Number(trimmed);
  return SPECIAL[trimmed.toLowerCase()] ?? null;
}

function readHeader(line: string, file: string): string[] {
  const columns = splitCsvLine(line, file, 1).map((c) => c.trim());
  if (!columns.includes(STEP_COLUMN)) {
    throw new ParseError(`line 1 of ${file}: no "${STEP_COLUMN}" column (found ${columns.join(', ')}); `
      + 'expected the header of a Lightning CSVLogger metrics.csv', { file, line: 1 });
  }
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) throw new ParseError(`line 1 of ${file}: column "${duplicate}" appears twice`, { file, line: 1 });
  return columns;
}

/** Rows merged by step: step → column → value (the later row wins). */
function readRows(lines: string[], columns: string[], file: string): Map<number, Map<string, number>> {
  const stepAt = columns.indexOf(STEP_COLUMN);
  const byStep = new Map<number, Map<string, number>>();
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    if (lines[i].trim() === '') continue;
    const fields = splitCsvLine(lines[i], file, line);
    if (fields.length !== columns.length) {
      throw new ParseError(`line ${line} of ${file}: expected ${columns.length} comma-separated fields `
        + `(${columns.join(',')}), found ${fields.length}`, { file, line });
    }
    const step = parseValue(fields[stepAt]);
    if (step === null || !Number.isInteger(step) || step < 0) {
      throw new ParseError(`line ${line} of ${file}: step = '${fields[stepAt]}'; expected a whole number ≥ 0`, { file, line });
    }
    const merged = byStep.get(step) ?? new Map<string, number>();
    byStep.set(step, merged);
    fields.forEach((field, c) => {
      if (c === stepAt || field.trim() === '') return;
      const value = parseValue(field);
      if (value === null) {
        throw new ParseError(`line ${line} of ${file}: ${columns[c]} = '${field}'; expected a number`, { file, line });
      }
      merged.set(columns[c], value);
    });
  }
  return byStep;
}

export function parseLightningMetrics(text: string, file: string): MetricsLog {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0].trim() === '') {
    throw new ParseError(`${file} is empty; expected a header line with a "${STEP_COLUMN}" column`, { file, line: 1 });
  }
  const header = readHeader(lines[0], file);
  const byStep = readRows(lines, header, file);
  const steps = [...byStep.keys()].sort((a, b) => a - b);
  const columns = header.filter((c) => c !== STEP_COLUMN);
  const series: Record<string, ScalarSeries> = {};
  for (const name of columns) {
    const at = steps.filter((s) => byStep.get(s)!.has(name));
    series[name] = { name, steps: at, values: at.map((s) => byStep.get(s)!.get(name)!) };
  }
  return { file, columns, series, steps };
}
