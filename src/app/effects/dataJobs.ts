// Load, Encode, Download and Cancel of the Data panel: each runs as one job in the data worker,
// streams its progress into the store and ends as done, cancelled (not an error) or failed.
import { InvalidRequestError, RuntimeFailureError, isCancelled, serializeError } from '../../core/errors';
import { getBuiltInDemo, type BuiltInDemo } from '../../core/sim/builtInDemos';
import type {
  BundleZip, DataFileInput, DataProgress, EncodeSettings, EncodedDataset, LoadSummary,
} from '../../engines/data';
import type { GeneCodec } from '../../core/encode/codec';
import { saveFile } from '../download';
import { createDataClient, type DataClient, type SyntheticExportRequestRows } from '../dataClient';
import { isInMemory, isStoredRows, wholeRows, type RowData } from '../../core/store/rowData';
import type { SyntheticSet, SyntheticSetArrays } from '../sampleSets';
import { getWorkbenchState, workbenchActions, type DataJobKind, type EncodeForm } from '../store';
import { parseEncodeSettings } from './encodeSettings';
import { createWorkerSlot } from './workerSlot';

/** The demo cohort served from this origin (public/demo/cohort): 1,000 samples × 2,082 SNPs × 84 genes. */
export const demoCohortFiles = getBuiltInDemo('simulated').files;

/**
 * A store's memory budget from the page's address, in MiB: `?tensorBudgetMiB=N`, the encoded
 * tensor's rows kept in memory before the rest spills to OPFS (default 256 MiB), and
 * `?setsBudgetMiB=N`, each backbone worker's generated sets (default 128 MiB); 0 spills every row.
 * For machines with little memory, and for the tests and benchmarks that exercise the spill.
 */
export function storeBudgetFromUrl(search: string, key: 'tensorBudgetMiB' | 'setsBudgetMiB'): number | null {
  const value = new URLSearchParams(search).get(key);
  if (value === null) return null;
  const mib = Number(value);
  if (!(Number.isFinite(mib) && mib >= 0)) throw new InvalidRequestError(`${key}=${value} in the address; expected a number of MiB ≥ 0`);
  return mib * 2 ** 20;
}

/** The data worker, started on first use and again after it failed; the address's tensor budget goes first (messages keep their order). */
const dataWorker = createWorkerSlot((onFailed) => {
  const client = createDataClient(onFailed);
  try {
    const budget = storeBudgetFromUrl(globalThis.location?.search ?? '', 'tensorBudgetMiB');
    if (budget !== null) void client.setTensorMemoryBudget(budget);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
  return client;
});
const getDataClient = (): DataClient => dataWorker.get();
/** The data worker for the jobs kept in other effects (imported synthetic sets, effects/syntheticImport.ts). */
export const getDataWorkerClient = getDataClient;

type Work<T> = (client: DataClient, runId: number, onProgress: (progress: DataProgress) => void) => Promise<T>;

/** Starts a job unless one runs, then routes its outcome to the store. */
async function runDataJob<T>(kind: DataJobKind, label: string, work: Work<T>, onDone: (runId: number, result: T) => void): Promise<void> {
  const runId = getWorkbenchState().nextId;
  workbenchActions.dataJobStarted({ kind, label });
  const job = getWorkbenchState().dataJob;
  if (job.status !== 'running' || job.runId !== runId) {
    const busy = job.status === 'running' ? job.label : 'another job';
    workbenchActions.errorRaised(serializeError(new InvalidRequestError(`the data worker is busy with ${busy}: wait for it or cancel it first`)), 'data-load');
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

/**
 * The encoding the demo backbones were trained on (`gdw encode --seed 1 --pad 128`, models/demo):
 * the same settings give the same codec hash, so they can be compared on it at once.
 */
export const demoEncodeSettings = { splitSeed: '1', geneSlots: '128' } as const;

/** The cohortId of the demo cohort as last loaded (ids only grow, so a later load of other files is told apart). */
let demoCohortId: number | null = null;

/** Whether the loaded cohort is the built-in demo cohort: a session then replays its load instead of storing it. */
export const isDemoCohort = (cohort: LoadSummary | null): boolean => cohort !== null && cohort.cohortId === demoCohortId;

export async function loadDemoCohort(): Promise<void> {
  const before = getWorkbenchState().cohort;
  await loadCohortFiles('the demo cohort', () => Promise.all(demoCohortFiles.map(fetchBlob)));
  const after = getWorkbenchState().cohort;
  if (after && after !== before) demoCohortId = after.cohortId;
}

/** First open: the demo cohort, encoded as the demo backbones were trained. */
export async function loadAndEncodeDemoCohort(): Promise<void> {
  await loadDemoCohort();
  const { cohort, encoding } = getWorkbenchState();
  if (cohort?.source !== 'genotypes' || encoding) return;
  workbenchActions.encodeFormChanged({ field: 'splitSeed', value: demoEncodeSettings.splitSeed });
  workbenchActions.encodeFormChanged({ field: 'geneSlots', value: demoEncodeSettings.geneSlots });
  await encodeLoadedCohort();
}

/** The real-data demo (1000 Genomes) as last loaded, by the cohortId it got. */
let realDemoCohortId: number | null = null;

/** Which built-in demo the loaded cohort is, if any. */
export function getLoadedBuiltInDemo(cohort: LoadSummary | null): BuiltInDemo['id'] | null {
  if (isDemoCohort(cohort)) return 'simulated';
  return cohort !== null && cohort.cohortId === realDemoCohortId ? 'real1000g' : null;
}

/**
 * A built-in demo from the Data panel, loaded and encoded with the demo settings (split seed 1,
 * 128 slots: the real one then has the codec of README's `gdw encode … --seed 1 --pad 128`).
 */
export async function loadAndEncodeBuiltInDemo(id: BuiltInDemo['id']): Promise<void> {
  if (id === 'simulated') return loadAndEncodeDemoCohort();
  const demo = getBuiltInDemo(id);
  const before = getWorkbenchState().cohort;
  await loadCohortFiles(`the ${demo.title} demo`, () => Promise.all(demo.files.map(fetchBlob)));
  const { cohort, encoding } = getWorkbenchState();
  if (!cohort || cohort === before || cohort.source !== 'genotypes' || encoding) return;
  realDemoCohortId = cohort.cohortId;
  workbenchActions.encodeFormChanged({ field: 'splitSeed', value: demoEncodeSettings.splitSeed });
  workbenchActions.encodeFormChanged({ field: 'geneSlots', value: demoEncodeSettings.geneSlots });
  await encodeLoadedCohort();
}

/** Encodes with the form as typed, or with `form` (a restored session replays the settings its encoding had). */
export function encodeLoadedCohort(form: EncodeForm = getWorkbenchState().encodeForm): Promise<void> {
  let settings: EncodeSettings;
  try {
    settings = parseEncodeSettings(form);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err), 'data-encode');
    return Promise.resolve();
  }
  const { cohort } = getWorkbenchState();
  const label = cohort?.source === 'genotypes' ? cohort.genotypeFile : 'the cohort';
  return runDataJob('encode', label, (dataClient, _runId, onProgress) => dataClient.encode(settings, onProgress),
    (runId, summary) => workbenchActions.cohortEncoded({ runId, summary }));
}

function downloadZip(runId: number, zip: BundleZip): void {
  saveFile(zip.fileName, zip.bytes as Uint8Array<ArrayBuffer>, 'application/zip');
  workbenchActions.dataJobFinished({ runId });
}

export function downloadBundle(): Promise<void> {
  return runDataJob('export', 'the dataset bundle', (dataClient) => dataClient.exportBundle(), downloadZip);
}

/** A backbone's synthetic samples through the loaded codec, downloaded as a zip: one export job of the data worker. */
export function exportSyntheticData(label: string, request: SyntheticExportRequestRows): Promise<void> {
  return runDataJob('export', label, (dataClient) => dataClient.exportSynthetic(request), downloadZip);
}

/**
 * The last encoding (or the loaded bundle) as bundle zip bytes, without a download or a job in the
 * Data panel: the session keeps them to load again after a reload.
 */
export function getEncodedBundleZip(): Promise<BundleZip> {
  return getDataClient().exportBundle();
}

/**
 * A set's samples as one array on the page (the session file, the autosave): an array as it is;
 * rows of a store read here when every chunk is in shared memory, else copied by the data worker
 * (only a worker reads OPFS).
 */
export async function readSetSamples(samples: RowData): Promise<Float32Array> {
  if (isStoredRows(samples) && samples.storedRows.set.chunks.some((chunk) => !chunk.memory)) return getDataClient().readRows(samples);
  return wholeRows(samples);
}

/** The set itself when its samples are an array, else a copy of it with its samples read into one (readSetSamples). */
export async function withSampleArrays(set: SyntheticSet): Promise<SyntheticSetArrays> {
  return isInMemory(set.samples) ? set as SyntheticSetArrays : { ...set, samples: await readSetSamples(set.samples) };
}

/** The encoding's codec, copied from the data worker (decodes designs to genotypes). */
export function getEncodedCodec(): Promise<GeneCodec> {
  return getDataClient().getCodec();
}

/** The last encoding (or the loaded bundle's) for another worker: the classifiers, the metrics (its tensor by reference). */
export function getEncodedDataset(): Promise<EncodedDataset> {
  return getDataClient().getEncodedDataset();
}

/** Per SNP, the decoded dosage change of a translation through the held codec (the Translate card's SNP table). */
export const decodeSnpChanges: DataClient['decodeSnpChanges'] = (request) => getDataClient().decodeSnpChanges(request);

export function cancelDataJob(): void {
  void dataWorker.peek()?.cancel();
}
