// The cosine UMAP's points as plotly traces: one trace per origin (real train, real holdout, each
// backbone), per class label or per kind of set (real, synthetic), so the legend toggles a group;
// a shape per origin when asked; hover names the sample and its origin. WebGL (scattergl, from
// plotly's strict bundle, which needs no eval: plotlyModule.ts): measured in headless Chromium
// under the page's CSP, 10,000 points draw in ~2.4 s and pan in ~50 ms a step, 30,000 in ~4.3 s
// and ~20 ms, where SVG took ~1 s and ~2.3 s a pan step. Each point carries its row in the section
// so a selection maps back to samples (umapSelection.ts).
// Origins are named and coloured by the workbench's identities, as in every other figure.
import type { Data } from 'plotly.js-dist-min';
import { getIdentity, type Identity } from '../../core/report/identity';
import type { UmapSection } from '../../core/report/types';

/** What the points are coloured (and grouped in the legend) by. */
export const umapColourings = {
  /** Real train, real holdout, each backbone's set. */
  origin: 'origin',
  /** The sample's class label. */
  label: 'class label',
  /** Real or synthetic. */
  set: 'real or synthetic',
} as const;
export type UmapColouring = keyof typeof umapColourings;

export interface UmapTraceOptions {
  colourBy: UmapColouring;
  /** A marker shape per origin (what colour by class or set cannot tell apart). */
  shapeByOrigin?: boolean;
  classNames: string[];
  identities: ReadonlyMap<string, Identity>;
}

/** Marker shapes scattergl draws, one per origin in the order of the section's sets. */
const SYMBOLS = ['circle', 'square', 'diamond', 'cross', 'x', 'triangle-up', 'triangle-down', 'star', 'hexagon', 'pentagon'] as const;

/** Each origin's marker shape, in the order of the section's sets (cycling past ten origins). */
export function getOriginSymbols(umap: UmapSection): Map<string, string> {
  return new Map(umap.sets.map((set, i) => [set.key, SYMBOLS[i % SYMBOLS.length]]));
}

/** Real sets keep their grey; synthetic ones share the first palette colour. */
const setKinds = { real: { name: 'real', colour: '#6b6b6b' }, synthetic: { name: 'synthetic', colour: '#cc6677' } } as const;
const setKindOf = (origin: string) => (origin.startsWith('backbone:') ? setKinds.synthetic : setKinds.real);

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

/** A set's identity: 'real-train' and 'real-holdout' as themselves, 'backbone:<id>' as the backbone's. */
export function originIdentity(key: string, identities: ReadonlyMap<string, Identity>): Identity {
  return getIdentity(identities, key.startsWith('backbone:') ? key.slice('backbone:'.length) : key);
}

/** A generated sample's id reads '<set name> #<row>' rather than its internal '<set key>#<row>'. */
function sampleLabel(sampleId: string, key: string, name: string): string {
  return sampleId.startsWith(`${key}#`) ? `${name} #${sampleId.slice(key.length + 1)}` : sampleId;
}

export function labelName(label: number | null, classNames: string[]): string {
  if (label === null || label < 0) return 'no label';
  return classNames[label] ?? `class ${label}`;
}

/** The legend group of point `i` and, where the group has one, its colour. */
function groupOf(umap: UmapSection, options: UmapTraceOptions): (i: number) => { key: string; name: string; colour?: string } {
  const { origin, label } = umap.points;
  if (options.colourBy === 'origin') return (i) => ({ key: origin[i], ...originIdentity(origin[i], options.identities) });
  if (options.colourBy === 'set') return (i) => ({ key: setKindOf(origin[i]).name, ...setKindOf(origin[i]) });
  return (i) => ({ key: labelName(label[i], options.classNames), name: labelName(label[i], options.classNames) });
}

export function createUmapTraces(umap: UmapSection, options: UmapTraceOptions): Partial<Data>[] {
  const { x, y, origin, label, sampleId } = umap.points;
  const group = groupOf(umap, options);
  const symbols = options.shapeByOrigin ? getOriginSymbols(umap) : null;
  const groups = groupRows(x.length, (i) => group(i).key);
  return [...groups.entries()].map(([key, rows]) => {
    const { name, colour } = group(rows[0]);
    return {
      type: 'scattergl',
      mode: 'markers',
      name,
      // The set's id, unseen (kept in _fullData), so tests match figures by backbone.
      meta: options.colourBy === 'origin' ? key.replace(/^backbone:/, '') : undefined,
      x: rows.map((i) => x[i]),
      y: rows.map((i) => y[i]),
      customdata: rows.map((i) => {
        const originName = originIdentity(origin[i], options.identities).name;
        return [sampleLabel(sampleId[i], origin[i], originName), originName, labelName(label[i], options.classNames), i];
      }),
      hovertemplate: '%{customdata[0]}<br>origin: %{customdata[1]}<br>label: %{customdata[2]}<extra></extra>',
      marker: {
        size: 5, opacity: 0.75, ...(colour ? { color: colour } : {}),
        ...(symbols ? { symbol: rows.map((i) => symbols.get(origin[i]) ?? 'circle') } : {}),
      },
    } as Partial<Data>;
  });
}

/** "n used of total" per set, for the caption. */
export function describeUmapSets(umap: UmapSection, identities: ReadonlyMap<string, Identity>): string {
  return umap.sets.map((s) => `${originIdentity(s.key, identities).name}: ${s.used.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')}`).join(' · ');
}
