// Reconstruction error vs t from the report: MAE over the real slots, one line per backbone in
// its identity's colour, ± one standard error (`maeStdError`, over the holdout samples) as error
// bars, log y with full tick labels, a legend that names each backbone (its toggles kept), hover
// across every backbone at a t.
import { useMemo } from 'react';
import type { EvaluationReport } from '../../../core/report/types';
import { useIdentities } from '../../identity';
import { valueAxis } from '../../plots/axes';
import { useLegendChoices } from '../../plots/legendVisibility';
import { Plot } from '../../plots/Plot';
import { createReconstructionTraces } from '../../plots/reconstructionTraces';

export function ReportFigure({ report }: { report: EvaluationReport }) {
  const identities = useIdentities(report);
  const traces = useMemo(() => createReconstructionTraces(report, identities), [report, identities]);
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
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
          xaxis: { title: { text: 'timestep t' } }, yaxis: { ...valueAxis(true), title: { text: 'MAE over real slots' } },
          // A legend even for one line: the figure names what it draws.
          showlegend: true, legend: { orientation: 'h', y: -0.25 }, hovermode: 'x unified', uirevision: 'reconstruction',
        }}
        onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick}
        useResizeHandler
        style={{ width: '100%' }}
      />
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}
