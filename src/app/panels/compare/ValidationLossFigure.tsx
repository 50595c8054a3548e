// Validation loss per backbone from the report: masked ε-MSE on the real holdout at random t and
// noise, ± one standard error over the samples; the backbones side by side, each in its colour.
import { useMemo } from 'react';
import type { EvaluationReport } from '../../../core/report/types';
import type { Identities } from '../../identity';
import { gridColour } from '../../plots/axes';
import { useLegendChoices } from '../../plots/legendVisibility';
import { Plot } from '../../plots/Plot';
import { createValidationLossTraces } from '../../plots/validationLossTraces';

export function ValidationLossFigure({ report, identities }: { report: EvaluationReport; identities: Identities }) {
  const traces = useMemo(() => createValidationLossTraces(report, identities), [report, identities]);
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
  const left = report.backbones.filter((b) => !b.validationLoss).map((b) => identities.get(b.id)?.name ?? b.id);
  const caption = `Validation loss: masked ε-MSE on the real holdout (n = ${report.bundle.counts.holdout}) at a random t and noise, `
    + `${report.settings.validationLoss.drawsPerSample} draw(s) per sample, ± one standard error over the samples; seed ${report.settings.seed}.`
    + (left.length > 0 ? ` Not shown (no denoiser): ${left.join(', ')}.` : '');
  if (data.length === 0) return <p className="muted" data-testid="validation-loss-empty">No backbone has a validation loss (GAN generators have no denoiser).</p>;
  return (
    <figure className="report-figure" data-testid="validation-loss-figure" data-report-figure data-figure-title="Validation loss"
      data-figure-caption={caption}>
      <Plot filename="gdw-validation-loss" data={data} useResizeHandler style={{ width: '100%' }}
        layout={{
          autosize: true, height: 260, margin: { l: 60, r: 20, t: 10, b: 40 }, font: { family: 'system-ui, sans-serif', size: 11 },
          xaxis: { type: 'category', showgrid: false }, yaxis: { title: { text: 'masked ε-MSE' }, gridcolor: gridColour, zeroline: false },
          showlegend: true, legend: { orientation: 'h', y: -0.2 }, hovermode: 'closest', uirevision: 'validation-loss',
        }}
        onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick} />
      <figcaption className="figure-caption" data-testid="validation-loss-caption">{caption}</figcaption>
    </figure>
  );
}
