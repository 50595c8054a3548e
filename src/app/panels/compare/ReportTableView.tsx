// One comparison table of the report (core/report/tables.ts): grouped headings, the unit and ideal
// under each label, numbers right-aligned, the caption with n and the settings, and a CSV download
// of exactly the numbers shown (full precision).
import { tableToCsv } from '../../../core/report/csv';
import { columnGroups, columnNote, type ReportTable, type TableCell, type TableColumn } from '../../../core/report/tables';
import { saveFile } from '../../download';

function HeaderCell({ column }: { column: TableColumn }) {
  const note = columnNote(column);
  return (
    <th scope="col" className={column.kind === 'text' ? undefined : 'numeric'}>
      {column.label}
      {note && <span className="muted column-note">{note}</span>}
    </th>
  );
}

/** "0.35 [0.15, 0.55]" as two unbreakable parts, so a narrow table wraps between them and never inside either. */
function CellText({ text }: { text: string }) {
  const at = text.indexOf(' [');
  if (at < 0) return <>{text}</>;
  return <><span className="cell-part">{text.slice(0, at)}</span> <span className="cell-part">{text.slice(at + 1)}</span></>;
}

function BodyCell({ cell, column }: { cell: TableCell; column: TableColumn }) {
  if (cell.kind === 'text') return <td data-column={column.key}>{cell.text}</td>;
  return <td className="numeric" data-column={column.key} data-value={cell.value}><CellText text={cell.text} /></td>;
}

export function ReportTableView({ table }: { table: ReportTable }) {
  const groups = columnGroups(table.columns);
  return (
    <div className="report-table-wrap" data-testid={`report-table-${table.id}`}>
      <table className="table report-table">
        <caption>
          {table.title}{' '}
          <button
            type="button" className="button-small" data-testid={`report-table-csv-${table.id}`}
            onClick={() => saveFile(`${table.id}.csv`, tableToCsv(table), 'text/csv;charset=utf-8')}
          >
            CSV
          </button>
        </caption>
        <thead>
          {groups && (
            <tr className="column-groups">
              {groups.map((g, i) => <th key={i} colSpan={g.span} scope={g.label ? 'colgroup' : undefined}>{g.label}</th>)}
            </tr>
          )}
          <tr>{table.columns.map((c) => <HeaderCell key={c.key} column={c} />)}</tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.id} data-testid="report-table-row" data-row={row.id}>
              {row.cells.map((cell, i) => <BodyCell key={table.columns[i].key} cell={cell} column={table.columns[i]} />)}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="figure-caption" data-testid={`report-table-caption-${table.id}`}>{table.caption}</p>
    </div>
  );
}
