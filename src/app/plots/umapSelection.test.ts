import { describe, expect, it } from 'vitest';
import { createIdentities } from '../../core/report/identity';
import type { UmapSection } from '../../core/report/types';
import { describeSelection, getRealSelection, getSelectedRows, selectionToCsv } from './umapSelection';
import { createUmapTraces } from './umapTraces';

const umap = {
  sets: [
    { origin: { kind: 'real-train' }, key: 'real-train', used: 2, total: 10 },
    { origin: { kind: 'backbone', backboneId: 'builtin:unet-mlp' }, key: 'backbone:builtin:unet-mlp', used: 1, total: 1 },
  ],
  points: {
    x: [0.5, 1, 2], y: [3, 4, -5.25], origin: ['real-train', 'backbone:builtin:unet-mlp', 'real-train'], label: [0, 1, null],
    sampleId: ['a,1', 'backbone:builtin:unet-mlp#3', 'c'],
  },
} as unknown as UmapSection;
const identities = createIdentities([{ id: 'builtin:unet-mlp' }]);
const classNames = ['control', 'case'];

describe('the UMAP selection', () => {
  it('keeps the real samples\' ids for the Translate card, each once, and counts every point', () => {
    expect(getRealSelection(umap, [0, 1, 2])).toEqual({ realSampleIds: ['a,1', 'c'], points: 3 });
    expect(getRealSelection(umap, [1])).toEqual({ realSampleIds: [], points: 1 });
  });

  it('maps selected points back to the section\'s rows through their hover data', () => {
    const traces = createUmapTraces(umap, { colourBy: 'origin', classNames, identities }) as { customdata: unknown[][] }[];
    const points = [traces[0].customdata[1], traces[1].customdata[0], traces[1].customdata[0]].map((customdata) => ({ customdata }));
    expect(getSelectedRows({ points })).toEqual([1, 2]);
    expect(getSelectedRows(undefined)).toEqual([]);
    expect(describeSelection(umap, [1, 2], identities)).toBe('2 selected: unet-mlp 1, real train 1');
  });

  it('writes the selected samples as CSV: id, origin name, label, coordinates in full, fields quoted where needed', () => {
    expect(selectionToCsv(umap, [0, 2], identities, classNames)).toBe(
      'sample_id,origin,label,umap_1,umap_2\r\n"a,1",real train,control,0.5,3\r\nc,real train,no label,2,-5.25\r\n');
  });
});
