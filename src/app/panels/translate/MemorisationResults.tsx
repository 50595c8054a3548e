// The memorisation test's report as the seed reads it: the summary (mean, median, share at or above
// the threshold of each distribution), the share of pairs closer to each other than to their training
// data, the two histograms as one figure (exported from its toolbar), and the report as
// `gdw memorisation --out` writes it (JSON, and the histograms' CSV).
import { useMemo } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import type { SimilaritySummary } from '../../../core/metrics/generalisation';
import { memorisationHistogramCsv, type MemorisationReport } from '../../../core/report/memorisationReport';
import { saveFile } from '../../download';
import { formatFixed } from '../../format';
import { createMemorisationTraces, memorisationRange } from '../../plots/memorisationTraces';
import { Plot } from '../../plots/Plot';

function SummaryRow({ label, summary, testId, note }: { label: string; summary: SimilaritySummary; testId: string; note: string }) {
  return (
    <tr data-testid={testId} data-mean={summary.mean} data-median={summary.median} data-share={summary.shareAtLeastThreshold}>
      <th scope="row">{label}</th>
      <td className="metric-estimate">{formatFixed(summary.mean)}</td>
      <td>{formatFixed(summary.median)}</td>
      <td>{formatFixed(summary.shareAtLeastThreshold, 2)}</td>
      <td>{formatFixed(summary.max)}</td>
      <td className="muted">{note}</td>
    </tr>
  );
}

function MemorisationFigure({ report }: { report: MemorisationReport }) {
  const data = useMemo(() => createMemorisationTraces(report), [report]);
  const range = useMemo(() => memorisationRange(report), [report]);
  const [a, b] = report.backbones.map((x) => x.id);
  const layout = useMemo((): Partial<Layout> => ({
    autosize: true, height: 340, margin: { l: 60, r: 20, t: 30, b: 45 }, font: { family: 'system-ui, sans-serif', size: 11 },
    xaxis: { domain: [0, 0.46], title: { text: `same-seed cosine, ${a} vs ${b}` }, ...(range ? { range } : {}) },
    xaxis2: { domain: [0.54, 1], title: { text: 'cosine to the closest own training sample' }, ...(range ? { range } : {}) },
    yaxis: { title: { text: 'share of pairs' }, tickformat: '.0%', rangemode: 'tozero' },
    yaxis2: { anchor: 'x2', tickformat: '.0%', rangemode: 'tozero' },
    annotations: [
      { text: 'generalisation: near 1', xref: 'paper', yref: 'paper', x: 0.23, y: 1.08, showarrow: false, xanchor: 'center' },
      { text: 'memorisation: near 1', xref: 'paper', yref: 'paper', x: 0.77, y: 1.08, showarrow: false, xanchor: 'center' },
    ],
    legend: { orientation: 'h', y: -0.22 }, barmode: 'overlay', paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: '#ffffff',
  }), [a, b, range]);
  const caption = `Left: cosine of sample i of ${a} with sample i of ${b} (same noise, same class). Right: each sample's cosine to its closest sample of `
    + 'its own model\'s training rows; dotted and dashed, the real holdout against the rows of A and of B (what unseen data scores). Cosines over the real slots.';
  return (
    <figure className="report-figure" data-testid="memorisation-figure" data-report-figure data-figure-title="Generalisation vs memorisation" data-figure-caption={caption}>
      <Plot filename={`gdw-memorisation-${a}-${b}`} data={data} layout={layout} useResizeHandler style={{ width: '100%' }} config={{ responsive: true }} />
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}

export function MemorisationResults({ report }: { report: MemorisationReport }) {
  const [a, b] = report.backbones;
  const { summary: s, settings, generation: g } = report;
  const base = `gdw-memorisation-${a.id}-${b.id}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return (
    <div className="memorisation-results" data-testid="memorisation-results" data-share-generalising={s.shareGeneralising}>
      <p className="muted" data-testid="memorisation-summary-line">
        {a.id} ({a.training.count} training rows) vs {b.id} ({b.training.count}), overlap {report.trainingOverlap} rows; {settings.pairs} same-seed pairs,
        {' '}{g.sampler.toUpperCase()}{g.steps !== null ? `-${g.steps}` : ''} η = {g.eta ?? '—'}, seed {g.seed}, {g.labels}; holdout {settings.holdout} samples.
      </p>
      <table className="table memorisation-table" data-testid="memorisation-summary">
        <thead><tr><th /><th>mean</th><th>median</th><th>share ≥ {settings.threshold}</th><th>max</th><th /></tr></thead>
        <tbody>
          <SummaryRow label="Same-seed pair cosine" summary={s.sameSeed} testId="memorisation-same-seed" note="near 1: both learned the distribution" />
          <SummaryRow label={`${a.id} → closest own training`} summary={s.a.toTrain} testId="memorisation-a-train" note="near 1: memorised" />
          <SummaryRow label={`${b.id} → closest own training`} summary={s.b.toTrain} testId="memorisation-b-train" note="near 1: memorised" />
          <SummaryRow label={`real holdout → ${a.id}'s training`} summary={s.a.holdoutToTrain} testId="memorisation-a-holdout" note="reference: unseen real data" />
          <SummaryRow label={`real holdout → ${b.id}'s training`} summary={s.b.holdoutToTrain} testId="memorisation-b-holdout" note="reference: unseen real data" />
        </tbody>
      </table>
      <p data-testid="memorisation-generalising" data-value={s.shareGeneralising}>
        Pairs closer to each other than either sample is to its own training data: <strong>{formatFixed(s.shareGeneralising)}</strong>
      </p>
      {report.notes.length > 0 && <ul className="muted" data-testid="memorisation-notes">{report.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      <MemorisationFigure report={report} />
      <div className="button-row">
        <button type="button" className="button-small" data-testid="memorisation-download-json"
          onClick={() => saveFile(`${base}.json`, `${JSON.stringify(report, null, 1)}\n`, 'application/json')}>Report (JSON)</button>
        <button type="button" className="button-small" data-testid="memorisation-download-csv"
          onClick={() => saveFile(`${base}.csv`, memorisationHistogramCsv(report), 'text/csv')}>Histograms (CSV)</button>
      </div>
    </div>
  );
}
