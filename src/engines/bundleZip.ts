// A dataset bundle loaded back into the Data panel: a zip (as exportBundle writes it, or a zipped
// `gdw encode` folder whose files sit in one top-level folder) unzipped and checked by readBundle.
// What the engine keeps has no dosages: codec, tensor, labels, split and sample ids only, so the
// bundle exports and serves its dataset again but cannot be re-encoded.
import type { ZipLimits } from '../core/archive/boundedUnzip';
import { collectZipBytes } from '../core/archive/zipChunks';
import {
  createBlobRandomAccess, createBytesRandomAccess, unzipSource, type RandomAccessSource,
} from '../core/archive/zipStreamReader';
import { getZipBytesBound, zipStream, type ZipPartsEntry } from '../core/archive/zipStreamWriter';
import { bundleFileNames, readBundle, type DatasetBundle } from '../core/encode/bundle';
import { explainedVarianceReport } from '../core/encode/codec';
import type { BundleFiles } from '../core/encode/codecFiles';
import { npyHeader } from '../core/encode/npy';
import { GdwError, ParseError, errorCodes, throwIfCancelled } from '../core/errors';
import { readChunks, type ByteSource } from '../core/genotype/byteSource';
import type { BundleEncodingSummary, BundleSummary, BundleZip, DataFileInput, EncodedDataset, IdentifiedFile } from './data';
import type { DataProgress } from './dataProgress';
import type { StoredTensor } from './encodeCohort';
import type { SampleStore } from './sampleStore';
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

/**
 * The zip's entries by name inside the bundle, read entry by entry (only the kept ones are held):
 * a single top-level folder is dropped from every name.
 */
async function unzipBundle(source: RandomAccessSource, run: BundleLoadRun, withProgress: boolean): Promise<BundleFiles> {
  const onProgress = (bytesRead: number, bytesTotal: number) => run.onProgress({ status: 'reading', bytesRead, bytesTotal });
  if (withProgress) onProgress(0, source.sizeBytes);
  const entries = await unzipSource(source, run.zipLimits ?? bundleZipLimits, {
    keep: (name) => !isArchiveNoise(name), advice: 'download the bundle again, or zip the folder that gdw encode wrote',
    signal: run.signal, ...(withProgress ? { onProgress } : {}),
  });
  // Skipped entries are never read, so the reads may end short of the file: the zip is read all the same.
  if (withProgress) onProgress(source.sizeBytes, source.sizeBytes);
  const names = Object.keys(entries);
  const folders = new Set(names.map((name) => name.slice(0, name.indexOf('/') + 1)));
  const prefix = folders.size === 1 ? [...folders][0] : '';
  return Object.fromEntries(names.map((name) => [name.slice(prefix.length), entries[name]]));
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

function describeEncoding(bundle: DatasetBundle, cohortId: number, bundleFile: string): BundleEncodingSummary {
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
    tensorBytes: bundle.tensor.data.length * 4,
    codecSettings: { ...codec.settings },
    splitSettings: layout.split.settings,
    codecSnps: layout.codec.variantCount,
  };
}

/**
 * Reads and checks a bundle zip; throws ParseError naming the zip (and the file inside) on any
 * fault. A RandomAccessSource (createBundleZipSource) is read entry by entry from its slices; a
 * ByteSource, which can only be streamed from its start, is read into memory first.
 */
export async function loadBundleZip(source: ByteSource | RandomAccessSource, run: BundleLoadRun): Promise<LoadedBundle> {
  const startMs = run.now();
  // 1. Its entries, with progress and cancel between reads.
  const files = isRandomAccess(source)
    ? await unzipBundle(source, run, true)
    : await unzipBundle(await readAll(source, run), run, false);
  // 2. The bundle they hold, with every shape and the codec hash checked.
  throwIfCancelled(run.signal, `reading ${source.name}`);
  const bundle = await readBundle(files).catch((err: unknown) => {
    throw inZip(source.name, err);
  });
  throwIfCancelled(run.signal, `reading ${source.name}`);
  // 3. The tensor is held once, in the store (shared memory to its budget, then its file), so every
  //    engine reads the same bytes; export writes tensor.npy from it again.
  const { tensor: parsed, ...rest } = bundle;
  const { shape, mask } = parsed;
  const set = run.store.createSet(run.setId, { dims: shape.genes * shape.channels, expectedRows: shape.batch });
  try {
    await set.append(parsed.data);
    set.finish();
  } catch (err) {
    await run.store.delete(run.setId);
    throw err;
  }
  const kept = { ...files };
  delete kept[bundleFileNames.tensor];
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
    encoding: describeEncoding(bundle, run.cohortId, source.name),
    loadMs: run.now() - startMs,
  };
  return { bundle: rest, tensor: { set, shape, mask }, files: kept, summary };
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
