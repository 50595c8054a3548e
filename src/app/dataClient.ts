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
import { isStoredRows, readStoredRows } from '../core/store/rowData';

export interface DataClient {
  identify(files: DataFileInput[]): Promise<CohortFilePlan>;
  load(files: DataFileInput[], onProgress: (event: DataProgress) => void, options?: LoadOptions): Promise<LoadSummary>;
  encode(settings: EncodeSettings, onProgress: (event: DataProgress) => void): Promise<EncodeSummary>;
  exportBundle(): Promise<BundleZip>;
  getEncodedDataset(): Promise<EncodedDataset>;
  /** Bytes of the encoded tensor the data worker keeps in memory before rows spill to OPFS (from the next load or encode). */
  setTensorMemoryBudget(bytes: number): Promise<void>;
  getCodec(): Promise<GeneCodec>;
  /** The samples are copied to the worker, not transferred: the caller keeps its set. */
  exportSynthetic(request: SyntheticExportRequest): Promise<BundleZip>;
  decodeSnpChanges: DataEngine['decodeSnpChanges'];
  /** A synthetic cohort from files (issue 12), matched and encoded in the worker, which holds it. */
  importSynthetic(name: string, files: DataFileInput[], options: SyntheticImportOptions, onProgress: (event: DataProgress) => void): Promise<SyntheticImportSummary>;
  removeSynthetic(name: string): Promise<SyntheticImportSummary[]>;
  getImportedSets(): Promise<ImportedPipelineSet[]>;
  /** The sets are copied to the worker (structured clone): the caller keeps them. */
  genotypeSpace(sets: EvaluatedLatentSet[], settings: GenotypeSpaceSettings): Promise<GenotypeSpaceReport>;
  cancel(): Promise<void>;
  /** Ends the worker: the cohort, codec and tensor are released. */
  terminate(): void;
}

/** What the data worker adds to the engine (workers/data.worker.ts). */
interface TensorBudget {
  setTensorMemoryBudget(bytes: number): Promise<void>;
}

/** A supervised worker (supervise.ts): if it fails, its calls reject and onFailed hears once. */
export function createDataClient(onFailed: OnWorkerFailed): DataClient {
  installTypedErrorTransfer();
  const worker = new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
  registerWorkerForTests('data', worker);
  const remote = Comlink.wrap<DataEngine>(worker);
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
    setTensorMemoryBudget: (bytes) => supervised.call((r) => (r as unknown as TensorBudget).setTensorMemoryBudget(bytes)),
    getCodec: () => supervised.call((r) => r.getCodec()),
    exportSynthetic: (request) => supervised.call((r) => r.exportSynthetic(request)),
    decodeSnpChanges: (request) => supervised.call((r) => r.decodeSnpChanges(request)),
    importSynthetic: (name, files, options, onProgress) => supervised.call((r) => r.importSynthetic(name, files, options, Comlink.proxy(onProgress))),
    removeSynthetic: (name) => supervised.call((r) => r.removeSynthetic(name)),
    getImportedSets: () => supervised.call((r) => r.getImportedSets()),
    genotypeSpace: (sets, settings) => supervised.call((r) => r.genotypeSpace(sets, settings)),
    cancel: () => supervised.cancel((r) => r.cancel()),
    terminate: () => {
      if (!supervised.failure) remote[Comlink.releaseProxy]();
      supervised.terminate();
    },
  };
}
