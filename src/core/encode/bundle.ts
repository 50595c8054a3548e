// The dataset bundle (issue 3, part 4): everything a training script or the app needs, as a
// map {file name → bytes} that the browser zips and Node writes as a folder. numpy reads it:
//   x = np.load('tensor.npy')            # [N, G, C] float32, padded slots exactly 0
//   y = np.load('labels.npy')            # int8 or int64, −1 = no label
//   split = np.load('split.npy')         # uint8: 0 train, 1 holdout, 2 excluded (unlabelled)
//   layout = json.load(open('layout.json'))  # genes, mask [G][C], settings, codecSha256
// The codec files (codecFiles.ts) decode a tensor back to dosages: x̂ = (s·t + m)·Wᵀ + μ.

import { InvalidRequestError, ParseError } from '../errors';
import type { Cohort } from '../genotype/types';
import type { GeneAssignment } from './assign';
import type { GeneCodec } from './codec';
import {
  checkBundleNpyHeader, codecFromFiles, codecSha256, codecToFiles, readBundleNpy, requireFile,
  type BundleFiles, type CodecLayout,
} from './codecFiles';
import { checkLayoutShape } from './layoutCheck';
import { npyHeader, writeNpy, type NpyDtype, type NpyHeader } from './npy';
import { sampleRoles, splitFromRoles, type SampleSplit } from './split';
import { encodeInChunks, type EncodedTensor } from './transform';

export const bundleFileNames = {
  tensor: 'tensor.npy',
  labels: 'labels.npy',
  split: 'split.npy',
  samples: 'samples.txt',
  layout: 'layout.json',
} as const;

export const BUNDLE_FORMAT = 'gdw-dataset-bundle';
export const BUNDLE_VERSION = 1;

/** layout.json: the codec layout plus what describes this set of samples. */
export interface BundleLayout extends CodecLayout {
  format: typeof BUNDLE_FORMAT;
  version: number;
  sampleCount: number;
  tensor: { file: string; dtype: 'float32'; shape: [number, number, number]; order: 'NGC' };
  labels: { file: string; dtype: 'int8' | 'int64'; classNames: string[]; missing: -1 };
  split: {
    file: string;
    roles: { train: 0; holdout: 1; excluded: 2 };
    counts: { train: number; holdout: number; excluded: number };
    settings: SampleSplit['settings'] | null;
  };
  assignment: Omit<GeneAssignment, 'genes' | 'snpsPerGene'> | null;
  codecSha256: string;
}

export interface BundleInput {
  codec: GeneCodec;
  /**
   * The encoded samples, in the order of sampleIds. Leave it out for a cohort too large for
   * one buffer: the map then lacks tensor.npy and the caller streams tensorNpyChunks into it.
   */
  tensor?: EncodedTensor;
  sampleIds: string[];
  /** Class per sample, −1 missing; null when there is no phenotype. */
  labels: Int8Array | null;
  classNames: string[];
  /** The split the codec was fitted with; roles per sample. */
  split: Pick<SampleSplit, 'roles'> & Partial<Pick<SampleSplit, 'settings'>>;
  assignment?: GeneAssignment;
  /** labels.npy element type: int8 (default) or int64 (what PyTorch's cross-entropy takes). */
  labelDtype?: 'int8' | 'int64';
}

export interface DatasetBundle {
  layout: BundleLayout;
  codec: GeneCodec;
  tensor: EncodedTensor;
  sampleIds: string[];
  labels: Int8Array;
  classNames: string[];
  split: ReturnType<typeof splitFromRoles>;
}

function checkInput(input: BundleInput): void {
  const n = input.sampleIds.length;
  const { geneSlots, componentsPerGene } = input.codec.settings;
  const { batch, genes, channels } = input.tensor?.shape ?? { batch: n, genes: geneSlots, channels: componentsPerGene };
  const problems = [
    batch !== n && `the tensor has ${batch} samples, sampleIds ${n}`,
    (genes !== geneSlots || channels !== componentsPerGene) && `the tensor is [${batch}, ${genes}, ${channels}], the codec [N, ${geneSlots}, ${componentsPerGene}]`,
    input.labels && input.labels.length !== n && `${input.labels.length} labels for ${n} samples`,
    input.split.roles.length !== n && `${input.split.roles.length} split roles for ${n} samples`,
    input.sampleIds.some((id) => /[\n\r]/.test(id)) && 'a sample id contains a line break',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new InvalidRequestError(`cannot bundle: ${problems.join('; ')}`);
}

function countRoles(roles: Uint8Array): BundleLayout['split']['counts'] {
  const counts = { train: 0, holdout: 0, excluded: 0 };
  for (const r of roles) {
    if (r === sampleRoles.holdout) counts.holdout++;
    else if (r === sampleRoles.excluded) counts.excluded++;
    else counts.train++;
  }
  return counts;
}

function labelsNpy(labels: Int8Array, dtype: 'int8' | 'int64'): Uint8Array {
  return dtype === 'int64' ? writeNpy(BigInt64Array.from(labels, (x) => BigInt(x))) : writeNpy(labels);
}

/** Builds every file of the bundle; layout.json carries the codec hash. */
export async function createBundle(input: BundleInput): Promise<BundleFiles> {
  checkInput(input);
  const n = input.sampleIds.length;
  const labels = input.labels ?? new Int8Array(n).fill(-1);
  const labelDtype = input.labelDtype ?? 'int8';
  const { layout: codecLayout, files } = codecToFiles(input.codec);
  const { geneSlots, componentsPerGene } = input.codec.settings;
  const assignment = input.assignment ? (({ genes: _g, snpsPerGene: _s, ...rest }) => rest)(input.assignment) : null;
  const layout: BundleLayout = {
    format: BUNDLE_FORMAT, version: BUNDLE_VERSION, sampleCount: n, ...codecLayout,
    tensor: { file: bundleFileNames.tensor, dtype: 'float32', shape: [n, geneSlots, componentsPerGene], order: 'NGC' },
    labels: { file: bundleFileNames.labels, dtype: labelDtype, classNames: input.classNames, missing: -1 },
    split: { file: bundleFileNames.split, roles: sampleRoles, counts: countRoles(input.split.roles), settings: input.split.settings ?? null },
    assignment,
    codecSha256: await codecSha256(codecLayout, files),
  };
  return {
    ...files,
    ...(input.tensor ? { [bundleFileNames.tensor]: writeNpy(input.tensor.data, layout.tensor.shape) } : {}),
    [bundleFileNames.labels]: labelsNpy(labels, labelDtype),
    [bundleFileNames.split]: writeNpy(input.split.roles),
    [bundleFileNames.samples]: new TextEncoder().encode(input.sampleIds.map((id) => `${id}\n`).join('')),
    [bundleFileNames.layout]: new TextEncoder().encode(JSON.stringify(layout, null, 1) + '\n'),
  };
}

function parseLayout(files: BundleFiles): BundleLayout {
  const file = bundleFileNames.layout;
  let layout: BundleLayout;
  try {
    layout = JSON.parse(new TextDecoder().decode(requireFile(files, file))) as BundleLayout;
  } catch (err) {
    throw new ParseError(`${file} is not valid JSON: ${(err as Error).message}`, { file });
  }
  if (layout?.format !== BUNDLE_FORMAT) throw new ParseError(`${file}: expected "format": "${BUNDLE_FORMAT}"`, { file });
  if (layout.version !== BUNDLE_VERSION) {
    // JSON.stringify: a parsed object with an own toString that is not a function breaks `${…}`.
    throw new ParseError(`${file}: bundle version ${JSON.stringify(layout.version)} is not supported (expected ${BUNDLE_VERSION})`, { file });
  }
  checkLayoutShape(layout, file);
  return layout;
}

/** Loads only the codec of a bundle (layout.json and the codec files), checking its hash. */
export async function readCodecBundle(files: BundleFiles): Promise<{ layout: BundleLayout; codec: GeneCodec }> {
  const layout = parseLayout(files);
  const codec = codecFromFiles(layout, files);
  const sha = await codecSha256(layout, files);
  if (sha !== layout.codecSha256) {
    throw new ParseError(`layout.json: codecSha256 is ${layout.codecSha256} but the codec files hash to ${sha}: `
      + 'the bundle was changed or is incomplete', { file: bundleFileNames.layout });
  }
  return { layout, codec };
}

function readLabels(files: BundleFiles, n: number): Int8Array {
  const raw = readBundleNpy(files, bundleFileNames.labels, ['|i1', '<i8'], n);
  const bad = raw.findIndex((x: number) => x < -1 || x > 127);
  if (bad >= 0) throw new ParseError(`labels.npy: label ${raw[bad]} of sample ${bad} is outside −1 … 127`, { file: bundleFileNames.labels });
  return Int8Array.from(raw);
}

/** A bundle without its tensor: what a reader that takes tensor.npy by row range needs besides it. */
export type BundleMetadata = Omit<DatasetBundle, 'tensor'> & { tensorShape: EncodedTensor['shape']; mask: EncodedTensor['mask'] };

/** Reads every file of a bundle except tensor.npy (which may be absent from `files`). */
export async function readBundleMetadata(files: BundleFiles): Promise<BundleMetadata> {
  const { layout, codec } = await readCodecBundle(files);
  const n = layout.sampleCount;
  const roles = readBundleNpy(files, bundleFileNames.split, ['|u1'], n) as Uint8Array;
  const badRole = roles.findIndex((r) => r > sampleRoles.excluded);
  if (badRole >= 0) {
    throw new ParseError(`split.npy: sample ${badRole} has role ${roles[badRole]}; expected 0 train, 1 holdout or 2 excluded`,
      { file: bundleFileNames.split });
  }
  const sampleIds = new TextDecoder().decode(requireFile(files, bundleFileNames.samples)).split(/\r?\n/);
  if (sampleIds[sampleIds.length - 1] === '') sampleIds.pop();
  if (sampleIds.length !== n) throw new ParseError(`samples.txt: expected ${n} sample ids (layout.json), found ${sampleIds.length}`, { file: bundleFileNames.samples });
  return {
    layout, codec, sampleIds, classNames: layout.labels.classNames, labels: readLabels(files, n), split: splitFromRoles(roles),
    tensorShape: { batch: n, genes: layout.geneSlots, channels: layout.componentsPerGene }, mask: codec.mask,
  };
}

/** tensor.npy's element type: float32, little-endian. */
const tensorDtypes: NpyDtype[] = ['<f4'];
const tensorDims = ({ batch, genes, channels }: EncodedTensor['shape']): number[] => [batch, genes, channels];

/**
 * A streamed tensor.npy's header against the bundle's shape (readBundleMetadata's tensorShape):
 * the check readBundle makes on the whole file, with its errors.
 */
export function checkTensorNpyHeader(header: Pick<NpyHeader, 'dtype' | 'shape'>, shape: EncodedTensor['shape']): void {
  checkBundleNpyHeader(bundleFileNames.tensor, header, tensorDtypes, tensorDims(shape));
}

/** Loads a whole bundle back, validating every shape against layout.json. */
export async function readBundle(files: BundleFiles): Promise<DatasetBundle> {
  const { tensorShape: shape, mask, ...metadata } = await readBundleMetadata(files);
  const data = readBundleNpy(files, bundleFileNames.tensor, tensorDtypes, tensorDims(shape)) as Float32Array;
  return { ...metadata, tensor: { data, shape, mask } };
}

/**
 * tensor.npy as a stream of byte chunks: the header, then one encoded chunk of samples at a
 * time, so a cohort larger than one ArrayBuffer is written with [chunkSamples, G, C] in memory
 * (in Node: writeChunksToFile(join(dir, 'tensor.npy'), tensorNpyChunks(…)) from src/node).
 */
export function* tensorNpyChunks(
  codec: GeneCodec, cohort: Cohort, sampleIdx?: ArrayLike<number>, chunkSamples = 1024,
): Generator<Uint8Array> {
  const n = sampleIdx ? sampleIdx.length : cohort.sampleIds.length;
  yield npyHeader('<f4', [n, codec.settings.geneSlots, codec.settings.componentsPerGene]);
  for (const { tensor } of encodeInChunks(codec, cohort, sampleIdx, chunkSamples)) {
    yield new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  }
}
