// The page's handle on the data worker: the DataEngine reached through comlink. Files cross as
// Blobs (a File is a Blob), which the worker streams; the cohort (or bundle) stays in the worker.
import * as Comlink from 'comlink';
import type { GeneCodec } from '../core/encode/codec';
import { installTypedErrorTransfer } from '../engines/comlinkErrors';
import type {
  BundleZip, CohortFilePlan, DataEngine, DataFileInput, DataProgress, EncodeSettings, EncodeSummary, EncodedDataset,
  LoadOptions, LoadSummary, SyntheticExportRequest, SyntheticImportOptions, SyntheticImportSummary,
} from '../engines/data';
import type { GenotypeSpaceReport, GenotypeSpaceSettings } from '../core/genospace/section';
import type { EvaluatedLatentSet, ImportedPipelineSet } from '../engines/evaluationPipelineTypes';
import { superviseWorker, type OnWorkerFailed } from '../engines/supervise';
import { registerWorkerForTests } from './testHooks';
import { isStoredRows, readStoredRows, type RowData, type StoredRows } from '../core/store/rowData';
import { postableRows } from '../engines/sharedTensors';

export interface DataClient {
  identify(files: DataFileInput[]): Promise<CohortFilePlan>;
  load(files: DataFileInput[], onProgress: (event: DataProgress) => void, options?: LoadOptions): Promise<LoadSummary>;
  encode(settings: EncodeSettings, onProgress: (event: DataProgress) => void): Promise<EncodeSummary>;
  exportBundle(): Promise<BundleZip>;
  getEncodedDataset(): Promise<EncodedDataset>;
  /** Bytes of the encoded tensor the data worker keeps in memory before rows spill to OPFS (from the next load or encode). */
  setTensorMemoryBudget(bytes: number): Promise<void>;
  getCodec(): Promise<GeneCodec>;
  /** The samples are posted by reference when shared or stored, else copied: the caller keeps its set. */
  exportSynthetic(request: SyntheticExportRequestRows): Promise<BundleZip>;
  /** Every row of a set another worker's store holds, as one array here (a copy: a session file, the autosave). */
  readRows(rows: StoredRows): Promise<Float32Array>;
  decodeSnpChanges: DataEngine['decodeSnpChanges'];
  /** A synthetic cohort from files (issue 12), matched and encoded in the worker, which holds it. */
  importSynthetic(name: string, files: DataFileInput[], options: SyntheticImportOptions, onProgress: (event: DataProgress) => void): Promise<SyntheticImportSummary>;
  removeSynthetic(name: string): Promise<SyntheticImportSummary[]>;
  getImportedSets(): Promise<ImportedPipelineSet[]>;
  /** The sets are posted by reference when shared or stored, else copied: the caller keeps them. */
  genotypeSpace(sets: EvaluatedLatentSet[], settings: GenotypeSpaceSettings): Promise<GenotypeSpaceReport>;
  cancel(): Promise<void>;
  /** Ends the worker: the cohort, codec and tensor are released. */
  terminate(): void;
}

/** An export request whose samples may be rows of a store (a generated set), not one array. */
export type SyntheticExportRequestRows = Omit<SyntheticExportRequest, 'samples'> & { samples: RowData };

/** Rows as posted to the data worker: an array, or `{ storedRows }` it opens (sharedTensors.postableRows). */
type Posted<T extends { samples: RowData }> = Omit<T, 'samples'> & { samples: Float32Array | StoredRows };

/** The data worker's API: the engine, with sets posted as rows, and what the worker adds (workers/data.worker.ts). */
type DataWorkerApi = Omit<DataEngine, 'exportSynthetic' | 'genotypeSpace'> & {
  exportSynthetic(request: Posted<SyntheticExportRequestRows>): Promise<BundleZip>;
  genotypeSpace(sets: Posted<EvaluatedLatentSet>[], settings: GenotypeSpaceSettings): Promise<GenotypeSpaceReport>;
  setTensorMemoryBudget(bytes: number): Promise<void>;
  readRows(rows: StoredRows): Promise<Float32Array>;
};

/** `samples` as posted: by reference when shared or stored, else a copy moved by transfer. */
function postedSamples<T extends { samples: RowData }>(item: T, transfer: Transferable[]): Posted<T> {
  return { ...item, samples: postableRows(item.samples, transfer) as Float32Array | StoredRows };
}

/** A supervised worker (supervise.ts): if it fails, its calls reject and onFailed hears once. */
export function createDataClient(onFailed: OnWorkerFailed): DataClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
  registerWorkerForTests('data', worker);
  const remote = Comlink.wrap<DataWorkerApi>(worker);
  const supervised = superviseWorker(worker, remote, {
    describe: () => 'the data worker',
    retryAdvice: () => 'the cohort it held is gone: load the cohort again to retry',
    onFailed,
  });
  return {
    identify: (files) => supervised.call((r) => r.identify(files)),
    load: (files, onProgress, options) => supervised.call<LoadSummary>((r) => r.load(files, Comlink.proxy(onProgress), options)),
    encode: (settings, onProgress) => supervised.call((r) => r.encode(settings, Comlink.proxy(onProgress))),
    exportBundle: () => supervised.call((r) => r.exportBundle()),
    getEncodedDataset: async () => {
      // The tensor comes as its store descriptor: a reader again here (chunks in memory read in place; the page never copies it).
      const dataset = await supervised.call((r) => r.getEncodedDataset());
      return isStoredRows(dataset.tensor) ? { ...dataset, tensor: readStoredRows(dataset.tensor) } : dataset;
    },
    setTensorMemoryBudget: (bytes) => supervised.call((r) => r.setTensorMemoryBudget(bytes)),
    readRows: (rows) => supervised.call((r) => r.readRows({ storedRows: rows.storedRows })),
    getCodec: () => supervised.call((r) => r.getCodec()),
    exportSynthetic: (request) => {
      const transfer: Transferable[] = [];
      const posted = postedSamples(request, transfer);
      return supervised.call((r) => r.exportSynthetic(Comlink.transfer(posted, transfer)));
    },
    decodeSnpChanges: (request) => supervised.call((r) => r.decodeSnpChanges(request)),
    importSynthetic: (name, files, options, onProgress) => supervised.call((r) => r.importSynthetic(name, files, options, Comlink.proxy(onProgress))),
    removeSynthetic: (name) => supervised.call((r) => r.removeSynthetic(name)),
    getImportedSets: () => supervised.call((r) => r.getImportedSets()),
    genotypeSpace: (sets, settings) => {
      const transfer: Transferable[] = [];
      const posted = sets.map((set) => postedSamples(set, transfer));
      return supervised.call((r) => r.genotypeSpace(Comlink.transfer(posted, transfer), settings));
    },
    cancel: () => supervised.cancel((r) => r.cancel()),
    terminate: () => {
      if (!supervised.failure) remote[Comlink.releaseProxy]();
      supervised.terminate();
    },
  };
}
