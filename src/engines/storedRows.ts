// Rows as a worker receives them, made readable there: `{ sharedRows }` (picked from a tensor in
// shared memory) as a view again, `{ storedRows }` (picked from a set another worker's store
// holds) by opening its descriptor in this worker's store, which reads the owner's shared chunks
// in place and its spilled chunks through a handle of its own on the owner's OPFS file. Nothing
// is copied: the app's encoded cohort lives once, in the data worker's store (issue 11).
import { isStoredRows, reviveRows, storedRowsView, type RowData, type SharedRows, type StoredRows } from '../core/store/rowData';
import type { SampleSetDescriptor } from '../core/store/types';
import { createSampleStore, type SampleSet, type SampleStore } from './sampleStore';

/**
 * Rows as posted (a view, a reader, or `{ sharedRows }` / `{ storedRows }` alone) → rows this
 * context reads; `keepOnly` closes the stored sets opened here but those named.
 */
export type RowsOpener = ((data: RowData | SharedRows | StoredRows) => Promise<RowData>) & { keepOnly(setIds: string[]): Promise<void> };

/** The same snapshot of a set: an opened copy is reused while its owner has appended nothing. */
const sameSnapshot = (a: SampleSetDescriptor, b: SampleSetDescriptor): boolean =>
  a.rows === b.rows && a.chunks.length === b.chunks.length && a.file?.name === b.file?.name;

/**
 * Opens posted rows in `store` (one per worker; it owns nothing, so its budget is 0). A set is
 * opened once and kept for later calls; a newer snapshot of it (more rows) replaces it, and
 * `keepOnly` closes those no longer posted (their owner may then remove the file).
 */
export function createRowsOpener(store: SampleStore = createSampleStore({ memoryBudgetBytes: 0 })): RowsOpener {
  const opened = new Map<string, { descriptor: SampleSetDescriptor; set: Promise<SampleSet> }>();

  function openSet(descriptor: SampleSetDescriptor): Promise<SampleSet> {
    const known = opened.get(descriptor.setId);
    if (known && sameSnapshot(known.descriptor, descriptor)) return known.set;
    const set = (async () => {
      if (known) await known.set.then(() => store.delete(descriptor.setId), () => undefined);
      return store.open(descriptor);
    })();
    opened.set(descriptor.setId, { descriptor, set });
    set.catch(() => opened.delete(descriptor.setId));
    return set;
  }

  const open = async (data: RowData | SharedRows | StoredRows): Promise<RowData> => {
    if (!isStoredRows(data)) return reviveRows(data);
    const { set, rows } = data.storedRows;
    return storedRowsView(set, rows, await openSet(set));
  };
  return Object.assign(open, {
    async keepOnly(setIds: string[]) {
      for (const [setId, entry] of [...opened]) {
        if (setIds.includes(setId)) continue;
        opened.delete(setId);
        await entry.set.then(() => store.delete(setId), () => undefined);
      }
    },
  });
}
