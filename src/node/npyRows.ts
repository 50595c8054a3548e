// A float32 .npy tensor [N, …] read by row range where it lies on disk: the CLI's view of a
// bundle's tensor.npy, so a cohort larger than memory (the paper's 10,405 × 18,432 × 8 is
// 6.1 GB) is never read whole — and never into one buffer, which Node caps at 2 GiB.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readNpyHeader } from '../core/encode/npy';
import { ParseError, RuntimeFailureError } from '../core/errors';
import type { RowReader } from '../core/store/rowData';

/** Bytes read for the header: NumPy pads it to 64-byte blocks; 64 KiB covers any shape. */
const HEADER_PROBE_BYTES = 64 * 1024;

export interface NpyRowFile extends RowReader {
  /** The shape in the header. */
  readonly shape: number[];
  close(): void;
}

/**
 * Opens `path` as rows of `shape[1] × … ` float32 values, checking the header against `expected`
 * (the bundle's layout); errors name the file (`name`) and the byte.
 */
export function openNpyRows(path: string, name: string, expected: readonly number[]): NpyRowFile {
  const fd = openSync(path, 'r');
  try {
    const probe = Buffer.alloc(HEADER_PROBE_BYTES);
    const got = readSync(fd, probe, 0, probe.length, 0);
    const header = readNpyHeader(new Uint8Array(probe.buffer, probe.byteOffset, got), name);
    if (header.dtype !== '<f4') throw new ParseError(`${name}: expected dtype <f4, found ${header.dtype}`, { file: name });
    if (header.shape.length !== expected.length || header.shape.some((d, i) => d !== expected[i])) {
      throw new ParseError(`${name}: expected shape [${expected.join(', ')}] (layout.json), found [${header.shape.join(', ')}]`, { file: name });
    }
    const [rows, ...rest] = header.shape;
    const dims = rest.reduce((a, b) => a * b, 1);
    const needed = header.dataOffset + rows * dims * 4;
    const size = fstatSync(fd).size;
    if (size < needed) {
      throw new ParseError(`${name}, byte ${header.dataOffset}: shape [${header.shape.join(', ')}] needs ${needed - header.dataOffset} data bytes, the file has ${size - header.dataOffset}`,
        { file: name, byteOffset: header.dataOffset });
    }
    return createReader(fd, name, header.shape, header.dataOffset, rows, dims);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

function createReader(fd: number, name: string, shape: number[], dataOffset: number, rows: number, dims: number): NpyRowFile {
  let open = true;
  return {
    rows, dims, shape,
    readRows(start, end, into) {
      if (!open) throw new RuntimeFailureError(`${name} was closed`);
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= rows)) {
        throw new RangeError(`${name}: rows ${start}–${end} outside 0–${rows}`);
      }
      const length = (end - start) * dims;
      const out = into ? into.subarray(0, length) : new Float32Array(length);
      const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      const at = dataOffset + start * dims * 4;
      for (let done = 0; done < bytes.length;) {
        const got = readSync(fd, bytes, done, bytes.length - done, at + done);
        if (got <= 0) throw new RuntimeFailureError(`${name}: the file ends at byte ${at + done}, before rows ${start}–${end}; it was changed while open`);
        done += got;
      }
      return out;
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
