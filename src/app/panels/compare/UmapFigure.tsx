// The cosine UMAP of real train, real holdout and every backbone's samples (paper Fig. 5), in WebGL
// (tens of thousands of points stay interactive): colour by origin, class or real/synthetic, a shape
// per origin, hover names the sample, the legend toggles a group (kept across colourings); a lasso or
// box selection is counted per origin, listed by sample id and downloadable as CSV. The selection is
// the page's alone: no export draws it (plots/exportFigure.ts).
import { useEffect, useMemo, useState } from 'react';
import type { Layout, PlotSelectionEvent } from 'plotly.js-dist-min';
import type { UmapSection } from '../../../core/report/types';
import { saveFile } from '../../download';
import type { Identities } from '../../identity';
import { useLegendChoices } from '../../plots/legendVisibility';
import { Plot } from '../../plots/Plot';
import { describeSelection, getRealSelection, getSelectedRows, selectionToCsv } from '../../plots/umapSelection';
import { workbenchActions } from '../../store';
import { createUmapTraces, describeUmapSets, getOriginSymbols, originIdentity, umapColourings, type UmapColouring } from '../../plots/umapTraces';

const layout: Partial<Layout> = {
  autosize: true, height: 420, margin: { l: 40, r: 10, t: 10, b: 40 }, dragmode: 'lasso', hovermode: 'closest',
  uirevision: 'umap', legend: { orientation: 'h', y: -0.18 }, font: { family: 'system-ui, sans-serif', size: 11 },
  xaxis: { title: { text: 'UMAP 1' }, zeroline: false }, yaxis: { title: { text: 'UMAP 2' }, zeroline: false },
};

/** Ids shown in the list at most; the CSV has them all. */
const LISTED_IDS = 200;

interface UmapFigureProps {
  umap: UmapSection;
  classNames: string[];
  identities: Identities;
}

function SelectionList({ umap, rows, classNames, identities }: UmapFigureProps & { rows: number[] }) {
  const download = () => saveFile('gdw-umap-selection.csv', selectionToCsv(umap, rows, identities, classNames), 'text/csv;charset=utf-8');
  return (
    <div className="umap-selection" data-testid="umap-selection-list" data-rows={rows.length}>
      <button type="button" onClick={download} data-testid="umap-selection-csv">Download selection (CSV)</button>
      <details>
        <summary>Selected sample ids{rows.length > LISTED_IDS ? ` (first ${LISTED_IDS} of ${rows.length.toLocaleString('en-US')})` : ''}</summary>
        <ul className="umap-selection-ids">
          {rows.slice(0, LISTED_IDS).map((row) => (
            <li key={row}>{umap.points.sampleId[row]} <span className="muted">{originIdentity(umap.points.origin[row], identities).name}</span></li>
          ))}
        </ul>
      </details>
    </div>
  );
}

export function UmapFigure({ umap, classNames, identities }: UmapFigureProps) {
  const [colourBy, setColourBy] = useState<UmapColouring>('origin');
  const [shapeByOrigin, setShapeByOrigin] = useState(false);
  const [rows, setRows] = useState<number[]>([]);
  // The Translate card can take the selection's real samples; a figure gone (or another UMAP) takes its selection with it.
  const select = (selected: number[]) => {
    setRows(selected);
    workbenchActions.umapSelectionChanged(selected.length > 0 ? getRealSelection(umap, selected) : null);
  };
  useEffect(() => () => workbenchActions.umapSelectionChanged(null), [umap]);
  const traces = useMemo(() => createUmapTraces(umap, { colourBy, shapeByOrigin, classNames, identities }),
    [umap, colourBy, shapeByOrigin, classNames, identities]);
  const { data, onLegendClick, onLegendDoubleClick } = useLegendChoices(traces);
  const shapes = useMemo(() => [...getOriginSymbols(umap)].map(([key, symbol]) => `${originIdentity(key, identities).name} ${symbol}`).join(', '),
    [umap, identities]);
  const caption = `Cosine UMAP (n_neighbors ${umap.settings.nNeighbors}, min_dist ${umap.settings.minDist}, ${umap.settings.nEpochs} epochs, seed ${umap.subsampleSeed}). Points used: ${describeUmapSets(umap, identities)}.`;
  return (
    <figure className="report-figure" data-testid="umap-figure" data-report-figure data-figure-title="Cosine UMAP"
      data-figure-caption={caption} data-point-count={umap.points.x.length}>
      <div className="figure-controls">
        <span className="field-label">Colour by</span>
        {(Object.keys(umapColourings) as UmapColouring[]).map((key) => (
          <label key={key} className="check-line">
            <input type="radio" name="umap-colour" checked={colourBy === key} onChange={() => setColourBy(key)} data-testid={`umap-colour-${key}`} />
            {umapColourings[key]}
          </label>
        ))}
        <label className="check-line" title={shapes}>
          <input type="checkbox" checked={shapeByOrigin} onChange={(e) => setShapeByOrigin(e.target.checked)} data-testid="umap-shape-origin" />
          shape by origin
        </label>
      </div>
      <p className="muted umap-selection-count" data-testid="umap-selection">
        {rows.length > 0 ? describeSelection(umap, rows, identities) : 'Lasso or box-select points to list and export them.'}
      </p>
      {shapeByOrigin && <p className="muted" data-testid="umap-shapes">Shapes: {shapes}.</p>}
      <Plot filename="gdw-umap" data={data} layout={layout} useResizeHandler style={{ width: '100%' }}
        onSelected={(event: Readonly<PlotSelectionEvent> | undefined) => select(getSelectedRows(event))} onDeselect={() => select([])}
        onLegendClick={onLegendClick} onLegendDoubleClick={onLegendDoubleClick} />
      {rows.length > 0 && <SelectionList umap={umap} rows={rows} classNames={classNames} identities={identities} />}
      <figcaption className="figure-caption" data-testid="umap-caption">{caption}</figcaption>
    </figure>
  );
}
