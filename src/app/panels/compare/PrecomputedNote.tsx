// The label of the demo's precomputed comparison: that it was computed when the app was built
// (by `gdw evaluate`, the pipeline Evaluate runs), on what exactly (the codec and each backbone
// file's SHA-256) and with which settings, and how to run it again here.
import { getIdentity } from '../../../core/report/identity';
import type { EvaluationReport } from '../../../core/report/types';
import { formatCount } from '../../format';
import { useIdentities } from '../../identity';

/** Every setting that changes a number, in one line. */
export function getSettingsText(report: EvaluationReport): string {
  const { settings, tstr } = report;
  const { sampler, metrics, umap } = settings;
  const steps = sampler.kind === 'ddim' ? `DDIM, ${sampler.steps} steps, η = ${sampler.eta}` : `${sampler.kind.toUpperCase()}, ${sampler.steps} steps`;
  const tstrText = tstr.status === 'done'
    ? `TSTR ${tstr.runs.map((r) => `${r.classifier} (≤ ${r.report.settings.train.epochs} epochs)`).join(', ')} on ${tstr.synthetic.trainingSet ?? 'matched'} sets`
    : 'no TSTR';
  return [
    `seed ${settings.seed}`, steps, `n = ${formatCount(settings.samplesPerSet)} per set`, `${settings.reconstruction.levels} noise levels`,
    `k = ${metrics.k}`, `${formatCount(metrics.bootstrap.resamples)} bootstrap resamples`,
    umap ? `UMAP ≤ ${formatCount(umap.maxPerSet)} points per set` : 'no UMAP', tstrText,
  ].join(' · ');
}

export function PrecomputedNote({ report }: { report: EvaluationReport }) {
  const identities = useIdentities(report);
  return (
    <div className="precomputed-note" data-testid="report-precomputed">
      <p className="note">
        <span className="chip chip-warn" data-testid="report-precomputed-label">precomputed — run again</span>{' '}
        Computed by <code>{report.generator}</code>, the pipeline <a href="#evaluate-title">Evaluate</a> runs, from the shipped demo
        cohort and built-in backbones ({report.createdAt.slice(0, 10)}). To run it again here, load the backbones in{' '}
        <a href="#panel-backbones-title">Backbones</a>, generate from them in <a href="#panel-generate-title">Generate</a> and
        press Evaluate: your result replaces this one.
      </p>
      <dl className="report-summary">
        <dt>Codec SHA-256</dt>
        <dd><code className="hash" data-testid="precomputed-codec">{report.bundle.codecSha256}</code></dd>
        <dt>Backbone files</dt>
        <dd>
          {report.backbones.map((b) => (
            <div key={b.id} data-testid="precomputed-backbone" data-backbone-id={b.id}>
              {getIdentity(identities, b.id).name} <span className="muted">{b.file.name}</span>{' '}
              <code className="hash" data-testid="precomputed-backbone-sha">{b.file.sha256}</code>
            </div>
          ))}
        </dd>
        <dt>Settings</dt>
        <dd data-testid="precomputed-settings">{getSettingsText(report)}</dd>
      </dl>
    </div>
  );
}
