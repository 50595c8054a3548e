import { describe, expect, it } from 'vitest';
import type { Data } from 'plotly.js-dist-min';
import { applyLegendChoices, getLegendKey, isolateLegendChoice, toggleLegendChoice } from './legendVisibility';

const trace = (name: string, legendgroup?: string, visible?: boolean | 'legendonly'): Partial<Data> =>
  ({ type: 'scatter', name, ...(legendgroup ? { legendgroup } : {}), ...(visible === undefined ? {} : { visible }) }) as Partial<Data>;
const visibleOf = (traces: Partial<Data>[]) => traces.map((t) => (t as { visible?: unknown }).visible);

describe('legend choices', () => {
  it('keys a trace by its legend group, else its name', () => {
    expect(getLegendKey(trace('unet-mlp (raw)', 'builtin:unet-mlp'))).toBe('builtin:unet-mlp');
    expect(getLegendKey(trace('real train'))).toBe('real train');
  });

  it('hides every trace of a toggled group, and keeps the choice for traces built anew', () => {
    const before = [trace('a', 'A', true), trace('a (raw)', 'A', true), trace('b', 'B', true)];
    const choices = toggleLegendChoice(new Map(), 'A', false);
    expect(visibleOf(applyLegendChoices(before, choices))).toEqual(['legendonly', 'legendonly', true]);
    // Smoothing off: the raw trace goes, the best-point trace comes; A stays hidden.
    const after = [trace('a', 'A', true), trace('a best', 'A', true), trace('b', 'B', true)];
    expect(visibleOf(applyLegendChoices(after, choices))).toEqual(['legendonly', 'legendonly', true]);
    // A trace that starts hidden (the catalogue's GAN) is shown once clicked.
    const gan = [trace('gan', 'G', 'legendonly')];
    expect(visibleOf(applyLegendChoices(gan, toggleLegendChoice(new Map(), 'G', true)))).toEqual([true]);
    expect(applyLegendChoices(before, new Map())).toBe(before);
  });

  it('isolates a group on double click, and shows all on the next', () => {
    const traces = [trace('a', 'A', true), trace('b', 'B', true), trace('c', 'C', true)];
    const isolated = isolateLegendChoice(traces, new Map(), 'B');
    expect(visibleOf(applyLegendChoices(traces, isolated))).toEqual(['legendonly', true, 'legendonly']);
    const all = isolateLegendChoice(traces, isolated, 'B');
    expect(visibleOf(applyLegendChoices(traces, all))).toEqual([true, true, true]);
  });
});
