// A lasso or box selection on the UMAP as samples: the rows of the section the selected points are
// (each point carries its row, umapTraces.ts), counted per origin, listed by id and written as CSV
// (sample id, origin, class label, the two UMAP coordinates), so a researcher can take a cluster away.
import { csvField } from '../../core/report/csv';
import { realSetIdentities, type Identity } from '../../core/report/identity';
import type { UmapSection } from '../../core/report/types';
import { labelName, originIdentity } from './umapTraces';

/** Rows of the section in a plotly selection event, ascending, each once; [] when nothing is selected. */
export function getSelectedRows(event: { points?: readonly { customdata?: unknown }[] } | undefined): number[] {
  const rows = new Set<number>();
  for (const point of event?.points ?? []) {
    const row = (point.customdata as unknown[] | undefined)?.[3];
    if (typeof row === 'number') rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

/** The selection's real samples (real-train and real-holdout points) by id, each once: what the Translate card can translate. */
export function getRealSelection(umap: UmapSection, rows: readonly number[]): { realSampleIds: string[]; points: number } {
  const ids = new Set<string>();
  for (const row of rows) if (umap.points.origin[row] in realSetIdentities) ids.add(umap.points.sampleId[row]);
  return { realSampleIds: [...ids], points: rows.length };
}

/** "12 selected: real train 5, unet-mlp 7". */
export function describeSelection(umap: UmapSection, rows: readonly number[], identities: ReadonlyMap<string, Identity>): string {
  const byOrigin = new Map<string, number>();
  for (const row of rows) {
    const name = originIdentity(umap.points.origin[row], identities).name;
    byOrigin.set(name, (byOrigin.get(name) ?? 0) + 1);
  }
  return `${rows.length.toLocaleString('en-US')} selected: ${[...byOrigin].map(([o, n]) => `${o} ${n}`).join(', ')}`;
}

/** The selected samples as RFC 4180 CSV with a header; CRLF line ends, numbers in full. */
export function selectionToCsv(umap: UmapSection, rows: readonly number[], identities: ReadonlyMap<string, Identity>, classNames: string[]): string {
  const { x, y, origin, label, sampleId } = umap.points;
  const lines = [['sample_id', 'origin', 'label', 'umap_1', 'umap_2'].join(',')];
  for (const row of rows) {
    lines.push([sampleId[row], originIdentity(origin[row], identities).name, labelName(label[row], classNames), String(x[row]), String(y[row])]
      .map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
