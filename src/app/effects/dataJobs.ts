// Load, Encode, Download and Cancel of the Data panel: each runs as one job in the data worker,
// streams its progress into the store and ends as done, cancelled (not an error) or failed.
import { InvalidRequestError, RuntimeFailureError, isCancelled, serializeError } from '../../core/errors';
import type { DataFileInput, DataProgress, EncodeSettings, EncodedDataset } from '../../engines/data';
import { createDataClient, type DataClient } from '../dataClient';
import { getWorkbenchState, workbenchActions, type DataJobKind } from '../store';
import { parseEncodeSettings } from './encodeSettings';

/** The demo cohort served from this origin (public/demo/cohort): 1,000 samples × 2,082 SNPs × 84 genes. */
export const demoCohortFiles = ['/demo/cohort/cohort.vcf.gz', '/demo/cohort/phenotype.tsv', '/demo/cohort/genes.bed'] as const;

let client: DataClient | null = null;
const getDataClient = (): DataClient => (client ??= createDataClient());

type Work<T> = (client: DataClient, runId: number, onProgress: (progress: DataProgress) => void) => Promise<T>;

/** Starts a job unless one runs, then routes its outcome to the store. */
async function runDataJob<T>(kind: DataJobKind, label: string, work: Work<T>, onDone: (runId: number, result: T) => void): Promise<void> {
  const runId = getWorkbenchState().nextId;
  workbenchActions.dataJobStarted({ kind, label });
  const job = getWorkbenchState().dataJob;
  if (job.status !== 'running' || job.runId !== runId) {
    const busy = job.status === 'running' ? job.label : 'another job';
    workbenchActions.errorRaised(serializeError(new InvalidRequestError(`the data worker is busy with ${busy}: wait for it or cancel it first`)));
    return;
  }
  try {
    const result = await work(getDataClient(), runId, (progress) => workbenchActions.dataJobProgressed({ runId, progress }));
    onDone(runId, result);
  } catch (err) {
    if (isCancelled(err)) workbenchActions.dataJobCancelled({ runId });
    else workbenchActions.dataJobFailed({ runId, error: serializeError(err) });
  }
}

/** Loads files into a new cohort (or a bundle zip); the loaded one stays if anything goes wrong. */
export function loadCohortFiles(label: string, getFiles: () => Promise<DataFileInput[]>): Promise<void> {
  return runDataJob('load', label, async (dataClient, runId, onProgress) => {
    const files = await getFiles();
    workbenchActions.dataFilesIdentified({ runId, plan: await dataClient.identify(files) });
    return dataClient.load(files, onProgress);
  }, (runId, summary) => workbenchActions.cohortLoaded({ runId, summary }));
}

/** Files from the picker or a drop; a File is a Blob the worker streams. */
export function loadPickedFiles(files: File[]): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  return loadCohortFiles(files.map((f) => f.name).join(', '), async () => files.map((f) => ({ name: f.name, data: f })));
}

/**
 * A demo file as a Blob. Static servers such as Vite's (sirv) send a .gz file with
 * `Content-Encoding: gzip`, so fetch hands over the inflated text: the name then drops `.gz`
 * to say what the bytes are.
 */
async function fetchBlob(path: string): Promise<DataFileInput> {
  const response = await fetch(path);
  if (!response.ok) throw new RuntimeFailureError(`could not fetch ${path}: HTTP ${response.status} ${response.statusText}`);
  const data = await response.blob();
  const name = path.slice(path.lastIndexOf('/') + 1);
  const head = new Uint8Array(await data.slice(0, 2).arrayBuffer());
  const inflatedInTransit = /\.gz$/i.test(name) && !(head[0] === 0x1f && head[1] === 0x8b);
  return { name: inflatedInTransit ? name.replace(/\.gz$/i, '') : name, data };
}

export function loadDemoCohort(): Promise<void> {
  return loadCohortFiles('the demo cohort', () => Promise.all(demoCohortFiles.map(fetchBlob)));
}

export function encodeLoadedCohort(): Promise<void> {
  let settings: EncodeSettings;
  try {
    settings = parseEncodeSettings(getWorkbenchState().encodeForm);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
    return Promise.resolve();
  }
  const { cohort } = getWorkbenchState();
  const label = cohort?.source === 'genotypes' ? cohort.genotypeFile : 'the cohort';
  return runDataJob('encode', label, (dataClient, _runId, onProgress) => dataClient.encode(settings, onProgress),
    (runId, summary) => workbenchActions.cohortEncoded({ runId, summary }));
}

function saveFile(fileName: string, bytes: Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the URL is no longer needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadBundle(): Promise<void> {
  return runDataJob('export', 'the dataset bundle', (dataClient) => dataClient.exportBundle(), (runId, zip) => {
    saveFile(zip.fileName, zip.bytes as Uint8Array<ArrayBuffer>, 'application/zip');
    workbenchActions.dataJobFinished({ runId });
  });
}

/** A copy of the last encoding (or the loaded bundle's) for another worker: the classifiers, the metrics. */
export function getEncodedDataset(): Promise<EncodedDataset> {
  return getDataClient().getEncodedDataset();
}

export function cancelDataJob(): void {
  void client?.cancel();
}
