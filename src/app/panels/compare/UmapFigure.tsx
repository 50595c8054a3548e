// The cosine UMAP of real train, real holdout and every backbone's samples (paper Fig. 5):
// colour by origin or class, hover names the sample, the legend toggles a group, lasso or box
// selection counts the points picked per origin; the caption says how many points each set gave.
import { useMemo, useState } from 'react';
import type { Layout, PlotSelectionEvent } from 'plotly.js-dist-min';
import type { UmapSection } from '../../../core/report/types';
import type { Identities } from '../../identity';
import { useLegendChoices } from '../../plots/legendVisibility';
import { Plot } from '../../plots/Plot';
import { createUmapTraces, describeUmapSets, type UmapColouring } from '../../plots/umapTraces';

const layout: Partial<Layout> = {
  autosize: true, height: 420, margin: { l: 40, r: 10, t: 10, b: 40 }, dragmode: 'lasso', hovermode: 'closest',
  uirevision: 'umap', legend: { orientation: 'h', y: -0.12 }, font: { family: 'system-ui, sans-serif', size: 11 },
  xaxis: { title: { text: 'UMAP 1' }, zeroline: false }, yaxis: { title: { text: 'UMAP 2' }, zeroline: false },
};

function countSelected(event: Readonly<PlotSelectionEvent> | undefined): string | null {
  if (!event?.points?.length) return null;
  const byOrigin = new Map<string, number>();
  for (const point of event.points) {
    const origin = String((point.customdata as unknown as string[] | undefined)?.[1] ?? point.data.name);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + 1);
  }
  return `${event.points.length} selected: ${[...byOrigin].map(([o, n]) => `${o} ${n}`).join(', ')}`;
}

export function UmapFigure({ umap, classNames, identities }: { umap: UmapSection; classNames: string[]; identities: Identities }) {
  const [colourBy, setColourBy] = useState<UmapColouring>('origin');
  const [selection, setSelection] = useState<string | null>(null);
  const traces = useMemo(() => createUmapTraces(umap, { colourBy, classNames, identities }), [umap, colourBy, classNames, identities]);
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
  const caption = `Cosine UMAP (n_neighbors ${umap.settings.nNeighbors}, min_dist ${umap.settings.minDist}, ${umap.settings.nEpochs} epochs, seed ${umap.subsampleSeed}). Points used: ${describeUmapSets(umap, identities)}.`;
  return (
    <figure className="report-figure" data-testid="umap-figure" data-report-figure data-figure-title="Cosine UMAP"
      data-figure-caption={caption} data-point-count={umap.points.x.length}>
      <div className="figure-controls">
        <span className="field-label">Colour by</span>
        <label className="check-line">
          <input type="radio" name="umap-colour" checked={colourBy === 'origin'} onChange={() => setColourBy('origin')} data-testid="umap-colour-origin" />
          origin
        </label>
        <label className="check-line">
          <input type="radio" name="umap-colour" checked={colourBy === 'label'} onChange={() => setColourBy('label')} data-testid="umap-colour-label" />
          class label
        </label>
        <span className="muted" data-testid="umap-selection">{selection ?? 'Lasso or box-select points to count them.'}</span>
      </div>
      <Plot filename="gdw-umap" data={data} layout={layout} useResizeHandler style={{ width: '100%' }}
        onSelected={(event) => setSelection(countSelected(event))} onDeselect={() => setSelection(null)}
        onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick} />
      <figcaption className="figure-caption" data-testid="umap-caption">{caption}</figcaption>
    </figure>
  );
}
