// A dataset bundle loaded back into the Data panel: a zip (as exportBundle writes it, or a zipped
// `gdw encode` folder whose files sit in one top-level folder) whose small files are read and
// checked as readBundle checks them, and whose tensor.npy streams into the sample store by rows.
// What the engine keeps has no dosages: codec, tensor, labels, split and sample ids only, so the
// bundle exports and serves its dataset again but cannot be re-encoded.
import type { ZipLimits } from '../core/archive/boundedUnzip';
import { collectZipBytes } from '../core/archive/zipChunks';
import {
  createBlobRandomAccess, createBytesRandomAccess, listZipEntries, readZipEntries, unzipSource, type RandomAccessSource,
} from '../core/archive/zipStreamReader';
import { getZipBytesBound, zipStream, type ZipPartsEntry } from '../core/archive/zipStreamWriter';
import { bundleFileNames, checkTensorNpyHeader, readBundleMetadata, type DatasetBundle } from '../core/encode/bundle';
import { explainedVarianceReport } from '../core/encode/codec';
import { missingFileError, type BundleFiles } from '../core/encode/codecFiles';
import { npyHeader } from '../core/encode/npy';
import { NpyRowStream } from '../core/encode/tensorNpyRows';
import { GdwError, ParseError, errorCodes, throwIfCancelled } from '../core/errors';
import { readChunks, type ByteSource } from '../core/genotype/byteSource';
import type { BundleEncodingSummary, BundleSummary, BundleZip, DataFileInput, EncodedDataset, IdentifiedFile } from './data';
import type { DataProgress } from './dataProgress';
import type { StoredTensor } from './encodeCohort';
import type { SampleSet, SampleStore } from './sampleStore';
import { wholeRows, type RowData } from '../core/store/rowData';

/** A bundle as the engine holds it: its tensor's rows in the engine's sample store, the rest as read. */
export interface LoadedBundle {
  bundle: Omit<DatasetBundle, 'tensor'>;
  tensor: StoredTensor;
  /** Every file of the bundle but tensor.npy (held once, as `tensor`), byte for byte as read. */
  files: BundleFiles;
  summary: BundleSummary;
}

export interface BundleLoadRun {
  cohortId: number;
  /** The zip as the plan identified it. */
  file: IdentifiedFile;
  signal: AbortSignal;
  onProgress: (event: DataProgress) => void;
  now: () => number;
  /** How far the zip may expand; bundleZipLimits when absent. */
  zipLimits?: ZipLimits;
  /** Bytes per read of an entry's data (default 4 MiB, the memory one read slice takes). */
  readBytes?: number;
  /** Where the tensor's rows go, and the new set's id (the caller deletes the set it replaces). */
  store: SampleStore;
  setId: string;
}

const gibibyte = 2 ** 30;

/**
 * A bundle holds one large tensor.npy (the paper's 10,405 × 18,432 × 8 float32 is 6.1 GB) beside a
 * few small files; these limits admit that and refuse an archive that claims more.
 */
export const bundleZipLimits: ZipLimits = { maxEntries: 1000, maxEntryBytes: 8 * gibibyte, maxTotalBytes: 16 * gibibyte };

/** What the user can do about a zip that cannot be read. */
const zipAdvice = 'download the bundle again, or zip the folder that gdw encode wrote';

/** Folders and files that archivers add beside the content (macOS resource forks, .DS_Store). */
const isArchiveNoise = (name: string): boolean => name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\./.test(name);

/** A bundle zip the engine was given, read by slices (a Blob or File) or from memory. */
export function createBundleZipSource(input: DataFileInput): RandomAccessSource {
  return input.data instanceof Uint8Array ? createBytesRandomAccess(input.data, input.name) : createBlobRandomAccess(input.data, input.name);
}

/** A stream's bytes in memory, for a source that cannot be read by slices. */
async function readAll(source: ByteSource, run: BundleLoadRun): Promise<RandomAccessSource> {
  const parts: Uint8Array[] = [];
  run.onProgress({ status: 'reading', bytesRead: 0, bytesTotal: source.size ?? null });
  const onProgress = (bytesRead: number, bytesTotal?: number) => run.onProgress({ status: 'reading', bytesRead, bytesTotal: bytesTotal ?? null });
  for await (const chunk of readChunks(source, { signal: run.signal, onProgress })) parts.push(chunk);
  const bytes = parts.length === 1 ? parts[0] : new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  if (parts.length > 1) parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return createBytesRandomAccess(bytes, source.name);
}

const isRandomAccess = (source: ByteSource | RandomAccessSource): source is RandomAccessSource => 'read' in source;

/** Bytes of the block of rows the tensor is appended in (whole rows, at least one). */
const tensorBlockBytes = 4 * 2 ** 20;

/** Called after every read of a pass over the zip with the bytes that pass read so far. */
type PassProgress = (bytesRead: number) => void;

/**
 * 'reading' progress over the passes a load makes on the zip (directory, small files, tensor.npy),
 * summed and kept within the zip's size so it never decreases; silent for a zip already read into memory.
 */
function createReadProgress(run: BundleLoadRun, totalBytes: number, enabled: boolean): { pass: () => PassProgress; done: () => void } {
  const report = (bytesRead: number) => { if (enabled) run.onProgress({ status: 'reading', bytesRead, bytesTotal: totalBytes }); };
  let passStart = 0;
  let latest = 0;
  report(0);
  return {
    pass: () => {
      passStart = latest;
      return (bytesRead) => report(latest = Math.min(totalBytes, passStart + bytesRead));
    },
    // Skipped entries are never read, so the reads may end short of the file: the zip is read all the same.
    done: () => report(totalBytes),
  };
}

/** The single top-level folder every kept entry sits in (a zipped gdw encode folder), or ''. */
async function findBundlePrefix(source: RandomAccessSource, run: BundleLoadRun, progress: PassProgress): Promise<string> {
  const entries = await listZipEntries(source, run.zipLimits ?? bundleZipLimits, {
    keep: (name) => !isArchiveNoise(name), advice: zipAdvice, signal: run.signal, onProgress: progress, readBytes: run.readBytes,
  });
  const folders = new Set(entries.map(({ name }) => name.slice(0, name.indexOf('/') + 1)));
  return folders.size === 1 ? [...folders][0] : '';
}

/** Every kept entry but tensor.npy, by its name inside the bundle (`prefix` dropped), read whole: they are small. */
async function unzipSmallFiles(source: RandomAccessSource, run: BundleLoadRun, prefix: string, progress: PassProgress): Promise<BundleFiles> {
  const tensorName = prefix + bundleFileNames.tensor;
  const entries = await unzipSource(source, run.zipLimits ?? bundleZipLimits, {
    keep: (name) => !isArchiveNoise(name) && name !== tensorName, advice: zipAdvice, signal: run.signal, onProgress: progress, readBytes: run.readBytes,
  });
  return Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name.slice(prefix.length), bytes]));
}

/**
 * tensor.npy streamed into the new set: its header checked against the bundle's shape as readBundle
 * checks it, then rows appended a block at a time as the entry inflates. Memory: one read slice,
 * one inflate step, one block of rows. Returns false when the zip holds no tensor.npy.
 */
async function streamTensor(
  source: RandomAccessSource, run: BundleLoadRun, at: { tensorName: string; shape: StoredTensor['shape']; set: SampleSet }, progress: PassProgress,
): Promise<boolean> {
  const rows = new NpyRowStream({
    file: bundleFileNames.tensor, blockBytes: tensorBlockBytes,
    checkHeader: (header) => checkTensorNpyHeader(header, at.shape), onRows: (block) => at.set.append(block),
  });
  // The row stream's ParseErrors name tensor.npy, as readBundle's do; the inflater's already name the zip.
  const named = (step: Promise<void>): Promise<void> => step.catch((err: unknown) => { throw inZip(source.name, err); });
  let found = false;
  const entries = readZipEntries(source, run.zipLimits ?? bundleZipLimits, {
    keep: (name) => name === at.tensorName, advice: zipAdvice, signal: run.signal, onProgress: progress, readBytes: run.readBytes,
    sinkFor: () => { found = true; return (piece) => named(rows.write(piece)); },
  });
  while (!(await entries.next()).done) {
    // The one kept entry has a sink, so nothing is yielded: iterating runs the reads.
  }
  if (found) await named(rows.end());
  return found;
}

/** readBundle's errors name a file of the bundle; the user dropped the zip, so name that too. */
function inZip(zipName: string, err: unknown): unknown {
  if (!(err instanceof GdwError) || err.code !== errorCodes.parse) return err;
  const inner = err.location?.file;
  return new ParseError(`${zipName}: ${err.message}`, { ...err.location, file: inner ? `${zipName}/${inner}` : zipName });
}

function countClasses(labels: Int8Array, idx: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let k = 0; k < idx.length; k++) {
    const label = labels[idx[k]];
    if (label >= 0 && label < classes) counts[label]++;
  }
  return counts;
}

function describeEncoding(bundle: LoadedBundle['bundle'], shape: StoredTensor['shape'], cohortId: number, bundleFile: string): BundleEncodingSummary {
  const { codec, layout, split, labels, classNames } = bundle;
  const histogram = new Array<number>(codec.settings.componentsPerGene + 1).fill(0);
  for (const gene of codec.genes) histogram[gene.components]++;
  const explained = explainedVarianceReport(codec).map((g) => g.explainedRatio);
  return {
    source: 'bundle',
    cohortId,
    bundleFile,
    realGenes: codec.genes.length,
    geneSlots: codec.settings.geneSlots,
    componentsPerGene: codec.settings.componentsPerGene,
    componentsHistogram: histogram,
    componentsByGene: codec.genes.map((g) => g.components),
    meanExplainedVariance: explained.length > 0 ? explained.reduce((a, b) => a + b, 0) / explained.length : 0,
    trainCount: split.trainIdx.length,
    holdoutCount: split.holdoutIdx.length,
    excludedCount: split.excludedIdx.length,
    holdoutPerClass: classNames.length > 0 ? countClasses(labels, split.holdoutIdx, classNames.length) : [],
    classNames,
    codecSha256: layout.codecSha256,
    tensorBytes: shape.batch * shape.genes * shape.channels * 4,
    codecSettings: { ...codec.settings },
    splitSettings: layout.split.settings,
    codecSnps: layout.codec.variantCount,
  };
}

/**
 * Reads and checks a bundle zip; throws ParseError naming the zip (and the file inside) on any
 * fault. A RandomAccessSource (createBundleZipSource) is read by slices and tensor.npy streamed
 * into the store, never held whole; a ByteSource, which can only be streamed from its start, is
 * read into memory first. The new set is deleted on any failure or cancel, so a failed load leaves
 * the store as it was.
 */
export async function loadBundleZip(source: ByteSource | RandomAccessSource, run: BundleLoadRun): Promise<LoadedBundle> {
  const startMs = run.now();
  const zip = isRandomAccess(source) ? source : await readAll(source, run);
  const progress = createReadProgress(run, zip.sizeBytes, isRandomAccess(source));
  // 1. The small files first, whatever order the zip lists them in (a zipped gdw encode folder may
  //    put tensor.npy before layout.json): the source reads at any offset, so tensor.npy's header
  //    is checked against layout.json before any row is stored, and no row is stored in vain.
  const prefix = await findBundlePrefix(zip, run, progress.pass());
  const files = await unzipSmallFiles(zip, run, prefix, progress.pass());
  throwIfCancelled(run.signal, `reading ${source.name}`);
  const { tensorShape: shape, mask, ...bundle } = await readBundleMetadata(files).catch((err: unknown) => {
    throw inZip(source.name, err);
  });
  // 2. The tensor is held once, in the store (shared memory to its budget, then its file), so every
  //    engine reads the same bytes; export writes tensor.npy from it again.
  const set = run.store.createSet(run.setId, { dims: shape.genes * shape.channels, expectedRows: shape.batch });
  try {
    const found = await streamTensor(zip, run, { tensorName: prefix + bundleFileNames.tensor, shape, set }, progress.pass());
    if (!found) throw inZip(source.name, missingFileError(bundleFileNames.tensor));
    progress.done();
    throwIfCancelled(run.signal, `reading ${source.name}`);
    set.finish();
  } catch (err) {
    await run.store.delete(run.setId);
    throw err;
  }
  const { labels, classNames, sampleIds } = bundle;
  const summary: BundleSummary = {
    source: 'bundle',
    cohortId: run.cohortId,
    files: [run.file],
    bundleFile: source.name,
    samples: sampleIds.length,
    classNames,
    classCounts: countClasses(labels, Array.from(labels.keys()), classNames.length),
    unlabelledCount: labels.reduce((n, label) => n + (label < 0 ? 1 : 0), 0),
    encoding: describeEncoding(bundle, shape, run.cohortId, source.name),
    loadMs: run.now() - startMs,
  };
  return { bundle, tensor: { set, shape, mask }, files, summary };
}

/**
 * Below this a bundle's tensor is deflated (level 6, as zips always had it: padded slots are zeros);
 * from it the tensor is stored. Deflating float noise saves ~8 % at ~20 MB/s, minutes for the
 * paper's 6.1 GB, and a stored entry's exact size lets the zip be written into one buffer.
 */
export const deflateTensorBelowBytes = 64 * 2 ** 20;

/** A bundle's tensor: its samples [N, G, C] float32, written as tensor.npy without a copy. */
export interface BundleTensor {
  data: Float32Array;
  shape: { batch: number; genes: number; channels: number };
}

/**
 * The bundle as zip bytes: every file of `files` deflated, then tensor.npy as its .npy header and
 * the tensor's own bytes, streamed into one buffer of the zip's bound (no second copy of the
 * tensor or of the zip).
 */
export function zipBundleBytes(files: BundleFiles, tensor: BundleTensor): Uint8Array {
  const { data, shape } = tensor;
  const tensorBytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const entries: ZipPartsEntry[] = [
    ...Object.entries(files).map(([name, bytes]): ZipPartsEntry => ({ name, level: 6, parts: [bytes] })),
    {
      name: bundleFileNames.tensor, level: tensorBytes.length < deflateTensorBelowBytes ? 6 : 0,
      parts: [npyHeader('<f4', [shape.batch, shape.genes, shape.channels]), tensorBytes],
    },
  ];
  return collectZipBytes(zipStream(entries), getZipBytesBound(entries));
}

/** The loaded bundle as a zip again: the same files, tensor.npy rewritten from the held tensor (read whole). */
export function zipLoadedBundle({ tensor, files, summary }: LoadedBundle): BundleZip {
  return { fileName: summary.bundleFile, bytes: zipBundleBytes(files, { data: wholeRows(tensor.set), shape: tensor.shape }) };
}

/** The loaded bundle's samples for another engine: `rows` (its stored tensor, posted by reference), the rest copies the receiver owns. */
export function getBundleDataset({ bundle, tensor }: LoadedBundle, rows: RowData): EncodedDataset {
  const { labels, classNames, sampleIds, split, layout } = bundle;
  return {
    tensor: rows,
    shape: { ...tensor.shape },
    mask: tensor.mask.slice(),
    sampleIds: sampleIds.slice(),
    labels: labels.slice(),
    classNames: classNames.slice(),
    roles: split.roles.slice(),
    codecSha256: layout.codecSha256,
  };
}
