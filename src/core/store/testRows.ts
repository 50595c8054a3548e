// Tests only: a RowReader over rows held in memory that counts what is read, so a test can check
// that a set read through a store gives the same numbers and is never read whole.
import { readRowRange, type RowReader } from './rowData';

export interface CountingReader extends RowReader {
  /** Rows read so far, over every call. */
  rowsRead: number;
  /** The most rows one call read. */
  largestRead: number;
}

export function countingReader(data: Float32Array, rows: number, dims: number): CountingReader {
  const reader: CountingReader = {
    rows, dims, rowsRead: 0, largestRead: 0,
    readRows(start, end, into) {
      reader.rowsRead += end - start;
      reader.largestRead = Math.max(reader.largestRead, end - start);
      return readRowRange(data, dims, start, end, into ?? new Float32Array((end - start) * dims));
    },
  };
  return reader;
}
