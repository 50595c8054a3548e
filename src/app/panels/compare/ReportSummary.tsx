// What the report was computed on: the bundle (codec hash, shape), each set's generation as it
// ran (sampler, steps, η, seed, batch, EP: never the evaluation's seed), the evaluation seed and n per set.
import { getDisplayName } from '../../../core/report/identity';
import { generationText } from '../../../core/report/provenance';
import type { EvaluationReport } from '../../../core/report/types';
import { formatCount } from '../../format';

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
      <dt>Generation</dt>
      <dd data-testid="report-sampler">
        <ul className="plain-list">
          {report.backbones.map((b) => (
            <li key={b.id} data-testid="report-generation">
              {getDisplayName({ id: b.id, fileName: b.file.name })}: {generationText(b.generation, formatCount)}
            </li>
          ))}
        </ul>
      </dd>
      <dt>Evaluation seed</dt>
      <dd data-testid="report-seed">{settings.seed} <span className="muted">(metrics, curves, UMAP, TSTR)</span></dd>
      <dt>n per set</dt>
      <dd data-testid="report-n">
        train {formatCount(bundle.counts.train)}, holdout {formatCount(bundle.counts.holdout)}, synthetic {formatCount(settings.samplesPerSet)}{' '}
        <span className="muted">({settings.samplesPerSetRule})</span>
      </dd>
    </dl>
  );
}
