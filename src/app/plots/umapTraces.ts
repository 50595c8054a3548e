// The cosine UMAP's points as plotly traces: one trace per origin (real train, real holdout, each
// backbone) or per class label, so the legend toggles a group; hover names the sample and its
// origin. SVG scatter, not scattergl: plotly's WebGL layer (regl) compiles code with `new Function`,
// which the workbench's CSP forbids (no 'unsafe-eval', scripts/securityHeaders.ts), and then draws
// nothing; the UMAP shows a few hundred points per set, which SVG draws well.
import type { Data } from 'plotly.js-dist-min';
import type { UmapSection } from '../../core/report/types';

export type UmapColouring = 'origin' | 'label';

export interface UmapTraceOptions {
  colourBy: UmapColouring;
  classNames: string[];
}

/** Row indices of the points, grouped by the key `of` gives, in the order keys first appear. */
function groupRows(count: number, of: (i: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const key = of(i);
    const rows = groups.get(key);
    if (rows) rows.push(i);
    else groups.set(key, [i]);
  }
  return groups;
}

/** How a set's key reads: 'real-train' → 'real train', 'backbone:<id>' → '<id>'. */
export function originLabel(key: string): string {
  if (key.startsWith('backbone:')) return key.slice('backbone:'.length);
  return key.replace(/^real-/, 'real ');
}

export function labelName(label: number | null, classNames: string[]): string {
  if (label === null || label < 0) return 'no label';
  return classNames[label] ?? `class ${label}`;
}

export function createUmapTraces(umap: UmapSection, options: UmapTraceOptions): Partial<Data>[] {
  const { x, y, origin, label, sampleId } = umap.points;
  const groupOf = options.colourBy === 'origin'
    ? (i: number) => originLabel(origin[i])
    : (i: number) => labelName(label[i], options.classNames);
  const groups = groupRows(x.length, groupOf);
  return [...groups.entries()].map(([name, rows]) => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: rows.map((i) => x[i]),
    y: rows.map((i) => y[i]),
    customdata: rows.map((i) => [sampleId[i], originLabel(origin[i]), labelName(label[i], options.classNames)]),
    hovertemplate: '%{customdata[0]}<br>origin: %{customdata[1]}<br>label: %{customdata[2]}<extra></extra>',
    marker: { size: 5, opacity: 0.75 },
  }) as Partial<Data>);
}

/** "n used of total" per set, for the caption. */
export function describeUmapSets(umap: UmapSection): string {
  return umap.sets.map((s) => `${originLabel(s.key)}: ${s.used.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')}`).join(' · ');
}
