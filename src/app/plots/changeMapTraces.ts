// The change map along the genome (Manhattan-style): one point per real gene at its slot (the
// codec orders genes by chromosome and position), y = the mean |Δ| the translation moved it, in the
// backbone's identity colour; with a truth file, its causal genes drawn as open diamonds on top.
import type { Data } from 'plotly.js-dist-min';
import type { Identity } from '../../core/report/identity';
import type { TranslationReport } from '../../core/translate/report';

export interface ChangeMapPoint {
  gene: number;
  name: string;
  change: number;
}

/** Every gene once: the others first, then the truth's causal genes (empty set: one trace). */
export function createChangeMapTraces(genes: readonly ChangeMapPoint[], identity: Identity, causal: ReadonlySet<string>): Partial<Data>[] {
  const trace = (points: readonly ChangeMapPoint[], name: string, marker: object): Partial<Data> => ({
    type: 'scatter', mode: 'markers', name, x: points.map((g) => g.gene), y: points.map((g) => g.change), text: points.map((g) => g.name),
    marker, hovertemplate: '%{text} (slot %{x})<br>mean |Δ| %{y:.4f}<extra></extra>',
  });
  const others = genes.filter((g) => !causal.has(g.name));
  const traces = [trace(others, causal.size > 0 ? `${identity.name}: other genes` : identity.name, { color: identity.colour, size: 7, opacity: 0.85 })];
  const hits = genes.filter((g) => causal.has(g.name));
  if (hits.length > 0) {
    traces.push(trace(hits, 'causal genes (truth)', { color: '#111827', size: 11, symbol: 'diamond-open', line: { width: 2 } }));
  }
  return traces;
}

/** The report's points, for the figure and the e2e count. */
export const getChangeMapPoints = (report: TranslationReport): ChangeMapPoint[] => report.changeMap.all;
