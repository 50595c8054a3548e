// The cosine kNN graph UMAP is fed, and a brute-force builder for small sets. The graph's
// distance is umap-learn's "cosine", 1 − cos θ; the distance engine (metrics/) reports the
// angular distance d = θ/π of the paper (eq. 10), converted with 1 − cos(π·d). Both order
// neighbours the same way; UMAP's edge weights depend on which is used, so it is recorded.

import { InvalidRequestError } from '../errors';

/**
 * Each point's nearest other points, nearest first, the point itself excluded (by index):
 * row i of `indices` and `distances` has the same length k for every i.
 */
export interface KnnGraph {
  indices: Int32Array[];
  distances: Float32Array[];
}

/** Which distance a graph holds. */
export const knnDistanceKinds = {
  /** 1 − cos θ, umap-learn's metric = 'cosine': what the embedding uses. */
  oneMinusCosine: 'one-minus-cosine',
  /** θ/π (paper eq. 10), as the distance engine reports it. */
  angular: 'angular',
} as const;
export type KnnDistanceKind = (typeof knnDistanceKinds)[keyof typeof knnDistanceKinds];

/** A graph of angular distances (θ/π) re-expressed as 1 − cos θ; neighbours keep their order. */
export function angularToOneMinusCosine(graph: KnnGraph): KnnGraph {
  return {
    indices: graph.indices,
    distances: graph.distances.map((row) => row.map((d) => 1 - Math.cos(Math.PI * d))),
  };
}

/** Throws unless the graph has `count` rows of at least `k` valid, self-free neighbours. */
export function checkKnnGraph(graph: KnnGraph, count: number, k: number): void {
  if (graph.indices.length !== count || graph.distances.length !== count) {
    throw new InvalidRequestError(
      `the kNN graph has ${graph.indices.length} index rows and ${graph.distances.length} distance rows; expected ${count} (one per point)`);
  }
  for (let i = 0; i < count; i++) {
    const row = graph.indices[i];
    if (row.length < k || graph.distances[i].length !== row.length) {
      throw new InvalidRequestError(`kNN row ${i} has ${row.length} neighbours and ${graph.distances[i].length} distances; expected at least ${k} of each`);
    }
    for (let j = 0; j < k; j++) {
      if (!(row[j] >= 0 && row[j] < count) || row[j] === i) {
        throw new InvalidRequestError(`kNN row ${i}, neighbour ${j} is ${row[j]}; expected another point's index in 0 … ${count - 1}`);
      }
    }
  }
}

/** Most multiply-adds (n²·dims) the reference takes on, a few seconds; beyond, it would stall a worker uncancellably. */
export const REFERENCE_KNN_MAX_WORK = 4e9;

/**
 * The small-set reference: exact k nearest neighbours by 1 − cos θ in float64, comparing every
 * pair (O(n²·dims)); ties go to the smaller index. For large sets use the tiled distance engine.
 * A zero row has no direction: an error, as in the distance engine.
 */
export function bruteForceCosineKnn(vectors: Float32Array, count: number, dims: number, k: number): KnnGraph {
  if (!(Number.isInteger(k) && k >= 1 && k < count)) {
    throw new InvalidRequestError(`${k} neighbours for ${count} points; expected an integer from 1 to ${count - 1}`);
  }
  if (count * count * dims > REFERENCE_KNN_MAX_WORK) {
    throw new InvalidRequestError(
      `${count} points × ${dims} slots is too large for the brute-force kNN reference; build the graph with the distance engine and pass it as a precomputed kNN`);
  }
  const unit = new Float64Array(count * dims);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let d = 0; d < dims; d++) sum += vectors[i * dims + d] ** 2;
    const norm = Math.sqrt(sum);
    if (!(norm > 0 && Number.isFinite(norm))) {
      throw new InvalidRequestError(`point ${i} is ${norm === 0 ? 'zero' : 'not finite'}; its cosine distance is undefined`);
    }
    for (let d = 0; d < dims; d++) unit[i * dims + d] = vectors[i * dims + d] / norm;
  }
  const graph: KnnGraph = { indices: [], distances: [] };
  const distance = new Float64Array(count);
  const order = Array.from({ length: count }, (_, j) => j);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += unit[i * dims + d] * unit[j * dims + d];
      distance[j] = Math.max(0, 1 - dot);
    }
    const nearest = order.filter((j) => j !== i).sort((a, b) => distance[a] - distance[b] || a - b).slice(0, k);
    graph.indices.push(Int32Array.from(nearest));
    graph.distances.push(Float32Array.from(nearest, (j) => distance[j]));
  }
  return graph;
}
