// The reconstruction-error figure's traces: MAE over the real slots against t, one line per
// backbone in its identity's colour, ± one standard error (`maeStdError`) as error bars.
import type { Data } from 'plotly.js-dist-min';
import { getIdentity } from '../../core/report/identity';
import type { EvaluationReport } from '../../core/report/types';
import type { Identities } from '../identity';

/** One trace per backbone with a reconstruction curve (a GAN has none). */
export function createReconstructionTraces(report: EvaluationReport, identities: Identities): Partial<Data>[] {
  return report.backbones.flatMap((backbone) => {
    const curve = backbone.reconstruction;
    if (!curve) return [];
    const { name, colour } = getIdentity(identities, backbone.id);
    const errors = curve.points.map((p) => p.realSlots.maeStdError);
    return [{
      type: 'scatter', mode: 'lines+markers', name, meta: backbone.id, showlegend: true,
      x: curve.points.map((p) => p.t), y: curve.points.map((p) => p.realSlots.mae),
      line: { color: colour, width: 2 }, marker: { color: colour, size: 6 },
      // null where a point has fewer than 2 samples: no bar rather than a zero one.
      error_y: { type: 'data', array: errors.map((e) => e ?? NaN), visible: errors.some((e) => e !== null), color: colour, thickness: 1.2, width: 4 },
      customdata: errors.map((e) => (e === null ? '—' : e.toPrecision(3))),
      hovertemplate: `${name}: MAE %{y:.4g} ± %{customdata} (SE)<extra></extra>`,
    } as Partial<Data>];
  });
}
