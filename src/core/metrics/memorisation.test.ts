import { beforeAll, describe, expect, it } from 'vitest';
import { computeMemorisation, DEFAULT_SIMILARITY_BINS, fixedHistogram } from './memorisation';
import { randomRows, useCpuBackend } from './testHelpers';

beforeAll(useCpuBackend);

/** max over train of the float64 cosine, by the book. */
function bruteMaxCosine(query: ReturnType<typeof randomRows>, train: ReturnType<typeof randomRows>): number[] {
  return Array.from({ length: query.count }, (_, i) => {
    let best = -Infinity;
    for (let j = 0; j < train.count; j++) {
      let dot = 0, nq = 0, nt = 0;
      for (let d = 0; d < query.dims; d++) {
        const x = query.data[i * query.dims + d];
        const y = train.data[j * train.dims + d];
        dot += x * y; nq += x * x; nt += y * y;
      }
      best = Math.max(best, dot / Math.sqrt(nq * nt));
    }
    return best;
  });
}

describe('fixedHistogram', () => {
  it('bins [edge_b, edge_b+1), closes the last bin on the right and counts what lies outside', () => {
    const histogram = fixedHistogram([-1, -0.5, -0.49, 0, 0.99, 1, 1.5, Number.NaN], { lower: -1, upper: 1, bins: 4 });
    expect(Array.from(histogram.edges)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(Array.from(histogram.counts)).toEqual([1, 2, 1, 2]);
    expect(histogram.outside).toBe(2);
  });

  it('puts values lying exactly on the default 0.02-wide edges into the bin they open', () => {
    const { edges, counts } = fixedHistogram(Float64Array.from({ length: 101 }, (_, b) => -1 + (2 * b) / 100), DEFAULT_SIMILARITY_BINS);
    expect(edges.length).toBe(101);
    expect(Array.from(counts)).toEqual([...new Array(99).fill(1), 2]);
  });
});

describe('computeMemorisation', () => {
  const train = randomRows(30, 7, 1);
  const holdout = randomRows(20, 7, 2);

  it('reports each sample\'s max cosine similarity to the training set as the brute force does (1e-12)', async () => {
    const synthetic = randomRows(25, 7, 3);
    const result = await computeMemorisation(train, holdout, synthetic, { rowTile: 4, columnTile: 8 });
    for (const [side, query] of [[result.synthetic, synthetic], [result.holdout, holdout]] as const) {
      bruteMaxCosine(query, train).forEach((c, i) => expect(Math.abs(side.maxSimilarity[i] - c)).toBeLessThan(1e-12));
      expect(side.histogram.counts.reduce((s, v) => s + v, 0)).toBe(query.count);
    }
    expect(result.settings).toMatchObject({ bins: DEFAULT_SIMILARITY_BINS, train: 30, synthetic: { n: 25 }, holdout: { n: 20 } });
  });

  it('piles a synthetic set that copies the training set into the top bin (similarity 1), unlike the holdout', async () => {
    const result = await computeMemorisation(train, holdout, { ...train });
    expect(Array.from(result.synthetic.maxSimilarity)).toEqual(new Array(30).fill(1));
    expect(result.synthetic.histogram.counts[99]).toBe(30);
    expect(result.holdout.histogram.counts[99]).toBe(0);
  });
});
