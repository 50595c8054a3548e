// The page's handle on the data worker: the DataEngine reached through comlink. Files cross as
// Blobs (a File is a Blob), which the worker streams; the cohort (or bundle) stays in the worker.
import * as Comlink from 'comlink';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type {
  BundleZip, CohortFilePlan, DataEngine, DataFileInput, DataProgress, EncodeSettings, EncodeSummary, EncodedDataset,
  LoadOptions, LoadSummary, SyntheticExportRequest,
} from '../engines/data';

export interface DataClient {
  identify(files: DataFileInput[]): Promise<CohortFilePlan>;
  load(files: DataFileInput[], onProgress: (event: DataProgress) => void, options?: LoadOptions): Promise<LoadSummary>;
  encode(settings: EncodeSettings, onProgress: (event: DataProgress) => void): Promise<EncodeSummary>;
  exportBundle(): Promise<BundleZip>;
  getEncodedDataset(): Promise<EncodedDataset>;
  /** The samples are copied to the worker, not transferred: the caller keeps its set. */
  exportSynthetic(request: SyntheticExportRequest): Promise<BundleZip>;
  cancel(): Promise<void>;
  /** Ends the worker: the cohort, codec and tensor are released. */
  terminate(): void;
}

export function createDataClient(): DataClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
  const remote = Comlink.wrap<DataEngine>(worker);
  return {
    identify: (files) => remote.identify(files),
    load: (files, onProgress, options) => remote.load(files, Comlink.proxy(onProgress), options),
    encode: (settings, onProgress) => remote.encode(settings, Comlink.proxy(onProgress)),
    exportBundle: () => remote.exportBundle(),
    getEncodedDataset: () => remote.getEncodedDataset(),
    exportSynthetic: (request) => remote.exportSynthetic(request),
    cancel: () => remote.cancel(),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
