import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawRowIndices, subsampleRows } from './subsample';
import { randomRows } from './testHelpers';

describe('drawRowIndices', () => {
  it('draws n distinct rows in ascending order, the same for the same seed and stream (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(), fc.nat(), (count, nSeed, seed) => {
      const n = 1 + (nSeed % count);
      const rows = drawRowIndices(count, n, seed, 3);
      expect(rows.length).toBe(n);
      for (let i = 0; i < n; i++) {
        expect(rows[i]).toBeGreaterThanOrEqual(0);
        expect(rows[i]).toBeLessThan(count);
        if (i > 0) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
      }
      expect(drawRowIndices(count, n, seed, 3)).toEqual(rows);
    }));
  });

  it('changes with the seed and the stream', () => {
    const base = drawRowIndices(1000, 10, 1, 0);
    expect(drawRowIndices(1000, 10, 2, 0)).not.toEqual(base);
    expect(drawRowIndices(1000, 10, 1, 1)).not.toEqual(base);
  });

  it('picks every row with probability n/count (3 of 10 over 3000 seeds: 900 ± 4.4 sd ≈ ±110)', () => {
    const hits = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 3000; seed++) for (const row of drawRowIndices(10, 3, seed, 0)) hits[row]++;
    for (const count of hits) expect(Math.abs(count - 900)).toBeLessThan(110);
  });
});

describe('subsampleRows', () => {
  it('copies the drawn rows and records n of N with the seed', () => {
    const set = { ...randomRows(20, 3, 1), label: 'train' };
    const sub = subsampleRows(set, 5, 42, 7);
    expect(sub.record).toEqual({ n: 5, of: 20, method: 'seeded', seed: 42, stream: 7 });
    expect(sub.rows.label).toBe('train');
    sub.indices.forEach((row, r) => expect(sub.rows.data.subarray(r * 3, r * 3 + 3)).toEqual(set.data.subarray(row * 3, row * 3 + 3)));
  });

  it('keeps the set itself, recorded as "all", when n reaches its size', () => {
    const set = randomRows(6, 2, 1);
    const sub = subsampleRows(set, 10, 42, 7);
    expect(sub.rows).toBe(set);
    expect(sub.record).toEqual({ n: 6, of: 6, method: 'all', seed: null, stream: null });
    expect(Array.from(sub.indices)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
