// Test fixtures and brute-force references for the metrics: double loops in float64 with
// Math.acos, written as plainly as possible so that they can be trusted over the engine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../rng';
import { readRowRange } from '../store/rowData';
import type { SampleRows } from './sampleRows';

/** A set the tests build: its rows in memory. */
export type InMemoryRows = SampleRows<Float32Array>;

export async function useCpuBackend(): Promise<void> {
  tf.env().set('IS_TEST', true); // silences the cpu backend's "install tfjs-node" banner
  await tf.setBackend('cpu');
  await tf.ready();
}

/** count × dims standard normals; slots where mask = 0 get `padValue`. */
export function randomRows(count: number, dims: number, seed: number, mask?: Uint8Array, padValue = 0): InMemoryRows {
  const rng = createRng(seed, 7);
  const data = new Float32Array(count * dims);
  for (let i = 0; i < data.length; i++) data[i] = mask && !mask[i % dims] ? padValue : rng.nextNormal();
  return { data, count, dims };
}

export function rowsFrom(values: number[][]): InMemoryRows {
  return { data: Float32Array.from(values.flat()), count: values.length, dims: values[0].length };
}

export function concatRows(...sets: InMemoryRows[]): InMemoryRows {
  const data = new Float32Array(sets.reduce((sum, set) => sum + set.data.length, 0));
  let offset = 0;
  for (const set of sets) {
    data.set(set.data, offset);
    offset += set.data.length;
  }
  return { data, count: data.length / sets[0].dims, dims: sets[0].dims };
}

/** Eq. 10 by the book: arccos of the float64 cosine over the real slots, clamped, over π. */
export function bruteDistance(a: SampleRows, i: number, b: SampleRows, j: number, mask?: Uint8Array | null): number {
  let dot = 0, na = 0, nb = 0;
  const rowA = readRowRange(a.data, a.dims, i, i + 1, new Float32Array(a.dims));
  const rowB = readRowRange(b.data, b.dims, j, j + 1, new Float32Array(b.dims));
  for (let d = 0; d < a.dims; d++) {
    if (mask && !mask[d]) continue;
    const x = rowA[d];
    const y = rowB[d];
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))) / Math.PI;
}

export interface BruteNeighbours {
  indices: number[][];
  distances: number[][];
}

/** k nearest by (distance, index); `excludeSelf` drops column i of row i. */
export function bruteNearest(
  a: SampleRows, b: SampleRows, k: number, mask?: Uint8Array | null, excludeSelf = false,
): BruteNeighbours {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < a.count; i++) {
    const all: { j: number; d: number }[] = [];
    for (let j = 0; j < b.count; j++) if (!(excludeSelf && i === j)) all.push({ j, d: bruteDistance(a, i, b, j, mask) });
    all.sort((x, y) => x.d - y.d || x.j - y.j);
    indices.push(all.slice(0, k).map((e) => e.j));
    distances.push(all.slice(0, k).map((e) => e.d));
  }
  return { indices, distances };
}

export function bruteNearestDistance(a: SampleRows, b: SampleRows, mask?: Uint8Array | null, excludeSelf = false): number[] {
  return bruteNearest(a, b, 1, mask, excludeSelf).distances.map((row) => row[0]);
}

/** Smallest |d_1(i) − d_2(i)| over points: how far the data are from a near-tie. */
export function smallestGap(first: ArrayLike<number>, second: ArrayLike<number>): number {
  let gap = Infinity;
  for (let i = 0; i < first.length; i++) gap = Math.min(gap, Math.abs(first[i] - second[i]));
  return gap;
}

/**
 * A structured "population": rank-2 signal W·z plus small isotropic noise over the real slots,
 * zero-mean like standardised gene tensors. Every call with the same `worldSeed` shares W, so
 * train, holdout and a faithful synthetic set are independent draws of one distribution.
 */
export function drawPopulation(count: number, worldSeed: number, drawSeed: number, mask?: Uint8Array): InMemoryRows {
  const dims = mask?.length ?? 12;
  const rank = 2;
  const world = createRng(worldSeed, 1);
  const loadings = Float64Array.from({ length: dims * rank }, () => world.nextNormal());
  const rng = createRng(drawSeed, 2);
  const data = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    const z = [rng.nextNormal(), rng.nextNormal()];
    for (let d = 0; d < dims; d++) {
      if (mask && !mask[d]) continue;
      data[i * dims + d] = loadings[d * rank] * z[0] + loadings[d * rank + 1] * z[1] + 0.15 * rng.nextNormal();
    }
  }
  return { data, count, dims };
}

/**
 * A distance matrix against the float64 brute force wherever sin(πd) ≥ 0.1 (float32 cosines cannot
 * resolve d near 0 or 1): the largest difference and how many entries were compared.
 */
export function compareWithBruteMatrix(
  values: ArrayLike<number>, a: SampleRows, b: SampleRows, mask: Uint8Array | null,
): { checked: number; worst: number } {
  let checked = 0;
  let worst = 0;
  for (let i = 0; i < a.count; i++) {
    for (let j = 0; j < b.count; j++) {
      const exact = bruteDistance(a, i, b, j, mask);
      if (Math.sin(Math.PI * exact) < 0.1) continue;
      worst = Math.max(worst, Math.abs(values[i * b.count + j] - exact));
      checked++;
    }
  }
  return { checked, worst };
}
