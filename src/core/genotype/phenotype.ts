// Case/control (or other categorical) labels: from .fam column 6 or from a CSV/TSV/whitespace
// table with a sample id column and a label column. Label names are kept as class names; a
// control-like class comes first so it gets index 0 (the backbone contract: 0 control, 1 case).
import { type ByteSource, type ReadOptions, readChunks } from './byteSource';
import { maybeGunzip } from './gzip';
import { decodeText, fileError, forEachLine, formatCount, lineError, quote } from './lines';
import type { FamTable } from './plink';
import { splitRow, sniffDelimiter } from './delimited';
import type { Phenotype } from './types';

/** Labels as read from a phenotype file, in file order, before matching to genotype samples. */
export interface PhenotypeTable {
  file: string;
  sampleIds: string[];
  /** Family ids, when the file has PLINK's FID column before the IID column (also a .fam). */
  familyIds?: string[];
  /** Class index per row, -1 when missing. */
  labels: Int8Array;
  classNames: string[];
  /** Header names (or 'column N') of the columns used, for the report. */
  idColumn: string;
  labelColumn: string;
}

export interface PhenotypeReadOptions extends ReadOptions {
  /** Sample id column: header name (case-insensitive) or 0-based index. Default: detected. */
  idColumn?: string | number;
  /** Label column: header name (case-insensitive) or 0-based index. Default: detected. */
  labelColumn?: string | number;
  /** Whether the first row is a header. Default: detected. */
  hasHeader?: boolean;
  /** Field separator. Default: sniffed from the first row (tab, comma, semicolon, whitespace). */
  delimiter?: '\t' | ',' | ';' | ' ';
  /** Class order to use (index = class); a label outside it is an error. Default: detected. */
  classNames?: string[];
  /** Values read as missing. Default: '', NA, N/A, NaN, nan, '.', -9. */
  missingValues?: string[];
}

const defaultMissing = ['', 'NA', 'N/A', 'NaN', 'nan', 'na', '.', '-9'];
const idNames = /^(sample[_ ]?ids?|samples?|iid|id|individual[_ ]?id|individual|subject[_ ]?id|subject|participant[_ ]?id|participant)$/i;
const labelNames = /^(labels?|phenotypes?|pheno|status|class|diagnosis|disease|case[_ ]?control|affection|affected|group|outcome|y)$/i;
const controlNames = /^(controls?|ctrl|healthy|unaffected|normal|hc)$/i;
const familyIdNames = /^(fid|family[_ ]?ids?|family)$/i;
const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** Int8 labels leave room for 127 classes; more means the label column is wrong. */
const maxClasses = 127;

interface Row {
  fields: string[];
  lineNumber: number;
  byteOffset: number;
}

/** Reads a phenotype table; every row must have as many fields as the first. */
export async function readPhenotypeTable(source: ByteSource, options: PhenotypeReadOptions = {}): Promise<PhenotypeTable> {
  // 1. Rows: the first line may be a '#'-prefixed header; later '#' lines are comments.
  const lines: { text: string; lineNumber: number; byteOffset: number }[] = [];
  await forEachLine(maybeGunzip(readChunks(source, options), source.name), (line, lineNumber, byteOffset) => {
    const text = decodeText(line).replace(/^\uFEFF/, '');
    if (text.trim() === '' || (lines.length > 0 && text.startsWith('#'))) return;
    lines.push({ text: lines.length === 0 ? text.replace(/^#+\s*/, '') : text, lineNumber, byteOffset });
  });
  if (lines.length === 0) throw fileError(source.name, 'the file is empty; expected rows of sample id and label');
  const delimiter = options.delimiter ?? sniffDelimiter(lines[0].text);
  const rows: Row[] = lines.map((l) => ({ fields: splitRow(l.text, delimiter), lineNumber: l.lineNumber, byteOffset: l.byteOffset }));
  checkWidths(source.name, rows);
  // 2. Header and columns.
  const hasHeader = options.hasHeader ?? looksLikeHeader(rows);
  const header = hasHeader ? rows[0].fields : undefined;
  const body = hasHeader ? rows.slice(1) : rows;
  const isFam = !hasHeader && /\.fam$/i.test(source.name) && rows[0].fields.length === 6;
  const idIndex = pickColumn(source.name, rows[0], header, options.idColumn, defaultIdColumn(header, rows[0].fields.length), 'sample id');
  const labelIndex = pickColumn(source.name, rows[0], header, options.labelColumn,
    isFam ? 5 : defaultLabelColumn(header, rows[0].fields.length, idIndex), 'label');
  if (idIndex === labelIndex) throw lineError(source.name, rows[0].lineNumber, rows[0].byteOffset, 'the sample id and label columns are the same column');
  // 3. Ids (no repeats within a family) and labels.
  const familyIndex = familyIdColumn(header, rows[0].fields.length, idIndex, labelIndex);
  checkUniqueIds(source.name, body, idIndex, familyIndex);
  const missing = new Set(options.missingValues ?? defaultMissing);
  const { labels, classNames } = classifyLabels(source.name, body, labelIndex, missing, options.classNames);
  const columnName = (i: number) => header?.[i] ?? `column ${i + 1}`;
  return { file: source.name, sampleIds: body.map((r) => r.fields[idIndex]), labels, classNames,
    ...(familyIndex >= 0 ? { familyIds: body.map((r) => r.fields[familyIndex]) } : {}),
    idColumn: columnName(idIndex), labelColumn: columnName(labelIndex) };
}

function checkWidths(file: string, rows: Row[]): void {
  const width = rows[0].fields.length;
  if (width < 2) {
    throw lineError(file, rows[0].lineNumber, rows[0].byteOffset, 'expected at least two columns (sample id and label), found 1');
  }
  for (const row of rows) {
    if (row.fields.length !== width) {
      throw lineError(file, row.lineNumber, row.byteOffset, `expected ${width} fields like the first row, found ${row.fields.length}`);
    }
  }
}

/** A header names a known id or label column, or has text where the data below is all numbers. */
function looksLikeHeader(rows: Row[]): boolean {
  const first = rows[0].fields;
  if (first.some((cell) => idNames.test(cell) || labelNames.test(cell))) return true;
  const sample = rows.slice(1, 51);
  if (sample.length === 0) return false;
  return first.some((cell, c) => !numeric.test(cell) && sample.every((r) => numeric.test(r.fields[c])));
}

function defaultIdColumn(header: string[] | undefined, width: number): number {
  const named = header?.findIndex((h) => idNames.test(h)) ?? -1;
  if (named >= 0) return named;
  // PLINK's phenotype layout is FID IID value…: without a header, 3+ columns mean IID is second.
  return header === undefined && width >= 3 ? 1 : 0;
}

function defaultLabelColumn(header: string[] | undefined, width: number, idIndex: number): number {
  const named = header?.findIndex((h) => labelNames.test(h)) ?? -1;
  if (named >= 0) return named;
  if (header === undefined && width >= 3) return 2;
  return idIndex === width - 1 ? width - 2 : width - 1;
}

/** PLINK's layout puts FID right before IID: a column named FID, or column 1 of a headerless FID IID value… file. */
function familyIdColumn(header: string[] | undefined, width: number, idIndex: number, labelIndex: number): number {
  if (idIndex !== 1 || labelIndex === 0) return -1;
  if (header) return familyIdNames.test(header[0]) ? 0 : -1;
  return width >= 3 ? 0 : -1;
}

function pickColumn(file: string, first: Row, header: string[] | undefined, wanted: string | number | undefined,
  fallback: number, role: string): number {
  const fail = (what: string) => lineError(file, first.lineNumber, first.byteOffset, what);
  if (wanted === undefined) return fallback;
  if (typeof wanted === 'number') {
    if (!Number.isInteger(wanted) || wanted < 0 || wanted >= first.fields.length) {
      throw fail(`${role} column index ${wanted} is out of range: rows have ${first.fields.length} columns (0-based)`);
    }
    return wanted;
  }
  if (header === undefined) throw fail(`${role} column ${quote(wanted)} was asked for by name but the file has no header row`);
  const index = header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
  if (index < 0) throw fail(`no ${role} column named ${quote(wanted)}; the columns are ${header.map((h) => quote(h)).join(', ')}`);
  return index;
}

function checkUniqueIds(file: string, body: Row[], idIndex: number, familyIndex: number): void {
  const seen = new Map<string, number>();
  for (const row of body) {
    const id = row.fields[idIndex];
    if (id === '') throw lineError(file, row.lineNumber, row.byteOffset, 'the sample id is empty');
    const key = familyIndex >= 0 ? `${row.fields[familyIndex]}\t${id}` : id;
    const before = seen.get(key);
    if (before !== undefined) {
      const who = familyIndex >= 0 ? `sample ${quote(id)} of family ${quote(row.fields[familyIndex])}` : `sample ${quote(id)}`;
      throw lineError(file, row.lineNumber, row.byteOffset, `${who} appears twice (lines ${formatCount(before)} and ${formatCount(row.lineNumber)})`);
    }
    seen.set(key, row.lineNumber);
  }
}

/**
 * Turns label values into class indices. PLINK codes (1 control, 2 case, 0 missing; chosen when
 * a 2 appears or no 0 does) and 0/1 codes become ['control', 'case']; other numbers look quantitative and are refused; names are
 * kept, control-like first, then in alphabetical order so the order never depends on row order.
 */
function classifyLabels(file: string, body: Row[], column: number, missing: Set<string>,
  wantedClasses: string[] | undefined): { labels: Int8Array; classNames: string[] } {
  const values = body.map((r) => r.fields[column]);
  const present = [...new Set(values.filter((v) => !missing.has(v)))];
  const inCodes = (codes: string[]) => present.every((v) => codes.includes(v));
  let classNames: string[];
  let classOf: (value: string) => number | undefined;
  if (wantedClasses) {
    classNames = wantedClasses;
    classOf = (v) => (wantedClasses.includes(v) ? wantedClasses.indexOf(v) : undefined);
  } else if (inCodes(['0', '1', '2']) && (present.includes('2') || !present.includes('0'))) {
    classNames = ['control', 'case'];
    classOf = (v) => (v === '1' ? 0 : v === '2' ? 1 : -1);
  } else if (inCodes(['0', '1'])) {
    classNames = ['control', 'case'];
    classOf = (v) => (v === '0' ? 0 : 1);
  } else {
    classNames = orderClassNames(present);
    classOf = (v) => (numeric.test(v) ? undefined : classNames.indexOf(v));
  }
  if (classNames.length > maxClasses) {
    throw fileError(file, `the label column has ${formatCount(classNames.length)} distinct values; expected a categorical label (at most ${maxClasses} classes)`);
  }
  const labels = new Int8Array(values.length);
  body.forEach((row, i) => {
    const value = values[i];
    const label = missing.has(value) ? -1 : classOf(value);
    if (label === undefined) {
      const why = wantedClasses ? `is not one of the classes ${wantedClasses.map((c) => quote(c)).join(', ')}`
        : 'is a number but not a case/control code (1/2 or 0/1); the column looks quantitative';
      throw lineError(file, row.lineNumber, row.byteOffset, `label ${quote(value)} ${why}`);
    }
    labels[i] = label;
  });
  return { labels, classNames };
}

function orderClassNames(names: string[]): string[] {
  const controls = names.filter((n) => controlNames.test(n)).sort();
  const others = names.filter((n) => !controlNames.test(n)).sort();
  return [...controls, ...others];
}

/**
 * Case/control labels from .fam column 6 (1 control, 2 case, 0 or -9 missing). Returns no
 * phenotype when every value is missing, and a note instead when the column is quantitative.
 */
export function phenotypeFromFam(fam: FamTable): { phenotype?: Phenotype; note?: string } {
  const labels = new Int8Array(fam.phenotypeCodes.length);
  let known = 0;
  for (let i = 0; i < labels.length; i++) {
    const code = fam.phenotypeCodes[i];
    if (code === '1' || code === '2') {
      labels[i] = code === '1' ? 0 : 1;
      known++;
    } else if (code === '0' || code === '-9') {
      labels[i] = -1;
    } else {
      return { note: `${fam.file} column 6 is not case/control (${quote(code)} on line ${formatCount(fam.lineNumbers[i])}); ` +
        'the .fam phenotype was ignored: give a label file instead' };
    }
  }
  return known === 0 ? {} : { phenotype: { labels, classNames: ['control', 'case'] } };
}
