import { describe, expect, it } from 'vitest';
import { createChangeMapTraces } from './changeMapTraces';

const genes = [
  { gene: 0, name: 'GENE001', change: 0.02 },
  { gene: 1, name: 'GENE002', change: 0.3 },
  { gene: 3, name: 'GENE004', change: 0.05 },
];
const identity = { name: 'unet-mlp', colour: '#1f77b4' };

describe('createChangeMapTraces', () => {
  it('draws every gene once at its slot, in the identity colour', () => {
    const traces = createChangeMapTraces(genes, identity, new Set());
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({ name: 'unet-mlp', x: [0, 1, 3], y: [0.02, 0.3, 0.05], marker: { color: '#1f77b4' } });
  });

  it('puts the truth\'s causal genes in a trace of their own, still one point per gene', () => {
    const traces = createChangeMapTraces(genes, identity, new Set(['GENE002', 'NOT_ENCODED']));
    expect(traces.map((t) => (t as { x: number[] }).x)).toEqual([[0, 3], [1]]);
    expect(traces[1]).toMatchObject({ name: 'causal genes (truth)', text: ['GENE002'] });
  });
});
