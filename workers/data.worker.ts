// The cohort and its encoding live here: build the DataEngine and expose it. Bundles, synthetic
// exports and tensors are fresh copies, so they are transferred rather than copied again.
import * as Comlink from 'comlink';
import { installTypedErrorTransfer } from '../src/engines/comlinkErrors';
import type { SyntheticExportRequest } from '../src/engines/data';
import { createDataEngine } from '../src/engines/dataEngine';

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
    return Comlink.transfer(dataset, [dataset.tensor.buffer]);
  },
});
