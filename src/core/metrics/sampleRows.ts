// A sample set as the metrics see it: `count` rows of `dims` float32 values, row-major (a gene
// tensor [N, G, C] flattened to [N, G·C]), plus the per-row helpers every distance needs.
import { InvalidRequestError } from '../errors';

export interface SampleRows {
  readonly data: Float32Array;
  readonly count: number;
  readonly dims: number;
  /** Names the set in error messages ("synthetic (unet-mlp)"). */
  readonly label?: string;
}

export function createSampleRows(data: Float32Array, count: number, dims: number, label?: string): SampleRows {
  const set: SampleRows = { data, count, dims, label };
  checkSampleRows(set);
  return set;
}

export function describeSet(set: SampleRows, fallback = 'sample set'): string {
  return set.label ?? fallback;
}

export function checkSampleRows(set: SampleRows, fallback?: string): void {
  const name = describeSet(set, fallback);
  if (!(Number.isInteger(set.count) && set.count >= 1)) {
    throw new InvalidRequestError(`${name} has ${set.count} rows; expected at least 1`);
  }
  if (!(Number.isInteger(set.dims) && set.dims >= 1)) {
    throw new InvalidRequestError(`${name} has ${set.dims} values per row; expected at least 1`);
  }
  if (set.data.length !== set.count * set.dims) {
    throw new InvalidRequestError(
      `${name} holds ${set.data.length} values for ${set.count} rows × ${set.dims}; expected ${set.count * set.dims}`);
  }
}

/** Indices of the real slots (mask[d] = 1); null when every slot is real (no mask). */
export function getRealSlots(mask: Uint8Array | null | undefined, dims: number): Int32Array | null {
  if (!mask) return null;
  if (mask.length !== dims) {
    throw new InvalidRequestError(`the padding mask has ${mask.length} slots; the samples have ${dims}`);
  }
  const slots: number[] = [];
  for (let d = 0; d < dims; d++) if (mask[d]) slots.push(d);
  if (slots.length === 0) throw new InvalidRequestError('the padding mask marks no slot as real');
  return slots.length === dims ? null : Int32Array.from(slots);
}

/**
 * Float64 Euclidean norm of every row over the real slots. A row with norm 0 (or a non-finite
 * value) has no direction, so its angular distance is undefined: that is an error, not a 0.
 */
export function getRowNorms(set: SampleRows, slots: Int32Array | null): Float64Array {
  const norms = new Float64Array(set.count);
  const { data, dims } = set;
  for (let i = 0; i < set.count; i++) {
    const base = i * dims;
    let sum = 0;
    if (slots) for (let s = 0; s < slots.length; s++) sum += data[base + slots[s]] ** 2;
    else for (let d = 0; d < dims; d++) sum += data[base + d] ** 2;
    const norm = Math.sqrt(sum);
    if (!(norm > 0 && Number.isFinite(norm))) {
      const what = norm === 0 ? 'is zero on every real slot' : 'contains a non-finite value';
      throw new InvalidRequestError(`row ${i} of ${describeSet(set)} ${what}; the angular distance is undefined for it`);
    }
    norms[i] = norm;
  }
  return norms;
}

/** Rows [start, end) with padded slots dropped and each row scaled to unit length (float32). */
export function packUnitRows(
  set: SampleRows, slots: Int32Array | null, norms: Float64Array, start: number, end: number,
): Float32Array {
  const width = slots ? slots.length : set.dims;
  const out = new Float32Array((end - start) * width);
  for (let i = start; i < end; i++) {
    const base = i * set.dims;
    const outBase = (i - start) * width;
    const scale = 1 / norms[i];
    if (slots) for (let s = 0; s < width; s++) out[outBase + s] = set.data[base + slots[s]] * scale;
    else for (let d = 0; d < width; d++) out[outBase + d] = set.data[base + d] * scale;
  }
  return out;
}

/** A new set holding the given rows of `set`, in that order. */
export function selectRows(set: SampleRows, rows: ArrayLike<number>): SampleRows {
  const data = new Float32Array(rows.length * set.dims);
  for (let r = 0; r < rows.length; r++) {
    data.set(set.data.subarray(rows[r] * set.dims, (rows[r] + 1) * set.dims), r * set.dims);
  }
  return { data, count: rows.length, dims: set.dims, label: set.label };
}
