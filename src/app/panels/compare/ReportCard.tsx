// The evaluation report card: loads a `gdw evaluate --out report.json` file, checks it with
// readReport (a malformed file is a ParseError in the one error area, the previous report stays),
// and shows its settings, the per-backbone metrics, the TSTR table and the reconstruction figure.
import type { ChangeEvent } from 'react';
import { serializeError } from '../../../core/errors';
import { readReport } from '../../../core/report/readReport';
import { useWorkbench, workbenchActions } from '../../store';
import { ReportFigure } from './ReportFigure';
import { ReportMetricsTable } from './ReportMetricsTable';
import { ReportSummary } from './ReportSummary';
import { ReportTstrTable } from './ReportTstrTable';

async function loadReportFile(file: File): Promise<void> {
  try {
    const report = readReport(await file.text(), file.name);
    workbenchActions.evaluationReportLoaded({ fileName: file.name, report });
  } catch (err) {
    workbenchActions.evaluationReportFailed(serializeError(err));
  }
}

function onFileChosen(event: ChangeEvent<HTMLInputElement>): void {
  const input = event.currentTarget;
  const file = input.files?.[0];
  input.value = '';
  if (file) void loadReportFile(file);
}

export function ReportCard() {
  const loaded = useWorkbench((s) => s.evaluationReport);
  return (
    <section className="report-card" data-testid="report-card" aria-labelledby="report-card-title">
      <h3 id="report-card-title">
        Evaluation report <span className="muted">every backbone against the same real sets, from the command line</span>
      </h3>
      <div className="button-row">
        <label className="file-label">
          Load evaluation report (gdw evaluate --out report.json){' '}
          <input type="file" accept=".json,application/json" onChange={onFileChosen} data-testid="report-input" />
        </label>
        {loaded && (
          <button type="button" onClick={() => workbenchActions.evaluationReportCleared()} data-testid="report-clear">Clear</button>
        )}
      </div>
      {loaded ? (
        <div className="report-body" data-testid="report-body">
          <ReportSummary fileName={loaded.fileName} report={loaded.report} />
          <ReportMetricsTable report={loaded.report} />
          <ReportTstrTable tstr={loaded.report.tstr} />
          <ReportFigure report={loaded.report} />
        </div>
      ) : (
        <p className="muted placeholder" data-testid="report-empty">No report loaded.</p>
      )}
    </section>
  );
}
