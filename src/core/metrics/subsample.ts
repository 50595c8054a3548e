// Seeded subsampling without replacement, with what was drawn recorded (n of N, seed) so a metric
// computed on a subsample says so next to its number.
import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import type { RowData } from '../store/rowData';
import { selectRows, type SampleRows } from './sampleRows';

/** How a set was reduced before a metric, shown next to the metric. */
export interface SubsampleRecord {
  /** Rows used. */
  n: number;
  /** Rows available. */
  of: number;
  /** 'all': every row, in order; 'seeded': n rows drawn without replacement, kept in row order. */
  method: 'all' | 'seeded';
  seed: number | null;
  stream: number | null;
}

export interface Subsample<D extends RowData = RowData> {
  /** The set itself when every row is kept, else the drawn rows copied into memory. */
  rows: SampleRows<D | Float32Array>;
  /** Original row index of each kept row, ascending. */
  indices: Int32Array;
  record: SubsampleRecord;
}

/** n row indices of 0 … count−1 without replacement (partial Fisher–Yates), sorted ascending. */
export function drawRowIndices(count: number, n: number, seed: number, stream: number): Int32Array {
  if (!(Number.isInteger(n) && n >= 1 && n <= count)) {
    throw new InvalidRequestError(`a subsample of ${n} rows from ${count}; expected 1 to ${count}`);
  }
  const pool = new Int32Array(count);
  for (let i = 0; i < count; i++) pool[i] = i;
  const rng = createRng(seed, stream);
  for (let i = 0; i < n; i++) {
    const j = i + rng.nextInt(count - i);
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, n).sort();
}

/** Keeps at most n rows of `set`: all of them (unchanged) when n ≥ count, else a seeded draw. */
export function subsampleRows<D extends RowData>(set: SampleRows<D>, n: number, seed: number, stream: number): Subsample<D> {
  if (n >= set.count) {
    const indices = new Int32Array(set.count);
    for (let i = 0; i < set.count; i++) indices[i] = i;
    return { rows: set, indices, record: { n: set.count, of: set.count, method: 'all', seed: null, stream: null } };
  }
  const indices = drawRowIndices(set.count, n, seed, stream);
  return { rows: selectRows(set, indices), indices, record: { n, of: set.count, method: 'seeded', seed, stream } };
}
