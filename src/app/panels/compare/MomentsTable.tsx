// The moment check in numbers: against the raw target and against what this sampler gives
// exactly with the optimal denoiser, with the statistical tolerances used for the verdict.
import { formatFixed } from '../../format';
import type { GenerationReport, MomentCheck } from '../../store';

interface RowProps {
  label: string;
  testId: string;
  pick: (check: MomentCheck) => number;
  tolerance: string;
  report: GenerationReport;
}

function Row({ label, testId, pick, tolerance, report }: RowProps) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td data-testid={`moment-target-${testId}`}>{formatFixed(pick(report.vsTarget))}</td>
      <td data-testid={`moment-sampler-${testId}`}>{formatFixed(pick(report.vsSampler))}</td>
      <td className="muted">{tolerance}</td>
    </tr>
  );
}

function Verdict({ check, testId, note }: { check: MomentCheck; testId: string; note?: string }) {
  return (
    <td data-testid={testId} data-consistent={check.consistent}>
      <span className={`badge ${check.consistent ? 'badge-pass' : 'badge-fail'}`}>{check.consistent ? 'consistent' : 'differs'}</span>
      {note && <div className="muted">{note}</div>}
    </td>
  );
}

/** Why the raw target may differ while the sampler's own expectation holds. */
function targetNote(report: GenerationReport): string | undefined {
  if (report.vsTarget.consistent || !report.vsSampler.consistent) return undefined;
  return report.request.sampler === 'ddim' ? 'expected for DDIM with few steps' : 'expected for this sampler';
}

export function MomentsTable({ report }: { report: GenerationReport }) {
  const tol = report.vsSampler.tolerances;
  const { n, slotCount, maxAbsPadded } = report.vsTarget.comparison.summary;
  return (
    <table className="table moments-table" data-testid="moments-table">
      <caption>
        Moment check: {n} samples, {slotCount} real slots{' '}
        <span className="muted">(tolerances: false alarm ≈ 0.1 % each)</span>
      </caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">vs target N(μ, σ²)</th>
          <th scope="col">vs exact for this sampler</th>
          <th scope="col">tolerance</th>
        </tr>
      </thead>
      <tbody>
        <Row report={report} label="max |z| of the means" testId="max-abs-z" pick={(c) => c.comparison.summary.maxAbsZ}
          tolerance={`≤ ${formatFixed(tol.maxAbsZ, 2)}`} />
        <Row report={report} label="mean variance ratio" testId="variance-ratio" pick={(c) => c.comparison.summary.meanVarianceRatio}
          tolerance={`1 ± ${formatFixed(tol.meanVarianceRatioError)}`} />
        <Row report={report} label="max |variance ratio − 1|" testId="max-ratio-error"
          pick={(c) => c.comparison.summary.maxVarianceRatioError} tolerance={`≤ ${formatFixed(tol.maxVarianceRatioError)}`} />
        <tr>
          <th scope="row">padded slots, max |x|</th>
          <td colSpan={2} data-testid="moment-padded-max-abs">{maxAbsPadded === 0 ? '0' : maxAbsPadded.toExponential(2)}</td>
          <td className="muted">= 0 exactly</td>
        </tr>
        <tr>
          <th scope="row">verdict</th>
          <Verdict check={report.vsTarget} testId="moment-target-verdict" note={targetNote(report)} />
          <Verdict check={report.vsSampler} testId="moment-sampler-verdict" />
          <td />
        </tr>
      </tbody>
    </table>
  );
}
