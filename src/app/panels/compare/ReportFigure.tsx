// Reconstruction error vs t from the report: MAE over the real slots, one line per backbone in
// its identity's colour, ± one standard error (`maeStdError`, over the holdout samples) as error
// bars, log y, a legend that names each backbone.
import { useMemo } from 'react';
import type { EvaluationReport } from '../../../core/report/types';
import { useIdentities } from '../../identity';
import { Plot } from '../../plots/Plot';
import { createReconstructionTraces } from '../../plots/reconstructionTraces';

export function ReportFigure({ report }: { report: EvaluationReport }) {
  const identities = useIdentities(report);
  const data = useMemo(() => createReconstructionTraces(report, identities), [report, identities]);
  const caption = `Reconstruction error on the real holdout (n = ${report.bundle.counts.holdout}): noise x₀ to t, denoise in one step, `
    + `MAE over real slots ± one standard error over the samples; ${report.settings.reconstruction.levels} noise levels, seed ${report.settings.seed}.`;
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
          autosize: true, height: 320, margin: { l: 60, r: 20, t: 20, b: 45 }, font: { family: 'system-ui, sans-serif', size: 11 },
          xaxis: { title: { text: 'timestep t' } }, yaxis: { title: { text: 'MAE over real slots' }, type: 'log' },
          // A legend even for one line: the figure names what it draws.
          showlegend: true, legend: { orientation: 'h', y: -0.25 }, hovermode: 'closest',
        }}
        useResizeHandler
        style={{ width: '100%' }}
      />
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}
