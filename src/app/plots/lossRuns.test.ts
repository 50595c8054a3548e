import { describe, expect, it } from 'vitest';
import type { BackboneId, LossCurve } from '../store';
import { getShownRuns } from './lossRuns';

const curve = (id: string): LossCurve => ({ backboneId: id as BackboneId, family: id, log: { file: `${id}.csv`, series: {} } } as unknown as LossCurve);
const ids = (curves: LossCurve[]) => curves.map((c) => c.backboneId);

describe('getShownRuns', () => {
  const curves = ['builtin:unet-mlp', 'builtin:transformer', 'builtin:gan-generator', 'import:my run'].map(curve);
  const loaded = new Set(['builtin:transformer']);
  const isLoaded = (c: LossCurve) => loaded.has(c.backboneId);

  it('draws the loaded runs and the imported ones when the user chose nothing', () => {
    expect(ids(getShownRuns(curves, {}, isLoaded))).toEqual(['builtin:transformer', 'import:my run']);
  });

  it('adds and removes runs as the user chose, in the curves\' order', () => {
    const choices = { 'builtin:gan-generator': true, 'builtin:transformer': false, 'import:my run': false };
    expect(ids(getShownRuns(curves, choices, isLoaded))).toEqual(['builtin:gan-generator']);
    expect(getShownRuns(curves, { 'builtin:unet-mlp': true }, () => false).map((c) => c.backboneId)).toEqual(['builtin:unet-mlp', 'import:my run']);
  });
});
