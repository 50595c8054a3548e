import { describe, expect, it } from 'vitest';
import type { UmapSection } from '../../core/report/types';
import { createUmapTraces, describeUmapSets } from './umapTraces';

const umap = {
  sets: [
    { origin: { kind: 'real-train' }, key: 'real-train', used: 2, total: 10 },
    { origin: { kind: 'backbone', backboneId: 'gan' }, key: 'backbone:gan', used: 1, total: 1 },
  ],
  points: { x: [0, 1, 2], y: [3, 4, 5], origin: ['real-train', 'backbone:gan', 'real-train'], label: [0, 1, null], sampleId: ['a', 'b', 'c'] },
} as unknown as UmapSection;

describe('createUmapTraces', () => {
  it('one trace per origin, every point once, with its id in the hover data', () => {
    const traces = createUmapTraces(umap, { colourBy: 'origin', classNames: ['control', 'case'] }) as { name: string; x: number[]; customdata: string[][] }[];
    expect(traces.map((t) => t.name)).toEqual(['real train', 'gan']);
    expect(traces[0].x).toEqual([0, 2]);
    expect(traces[0].customdata).toEqual([['a', 'real train', 'control'], ['c', 'real train', 'no label']]);
  });

  it('one trace per class when coloured by label', () => {
    const traces = createUmapTraces(umap, { colourBy: 'label', classNames: ['control', 'case'] }) as { name: string; x: number[] }[];
    expect(traces.map((t) => [t.name, t.x])).toEqual([['control', [0]], ['case', [1]], ['no label', [2]]]);
    expect(traces.every((t) => (t as unknown as { type: string }).type === 'scatter')).toBe(true);
  });

  it('says how many points of each set were used', () => {
    expect(describeUmapSets(umap)).toBe('real train: 2 of 10 · gan: 1 of 1');
  });
});
