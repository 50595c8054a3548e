// The translation's numbers in the order to read them: the reconstruction check first (and a
// warning when it is large next to the translation), then how far the translation moved the
// samples, the cycle loss, the flip rate beside the untranslated rate, and the causal-gene AUC.
// Each value carries its full-precision number in data-value for tests and screen readers' copies.
import type { ReactNode } from 'react';
import type { BootstrapInterval } from '../../../core/metrics/bootstrap';
import type { CausalAuc, ProportionInterval } from '../../../core/translate/outcome';
import type { TranslationReport } from '../../../core/translate/report';
import { formatFixed, formatPercent } from '../../format';
import { getReconstructionVerdict } from './translationVerdict';

type Interval = Pick<BootstrapInterval, 'estimate' | 'lower' | 'upper'> | Pick<ProportionInterval, 'estimate' | 'lower' | 'upper'>;

function Value({ testId, interval, percent = false, decimals = 4 }: { testId: string; interval: Interval; percent?: boolean; decimals?: number }) {
  const f = (x: number) => (percent ? formatPercent(x) : formatFixed(x, decimals));
  return (
    <span className="metric-value" data-testid={testId} data-value={interval.estimate} data-lower={interval.lower} data-upper={interval.upper}>
      <strong>{f(interval.estimate)}</strong> <span className="muted">[{f(interval.lower)}, {f(interval.upper)}]</span>
    </span>
  );
}

function Row({ label, children, note }: { label: string; children: ReactNode; note?: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
      <td className="muted">{note}</td>
    </tr>
  );
}

function AucRow({ auc, truthFile }: { auc: CausalAuc; truthFile: string | null }) {
  return (
    <Row label="Causal-gene AUC" note={`change map ranks the ${auc.causalGenes} causal genes of ${truthFile ?? 'the truth'} above ${auc.otherGenes} others (0.5: chance)`}>
      <Value testId="translate-auc" interval={{ estimate: auc.auc, lower: auc.lower, upper: auc.upper }} decimals={3} />
    </Row>
  );
}

export function TranslationNumbers({ report, truthFile }: { report: TranslationReport; truthFile: string | null }) {
  const verdict = getReconstructionVerdict(report);
  const { flipRate, cycle, data } = report;
  return (
    <div className="translation-numbers">
      {!verdict.trustworthy && (
        <p className="form-error" role="status" data-testid="translate-reconstruction-warning">
          The same-class round trip moves the samples {formatFixed(verdict.ratio, 2)}× as far as the translation: the change map and flip
          rate below mean little for this backbone at these settings (try more refinements or a smaller t*).
        </p>
      )}
      <table className="table translation-table">
        <tbody>
          <Row label="Reconstruction check" note="invert + regenerate under the source class: mean |Δ| per real slot (must be small)">
            <Value testId="translate-reconstruction" interval={report.reconstruction.meanAbs} />
          </Row>
          <Row label="Translation" note={`${data.sourceClass.name} → ${data.targetClass.name}: mean |Δ| per real slot`}>
            <Value testId="translate-distance" interval={report.translation.meanAbs} />
          </Row>
          {cycle && (
            <Row label="Cycle loss" note="to the target and back: ‖Δ‖ over real slots (seed 003)">
              <Value testId="translate-cycle-loss" interval={cycle.l2} />
            </Row>
          )}
          {flipRate && (
            <>
              <Row label={`Flip rate → ${data.targetClass.name}`} note={`translated samples an ${flipRate.classifier.kind.toUpperCase()} trained on ${flipRate.classifier.trainedOn} real samples calls ${data.targetClass.name} (Wilson 95 %)`}>
                <Value testId="translate-flip-rate" interval={flipRate.translatedAsTarget} percent />
              </Row>
              <Row label={`Untranslated as ${data.sourceClass.name}`} note={`the same classifier on the originals; holdout balanced accuracy ${formatFixed(flipRate.classifier.holdoutBalancedAccuracy ?? NaN)}`}>
                <Value testId="translate-source-rate" interval={flipRate.originalsAsSource} percent />
              </Row>
            </>
          )}
          {!flipRate && report.flipRateMissing && (
            <Row label="Flip rate" note={report.flipRateMissing}>
              <span className="muted" data-testid="translate-flip-rate-missing">not measured</span>
            </Row>
          )}
          {report.causalGenes && <AucRow auc={report.causalGenes} truthFile={truthFile} />}
        </tbody>
      </table>
    </div>
  );
}
