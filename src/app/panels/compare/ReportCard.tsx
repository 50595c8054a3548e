// The comparison: evaluated here, or a `gdw evaluate --out report.json` file checked with
// readReport (a malformed file is a ParseError in the one error area, the comparison stays), or
// on first open the demo's precomputed one, labelled as such until one of the user's own replaces it. It
// shows the settings, the figures and the comparison tables (TSTR, recovery, NN test, NNAA,
// privacy), and downloads the whole of it as one self-contained HTML file or as the report JSON.
import { useRef, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { serializeError } from '../../../core/errors';
import { serializeReport } from '../../../core/report/jsonSafe';
import { readReport } from '../../../core/report/readReport';
import type { EvaluationReport } from '../../../core/report/types';
import { saveFile } from '../../download';
import { downloadHtmlReport } from '../../effects/htmlReport';
import { getShownComparison, getStaleReasons, useWorkbench, workbenchActions } from '../../store';
import { ComparisonFigures } from './ComparisonFigures';
import { PrecomputedNote } from './PrecomputedNote';
import { ReportSummary } from './ReportSummary';
import { ReportTables } from './ReportTables';

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

const reportFileName = (report: EvaluationReport): string => `gdw-report-${report.createdAt.slice(0, 19).replace(/[:T]/g, '-')}.json`;

export function ReportCard() {
  const loaded = useWorkbench(getShownComparison);
  const stale = useWorkbench(useShallow(getStaleReasons));
  const body = useRef<HTMLDivElement>(null);
  return (
    <section className="report-card" data-testid="report-card" aria-labelledby="report-card-title">
      <h3 id="report-card-title">
        Comparison <span className="muted">every backbone against the same real sets, evaluated here or by gdw evaluate</span>
      </h3>
      <div className="button-row">
        <label className="file-label">
          Load a report (gdw evaluate --out report.json){' '}
          <input type="file" accept=".json,application/json" onChange={onFileChosen} data-testid="report-input" />
        </label>
        {loaded && (
          <>
            <button type="button" className="button-primary" data-testid="report-html"
              onClick={() => { if (body.current) void downloadHtmlReport(loaded.report, body.current); }}>
              Download HTML report
            </button>
            <button type="button" data-testid="report-json"
              onClick={() => saveFile(reportFileName(loaded.report), serializeReport(loaded.report), 'application/json')}>
              Report JSON
            </button>
            <button type="button" onClick={() => workbenchActions.evaluationReportCleared()} data-testid="report-clear">Clear</button>
          </>
        )}
      </div>
      {loaded ? (
        <div className="report-body" data-testid="report-body" ref={body}>
          {'precomputed' in loaded && <PrecomputedNote report={loaded.report} />}
          {stale.length > 0 && (
            <div className="report-stale" role="status" data-testid="report-stale">
              <strong>Stale: these results no longer describe what is loaded</strong> (evaluate again to update them):
              <ul>{stale.map((reason) => <li key={reason}>{reason}</li>)}</ul>
            </div>
          )}
          <ReportSummary fileName={loaded.fileName ?? 'evaluated in this session'} report={loaded.report} />
          {loaded.report.warnings.length > 0 && (
            <ul className="report-warnings" data-testid="report-warnings">
              {loaded.report.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          )}
          <ComparisonFigures report={loaded.report} />
          <ReportTables report={loaded.report} />
        </div>
      ) : (
        <p className="muted placeholder" data-testid="report-empty">No comparison yet: evaluate the generated sets above, or load a report.</p>
      )}
    </section>
  );
}
