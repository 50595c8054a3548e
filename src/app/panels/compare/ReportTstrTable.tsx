// TSTR (paper Table 1) from the report: classifier × training set, accuracy on the real holdout
// with its interval, and recovery = acc_source / acc_real.
import type { TstrSection } from '../../../core/report/types';
import { formatCount, formatFixed } from '../../format';

export function ReportTstrTable({ tstr }: { tstr: TstrSection }) {
  if (tstr.status !== 'done') {
    return <p className="muted" data-testid="report-tstr-absent">TSTR not run: {tstr.reason}</p>;
  }
  return (
    <div className="report-table-wrap">
      <table className="table report-table" data-testid="report-tstr-table">
        <caption>TSTR: train on each set, test on the real holdout (accuracy [interval]; recovery = acc / acc real)</caption>
        <thead>
          <tr>
            <th scope="col">classifier</th>
            <th scope="col">training set</th>
            <th scope="col">accuracy</th>
            <th scope="col">recovery</th>
            <th scope="col">n test</th>
          </tr>
        </thead>
        <tbody>
          {tstr.runs.flatMap((run) => run.report.rows.map((row) => (
            <tr key={`${run.classifier}/${row.source}`} data-testid="report-tstr-row" data-classifier={run.classifier} data-source={row.source}>
              <th scope="row">{run.classifier}</th>
              <td>{row.source}</td>
              <td>
                <span className="metric-estimate">{formatFixed(row.metrics.accuracy.estimate)}</span>{' '}
                <span className="muted">[{formatFixed(row.metrics.accuracy.lower)}, {formatFixed(row.metrics.accuracy.upper)}]</span>
              </td>
              <td>
                {formatFixed(row.recovery.estimate)}{' '}
                <span className="muted">[{formatFixed(row.recovery.lower)}, {formatFixed(row.recovery.upper)}]</span>
              </td>
              <td>{formatCount(row.metrics.n)}</td>
            </tr>
          )))}
        </tbody>
      </table>
      {tstr.skipped.length > 0 && (
        <p className="note">Skipped: {tstr.skipped.map((s) => `${s.backboneId} (${s.reason})`).join('; ')}</p>
      )}
    </div>
  );
}
