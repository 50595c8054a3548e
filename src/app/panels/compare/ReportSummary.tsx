// What the report was computed on: the bundle (codec hash, shape), the sampler and seed, and n per set.
import type { EvaluationReport } from '../../../core/report/types';
import { formatCount } from '../../format';

function samplerText(report: EvaluationReport): string {
  const { sampler, seed } = report.settings;
  const steps = sampler.kind === 'ddim' ? `DDIM, ${sampler.steps} steps, η = ${sampler.eta}` : `${sampler.kind.toUpperCase()}, ${sampler.steps} steps`;
  return `${steps}, batch ${formatCount(sampler.batchSize)}, seed ${seed}`;
}

export function ReportSummary({ fileName, report }: { fileName: string; report: EvaluationReport }) {
  const { bundle, settings } = report;
  const [n, genes, channels] = bundle.shape;
  return (
    <dl className="report-summary" data-testid="report-summary">
      <dt>File</dt>
      <dd data-testid="report-file">{fileName} <span className="muted">({report.generator}, {report.createdAt})</span></dd>
      <dt>Bundle codec</dt>
      <dd><code className="hash" data-testid="report-codec" title={bundle.codecSha256}>{bundle.codecSha256.slice(0, 16)}…</code></dd>
      <dt>Shape</dt>
      <dd data-testid="report-shape">
        {formatCount(n)} × {formatCount(genes)} × {channels} <span className="muted">(N × G × C; {formatCount(bundle.realGenes)} real genes)</span>
      </dd>
      <dt>Sampler</dt>
      <dd data-testid="report-sampler">{samplerText(report)}</dd>
      <dt>n per set</dt>
      <dd data-testid="report-n">
        train {formatCount(bundle.counts.train)}, holdout {formatCount(bundle.counts.holdout)}, synthetic {formatCount(settings.samplesPerSet)}{' '}
        <span className="muted">({settings.samplesPerSetRule})</span>
      </dd>
    </dl>
  );
}
