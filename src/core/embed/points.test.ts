import { describe, expect, it } from 'vitest';
import { assemblePoints, originKey, seededSubsample } from './points';
import type { SampleSetInput } from './points';

const dims = 6;
/** Sample i of a set holds base + i·10 + d in slot d, so every value says where it came from. */
function makeSet(origin: SampleSetInput['origin'], count: number, base: number, labels?: number[]): SampleSetInput {
  return {
    origin,
    count,
    vectors: Float32Array.from({ length: count * dims }, (_, k) => base + Math.floor(k / dims) * 10 + (k % dims)),
    labels: labels ? Int32Array.from(labels) : null,
  };
}
const train = makeSet({ kind: 'real-train' }, 5, 0, [0, 1, -1, 1, 0]);
const holdout = makeSet({ kind: 'real-holdout' }, 3, 1000);
const synthetic = makeSet({ kind: 'backbone', backboneId: 'unet-mlp' }, 40, 5000);

describe('assemblePoints', () => {
  it('stacks every set in order with origin, label (negative = none) and sample id', () => {
    const points = assemblePoints([train, { ...holdout, sampleIds: ['h0', 'h1', 'h2'] }], { seed: 1 });
    expect(points.count).toBe(8);
    expect(points.slots).toBe(dims);
    expect(points.meta[2]).toEqual({ origin: { kind: 'real-train' }, label: null, sampleId: 'real-train#2', sourceIndex: 2 });
    expect(points.meta[6]).toEqual({ origin: { kind: 'real-holdout' }, label: null, sampleId: 'h1', sourceIndex: 1 });
    expect(points.meta.slice(0, 5).map((m) => m.label)).toEqual([0, 1, null, 1, 0]);
    expect(Array.from(points.vectors.subarray(6 * dims, 7 * dims))).toEqual([1010, 1011, 1012, 1013, 1014, 1015]);
    expect(points.sets.map((s) => [s.key, s.used, s.total])).toEqual([['real-train', 5, 5], ['real-holdout', 3, 3]]);
  });

  it('drops padded slots', () => {
    const mask = Uint8Array.of(1, 1, 0, 1, 0, 0);
    const points = assemblePoints([holdout], { seed: 1, mask });
    expect(points.slots).toBe(3);
    expect(Array.from(points.vectors.subarray(3, 6))).toEqual([1010, 1011, 1013]);
  });

  it('subsamples large sets with a seed, records n used of total, and keeps each set\'s draw whatever the others', () => {
    const a = assemblePoints([train, synthetic], { seed: 7, maxPerSet: 10 });
    expect(a.sets.map((s) => `${s.key}: ${s.used} of ${s.total}`)).toEqual(['real-train: 5 of 5', 'backbone:unet-mlp: 10 of 40']);
    const rows = a.meta.filter((m) => m.origin.kind === 'backbone').map((m) => m.sourceIndex);
    expect(new Set(rows).size).toBe(10);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    expect(Array.from(a.vectors.subarray(5 * dims, 5 * dims + 1))).toEqual([5000 + rows[0] * 10]);
    const reordered = assemblePoints([holdout, synthetic, train], { seed: 7, maxPerSet: 10 });
    expect(reordered.meta.filter((m) => m.origin.kind === 'backbone').map((m) => m.sourceIndex)).toEqual(rows);
    const otherSeed = assemblePoints([train, synthetic], { seed: 8, maxPerSet: 10 });
    expect(otherSeed.meta.filter((m) => m.origin.kind === 'backbone').map((m) => m.sourceIndex)).not.toEqual(rows);
  });

  it('rejects duplicate origins and inconsistent sets', () => {
    expect(() => assemblePoints([train, train], { seed: 1 })).toThrow(/both 'real-train'/);
    expect(() => assemblePoints([train, { ...holdout, count: 4 }], { seed: 1 })).toThrow(/real-holdout holds 18 values for 4 samples/);
    expect(() => assemblePoints([{ ...train, sampleIds: ['a'] }], { seed: 1 })).toThrow(/1 sample ids for 5 samples/);
    expect(() => assemblePoints([train], { seed: 1, mask: new Uint8Array(dims) })).toThrow(/no slot as real/);
    expect(() => assemblePoints([train], { seed: 1, maxPerSet: 0 })).toThrow(/expected an integer ≥ 1/);
    expect(() => assemblePoints([], { seed: 1 })).toThrow(/no sample sets/);
  });
});

describe('seededSubsample', () => {
  it('picks every index equally often over seeds (within 5 standard errors)', () => {
    const total = 10, used = 3, seeds = 2000;
    const hits = new Array<number>(total).fill(0);
    for (let seed = 0; seed < seeds; seed++) for (const i of seededSubsample(total, used, seed, 1)) hits[i]++;
    const p = used / total;
    for (const h of hits) expect(Math.abs(h / seeds - p) / Math.sqrt((p * (1 - p)) / seeds)).toBeLessThan(5);
  });

  it('returns everything in order when the cap is not below the total', () => {
    expect(Array.from(seededSubsample(4, 9, 1, 1))).toEqual([0, 1, 2, 3]);
    expect(originKey({ kind: 'backbone', backboneId: 'x' })).toBe('backbone:x');
  });
});
