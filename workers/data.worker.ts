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

/**
 * Rows of the encoded tensor kept in memory; past it they spill to OPFS (the paper's cohort is
 * 6.1 GB; the tab's goal is 4 GB in all, beside the backbones' WASM heaps and the generated sets).
 */
const tensorMemoryBudgetBytes = 512 * 2 ** 20;

installTypedErrorTransfer();
const store = createSampleStore({ memoryBudgetBytes: tensorMemoryBudgetBytes, spill: createOpfsSpillBackend(), storeId: 'data' });
const engine = createDataEngine({ store });
Comlink.expose({
  ...engine,
  setTensorMemoryBudget: async (bytes: number) => store.setMemoryBudget(bytes),
  exportBundle: async () => {
    const zip = await engine.exportBundle();
    return Comlink.transfer(zip, [zip.bytes.buffer]);
  },
  exportSynthetic: async (request: SyntheticExportRequest) => {
    const zip = await engine.exportSynthetic(request);
    return Comlink.transfer(zip, [zip.bytes.buffer]);
  },
  getEncodedDataset: async () => {
    const dataset = await engine.getEncodedDataset();
    const transfer: Transferable[] = [];
    return Comlink.transfer({ ...dataset, tensor: postableRows(dataset.tensor, transfer) }, transfer);
  },
});
