// Reconstruction error vs t from the report: MAE over the real slots, one line per backbone, log y.
import type { Data } from 'plotly.js-dist-min';
import type { EvaluationReport } from '../../../core/report/types';
import { Plot } from '../../plots/Plot';

export function ReportFigure({ report }: { report: EvaluationReport }) {
  const data: Partial<Data>[] = report.backbones.flatMap((backbone) => {
    const curve = backbone.reconstruction;
    if (!curve) return [];
    return [{
      type: 'scatter', mode: 'lines+markers', name: backbone.id,
      x: curve.points.map((p) => p.t), y: curve.points.map((p) => p.realSlots.mae),
    }];
  });
  const caption = `Reconstruction error on the real holdout (n = ${report.bundle.counts.holdout}): noise x₀ to t, denoise in one step, `
    + `MAE over real slots; ${report.settings.reconstruction.levels} noise levels, seed ${report.settings.seed}.`;
  if (data.length === 0) {
    return <p className="muted" data-testid="report-figure-empty">No backbone has a reconstruction curve (GAN generators have no denoiser).</p>;
  }
  return (
    <figure className="report-figure" data-testid="report-figure" data-report-figure data-figure-title="Reconstruction error against noise"
      data-figure-caption={caption}>
      <Plot
        filename="gdw-reconstruction"
        data={data}
        layout={{
          autosize: true, height: 320, margin: { l: 60, r: 20, t: 20, b: 45 },
          xaxis: { title: { text: 'timestep t' } }, yaxis: { title: { text: 'MAE over real slots' }, type: 'log' },
          legend: { orientation: 'h', y: -0.25 },
        }}
        useResizeHandler
        style={{ width: '100%' }}
      />
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}
