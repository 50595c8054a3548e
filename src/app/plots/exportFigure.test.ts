import { describe, expect, it } from 'vitest';
import type { Data, Layout } from 'plotly.js-dist-min';
import { getExportedFigure } from './exportFigure';

const figure = {
  data: [
    { type: 'scattergl', name: 'real train', x: [0, 1], y: [0, 1], selectedpoints: [1] },
    { type: 'scattergl', name: 'unet-mlp', x: [2], y: [2], visible: 'legendonly' },
  ] as Partial<Data>[],
  layout: { dragmode: 'lasso', selections: [{ type: 'path', path: 'M0,0L1,1Z' }] } as unknown as Partial<Layout>,
};

describe('getExportedFigure', () => {
  it('drops the lasso selection from the layout and every trace, and leaves the figure as it was', () => {
    const exported = getExportedFigure(figure, { showHidden: false });
    expect(exported.layout).toEqual({ dragmode: 'lasso', selections: [] });
    expect(exported.data.map((t) => 'selectedpoints' in t)).toEqual([false, false]);
    expect(exported.data.map((t) => (t as { visible?: unknown }).visible)).toEqual([undefined, 'legendonly']);
    expect((figure.data[0] as { selectedpoints?: number[] }).selectedpoints).toEqual([1]);
  });

  it('shows the traces hidden through the legend when asked (the HTML report)', () => {
    const exported = getExportedFigure(figure, { showHidden: true });
    expect(exported.data.map((t) => (t as { visible?: unknown }).visible)).toEqual([undefined, true]);
  });
});
