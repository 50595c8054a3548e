// The validation-loss figure's traces: each backbone's masked ε-MSE on the real holdout (random t
// and noise per draw, the report's `validationLoss`) as a point ± one standard error over the
// samples, one trace per backbone in its identity's colour so the legend names it. A GAN generator
// has no denoiser and so no validation loss: it is left out.
import type { Data } from 'plotly.js-dist-min';
import { getIdentity, type Identity } from '../../core/report/identity';
import type { EvaluationReport } from '../../core/report/types';

export function createValidationLossTraces(report: EvaluationReport, identities: ReadonlyMap<string, Identity>): Partial<Data>[] {
  return report.backbones.flatMap((backbone) => {
    const loss = backbone.validationLoss;
    if (!loss) return [];
    const { name, colour } = getIdentity(identities, backbone.id);
    const error = loss.stdError;
    return [{
      type: 'scatter', mode: 'markers', name, meta: backbone.id, showlegend: true,
      x: [name], y: [loss.loss],
      marker: { color: colour, size: 10, symbol: 'diamond' },
      // No bar when the SE is unknown (fewer than two samples) rather than a zero one.
      error_y: { type: 'data', array: [error ?? NaN], visible: error !== null, color: colour, thickness: 1.5, width: 8 },
      customdata: [error === null ? '—' : error.toPrecision(3)],
      hovertemplate: `${name}: validation loss %{y:.4g} ± %{customdata} (SE)<extra></extra>`,
    } as Partial<Data>];
  });
}
