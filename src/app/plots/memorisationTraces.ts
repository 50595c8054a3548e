// The generalisation-vs-memorisation figure (seed 003 §4.2, Kadkhodaie et al.): on the left the
// same-seed pair cosine between the two models (near 1: both learned the distribution), on the right
// each model's samples' cosine to their closest own training sample (near 1: memorised), with the
// real holdout against the same rows as the reference an honest model matches. Counts become shares
// of each set, so sets of different sizes compare; all histograms share the report's bins.
import type { Data } from 'plotly.js-dist-min';
import type { MemorisationReport } from '../../core/report/memorisationReport';

/** Two panels side by side: x for the same-seed pairs, x2 for the closest-training cosines. */
export const memorisationAxes = { sameSeed: 'x', toTrain: 'x2' } as const;

const colours = { sameSeed: '#1f77b4', a: '#d95f02', b: '#7570b3', holdout: '#7b8794' } as const;

/** Bin centres and each bin's share of `counts`' total. */
export function shareHistogram(edges: readonly number[], counts: readonly number[]): { centres: number[]; shares: number[] } {
  const total = counts.reduce((s, c) => s + c, 0);
  return {
    centres: counts.map((_, i) => (edges[i] + edges[i + 1]) / 2),
    shares: counts.map((c) => (total > 0 ? c / total : 0)),
  };
}

export function createMemorisationTraces(report: MemorisationReport): Partial<Data>[] {
  const { edges } = report.histograms;
  const [a, b] = report.backbones.map((x) => x.id);
  const width = edges[1] - edges[0];
  const line = (name: string, counts: number[], colour: string, dash: 'solid' | 'dot' | 'dash'): Partial<Data> => {
    const { centres, shares } = shareHistogram(edges, counts);
    return {
      type: 'scatter', mode: 'lines', name, x: centres, y: shares, xaxis: memorisationAxes.toTrain, yaxis: 'y2',
      line: { shape: 'hvh', dash, width: dash === 'solid' ? 1.5 : 2, color: colour }, hovertemplate: `${name}: %{y:.1%}<extra></extra>`,
    };
  };
  const same = shareHistogram(edges, report.histograms.sameSeed);
  return [
    {
      type: 'bar', name: `same-seed pairs ${a} · ${b}`, x: same.centres, y: same.shares, width, marker: { color: colours.sameSeed },
      xaxis: memorisationAxes.sameSeed, yaxis: 'y', hovertemplate: 'same-seed cosine %{x:.3f}: %{y:.1%}<extra></extra>',
    },
    line(`${a} → closest own training`, report.histograms.aToTrain, colours.a, 'solid'),
    line(`${b} → closest own training`, report.histograms.bToTrain, colours.b, 'solid'),
    line(`real holdout → ${a}'s training (reference)`, report.histograms.aHoldoutToTrain, colours.holdout, 'dot'),
    line(`real holdout → ${b}'s training (reference)`, report.histograms.bHoldoutToTrain, colours.holdout, 'dash'),
  ];
}

/** The x range of every non-empty bin of the report's histograms, a bin of margin each side; null when all are empty. */
export function memorisationRange(report: MemorisationReport): [number, number] | null {
  const { edges, ...h } = report.histograms;
  let lo = Infinity;
  let hi = -Infinity;
  for (const counts of [h.sameSeed, h.aToTrain, h.bToTrain, h.aHoldoutToTrain, h.bHoldoutToTrain]) {
    counts.forEach((n, i) => {
      if (n === 0) return;
      lo = Math.min(lo, edges[i] - (edges[i + 1] - edges[i]));
      hi = Math.max(hi, edges[i + 1] + (edges[i + 1] - edges[i]));
    });
  }
  return Number.isFinite(lo) ? [Math.max(-1, lo), Math.min(1, hi)] : null;
}
