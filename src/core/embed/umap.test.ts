// Cosine UMAP on small fixtures with known structure: two clusters of different directions, each
// half at norm 1 and half at norm 8 (a power of two, so scaling is exact in float32). A cosine
// embedding must separate the directions and ignore the norms; a Euclidean graph would split by norm.

import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { isCancelled } from '../errors';
import { createRng } from '../rng';
import { bruteForceCosineKnn } from './knnGraph';
import type { KnnGraph } from './knnGraph';
import { assemblePoints } from './points';
import type { PointSet } from './points';
import { cosineUmap } from './umap';
import type { EmbeddedPoint, UmapProgress } from './umap';

const dims = 32;
const perCluster = 100;
const settings = { seed: 11, nNeighbors: 15, nEpochs: 150 };

/** Two clusters around random unit directions (noise sd 0.1 per slot); row i: cluster ⌊i/100⌋, norm group i mod 2. */
function clusterVectors(bigNorm: number): Float32Array {
  const rng = createRng(42);
  const directions = [0, 1].map(() => Array.from({ length: dims }, () => rng.nextNormal() / Math.sqrt(dims)));
  const out = new Float32Array(2 * perCluster * dims);
  for (let i = 0; i < 2 * perCluster; i++) {
    const u = directions[Math.floor(i / perCluster)];
    const row = u.map((x) => x + 0.1 * rng.nextNormal());
    const norm = Math.hypot(...row);
    const scale = i % 2 === 1 ? bigNorm : 1;
    row.forEach((x, d) => { out[i * dims + d] = Math.fround(x / norm) * scale; });
  }
  return out;
}
const cluster = (i: number) => Math.floor(i / perCluster);
const normGroup = (i: number) => i % 2;

function pointSet(vectors: Float32Array): PointSet {
  const labels = Int32Array.from({ length: 2 * perCluster }, (_, i) => cluster(i));
  return assemblePoints([{ origin: { kind: 'backbone', backboneId: 'toy' }, vectors, count: 2 * perCluster, labels }], { seed: 1 });
}

/** Leave-one-out 5-NN majority vote on the 2-D coordinates: the share of points whose class it recovers. */
function knnAccuracy(points: EmbeddedPoint[], classOf: (i: number) => number, indices: number[]): number {
  let correct = 0;
  for (const i of indices) {
    const nearest = indices.filter((j) => j !== i)
      .map((j) => ({ j, d: (points[i].x - points[j].x) ** 2 + (points[i].y - points[j].y) ** 2 }))
      .sort((a, b) => a.d - b.d).slice(0, 5);
    const votes = nearest.filter((n) => classOf(n.j) === classOf(i)).length;
    if (votes >= 3) correct++;
  }
  return correct / indices.length;
}

/** Share of graph neighbours in the same norm group as the point. */
function sameNormShare(graph: KnnGraph): number {
  let same = 0, total = 0;
  graph.indices.forEach((row, i) => row.forEach((j) => { same += normGroup(j) === normGroup(i) ? 1 : 0; total++; }));
  return same / total;
}

/** Exact Euclidean kNN (the metric umap-js would use by default), for contrast. */
function euclideanKnn(v: Float32Array, count: number, k: number): KnnGraph {
  const graph: KnnGraph = { indices: [], distances: [] };
  for (let i = 0; i < count; i++) {
    const d = Array.from({ length: count }, (_, j) => {
      let s = 0;
      for (let c = 0; c < dims; c++) s += (v[i * dims + c] - v[j * dims + c]) ** 2;
      return { j, d: Math.sqrt(s) };
    }).filter((e) => e.j !== i).sort((a, b) => a.d - b.d).slice(0, k);
    graph.indices.push(Int32Array.from(d, (e) => e.j));
    graph.distances.push(Float32Array.from(d, (e) => e.d));
  }
  return graph;
}

const all = Array.from({ length: 2 * perCluster }, (_, i) => i);
const mixed = pointSet(clusterVectors(8));

describe('cosineUmap', () => {
  it('is deterministic for a seed, different for another, and records its settings', async () => {
    const [a, b, c] = await Promise.all([11, 11, 12].map((seed) => cosineUmap(mixed, { ...settings, seed })));
    expect(b.points).toEqual(a.points);
    expect(c.points).not.toEqual(a.points);
    expect(a.settings).toMatchObject({
      seed: 11, nNeighbors: 15, minDist: 0.1, spread: 1, nEpochs: 150, metric: 'cosine (precomputed kNN)',
      graphDistance: '1 − cos θ', pointCount: 200, knnSource: expect.stringMatching(/^distance engine/),
    });
    expect(a.sets).toEqual([expect.objectContaining({ key: 'backbone:toy', used: 200, total: 200 })]);
    expect(a.points[150]).toMatchObject({ origin: { kind: 'backbone', backboneId: 'toy' }, label: 1, sampleId: 'backbone:toy#150' });
  });

  it('keeps clusters of different directions apart: a 5-NN vote on the 2-D coordinates recovers them (> 95 %)', async () => {
    const embedding = await cosineUmap(mixed, settings);
    expect(knnAccuracy(embedding.points, cluster, all)).toBeGreaterThan(0.95);
  });

  it('embeds same-direction points together whatever their norm, where a Euclidean graph splits them by norm', async () => {
    // Norms 1 and 8 give the very same cosine graph and so the very same embedding as norms all 1.
    const unitNorm = pointSet(clusterVectors(1));
    const [cosMixed, cosUnit] = await Promise.all([cosineUmap(mixed, settings), cosineUmap(unitNorm, settings)]);
    expect(cosMixed.points.map((p) => [p.x, p.y])).toEqual(cosUnit.points.map((p) => [p.x, p.y]));
    // Within a cluster, the norm group is invisible to a 5-NN vote (chance is 0.5).
    const firstCluster = all.filter((i) => cluster(i) === 0);
    expect(knnAccuracy(cosMixed.points, normGroup, firstCluster)).toBeLessThan(0.75);
    // The graphs: cosine neighbours ignore the norm (≈ half share it), Euclidean ones share it.
    expect(sameNormShare(bruteForceCosineKnn(mixed.vectors, 200, dims, 14))).toBeLessThan(0.65);
    const euclidean = euclideanKnn(mixed.vectors, 200, 14);
    expect(sameNormShare(euclidean)).toBeGreaterThan(0.95);
    // Fed the Euclidean graph instead, the same UMAP separates the norms.
    const euclideanEmbedding = await cosineUmap(mixed, settings, {
      knn: { graph: euclidean, distance: 'one-minus-cosine', source: 'test: Euclidean graph, for contrast' },
    });
    expect(knnAccuracy(euclideanEmbedding.points, normGroup, firstCluster)).toBeGreaterThan(0.95);
  });

  it('reports progress per epoch, monotone, ending at nEpochs', async () => {
    const events: UmapProgress[] = [];
    await cosineUmap(mixed, { ...settings, nEpochs: 40 }, { onProgress: (e) => events.push(e) });
    expect(events[0]).toEqual({ status: 'knn', pointCount: 200, builder: 'distance-engine' });
    const initialized = events.findIndex((e) => e.status === 'initialized');
    expect(events.slice(1, initialized).every((e) => e.status === 'knn-progress')).toBe(true);
    expect(events[initialized]).toEqual({ status: 'initialized', epochsTotal: 40 });
    const epochs = events.slice(initialized + 1).map((e) => (e.status === 'epoch' ? e.epochsDone : NaN));
    expect(epochs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(events.at(-1)).toEqual({ status: 'epoch', epochsDone: 40, epochsTotal: 40 });
  });

  it('stops between epochs when cancelled, from a callback or from a timer', async () => {
    const controller = new AbortController();
    let last = 0;
    const run = cosineUmap(mixed, settings, {
      signal: controller.signal,
      onProgress: (e) => { if (e.status === 'epoch') { last = e.epochsDone; if (e.epochsDone === 10) controller.abort(); } },
    });
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(last).toBe(10);

    const timed = new AbortController();
    let epochs = 0;
    setTimeout(() => timed.abort(), 0);
    await expect(cosineUmap(mixed, settings, { signal: timed.signal, yieldEveryMs: 0, onProgress: () => { epochs++; } }))
      .rejects.toSatisfy(isCancelled);
    expect(epochs).toBeLessThan(settings.nEpochs);
  });

  it('separates the clusters as well from the brute-force reference graph as from the distance engine', async () => {
    const [engine, reference] = await Promise.all([cosineUmap(mixed, settings), cosineUmap(mixed, settings, { knnBuilder: 'brute-force-reference' })]);
    expect(reference.settings.knnSource).toMatch(/small-set reference/);
    // Same neighbours; edge lengths agree to float32 rounding, which the layout may amplify: compare the outcome.
    expect(knnAccuracy(reference.points, cluster, all)).toBeGreaterThan(0.95);
    expect(knnAccuracy(engine.points, cluster, all)).toBeGreaterThan(0.95);
  });

  it('takes a precomputed graph of angular distances and checks it', async () => {
    const cosine = bruteForceCosineKnn(mixed.vectors, 200, dims, 14);
    const angular = { ...cosine, distances: cosine.distances.map((row) => row.map((d) => Math.acos(1 - d) / Math.PI)) };
    const embedding = await cosineUmap(mixed, settings, { knn: { graph: angular, distance: 'angular', source: 'distance engine' } });
    expect(embedding.settings.knnSource).toBe('distance engine');
    expect(knnAccuracy(embedding.points, cluster, all)).toBeGreaterThan(0.95);
    const short = { indices: cosine.indices.map((r) => r.subarray(0, 5)), distances: cosine.distances.map((r) => r.subarray(0, 5)) };
    await expect(cosineUmap(mixed, settings, { knn: { graph: short, distance: 'angular', source: 'x' } })).rejects.toThrow(/row 0 has 5 neighbours/);
    await expect(cosineUmap(mixed, { ...settings, nNeighbors: 200 })).rejects.toThrow(/nNeighbors = 200 for 200 points/);
  });
});
