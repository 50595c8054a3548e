import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCandidateLists, mergeTileTop, offerCandidate } from './candidates';

describe('candidate lists', () => {
  it('keep the best `capacity` offers of a row, largest cosine first, ties by smaller column (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: 0, max: 50 })), { maxLength: 40 }),
      fc.integer({ min: 1, max: 6 }),
      (offers, capacity) => {
        const unique = [...new Map(offers.map(([c, i]) => [i, c / 4] as const)).entries()];
        const lists = createCandidateLists(1, capacity);
        for (const [index, cosine] of unique) offerCandidate(lists, 0, cosine, index);
        const expected = unique.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, capacity);
        expect(lists.size[0]).toBe(expected.length);
        expect(Array.from(lists.index.subarray(0, expected.length))).toEqual(expected.map(([i]) => i));
      }));
  });

  it('merge a tile with local indices shifted to the tile, dropping the row\'s own column', () => {
    const lists = createCandidateLists(2, 2);
    // Tile of rows 0–1 × columns 10–12: per row its top 3 (cosine, local index).
    mergeTileTop(lists, 0, 2, 3, Float32Array.from([0.9, 0.5, 0.1, 0.8, 0.7, 0.2]), Int32Array.from([1, 0, 2, 2, 1, 0]), 10, false);
    expect(Array.from(lists.index)).toEqual([11, 10, 12, 11]);
    const self = createCandidateLists(2, 1);
    mergeTileTop(self, 0, 2, 2, Float32Array.from([1, 0.3, 1, 0.6]), Int32Array.from([0, 1, 1, 0]), 0, true);
    expect(Array.from(self.index)).toEqual([1, 0]);
  });
});
