// RFC 4180 CSV of one ReportTable: a header of column keys, one record per row, CRLF line ends,
// a field quoted when it holds a comma, quote or line break (quotes doubled). Numbers are written
// in full (shortest round-trip form), not as displayed; an interval column becomes three:
// `<key>`, `<key>_lower`, `<key>_upper`. A missing number is an empty field. Just the table:
// the settings are in the caption, which a CSV has no place for.
import type { ReportTable, TableCell, TableColumn } from './tables';

/** A field as RFC 4180 writes it. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const numberField = (value: number): string => (Number.isFinite(value) ? String(value) : '');

/** The CSV header: column keys, an interval column followed by its bounds. */
export function csvHeader(columns: readonly TableColumn[]): string[] {
  return columns.flatMap((c) => (c.kind === 'interval' ? [c.key, `${c.key}_lower`, `${c.key}_upper`] : [c.key]));
}

/** The fields of one cell under its column (so a record always has the header's width). */
function cellFields(cell: TableCell | undefined, column: TableColumn): string[] {
  if (column.kind === 'interval') {
    return cell?.kind === 'interval' ? [numberField(cell.value), numberField(cell.lower), numberField(cell.upper)] : ['', '', ''];
  }
  if (column.kind === 'number') return [cell && cell.kind !== 'text' ? numberField(cell.value) : ''];
  return [cell?.text ?? ''];
}

export function tableToCsv(table: ReportTable): string {
  const records = [
    csvHeader(table.columns),
    ...table.rows.map((row) => table.columns.flatMap((column, c) => cellFields(row.cells[c], column))),
  ];
  return records.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
