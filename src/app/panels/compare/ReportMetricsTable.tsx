// One row per backbone: validation loss, AATS vs train and vs holdout with their intervals,
// privacy loss, the NN test with its interval, DCR protection and the copy counts.
import type { BootstrapInterval } from '../../../core/metrics/bootstrap';
import type { BackboneReport, EvaluationReport } from '../../../core/report/types';
import { formatCount, formatFixed } from '../../format';

function WithInterval({ interval, testId }: { interval: BootstrapInterval; testId?: string }) {
  return (
    <td data-testid={testId} data-estimate={interval.estimate}>
      <span className="metric-estimate">{formatFixed(interval.estimate)}</span>{' '}
      <span className="muted">[{formatFixed(interval.lower)}, {formatFixed(interval.upper)}]</span>
    </td>
  );
}

function BackboneRow({ backbone }: { backbone: BackboneReport }) {
  const { metrics, validationLoss } = backbone;
  const { nnaa, nnTest, dcr } = metrics;
  return (
    <tr data-testid="report-metrics-row" data-backbone={backbone.id}>
      <th scope="row">{backbone.id} <span className="muted">{backbone.spec.family}</span></th>
      <td>
        {validationLoss ? formatFixed(validationLoss.loss) : '—'}
        {validationLoss?.stdError != null && <span className="muted"> ± {formatFixed(validationLoss.stdError)}</span>}
      </td>
      <WithInterval interval={nnaa.train.intervals.aats} testId="report-aats-train" />
      <WithInterval interval={nnaa.holdout.intervals.aats} testId="report-aats-holdout" />
      <WithInterval interval={nnaa.privacyLossInterval} />
      <WithInterval interval={nnTest.holdout.interval} />
      <WithInterval interval={dcr.protection.interval} />
      <td>{formatCount(dcr.copies.synthetic.exact)} / {formatCount(dcr.copies.synthetic.near)}</td>
    </tr>
  );
}

export function ReportMetricsTable({ report }: { report: EvaluationReport }) {
  const { metrics } = report.settings;
  const level = Math.round(metrics.bootstrap.level * 100);
  return (
    <div className="report-table-wrap">
      <table className="table report-table" data-testid="report-metrics-table">
        <caption>
          Sample-set metrics, estimate [{level} % interval, {formatCount(metrics.bootstrap.resamples)} bootstrap resamples, seed {metrics.seed}]
        </caption>
        <thead>
          <tr>
            <th scope="col">backbone</th>
            <th scope="col">validation loss</th>
            <th scope="col">AATS vs train</th>
            <th scope="col">AATS vs holdout</th>
            <th scope="col">privacy loss</th>
            <th scope="col">NN test (k = {metrics.k})</th>
            <th scope="col">DCR protection</th>
            <th scope="col">exact / near copies</th>
          </tr>
        </thead>
        <tbody>
          {report.backbones.map((backbone) => <BackboneRow key={backbone.id} backbone={backbone} />)}
        </tbody>
      </table>
      <p className="figure-caption">
        AATS: ideal 0.5 (1 = real and synthetic told apart; near 0 = synthetic copies train). Privacy loss = AATS vs holdout − AATS vs train: ideal 0. NN test against the holdout: ideal 0.5.
        DCR protection: share of synthetic samples closer to train than to holdout, ideal ≤ 0.5. Near copy: angular distance ≤ {metrics.nearCopyEpsilon}.
      </p>
    </div>
  );
}
