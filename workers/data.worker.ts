// The cohort and its encoding live here: build the DataEngine and expose it. Bundles and synthetic
// exports are fresh copies, so they are transferred rather than copied again. The encoded tensor
// lives in this worker's sample store: shared memory up to its budget, the rest spilled to OPFS;
// the page and the other workers get its descriptor (storedRows), never its values.
import * as Comlink from 'comlink';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import type { SyntheticExportRequest } from '../src/engines/data';
import { createDataEngine } from '../src/engines/dataEngine';
import { createOpfsSpillBackend } from '../src/engines/opfsHandle';
import { createSampleStore } from '../src/engines/sampleStore';
import { postableRows } from '../src/engines/sharedTensors';
import { createRowsOpener } from '../src/engines/storedRows';
import { readRowRange, valueCountOf, wholeRows, type RowData, type StoredRows } from '../src/core/store/rowData';
import type { EvaluatedLatentSet } from '../src/engines/evaluationPipelineTypes';
import type { GenotypeSpaceSettings } from '../src/core/genospace/section';

/**
 * Rows of the encoded tensor kept in memory; past it they spill to OPFS (the paper's cohort is
 * 6.1 GB; the tab's goal is 4 GB in all, beside the backbones' WASM heaps and the generated sets).
 */
const tensorMemoryBudgetBytes = 256 * 2 ** 20;

/** A request whose `samples` were posted as rows (postableRows): an array, or `{ storedRows }` to open here. */
type PostedRows<T extends { samples: unknown }> = Omit<T, 'samples'> & { samples: RowData | StoredRows };

installTypedErrorTransfer();
const store = createSampleStore({ memoryBudgetBytes: tensorMemoryBudgetBytes, spill: createOpfsSpillBackend(), storeId: 'data' });
const engine = createDataEngine({ store });
// Sets other workers hold (a backbone's generated set: `{ storedRows }`), opened for one call and closed after it.
const openRows = createRowsOpener(createSampleStore({ memoryBudgetBytes: 0, spill: createOpfsSpillBackend() }));
async function withRows<T>(posted: RowData | StoredRows, use: (rows: RowData) => Promise<T>): Promise<T> {
  try {
    return await use(await openRows(posted));
  } finally {
    await openRows.keepOnly([]);
  }
}
Comlink.expose({
  ...engine,
  setTensorMemoryBudget: async (bytes: number) => store.setMemoryBudget(bytes),
  exportBundle: async () => {
    const zip = await engine.exportBundle();
    return Comlink.transfer(zip, [zip.bytes.buffer]);
  },
  exportSynthetic: async (request: PostedRows<SyntheticExportRequest>) => {
    const zip = await withRows(request.samples, (samples) => engine.exportSynthetic({ ...request, samples: wholeRows(samples) }));
    return Comlink.transfer(zip, [zip.bytes.buffer]);
  },
  // Each set is decoded a block of rows at a time where it lies (genotypeSpaceStep.ts), never read whole here.
  genotypeSpace: async (sets: PostedRows<EvaluatedLatentSet>[], settings: GenotypeSpaceSettings) => {
    try {
      const opened = await Promise.all(sets.map(async (set) => ({ ...set, samples: await openRows(set.samples) })));
      return await engine.genotypeSpace(opened, settings);
    } finally {
      await openRows.keepOnly([]);
    }
  },
  /** A set's rows as one array (a copy, moved to the page): a session file or the autosave of a set another worker holds. */
  readRows: async (posted: StoredRows) => withRows(posted, async (data) => {
    const { dims } = posted.storedRows.set;
    const count = valueCountOf(data) / dims;
    const rows = readRowRange(data, dims, 0, count, new Float32Array(count * dims));
    return Comlink.transfer(rows, [rows.buffer]);
  }),
  getEncodedDataset: async () => {
    const dataset = await engine.getEncodedDataset();
    const transfer: Transferable[] = [];
    return Comlink.transfer({ ...dataset, tensor: postableRows(dataset.tensor, transfer) }, transfer);
  },
});
