// A design run's report: how good the climbed predictor and the judging oracle are, one row per
// method (scores before → after with bootstrap intervals, realism after, whether the predictor was
// fooled), the three figures, the genes each method moved most, what the pipeline logged, and each
// method's designs as exports (the generated sets' path through the data worker's codec).
import type { BootstrapInterval } from '../../../core/metrics/bootstrap';
import type { DesignMethod, MethodReport } from '../../../core/design/report';
import type { SyntheticExportFormat } from '../../../engines/data';
import { exportDesignedSet, getHeldDesigns } from '../../effects/design';
import { saveFile } from '../../download';
import { formatFixed } from '../../format';
import { designMethodStyle } from '../../plots/designTraces';
import { useWorkbench, type DesignOutcome } from '../../store';
import { DesignGeneFigure, DesignRealismFigure, DesignScoreFigure } from './DesignFigures';

const exports: { format: SyntheticExportFormat; label: string }[] = [
  { format: 'bundle', label: 'Bundle' }, { format: 'vcf', label: 'VCF' }, { format: 'plink', label: 'PLINK' },
];

function Interval({ value, testId, decimals = 3 }: { value: BootstrapInterval | null; testId: string; decimals?: number }) {
  if (!value) return <span className="muted" data-testid={testId}>—</span>;
  return (
    <span className="metric-value" data-testid={testId} data-value={value.estimate} data-lower={value.lower} data-upper={value.upper}>
      {formatFixed(value.estimate, decimals)} <span className="muted">[{formatFixed(value.lower, decimals)}, {formatFixed(value.upper, decimals)}]</span>
    </span>
  );
}

function BeforeAfter({ before, after, testId }: { before: BootstrapInterval | null; after: BootstrapInterval | null; testId: string }) {
  return <><Interval value={before} testId={`${testId}-before`} /> → <Interval value={after} testId={`${testId}-after`} /></>;
}

function verdictOf(m: MethodReport): string {
  const { fooled } = m;
  if (fooled.fooled === null) return fooled.predictorUp ? 'predictor up; no oracle to judge' : 'predictor not up';
  if (fooled.fooled) return 'fooled: the predictor rose, the oracle did not';
  return fooled.predictorUp ? 'the oracle agrees' : 'predictor not up';
}

function MethodRow({ m }: { m: MethodReport }) {
  const id = `design-${m.method}`;
  const { after } = m;
  return (
    <tr data-testid="design-method-row" data-method={m.method} data-status={m.status} data-fooled={String(m.fooled.fooled)}>
      <th scope="row"><span className="design-swatch" style={{ background: designMethodStyle[m.method].colour }} aria-hidden="true" />{designMethodStyle[m.method].name}
        <div className="muted">{m.optimiser}; {m.iterationsDone} iterations{m.status === 'cancelled' ? ' (cancelled)' : ''}</div></th>
      <td><BeforeAfter before={m.before.predictor} after={after.predictor} testId={`${id}-predictor`} /></td>
      <td><BeforeAfter before={m.before.oracleClassifier} after={after.oracleClassifier} testId={`${id}-oracle`} /></td>
      <td><BeforeAfter before={m.before.liability} after={after.liability} testId={`${id}-liability`} /></td>
      <td><Interval value={m.realismAfter.nearestReal} testId={`${id}-nearest`} /></td>
      <td data-testid={`${id}-aats`} data-value={m.realismAfter.nnaa?.aats ?? ''}>{m.realismAfter.nnaa ? formatFixed(m.realismAfter.nnaa.aats, 3) : '—'}</td>
      <td data-testid={`${id}-af`} data-value={m.realismAfter.alleleFrequency?.rmse ?? ''}>{m.realismAfter.alleleFrequency ? formatFixed(m.realismAfter.alleleFrequency.rmse, 3) : '—'}</td>
      <td data-testid={`${id}-verdict`}>{verdictOf(m)}</td>
    </tr>
  );
}

function TopGenes({ m, causal }: { m: MethodReport; causal: Set<string> }) {
  return (
    <table className="table design-genes" data-testid="design-top-genes" data-method={m.method}>
      <caption className="figure-caption">{designMethodStyle[m.method].name}: genes moved most from the start (mean |Δ| over designs, bootstrap interval){causal.size > 0 ? '; ◆ causal' : ''}</caption>
      <thead><tr><th>rank</th><th>gene</th><th>mean |Δ|</th><th>interval</th></tr></thead>
      <tbody>
        {m.perGene.top.map((g) => (
          <tr key={g.gene}>
            <td>{g.rank}</td><td>{g.name}{causal.has(g.name) ? ' ◆' : ''}</td>
            <td className="metric-estimate" data-value={g.change}>{formatFixed(g.change, 4)}</td>
            <td className="muted">{g.interval ? `[${formatFixed(g.interval.lower, 4)}, ${formatFixed(g.interval.upper, 4)}]` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ExportButtons({ method, runId }: { method: DesignMethod; runId: number }) {
  const busy = useWorkbench((s) => s.dataJob.status === 'running');
  const held = getHeldDesigns();
  const count = held && held.runId === runId ? (held.sets.find((s) => s.method === method)?.count ?? 0) : 0;
  return (
    <span className="export-synthetic" role="group" aria-label={`Export the ${method} designs`}>
      <span className="muted">{designMethodStyle[method].name}: export {count} designs</span>
      {exports.map(({ format, label }) => (
        <button key={format} type="button" className="button-small" data-testid={`design-export-${method}-${format}`} disabled={busy} onClick={() => void exportDesignedSet(method, format)}>
          {label}
        </button>
      ))}
    </span>
  );
}

export function DesignResults({ outcome }: { outcome: DesignOutcome }) {
  const truth = useWorkbench((s) => s.designTruth);
  const { report } = outcome;
  const causal = outcome.truthFile && truth && truth.fileName === outcome.truthFile ? truth.causalGenes : [];
  const causalSet = new Set(causal);
  const acc = report.classifiers;
  return (
    <div className="design-results" data-testid="design-results" data-status={report.status} data-methods={report.methods.length}>
      <p className="muted" data-testid="design-summary">
        {report.backbone ? `${report.backbone.file}: ` : ''}{report.settings.designs} designs per method toward {report.data.targetClass.name}; predictor MLP on {report.data.predictorTrainedOn} real
        training samples (holdout balanced accuracy {formatFixed(acc.predictorHoldoutBalancedAccuracy ?? NaN, 3)}), oracle classifier on {report.data.oracleTrainedOn} others
        ({formatFixed(acc.oracleHoldoutBalancedAccuracy ?? NaN, 3)}){outcome.truthFile ? `, true liability from ${outcome.truthFile}` : ''}; seed {report.settings.seed}
        {report.status === 'cancelled' ? ' (cancelled: what finished)' : ''}.
      </p>
      <table className="table design-table" data-testid="design-table">
        <thead>
          <tr><th>method</th><th>predictor p(target)</th><th>oracle classifier p(target)</th><th>true liability</th><th>nearest real (after)</th><th>NNAA AATS (after)</th><th>AF RMSE (after)</th><th>verdict</th></tr>
        </thead>
        <tbody>{report.methods.map((m) => <MethodRow key={m.method} m={m} />)}</tbody>
      </table>
      <div className="design-figures">
        <DesignScoreFigure traces={report.methods.map((m) => ({ method: m.method, points: m.trace }))} testId="design-score-figure" filename="gdw-design-scores" />
        <DesignRealismFigure methods={report.methods} />
        <DesignGeneFigure methods={report.methods} causalGenes={causal} />
      </div>
      <div className="design-gene-tables">{report.methods.map((m) => <TopGenes key={m.method} m={m} causal={causalSet} />)}</div>
      {outcome.log.length > 0 && <ul className="translation-log muted" data-testid="design-log">{outcome.log.map((line, i) => <li key={i}>{line}</li>)}</ul>}
      <div className="design-exports">
        <span className="export-synthetic">
          <span className="muted">The report (every setting, seed, trace and score; what <code>gdw design</code> writes):</span>
          <button type="button" className="button-small" data-testid="design-export-report"
            onClick={() => saveFile(`gdw-design-report-run${outcome.runId}.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json')}>JSON</button>
        </span>
        {report.methods.map((m) => <ExportButtons key={m.method} method={m.method} runId={outcome.runId} />)}
      </div>
    </div>
  );
}
