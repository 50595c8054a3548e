// The cosine UMAP's points as plotly traces: one trace per origin (real train, real holdout, each
// backbone) or per class label, so the legend toggles a group; hover names the sample and its
// origin. SVG scatter, not scattergl: plotly's WebGL layer (regl) compiles code with `new Function`,
// which the workbench's CSP forbids (no 'unsafe-eval', scripts/securityHeaders.ts), and then draws
// nothing; the UMAP shows a few hundred points per set, which SVG draws well.
// Origins are named and coloured by the workbench's identities, as in every other figure.
import type { Data } from 'plotly.js-dist-min';
import { getIdentity, type Identity } from '../../core/report/identity';
import type { UmapSection } from '../../core/report/types';

export type UmapColouring = 'origin' | 'label';

export interface UmapTraceOptions {
  colourBy: UmapColouring;
  classNames: string[];
  identities: ReadonlyMap<string, Identity>;
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

export function createUmapTraces(umap: UmapSection, options: UmapTraceOptions): Partial<Data>[] {
  const { x, y, origin, label, sampleId } = umap.points;
  const originOf = (i: number) => originIdentity(origin[i], options.identities);
  const byOrigin = options.colourBy === 'origin';
  const groups = groupRows(x.length, byOrigin ? (i) => origin[i] : (i) => labelName(label[i], options.classNames));
  return [...groups.entries()].map(([key, rows]) => {
    const identity = byOrigin ? originOf(rows[0]) : null;
    return {
      type: 'scatter',
      mode: 'markers',
      name: identity ? identity.name : key,
      // The set's id, unseen (kept in _fullData), so tests match figures by backbone.
      meta: byOrigin ? key.replace(/^backbone:/, '') : undefined,
      x: rows.map((i) => x[i]),
      y: rows.map((i) => y[i]),
      customdata: rows.map((i) => {
        const { name } = originOf(i);
        return [sampleLabel(sampleId[i], origin[i], name), name, labelName(label[i], options.classNames)];
      }),
      hovertemplate: '%{customdata[0]}<br>origin: %{customdata[1]}<br>label: %{customdata[2]}<extra></extra>',
      marker: identity ? { size: 5, opacity: 0.75, color: identity.colour } : { size: 5, opacity: 0.75 },
    } as Partial<Data>;
  });
}

/** "n used of total" per set, for the caption. */
export function describeUmapSets(umap: UmapSection, identities: ReadonlyMap<string, Identity>): string {
  return umap.sets.map((s) => `${originIdentity(s.key, identities).name}: ${s.used.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')}`).join(' · ');
}
