// Rows of a stored set posted by reference (issue 11: the app's encoded cohort in the data
// worker's store, spilled past its budget): another store opens the descriptor and reads the same
// rows, picked rows compose, the page (no store) reads chunks in memory and refuses spilled ones
// by name, and the evaluation engine gives the same metrics on spilled rows as on the array.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createGeneMask } from '../core/diffusion/mask';
import { randomRows, useCpuBackend } from '../core/metrics/testHelpers';
import { resolveMetricSettings } from '../core/report/sampleSetMetrics';
import { gatherRows, pickStoredRows, storedRowsView, wholeRows, type StoredRows } from '../core/store/rowData';
import { createNodeSpillBackend, type NodeSpillBackend } from '../node/syncFileHandle';
import { createEvaluationEngine } from './evaluationEngine';
import { createSampleStore, type SampleStore } from './sampleStore';
import { postableRows } from './sharedTensors';
import { createRowsOpener } from './storedRows';

const genes = 6;
const channels = 4;
const dims = genes * channels;
const rowBytes = dims * 4;
const backends: NodeSpillBackend[] = [];
const stores: SampleStore[] = [];

/** A store whose sets spill past `budgetRows` rows (chunks of 4 rows), on a file of its own folder. */
function spillingStore(budgetRows: number, spill = createNodeSpillBackend()): SampleStore {
  backends.push(spill);
  const store = createSampleStore({ memoryBudgetBytes: budgetRows * rowBytes, chunkBytes: 4 * rowBytes, spill });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const backend of backends.splice(0)) backend.dispose();
});

async function storedCohort(values: Float32Array, budgetRows: number): Promise<{ owner: SampleStore; posted: StoredRows; spill: NodeSpillBackend }> {
  const spill = createNodeSpillBackend();
  const owner = spillingStore(budgetRows, spill);
  const set = owner.createSet('encoded-1', { dims, expectedRows: values.length / dims });
  await set.append(values);
  set.finish();
  // As the page posts it: the descriptor alone, no function, no values.
  const posted = postableRows(storedRowsView(owner.share('encoded-1'), null), []) as unknown as StoredRows;
  return { owner, posted, spill };
}

describe('stored rows posted by reference', () => {
  it('another store opens them and reads every row exactly, spilled or in memory; picked rows compose', async () => {
    const values = randomRows(23, dims, 7).data;
    const { owner, posted, spill } = await storedCohort(values, 8);
    expect(owner.stats().bytesOnDisk).toBeGreaterThan(0);
    expect(owner.stats().bytesInMemory).toBeGreaterThan(0);
    expect(Object.keys(posted)).toEqual(['storedRows']);
    expect(structuredClone(posted).storedRows.set.rows).toBe(23);

    const reading = spillingStore(0, spill);
    const open = createRowsOpener(reading);
    const reader = await open(posted);
    expect(Array.from(wholeRows(reader))).toEqual(Array.from(values));
    const picked = pickStoredRows(pickStoredRows(posted, [20, 3, 11, 12, 0]), [4, 2, 0]);
    expect(Array.from(wholeRows(await open(postableRows(picked, []) as unknown as StoredRows))))
      .toEqual(Array.from(gatherRows(values, dims, [0, 11, 20])));
    // Opened once, read in place: the reading store holds the set by reference, owning no byte of it.
    expect(reading.stats().sets.map((set) => [set.setId, set.ownership])).toEqual([['encoded-1', 'shared']]);
    expect(reading.stats().bytesInMemory + reading.stats().bytesOnDisk).toBe(0);
    await open.keepOnly([]);
    expect(reading.stats().sets).toEqual([]);
  });

  it('the page (no store) reads chunks in memory and names the spilled rows it cannot read', async () => {
    const values = randomRows(12, dims, 8).data;
    const { posted } = await storedCohort(values, 4);
    const page = storedRowsView(posted.storedRows.set, null);
    expect(Array.from(page.readRows(0, 4))).toEqual(Array.from(values.subarray(0, 4 * dims)));
    expect(() => page.readRows(3, 6)).toThrow(/rows 4–7 of 'encoded-1' were spilled to the browser's disk store \(OPFS\), which only a worker can read/);
  });

  it('gives the evaluation engine the metrics of the same rows as arrays, with every row spilled', async () => {
    const mask = createGeneMask(genes, channels, 3)!;
    const all = randomRows(40, dims, 9, mask).data;
    const synthetic = randomRows(12, dims, 10, mask);
    const { posted, spill } = await storedCohort(all, 0);
    const [trainRows, holdoutRows] = [Array.from({ length: 28 }, (_, i) => i + 12), Array.from({ length: 12 }, (_, i) => i)];
    const settings = resolveMetricSettings({ seed: 4, k: 5, bootstrap: { resamples: 100, level: 0.9 } });
    const selectBackend = async () => {
      await useCpuBackend();
      return tf.getBackend();
    };
    const metricsOf = async (train: StoredRows | Float32Array, holdout: StoredRows | Float32Array, openRows?: ReturnType<typeof createRowsOpener>) => {
      const engine = createEvaluationEngine({ selectBackend, ...(openRows ? { openRows } : {}) });
      await engine.setRealSets({
        genes, channels, mask,
        train: { data: train as Float32Array, count: trainRows.length }, holdout: { data: holdout as Float32Array, count: holdoutRows.length },
      });
      await engine.putSyntheticSet('toy', { data: synthetic.data, count: synthetic.count });
      const { elapsedMs, ...metrics } = await engine.evaluateSyntheticSet('toy', settings, () => undefined);
      return elapsedMs >= 0 ? metrics : null;
    };
    const fromArrays = await metricsOf(gatherRows(all, dims, trainRows), gatherRows(all, dims, holdoutRows));
    const fromStore = await metricsOf(pickStoredRows(posted, trainRows), pickStoredRows(posted, holdoutRows), createRowsOpener(spillingStore(0, spill)));
    expect(fromStore).toEqual(fromArrays);
  });
});
