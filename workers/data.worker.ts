// The cohort and its encoding live here: build the DataEngine and expose it. Bundles and synthetic
// exports are fresh copies, so they are transferred rather than copied again; the encoded tensor
// is shared memory where the page is cross-origin isolated (posted as it is: a SharedArrayBuffer
// cannot be transferred), else a fresh copy, transferred.
import * as Comlink from 'comlink';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import type { SyntheticExportRequest } from '../src/engines/data';
import { createDataEngine } from '../src/engines/dataEngine';
import { movableView } from '../src/engines/sharedTensors';

installTypedErrorTransfer();
const engine = createDataEngine();
Comlink.expose({
  ...engine,
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
    return Comlink.transfer({ ...dataset, tensor: movableView(dataset.tensor, transfer) }, transfer);
  },
});
