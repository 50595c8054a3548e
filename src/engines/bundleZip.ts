// A dataset bundle loaded back into the Data panel: a zip (as exportBundle writes it, or a zipped
// `gdw encode` folder whose files sit in one top-level folder) unzipped and checked by readBundle.
// What the engine keeps has no dosages: codec, tensor, labels, split and sample ids only, so the
// bundle exports and serves its dataset again but cannot be re-encoded.
import { zipSync } from 'fflate';
import { boundedUnzip, type ZipLimits } from '../core/archive/boundedUnzip';
import { bundleFileNames, readBundle, type DatasetBundle } from '../core/encode/bundle';
import { explainedVarianceReport } from '../core/encode/codec';
import type { BundleFiles } from '../core/encode/codecFiles';
import { writeNpy } from '../core/encode/npy';
import { GdwError, ParseError, errorCodes, throwIfCancelled } from '../core/errors';
import { readChunks, type ByteSource } from '../core/genotype/byteSource';
import type { BundleEncodingSummary, BundleSummary, BundleZip, EncodedDataset, IdentifiedFile } from './data';
import type { DataProgress } from './dataProgress';

/** A bundle as the engine holds it. */
export interface LoadedBundle {
  bundle: DatasetBundle;
  /** Every file of the bundle but tensor.npy (held once, as bundle.tensor), byte for byte as read. */
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
}

const gibibyte = 2 ** 30;

/**
 * A bundle holds one large tensor.npy (the paper's 10,405 × 18,432 × 8 float32 is 6.1 GB) beside a
 * few small files; these limits admit that and refuse an archive that claims more.
 */
export const bundleZipLimits: ZipLimits = { maxEntries: 1000, maxEntryBytes: 8 * gibibyte, maxTotalBytes: 16 * gibibyte };

/** Folders and files that archivers add beside the content (macOS resource forks, .DS_Store). */
const isArchiveNoise = (name: string): boolean => name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\./.test(name);

async function readAll(source: ByteSource, run: BundleLoadRun): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  run.onProgress({ status: 'reading', bytesRead: 0, bytesTotal: source.size ?? null });
  const onProgress = (bytesRead: number, bytesTotal?: number) => run.onProgress({ status: 'reading', bytesRead, bytesTotal: bytesTotal ?? null });
  for await (const chunk of readChunks(source, { signal: run.signal, onProgress })) parts.push(chunk);
  if (parts.length === 1) return parts[0];
  const bytes = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  return bytes;
}

/** The zip's entries by name inside the bundle: a single top-level folder is dropped from every name. */
function unzipBundle(zipName: string, bytes: Uint8Array, limits: ZipLimits): BundleFiles {
  const entries = boundedUnzip(bytes, zipName, limits, {
    keep: (name) => !isArchiveNoise(name), advice: 'download the bundle again, or zip the folder that gdw encode wrote',
  });
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
    tensorBytes: bundle.tensor.data.byteLength,
    codecSettings: { ...codec.settings },
    splitSettings: layout.split.settings,
    codecSnps: layout.codec.variantCount,
  };
}

/** Reads and checks a bundle zip; throws ParseError naming the zip (and the file inside) on any fault. */
export async function loadBundleZip(source: ByteSource, run: BundleLoadRun): Promise<LoadedBundle> {
  const startMs = run.now();
  // 1. The zip's bytes, with progress and cancel between chunks.
  const bytes = await readAll(source, run);
  // 2. Its entries, and the bundle they hold, with every shape and the codec hash checked.
  const files = unzipBundle(source.name, bytes, run.zipLimits ?? bundleZipLimits);
  throwIfCancelled(run.signal, `reading ${source.name}`);
  const bundle = await readBundle(files).catch((err: unknown) => {
    throw inZip(source.name, err);
  });
  throwIfCancelled(run.signal, `reading ${source.name}`);
  // 3. The tensor is held once, parsed; export writes tensor.npy from it again.
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
  return { bundle, files: kept, summary };
}

/** The loaded bundle as a zip again: the same files, tensor.npy rewritten from the held tensor. */
export function zipLoadedBundle({ bundle, files, summary }: LoadedBundle): BundleZip {
  const { data, shape } = bundle.tensor;
  const tensorNpy = writeNpy(data, [shape.batch, shape.genes, shape.channels]);
  return { fileName: summary.bundleFile, bytes: zipSync({ ...files, [bundleFileNames.tensor]: tensorNpy }) };
}

/** The loaded bundle's samples for another engine: copies the receiver owns. */
export function getBundleDataset({ bundle }: LoadedBundle): EncodedDataset {
  const { tensor, labels, classNames, sampleIds, split, layout } = bundle;
  return {
    tensor: tensor.data.slice(),
    shape: { ...tensor.shape },
    mask: tensor.mask.slice(),
    sampleIds: sampleIds.slice(),
    labels: labels.slice(),
    classNames: classNames.slice(),
    roles: split.roles.slice(),
    codecSha256: layout.codecSha256,
  };
}
