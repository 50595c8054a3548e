// Sets read by row range (a store's sets, a bundle's tensor.npy on disk) give the numbers the same
// rows give in memory, exactly: every sample-set metric and the embedding's points, while no
// read asks for more rows than one block (the set is never read whole into one array).
import { beforeAll, describe, expect, it } from 'vitest';
import { assemblePoints } from '../embed/points';
import { createGeneMask } from '../diffusion/mask';
import { randomRows, useCpuBackend, type InMemoryRows } from '../metrics/testHelpers';
import { blockRowsFor, type RowReader } from '../store/rowData';
import { countingReader } from '../store/testRows';
import { computeSampleSetMetrics, resolveMetricSettings } from './sampleSetMetrics';

/** A counting reader over a set's rows in memory. */
const readerOf = (set: InMemoryRows) => countingReader(set.data, set.count, set.dims);

describe('sets read by row range', () => {
  beforeAll(useCpuBackend);
  const [genes, channels, realGenes] = [6, 2, 5];
  const dims = genes * channels;
  const mask = createGeneMask(genes, channels, realGenes);

  it('give every sample-set metric exactly as in memory', async () => {
    const [train, holdout, synthetic] = [[60, 1], [30, 2], [30, 3]].map(([n, seed]) => randomRows(n, dims, seed, mask ?? undefined));
    const settings = resolveMetricSettings({ k: 5, bootstrap: { resamples: 100, level: 0.95 } });
    const inMemory = await computeSampleSetMetrics({ train, holdout, synthetic, mask }, settings);
    const readers = [train, holdout, synthetic].map(readerOf);
    const stored = await computeSampleSetMetrics({
      train: { ...train, data: readers[0] }, holdout: { ...holdout, data: readers[1] }, synthetic: { ...synthetic, data: readers[2] }, mask,
    }, settings);
    expect(stored).toEqual(inMemory);
    expect(readers.every((r) => r.rowsRead > 0 && r.largestRead <= Math.min(blockRowsFor(dims), 4096))).toBe(true);
  });

  it('give the embedding the same points, reading only the rows it keeps', () => {
    const sets = [[40, 4], [25, 5]].map(([n, seed]) => randomRows(n, dims, seed, mask ?? undefined));
    const inputs = (data: (set: InMemoryRows) => InMemoryRows['data'] | RowReader) => [
      { origin: { kind: 'real-train' as const }, vectors: data(sets[0]), count: sets[0].count },
      { origin: { kind: 'backbone' as const, backboneId: 'b' }, vectors: data(sets[1]), count: sets[1].count },
    ];
    const readers = sets.map(readerOf);
    const inMemory = assemblePoints(inputs((s) => s.data), { seed: 3, maxPerSet: 10, mask });
    const stored = assemblePoints(inputs((s) => readers[sets.indexOf(s)]), { seed: 3, maxPerSet: 10, mask });
    expect(stored).toEqual(inMemory);
    expect(readers.map((r) => r.rowsRead)).toEqual([10, 10]);
  });
});
