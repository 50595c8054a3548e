// Closest-training-sample cosine similarity (memorisation check, seed 003): one histogram line per
// backbone's synthetic set and per imported one (dashed), and the real holdout's as the reference a model that does not copy
// should match. Counts become shares so sets of different sizes compare.
// Names and colours come from the workbench's identities, the holdout's from the real sets'.
import type { Data } from 'plotly.js-dist-min';
import { getIdentity, realSetIdentities, type Identity } from '../../core/report/identity';
import type { EvaluationReport, HistogramSection } from '../../core/report/types';

/** Bin centres and the share of the set in each bin (values outside the edges are left out of both). */
export function histogramShares(histogram: HistogramSection): { centres: number[]; shares: number[] } {
  const total = histogram.counts.reduce((a, b) => a + b, 0) + histogram.outside;
  const centres = histogram.counts.map((_, i) => (histogram.edges[i] + histogram.edges[i + 1]) / 2);
  return { centres, shares: histogram.counts.map((n) => (total > 0 ? n / total : 0)) };
}

export function createSimilarityTraces(report: EvaluationReport, identities: ReadonlyMap<string, Identity>): Partial<Data>[] {
  const line = (id: string, { name, colour }: Identity, histogram: HistogramSection, dash: 'solid' | 'dot' | 'dash'): Partial<Data> => {
    const { centres, shares } = histogramShares(histogram);
    return {
      type: 'scatter', mode: 'lines', name, meta: id, x: centres, y: shares,
      line: { shape: 'hvh', dash, width: dash === 'dot' ? 2 : 1.5, color: colour },
      hovertemplate: `${name}: %{y:.1%}<extra></extra>`,
    };
  };
  const first = report.backbones[0];
  const holdoutIdentity = { ...realSetIdentities['real-holdout'], name: `${realSetIdentities['real-holdout'].name} (reference)` };
  const holdout = first ? [line('real-holdout', holdoutIdentity, first.metrics.memorisation.holdout.histogram, 'dot')] : [];
  return [
    ...holdout, ...report.backbones.map((b) => line(b.id, getIdentity(identities, b.id), b.metrics.memorisation.synthetic.histogram, 'solid')),
    ...(report.imported ?? []).map((s) => line(s.id, getIdentity(identities, s.id), s.metrics.memorisation.synthetic.histogram, 'dash')),
  ];
}

/** The x range holding every non-empty bin of the drawn histograms, one bin of margin each side; null when all are empty. */
export function occupiedRange(report: EvaluationReport): [number, number] | null {
  const first = report.backbones[0];
  const histograms = [
    ...(first ? [first.metrics.memorisation.holdout.histogram] : []),
    ...report.backbones.map((b) => b.metrics.memorisation.synthetic.histogram),
    ...(report.imported ?? []).map((s) => s.metrics.memorisation.synthetic.histogram),
  ];
  let lo = Infinity;
  let hi = -Infinity;
  for (const { edges, counts } of histograms) {
    counts.forEach((n, i) => {
      if (n === 0) return;
      const width = edges[i + 1] - edges[i];
      lo = Math.min(lo, edges[i] - width);
      hi = Math.max(hi, edges[i + 1] + width);
    });
  }
  return Number.isFinite(lo) ? [lo, hi] : null;
}
