// The comparison's figures, side by side: training loss curves of the compared backbones (and
// any imported run), reconstruction error against noise, validation loss ± SE, the cosine UMAP, and the
// closest-training-sample similarity, and the genotype-space figures when the report has them. Each figure exports PNG and SVG from its modebar and is
// marked `data-report-figure` so the HTML report can take it.
import { useMemo } from 'react';
import type { EvaluationReport } from '../../../core/report/types';
import { useIdentities, type Identities } from '../../identity';
import { LossCurveControls } from '../../plots/LossCurveControls';
import { LossCurves } from '../../plots/LossCurves';
import { getShownRuns } from '../../plots/lossRuns';
import { LossRunSelector } from '../../plots/LossRunSelector';
import { useLegendChoices } from '../../plots/legendVisibility';
import { Plot } from '../../plots/Plot';
import { createSimilarityTraces, occupiedRange } from '../../plots/similarityTraces';
import { useWorkbench } from '../../store';
import { GenotypeSpaceFigures } from './GenotypeSpaceFigures';
import { ReportFigure } from './ReportFigure';
import { UmapFigure } from './UmapFigure';
import { ValidationLossFigure } from './ValidationLossFigure';

function LossFigure({ report }: { report: EvaluationReport }) {
  const curves = useWorkbench((s) => s.lossCurves);
  const view = useWorkbench((s) => s.lossCurveView);
  // At first the runs of the compared backbones (and the user's imported logs): a run is matched by
  // its backbone's id, never by family, so a backbone that was not compared does not show unless added.
  const shown = useMemo(() => {
    const ids = new Set(report.backbones.map((b) => b.id));
    return getShownRuns(curves, view.runs, (c) => ids.has(c.backboneId));
  }, [curves, report, view.runs]);
  const caption = `Masked ε-MSE per step from each run's training log, debiased EMA smoothing ${view.smoothing.toFixed(2)}, `
    + `${view.logY ? 'log' : 'linear'} y; faint lines are the raw values; a GAN's critic losses on the right-hand axes.`;
  if (curves.length === 0) return <p className="muted" data-testid="compare-loss-empty">No training log is loaded (import one in the Backbones panel).</p>;
  return (
    <figure className="report-figure" data-testid="compare-loss-figure" data-report-figure data-figure-title="Training loss curves" data-figure-caption={caption}>
      <LossCurveControls testIdPrefix="compare-loss" />
      <LossRunSelector curves={curves} shown={shown} testIdPrefix="compare-loss" />
      {shown.length === 0 ? <p className="muted" data-testid="compare-loss-none">No run is drawn: tick one above.</p>
        : <LossCurves curves={shown} view={view} testId="compare-loss-curves" />}
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}

function SimilarityFigure({ report, identities }: { report: EvaluationReport; identities: Identities }) {
  const traces = useMemo(() => createSimilarityTraces(report, identities), [report, identities]);
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
  const range = useMemo(() => occupiedRange(report), [report]);
  const caption = 'Share of samples by cosine similarity to their closest training sample; a set that copies its training data piles up at 1, '
    + 'the real holdout (dotted) is what an honest model gives.';
  return (
    <figure className="report-figure" data-testid="similarity-figure" data-report-figure data-figure-title="Closest training sample" data-figure-caption={caption}>
      <Plot filename="gdw-closest-training-similarity" data={data} useResizeHandler style={{ width: '100%' }}
        layout={{
          autosize: true, height: 320, margin: { l: 60, r: 20, t: 10, b: 45 }, font: { family: 'system-ui, sans-serif', size: 11 },
          xaxis: { title: { text: 'cosine similarity to the closest training sample' }, hoverformat: '.3f', ...(range ? { range } : {}) }, yaxis: { title: { text: 'share of samples' }, tickformat: '.0%' },
          legend: { orientation: 'h', y: -0.25 }, hovermode: 'x unified', uirevision: 'similarity',
        }} onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick} />
      <figcaption className="figure-caption">{caption}</figcaption>
    </figure>
  );
}

export function ComparisonFigures({ report }: { report: EvaluationReport }) {
  const identities = useIdentities(report);
  return (
    <div className="comparison-figures" data-testid="comparison-figures">
      <LossFigure report={report} />
      <ReportFigure report={report} />
      <ValidationLossFigure report={report} identities={identities} />
      {report.umap ? <UmapFigure umap={report.umap} classNames={report.bundle.classNames} identities={identities} />
        : <p className="muted" data-testid="umap-none">The UMAP was not computed (UMAP points = 0).</p>}
      <SimilarityFigure report={report} identities={identities} />
      {report.genotypeSpace && <GenotypeSpaceFigures space={report.genotypeSpace} identities={identities} />}
    </div>
  );
}
