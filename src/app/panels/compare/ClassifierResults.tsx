// The real row of TSTR in numbers: accuracy, balanced accuracy, AUC and F1 on the real holdout,
// each with its bootstrap interval, and n; the recorded settings follow (ClassifierSettings).
import type { Interval } from '../../../core/classify/evaluate';
import { formatCount, formatFixed } from '../../format';
import type { ClassifierReport } from '../../store';
import { ClassifierSettings } from './ClassifierSettings';

const metricRows = [
  { key: 'accuracy', label: 'accuracy' },
  { key: 'balancedAccuracy', label: 'balanced accuracy' },
  { key: 'auc', label: 'AUC' },
  { key: 'f1', label: 'F1' },
] as const;

function MetricRow({ label, testId, interval }: { label: string; testId: string; interval: Interval }) {
  return (
    <tr data-testid={`classifier-metric-${testId}`} data-estimate={interval.estimate} data-lower={interval.lower} data-upper={interval.upper}>
      <th scope="row">{label}</th>
      <td className="metric-estimate">{formatFixed(interval.estimate)}</td>
      <td>[{formatFixed(interval.lower)}, {formatFixed(interval.upper)}]</td>
    </tr>
  );
}

/** "50 control, 50 case". */
function perClassText(counts: number[], classNames: string[]): string {
  return counts.map((n, k) => `${formatCount(n)} ${classNames[k] ?? `class ${k}`}`).join(', ');
}

export function ClassifierResults({ report }: { report: ClassifierReport }) {
  const { result, classNames } = report;
  const row = result.rows[0];
  const { metrics } = row;
  const { bootstrap } = metrics;
  const level = Math.round(bootstrap.level * 100);
  const f1Of = result.settings.averaging === 'binary, positive class 1' ? `F1 (${classNames[1] ?? 'class 1'})` : 'F1 (macro)';
  return (
    <div className="classifier-results" data-testid="classifier-results">
      <table className="table classifier-table">
        <caption>
          Real train → real holdout, <span data-testid="classifier-n" data-n={metrics.n}>n = {formatCount(metrics.n)}</span>{' '}
          <span className="muted">({perClassText(result.holdout.perClass, classNames)}{result.holdout.balancing === 'subsampled' ? ', subsampled to balance' : ''})</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">on the holdout</th>
            <th scope="col">estimate</th>
            <th scope="col">{level} % interval</th>
          </tr>
        </thead>
        <tbody>
          {metricRows.map(({ key, label }) => (
            <MetricRow key={key} testId={key} label={key === 'f1' ? f1Of : label} interval={metrics[key]} />
          ))}
        </tbody>
      </table>
      <p className="figure-caption">
        Percentile bootstrap over the holdout ({formatCount(bootstrap.resamples)} resamples{bootstrap.stratified ? ', within each class' : ''},
        seed {bootstrap.seed}): test-set sampling only, not training randomness. Chance is 0.5 for balanced accuracy and AUC.
      </p>
      <ClassifierSettings report={report} />
    </div>
  );
}
