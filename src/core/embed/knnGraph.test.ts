import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { angularToOneMinusCosine, bruteForceCosineKnn, checkKnnGraph } from './knnGraph';

function randomVectors(count: number, dims: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * dims }, () => rng.nextNormal());
}

/** 1 − cos by the textbook formula, for comparison. */
function oneMinusCosine(v: Float32Array, dims: number, i: number, j: number): number {
  let dot = 0, a = 0, b = 0;
  for (let d = 0; d < dims; d++) {
    dot += v[i * dims + d] * v[j * dims + d];
    a += v[i * dims + d] ** 2;
    b += v[j * dims + d] ** 2;
  }
  return 1 - dot / Math.sqrt(a * b);
}

describe('bruteForceCosineKnn', () => {
  it('lists the k nearest other points by 1 − cos θ, nearest first, ties to the smaller index', () => {
    const count = 30, dims = 7, k = 5;
    const v = randomVectors(count, dims, 3);
    v.copyWithin(9 * dims, 4 * dims, 5 * dims); // point 9 duplicates point 4: a tie at distance 0
    v.copyWithin(12 * dims, 4 * dims, 5 * dims); // and so does point 12
    const graph = bruteForceCosineKnn(v, count, dims, k);
    for (let i = 0; i < count; i++) {
      const expected = Array.from({ length: count }, (_, j) => j).filter((j) => j !== i)
        .map((j) => ({ j, d: oneMinusCosine(v, dims, i, j) }))
        .sort((a, b) => a.d - b.d || a.j - b.j).slice(0, k);
      // Ties of duplicates are exact only up to rounding: compare the sets of indices when distances are ~0.
      expect(Array.from(graph.indices[i]).sort()).toEqual(expected.map((e) => e.j).sort());
      // float32 storage of float64 distances in [0, 2].
      graph.distances[i].forEach((d, n) => expect(Math.abs(d - expected[n].d)).toBeLessThan(1e-6));
    }
    expect(Array.from(graph.indices[4].subarray(0, 2))).toEqual([9, 12]);
    expect(Array.from(graph.indices[9].subarray(0, 2))).toEqual([4, 12]);
  });

  it('depends on directions only: rescaling points by positive factors keeps the graph', () => {
    const count = 20, dims = 6;
    const v = randomVectors(count, dims, 8);
    const scaled = v.map((x, i) => x * 2 ** (Math.floor(i / dims) % 5));
    expect(bruteForceCosineKnn(scaled, count, dims, 4)).toEqual(bruteForceCosineKnn(v, count, dims, 4));
  });

  it('rejects a zero point and an impossible k', () => {
    const v = randomVectors(5, 3, 1);
    expect(() => bruteForceCosineKnn(v, 5, 3, 5)).toThrow(/5 neighbours for 5 points/);
    expect(() => bruteForceCosineKnn(new Float32Array(0), 10_000, 18_432 * 8, 14)).toThrow(/too large .* distance engine/);
    v.fill(0, 3, 6);
    expect(() => bruteForceCosineKnn(v, 5, 3, 2)).toThrow(/point 1 is zero/);
  });
});

describe('angularToOneMinusCosine', () => {
  it('maps θ/π to 1 − cos θ and keeps the neighbours', () => {
    const graph = { indices: [Int32Array.of(1, 2, 3)], distances: [Float32Array.of(0, 1 / 3, 0.5)] };
    const converted = angularToOneMinusCosine(graph);
    expect(converted.indices).toBe(graph.indices);
    expect(Array.from(converted.distances[0])).toEqual([0, expect.closeTo(0.5, 6), expect.closeTo(1, 6)]);
  });
});

describe('checkKnnGraph', () => {
  const graph = { indices: [Int32Array.of(1, 2), Int32Array.of(0, 2), Int32Array.of(1, 0)], distances: Array.from({ length: 3 }, () => Float32Array.of(0.1, 0.2)) };
  it('accepts a well-formed graph and names the first defect of a bad one', () => {
    expect(() => checkKnnGraph(graph, 3, 2)).not.toThrow();
    expect(() => checkKnnGraph(graph, 4, 2)).toThrow(/expected 4 \(one per point\)/);
    expect(() => checkKnnGraph(graph, 3, 3)).toThrow(/row 0 has 2 neighbours/);
    const withSelf = { ...graph, indices: [Int32Array.of(0, 2), ...graph.indices.slice(1)] };
    expect(() => checkKnnGraph(withSelf, 3, 2)).toThrow(/row 0, neighbour 0 is 0; expected another point/);
  });
});
