// The report's five comparison tables: TSTR (paper Table 1), recovery, NN test (Table 2), NNAA
// (Table 3) and privacy, built once per loaded report.
import { useMemo } from 'react';
import { allReportTables } from '../../../core/report/tables';
import type { EvaluationReport } from '../../../core/report/types';
import { ReportTableView } from './ReportTableView';

export function ReportTables({ report }: { report: EvaluationReport }) {
  const tables = useMemo(() => allReportTables(report), [report]);
  return (
    <div className="report-tables" data-testid="report-tables">
      {tables.map((table) => <ReportTableView key={table.id} table={table} />)}
    </div>
  );
}
