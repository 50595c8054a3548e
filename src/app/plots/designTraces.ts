// The Design card's figures (seed 002's): each method's scores per iteration (the predictor it
// climbs dashed, the oracles it never saw solid: the oracle classifier's p(target) and the true
// liability on its own axis), realism against the oracle score (each method's starting samples
// open, its designs filled, joined; bootstrap intervals as error bars), and the per-gene change from
// the starting samples along the genome (truth's causal genes as diamonds).
import type { Data } from 'plotly.js-dist-min';
import type { BootstrapInterval } from '../../core/metrics/bootstrap';
import type { DesignMethod, DesignTracePoint, MethodReport } from '../../core/design/report';

export const designMethodStyle: Record<DesignMethod, { name: string; colour: string }> = {
  activation: { name: 'activation maximisation', colour: '#c2410c' },
  joint: { name: 'joint (GAN latent, ES)', colour: '#1d4ed8' },
  guidance: { name: 'classifier guidance', colour: '#047857' },
};

export interface MethodTrace {
  method: DesignMethod;
  points: readonly DesignTracePoint[];
}

/** Scores vs iteration: p(target) on the left axis (x, y), true liability on the right pane (x2, y2). */
export function createDesignScoreTraces(traces: readonly MethodTrace[]): Partial<Data>[] {
  return traces.flatMap(({ method, points }) => {
    const { name, colour } = designMethodStyle[method];
    const x = points.map((p) => p.iteration);
    const line = (y: (number | null)[], label: string, dash: 'dash' | 'solid', axes: { xaxis?: string; yaxis?: string } = {}): Partial<Data> => ({
      type: 'scatter', mode: 'lines+markers', name: `${name}: ${label}`, legendgroup: method, x, y, ...axes,
      line: { color: colour, dash, width: 2 }, marker: { color: colour, size: 4 },
      hovertemplate: `${name}<br>${label}<br>iteration %{x}: %{y:.4f}<extra></extra>`,
    });
    const out = [line(points.map((p) => p.predictor), 'predictor p(target)', 'dash')];
    if (points.some((p) => p.oracleClassifier !== null)) out.push(line(points.map((p) => p.oracleClassifier), 'oracle classifier p(target)', 'solid'));
    if (points.some((p) => p.liability !== null)) out.push(line(points.map((p) => p.liability), 'true liability', 'solid', { xaxis: 'x2', yaxis: 'y2' }));
    return out;
  });
}

/** The oracle score the realism figure plots: the true liability when the report has it, else the oracle classifier's p(target). */
export function oracleOf(m: Pick<MethodReport, 'before' | 'after'>): { label: string; before: BootstrapInterval; after: BootstrapInterval } | null {
  if (m.before.liability && m.after.liability) return { label: 'true liability (truth.json)', before: m.before.liability, after: m.after.liability };
  if (m.before.oracleClassifier && m.after.oracleClassifier) return { label: 'oracle classifier p(target)', before: m.before.oracleClassifier, after: m.after.oracleClassifier };
  return null;
}

const errorBar = (points: BootstrapInterval[]) => ({
  type: 'data' as const, symmetric: false, array: points.map((p) => p.upper - p.estimate), arrayminus: points.map((p) => p.estimate - p.lower), thickness: 1,
});

/** Realism (distance to the nearest real training sample) vs the oracle score, start → designs per method. */
export function createDesignRealismTraces(methods: readonly MethodReport[]): Partial<Data>[] {
  return methods.flatMap((m) => {
    const oracle = oracleOf(m);
    if (!oracle) return [];
    const { name, colour } = designMethodStyle[m.method];
    const xs = [m.realismBefore.nearestReal, m.realismAfter.nearestReal];
    const ys = [oracle.before, oracle.after];
    return [{
      type: 'scatter', mode: 'lines+markers', name, legendgroup: m.method,
      x: xs.map((p) => p.estimate), y: ys.map((p) => p.estimate), text: ['start', 'designs'],
      error_x: errorBar(xs), error_y: errorBar(ys),
      line: { color: colour, width: 1.5, dash: 'dot' }, marker: { color: colour, size: [9, 12], symbol: ['circle-open', 'circle'], line: { width: 2, color: colour } },
      hovertemplate: `${name}: %{text}<br>nearest real %{x:.3f}<br>${oracle.label} %{y:.4f}<extra></extra>`,
    } satisfies Partial<Data>];
  });
}

/** Per-gene change from the starting samples along the genome, one trace per method; causal genes (truth) as diamonds on top. */
export function createDesignGeneTraces(methods: readonly MethodReport[], causal: ReadonlySet<string>): Partial<Data>[] {
  const traces: Partial<Data>[] = methods.map((m) => {
    const { name, colour } = designMethodStyle[m.method];
    const genes = m.perGene.all;
    return {
      type: 'scatter', mode: 'markers', name, legendgroup: m.method, x: genes.map((g) => g.gene), y: genes.map((g) => g.change), text: genes.map((g) => g.name),
      marker: { color: colour, size: 6, opacity: 0.8 }, hovertemplate: `${name}<br>%{text} (slot %{x})<br>mean |Δ| %{y:.4f}<extra></extra>`,
    };
  });
  const hits = methods.flatMap((m) => m.perGene.all.filter((g) => causal.has(g.name)));
  if (hits.length > 0) {
    traces.push({
      type: 'scatter', mode: 'markers', name: 'causal genes (truth)', x: hits.map((g) => g.gene), y: hits.map((g) => g.change), text: hits.map((g) => g.name),
      marker: { color: '#111827', size: 11, symbol: 'diamond-open', line: { width: 2 } }, hovertemplate: '%{text} (causal, slot %{x})<br>mean |Δ| %{y:.4f}<extra></extra>',
    });
  }
  return traces;
}

/** The live trace points of a running design, grouped by method in arrival order. */
export function groupLivePoints(points: readonly { method: DesignMethod; point: DesignTracePoint }[]): MethodTrace[] {
  const byMethod = new Map<DesignMethod, DesignTracePoint[]>();
  for (const { method, point } of points) byMethod.set(method, [...(byMethod.get(method) ?? []), point]);
  return [...byMethod.entries()].map(([method, pts]) => ({ method, points: pts }));
}
