// A sample set as the metrics see it: `count` rows of `dims` float32 values, row-major (a gene
// tensor [N, G, C] flattened to [N, G·C]), in memory or read by range from a store set
// (core/store/rowData.ts), plus the per-row helpers every distance needs.
import { InvalidRequestError } from '../errors';
import { forEachRowBlock, gatherRows, valueCountOf, type RowData } from '../store/rowData';

/** `D`: Float32Array where the set is known to be in memory. */
export interface SampleRows<D extends RowData = RowData> {
  readonly data: D;
  readonly count: number;
  readonly dims: number;
  /** Names the set in error messages ("synthetic (unet-mlp)"). */
  readonly label?: string;
}

export function createSampleRows<D extends RowData>(data: D, count: number, dims: number, label?: string): SampleRows<D> {
  const set: SampleRows<D> = { data, count, dims, label };
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
  const values = valueCountOf(set.data);
  if (values !== set.count * set.dims) {
    throw new InvalidRequestError(
      `${name} holds ${values} values for ${set.count} rows × ${set.dims}; expected ${set.count * set.dims}`);
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
  const { dims } = set;
  forEachRowBlock(set.data, dims, set.count, (data, start, end) => {
    for (let i = start; i < end; i++) {
      const base = (i - start) * dims;
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
  });
  return norms;
}

/** Rows [start, end) with padded slots dropped and each row scaled to unit length (float32). */
export function packUnitRows(
  set: SampleRows, slots: Int32Array | null, norms: Float64Array, start: number, end: number,
): Float32Array {
  const width = slots ? slots.length : set.dims;
  const out = new Float32Array((end - start) * width);
  // A set in a store is read a block of rows at a time: the tile holds real slots only, its rows may not.
  forEachRowBlock(set.data, set.dims, end, (data, from, to) => {
    for (let i = from; i < to; i++) {
      const base = (i - from) * set.dims;
      const outBase = (i - start) * width;
      const scale = 1 / norms[i];
      if (slots) for (let s = 0; s < width; s++) out[outBase + s] = data[base + slots[s]] * scale;
      else for (let d = 0; d < width; d++) out[outBase + d] = data[base + d] * scale;
    }
  }, undefined, start);
  return out;
}

/** A new set in memory holding the given rows of `set`, in that order. */
export function selectRows(set: SampleRows, rows: ArrayLike<number>): SampleRows<Float32Array> {
  return { data: gatherRows(set.data, set.dims, rows), count: rows.length, dims: set.dims, label: set.label };
}
