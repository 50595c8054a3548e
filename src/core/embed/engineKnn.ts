// The UMAP graph from the distance engine (metrics/distance.ts): tiled float32 products (the tile
// GEMM the caller chose: ONNX Runtime in the engines, tfjs by default), each row's k nearest other
// rows (self excluded by index) re-measured in float64 as angular distances θ/π, then re-expressed
// as 1 − cos θ.

import { findNearestWithin } from '../metrics/distance';
import type { DistanceProgress, NearestSettings } from '../metrics/distance';
import { createSampleRows } from '../metrics/sampleRows';
import type { KnnGraph } from './knnGraph';
import type { PointSet } from './points';

export interface EngineKnn {
  /** Distances 1 − cos θ, nearest first. */
  graph: KnnGraph;
  settings: NearestSettings;
}

/** The k nearest other points of every point (padding already dropped by assemblePoints). */
export async function engineCosineKnn(
  points: PointSet, k: number, options: { signal?: AbortSignal; onProgress?: (p: DistanceProgress) => void } = {},
): Promise<EngineKnn> {
  const rows = createSampleRows(points.vectors, points.count, points.slots, 'the embedded points');
  const nearest = await findNearestWithin(rows, { k, signal: options.signal, onProgress: options.onProgress });
  const graph: KnnGraph = { indices: [], distances: [] };
  for (let i = 0; i < nearest.rows; i++) {
    graph.indices.push(nearest.indices.slice(i * k, (i + 1) * k));
    graph.distances.push(Float32Array.from(nearest.distances.subarray(i * k, (i + 1) * k), (d) => 1 - Math.cos(Math.PI * d)));
  }
  return { graph, settings: nearest.settings };
}
