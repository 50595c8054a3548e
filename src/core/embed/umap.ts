// Cosine UMAP (paper Fig. 5; McInnes et al. 2018) with umap-js on a precomputed kNN graph: umap-js
// only knows Euclidean distance, which on these tensors mostly measures the norm, so the
// neighbours come from a cosine graph (the distance engine by default, engineKnn.ts) and umap-js
// only builds the fuzzy set and optimises the layout. Seeded through rng.ts, one epoch at a time
// for progress and cancel (umap-js's initialisation itself is one uninterruptible call).

import { UMAP } from 'umap-js';
import { InvalidRequestError, throwIfCancelled } from '../errors';
import { createRng } from '../rng';
import type { DistanceProgress } from '../metrics/distance';
import { engineCosineKnn } from './engineKnn';
import { angularToOneMinusCosine, bruteForceCosineKnn, checkKnnGraph } from './knnGraph';
import type { KnnDistanceKind, KnnGraph } from './knnGraph';
import type { PointOrigin, PointSet, PointSetSummary } from './points';

/** The settings a user may change; every one is recorded with the embedding. */
export interface UmapSettings {
  seed: number;
  /** Neighbours per point, the point itself included (umap-learn's convention); default 15. */
  nNeighbors?: number;
  /** Default 0.1. */
  minDist?: number;
  /** Default 1. */
  spread?: number;
  /** Default 200 (umap-learn's choice above 10,000 points; it uses 500 below). */
  nEpochs?: number;
}

export const defaultUmapSettings = { nNeighbors: 15, minDist: 0.1, spread: 1, nEpochs: 200 } as const;

/** umap-js settings held at its defaults, passed explicitly so the record states them. */
const fixedUmapSettings = {
  nComponents: 2, learningRate: 1, negativeSampleRate: 5, localConnectivity: 1, setOpMixRatio: 1, repulsionStrength: 1,
} as const;

/** Philox stream (rng.ts createRng) of umap-js's random numbers. */
export const UMAP_RANDOM_STREAM = 0x0a4a;

export interface UmapRecord extends Required<UmapSettings> {
  metric: 'cosine (precomputed kNN)';
  /** Edge lengths of the graph: 1 − cos θ (umap-learn's 'cosine'). */
  graphDistance: '1 − cos θ';
  /** Who built the kNN graph (the distance engine, or the brute-force small-set reference). */
  knnSource: string;
  nComponents: number;
  learningRate: number;
  negativeSampleRate: number;
  localConnectivity: number;
  setOpMixRatio: number;
  repulsionStrength: number;
  /** umap-js starts from uniform random positions, not a spectral layout. */
  initialization: 'uniform random in [−10, 10]²';
  randomStream: number;
  pointCount: number;
  library: 'umap-js';
}

export type UmapProgress =
  | { status: 'knn'; pointCount: number; builder: KnnBuilder }
  | { status: 'knn-progress'; detail: DistanceProgress }
  | { status: 'initialized'; epochsTotal: number }
  | { status: 'epoch'; epochsDone: number; epochsTotal: number };

/** A precomputed graph (from the distance engine): at least nNeighbors − 1 neighbours per point. */
export interface PrecomputedKnn {
  graph: KnnGraph;
  distance: KnnDistanceKind;
  /** Recorded as `knnSource`, e.g. 'distance engine (exact, webgpu)'. */
  source: string;
}

/** Who builds the graph when none is given. */
export const knnBuilders = {
  /** The tiled tfjs distance engine (metrics/distance.ts); needs a tfjs backend. The default. */
  distanceEngine: 'distance-engine',
  /** The float64 brute-force small-set reference (knnGraph.ts): no tfjs, O(n²·dims). */
  bruteForceReference: 'brute-force-reference',
} as const;
export type KnnBuilder = (typeof knnBuilders)[keyof typeof knnBuilders];

export interface UmapOptions {
  /** A graph built elsewhere; without it `knnBuilder` builds one. */
  knn?: PrecomputedKnn;
  /** Default 'distance-engine'. */
  knnBuilder?: KnnBuilder;
  signal?: AbortSignal;
  onProgress?: (event: UmapProgress) => void;
  /** Longest stretch of epochs without yielding to the event loop, so an abort can arrive; default 50. */
  yieldEveryMs?: number;
}

export interface EmbeddedPoint {
  x: number;
  y: number;
  origin: PointOrigin;
  label: number | null;
  sampleId: string;
}

export interface UmapEmbedding {
  settings: UmapRecord;
  /** One per input point, in the point set's order. */
  points: EmbeddedPoint[];
  /** The point set's "n used of total" per sample set. */
  sets: PointSetSummary[];
}

function resolveSettings(settings: UmapSettings, pointCount: number): Required<UmapSettings> {
  const full = { ...defaultUmapSettings, ...settings };
  const { seed, nNeighbors, minDist, spread, nEpochs } = full;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidRequestError(`seed = ${seed}; expected a non-negative integer`);
  if (!(Number.isInteger(nNeighbors) && nNeighbors >= 2 && nNeighbors <= pointCount - 1)) {
    throw new InvalidRequestError(`nNeighbors = ${nNeighbors} for ${pointCount} points; expected an integer from 2 to ${pointCount - 1}`);
  }
  if (!(Number.isInteger(nEpochs) && nEpochs >= 1)) throw new InvalidRequestError(`nEpochs = ${nEpochs}; expected an integer ≥ 1`);
  if (!(spread > 0)) throw new InvalidRequestError(`spread = ${spread}; expected a number > 0`);
  if (!(minDist >= 0 && minDist <= spread)) throw new InvalidRequestError(`minDist = ${minDist}; expected a number from 0 to spread (${spread})`);
  return { seed, nNeighbors, minDist, spread, nEpochs };
}

/** The graph in umap-js's precomputed format: each row starts with the point itself at distance 0. */
function toUmapJsKnn(graph: KnnGraph, nNeighbors: number): { indices: number[][]; distances: number[][] } {
  const others = nNeighbors - 1;
  return {
    indices: graph.indices.map((row, i) => [i, ...row.subarray(0, others)]),
    distances: graph.distances.map((row) => [0, ...row.subarray(0, others)]),
  };
}

async function resolveGraph(points: PointSet, nNeighbors: number, options: UmapOptions): Promise<{ graph: KnnGraph; source: string }> {
  if (!options.knn) {
    const builder = options.knnBuilder ?? knnBuilders.distanceEngine;
    options.onProgress?.({ status: 'knn', pointCount: points.count, builder });
    if (builder === knnBuilders.bruteForceReference) {
      return {
        graph: bruteForceCosineKnn(points.vectors, points.count, points.slots, nNeighbors - 1),
        source: 'brute-force exact 1 − cos θ (small-set reference, embed/knnGraph.ts)',
      };
    }
    const { graph } = await engineCosineKnn(points, nNeighbors - 1, {
      signal: options.signal, onProgress: (detail) => options.onProgress?.({ status: 'knn-progress', detail }),
    });
    return { graph, source: 'distance engine (exact angular distance, float64-refined, as 1 − cos θ)' };
  }
  const { graph, distance, source } = options.knn;
  checkKnnGraph(graph, points.count, nNeighbors - 1);
  return { graph: distance === 'angular' ? angularToOneMinusCosine(graph) : graph, source };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs the epochs one by one; rejects with CancelledError when the signal fires between two. */
async function optimize(umap: UMAP, epochsTotal: number, options: UmapOptions): Promise<void> {
  const yieldEveryMs = options.yieldEveryMs ?? 50;
  let lastYield = Date.now();
  for (let epoch = 0; epoch < epochsTotal; epoch++) {
    if (Date.now() - lastYield >= yieldEveryMs) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    throwIfCancelled(options.signal, 'UMAP');
    umap.step();
    options.onProgress?.({ status: 'epoch', epochsDone: epoch + 1, epochsTotal });
  }
}

/** Embeds `points` in 2-D by cosine UMAP; identical settings and seed give identical coordinates. */
export async function cosineUmap(points: PointSet, settings: UmapSettings, options: UmapOptions = {}): Promise<UmapEmbedding> {
  const resolved = resolveSettings(settings, points.count);
  throwIfCancelled(options.signal, 'UMAP');
  const { graph, source } = await resolveGraph(points, resolved.nNeighbors, options);
  const rng = createRng(resolved.seed, UMAP_RANDOM_STREAM);
  const umap = new UMAP({
    ...fixedUmapSettings,
    nNeighbors: resolved.nNeighbors, minDist: resolved.minDist, spread: resolved.spread, nEpochs: resolved.nEpochs,
    random: rng.nextUnit,
  });
  const knn = toUmapJsKnn(graph, resolved.nNeighbors);
  umap.setPrecomputedKNN(knn.indices, knn.distances);
  // With a precomputed graph umap-js reads only the number of rows of X, so no copy of the data.
  const epochsTotal = umap.initializeFit(Array.from({ length: points.count }, () => []));
  options.onProgress?.({ status: 'initialized', epochsTotal });
  await optimize(umap, epochsTotal, options);
  const coordinates = umap.getEmbedding();
  return {
    settings: {
      ...resolved, ...fixedUmapSettings,
      metric: 'cosine (precomputed kNN)', graphDistance: '1 − cos θ', knnSource: source,
      initialization: 'uniform random in [−10, 10]²', randomStream: UMAP_RANDOM_STREAM,
      pointCount: points.count, library: 'umap-js',
    },
    points: points.meta.map((m, i) => ({
      x: coordinates[i][0], y: coordinates[i][1], origin: m.origin, label: m.label, sampleId: m.sampleId,
    })),
    sets: points.sets,
  };
}
