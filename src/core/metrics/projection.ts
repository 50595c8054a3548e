// Optional seeded Gaussian random projection for very large sets: x ↦ x·R, R [D, r] with
// N(0, 1/r) entries (Johnson–Lindenstrauss), applied with tfjs matMul to unit rows with padding
// dropped. Angles survive only approximately, so every result built on it is labelled
// approximate and carries the distortion measured here: max and mean |d_proj − d_exact| over a
// seeded sample of pairs, both distances in float64 (angular.ts).
import * as tf from '@tensorflow/tfjs-core';
import { InvalidRequestError, throwIfCancelled } from '../errors';
import { createRng, fillNormal } from '../rng';
import { angularDistance64 } from './angular';
import { isInMemory, readRowRange } from '../store/rowData';
import { getRealSlots, getRowNorms, packUnitRows, type SampleRows } from './sampleRows';
import { metricStreams } from './streams';

export interface RandomProjectionOptions {
  /** Output dimensions r. */
  dims: number;
  seed: number;
  /** Pairs on which the distortion is measured (default 1000). */
  distortionPairs?: number;
}

export interface ProjectionDistortion {
  pairs: number;
  maxAbsError: number;
  meanAbsError: number;
}

export interface ProjectionSummary {
  method: 'gaussian-random-projection';
  /** Real slots projected (padding dropped first). */
  inputDims: number;
  outputDims: number;
  seed: number;
  distortion: ProjectionDistortion;
}

export type ProjectionProgress = { status: 'projecting'; rowsDone: number; rowsTotal: number };

export interface ProjectedSets {
  /** The projected sets, same rows in the same order, `outputDims` values each, no padding. */
  sets: SampleRows<Float32Array>[];
  summary: ProjectionSummary;
}

const DEFAULT_DISTORTION_PAIRS = 1000;
const CHUNK_ROWS = 512;

/** R [realDims, r]; row s is drawn from the address of its original slot, so it does not depend on the mask. */
function createProjectionMatrix(slots: Int32Array | null, dims: number, outputDims: number, seed: number): Float32Array {
  const width = slots ? slots.length : dims;
  const matrix = new Float32Array(width * outputDims);
  const scale = 1 / Math.sqrt(outputDims);
  for (let s = 0; s < width; s++) {
    fillNormal(matrix, s * outputDims, outputDims, { seed, stream: metricStreams.projection, sampleIndex: slots ? slots[s] : s, step: 0 });
  }
  for (let i = 0; i < matrix.length; i++) matrix[i] *= scale;
  return matrix;
}

async function projectOne(
  set: SampleRows, slots: Int32Array | null, matrix: tf.Tensor2D, outputDims: number, report: (rows: number) => void, signal?: AbortSignal,
): Promise<SampleRows<Float32Array>> {
  const norms = getRowNorms(set, slots);
  const width = slots ? slots.length : set.dims;
  const data = new Float32Array(set.count * outputDims);
  for (let start = 0; start < set.count; start += CHUNK_ROWS) {
    throwIfCancelled(signal, 'random projection');
    const end = Math.min(set.count, start + CHUNK_ROWS);
    const projected = tf.tidy(() => tf.matMul(tf.tensor2d(packUnitRows(set, slots, norms, start, end), [end - start, width]), matrix));
    try {
      data.set(await projected.data(), start * outputDims);
    } finally {
      projected.dispose();
    }
    report(end - start);
  }
  return { data, count: set.count, dims: outputDims, label: set.label };
}

/** Locates pooled row p across the sets: [set index, row]. */
function locate(sets: readonly SampleRows[], pooled: number): [number, number] {
  let row = pooled;
  for (let s = 0; s < sets.length; s++) {
    if (row < sets[s].count) return [s, row];
    row -= sets[s].count;
  }
  throw new RangeError(`pooled row ${pooled} out of range`);
}

/** `pairs` seeded pairs of distinct pooled rows (rows of all sets, in order), as [first, second]. */
export function sampleDistortionPairs(totalRows: number, pairs: number, seed: number): [number, number][] {
  if (totalRows < 2) return [];
  const rng = createRng(seed, metricStreams.distortionPairs);
  return Array.from({ length: pairs }, (): [number, number] => {
    const first = rng.nextInt(totalRows);
    return [first, (first + 1 + rng.nextInt(totalRows - 1)) % totalRows];
  });
}

/** max / mean |d_proj − d_exact| over the seeded pairs of `sampleDistortionPairs`. */
export function measureDistortion(
  original: readonly SampleRows[], projected: readonly SampleRows[], mask: Uint8Array | null | undefined, pairs: number, seed: number,
): ProjectionDistortion {
  const slots = getRealSlots(mask, original[0].dims);
  const drawn = sampleDistortionPairs(original.reduce((sum, set) => sum + set.count, 0), pairs, seed);
  if (drawn.length === 0) return { pairs: 0, maxAbsError: 0, meanAbsError: 0 };
  const normsOriginal = original.map((set) => getRowNorms(set, slots));
  const normsProjected = projected.map((set) => getRowNorms(set, null));
  const row = (set: SampleRows, i: number) => readRowRange(set.data, set.dims, i, i + 1, isInMemory(set.data) ? undefined : new Float32Array(set.dims));
  const distance = (sets: readonly SampleRows[], norms: Float64Array[], s: Int32Array | null, [si, i]: number[], [sj, j]: number[]) =>
    angularDistance64(row(sets[si], i), 0, norms[si][i], row(sets[sj], j), 0, norms[sj][j], s, sets[si].dims);
  let maxAbsError = 0;
  let sumAbsError = 0;
  for (const [first, second] of drawn) {
    const [x, y] = [locate(original, first), locate(original, second)];
    const error = Math.abs(distance(projected, normsProjected, null, x, y) - distance(original, normsOriginal, slots, x, y));
    maxAbsError = Math.max(maxAbsError, error);
    sumAbsError += error;
  }
  return { pairs: drawn.length, maxAbsError, meanAbsError: sumAbsError / drawn.length };
}

/** Projects every set with one shared seeded R and measures the distortion on the pooled rows. */
export async function projectSets(
  sets: readonly SampleRows[], mask: Uint8Array | null | undefined, options: RandomProjectionOptions,
  signal?: AbortSignal, onProgress?: (progress: ProjectionProgress) => void,
): Promise<ProjectedSets> {
  const { dims: outputDims, seed } = options;
  if (!(Number.isInteger(outputDims) && outputDims >= 1)) {
    throw new InvalidRequestError(`projection to ${outputDims} dimensions; expected a positive integer`);
  }
  if (sets.length === 0) throw new InvalidRequestError('no sample set to project');
  const slots = getRealSlots(mask, sets[0].dims);
  await tf.ready();
  const matrix = tf.tensor2d(createProjectionMatrix(slots, sets[0].dims, outputDims, seed), [slots ? slots.length : sets[0].dims, outputDims]);
  const rowsTotal = sets.reduce((sum, set) => sum + set.count, 0);
  let rowsDone = 0;
  const report = (rows: number): void => onProgress?.({ status: 'projecting', rowsDone: (rowsDone += rows), rowsTotal });
  const projected: SampleRows<Float32Array>[] = [];
  try {
    for (const set of sets) projected.push(await projectOne(set, slots, matrix, outputDims, report, signal));
  } finally {
    matrix.dispose();
  }
  const distortion = measureDistortion(sets, projected, mask, options.distortionPairs ?? DEFAULT_DISTORTION_PAIRS, seed);
  return {
    sets: projected,
    summary: { method: 'gaussian-random-projection', inputDims: slots ? slots.length : sets[0].dims, outputDims, seed, distortion },
  };
}
