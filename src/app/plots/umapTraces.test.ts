import { describe, expect, it } from 'vitest';
import { createIdentities } from '../../core/report/identity';
import type { UmapSection } from '../../core/report/types';
import { createUmapTraces, describeUmapSets } from './umapTraces';

const umap = {
  sets: [
    { origin: { kind: 'real-train' }, key: 'real-train', used: 2, total: 10 },
    { origin: { kind: 'backbone', backboneId: 'builtin:gan-generator' }, key: 'backbone:builtin:gan-generator', used: 1, total: 1 },
  ],
  points: {
    x: [0, 1, 2], y: [3, 4, 5], origin: ['real-train', 'backbone:builtin:gan-generator', 'real-train'], label: [0, 1, null],
    sampleId: ['a', 'backbone:builtin:gan-generator#3', 'c'],
  },
} as unknown as UmapSection;
const identities = createIdentities([{ id: 'builtin:unet-mlp' }, { id: 'builtin:gan-generator' }]);

describe('createUmapTraces', () => {
  it('one trace per origin, named and coloured by its identity, every point once, with its id in the hover data', () => {
    type Trace = { name: string; x: number[]; customdata: (string | number)[][]; marker: { color: string } };
    const traces = createUmapTraces(umap, { colourBy: 'origin', classNames: ['control', 'case'], identities }) as Trace[];
    expect(traces.map((t) => t.name)).toEqual(['real train', 'gan-generator']);
    expect(traces[1].marker.color).toBe(identities.get('builtin:gan-generator')!.colour);
    expect(traces[0].x).toEqual([0, 2]);
    expect(traces[0].customdata).toEqual([['a', 'real train', 'control', 0], ['c', 'real train', 'no label', 2]]);
    expect(traces[1].customdata).toEqual([['gan-generator #3', 'gan-generator', 'case', 1]]);
  });

  it('one trace per class when coloured by label', () => {
    const traces = createUmapTraces(umap, { colourBy: 'label', classNames: ['control', 'case'], identities }) as { name: string; x: number[] }[];
    expect(traces.map((t) => [t.name, t.x])).toEqual([['control', [0]], ['case', [1]], ['no label', [2]]]);
    // WebGL, which the strict bundle draws without eval (plotlyModule.ts).
    expect(traces.every((t) => (t as unknown as { type: string }).type === 'scattergl')).toBe(true);
  });

  it('one trace per kind of set, real or synthetic, with a shape per origin when asked', () => {
    type Trace = { name: string; x: number[]; marker: { symbol?: string[] } };
    const traces = createUmapTraces(umap, { colourBy: 'set', shapeByOrigin: true, classNames: ['control', 'case'], identities }) as Trace[];
    expect(traces.map((t) => [t.name, t.x])).toEqual([['real', [0, 2]], ['synthetic', [1]]]);
    expect(traces.map((t) => t.marker.symbol)).toEqual([['circle', 'circle'], ['square']]);
    const plain = createUmapTraces(umap, { colourBy: 'set', classNames: ['control', 'case'], identities }) as Trace[];
    expect(plain.every((t) => t.marker.symbol === undefined)).toBe(true);
  });

  it('says how many points of each set were used', () => {
    expect(describeUmapSets(umap, identities)).toBe('real train: 2 of 10 · gan-generator: 1 of 1');
  });
});
