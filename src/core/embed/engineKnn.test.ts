import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { engineCosineKnn } from './engineKnn';
import { bruteForceCosineKnn } from './knnGraph';
import { assemblePoints } from './points';

describe('engineCosineKnn', () => {
  it('gives the brute-force reference graph: same neighbours, 1 − cos θ within float32 rounding', async () => {
    const count = 60, dims = 9, k = 7;
    const rng = createRng(5);
    const vectors = Float32Array.from({ length: count * dims }, () => rng.nextNormal());
    vectors.copyWithin(20 * dims, 3 * dims, 4 * dims); // a duplicate: distance 0, still a neighbour (self excluded by index only)
    const points = assemblePoints([{ origin: { kind: 'real-train' }, vectors, count }], { seed: 1 });
    const { graph, settings } = await engineCosineKnn(points, k);
    const reference = bruteForceCosineKnn(vectors, count, dims, k);
    expect(settings).toMatchObject({ k, selfExclusion: 'by-index' });
    expect(graph.indices).toEqual(reference.indices);
    graph.distances.forEach((row, i) => row.forEach((d, j) => expect(Math.abs(d - reference.distances[i][j])).toBeLessThan(1e-6)));
    expect(graph.indices[3][0]).toBe(20);
    expect(graph.distances[3][0]).toBe(0);
  });
});
