// tensor.npy read by row range where it lies: the same values as reading the whole file, header
// checks that name the file, and a tensor past Node's 2 GiB buffer cap (a sparse file) read at its end.
import { closeSync, openSync, writeSync, ftruncateSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npyHeader, readNpy, writeNpy } from '../core/encode/npy';
import { ParseError } from '../core/errors';
import { openNpyRows } from './npyRows';

describe('openNpyRows', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gdw-npy-rows-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads any row range exactly as the whole file reads, into a buffer or a new array', async () => {
    const data = Float32Array.from({ length: 7 * 3 * 2 }, (_, i) => i * 0.25 - 3);
    const path = join(dir, 'tensor.npy');
    await writeFile(path, writeNpy(data, [7, 3, 2]));
    const whole = readNpy(writeNpy(data, [7, 3, 2])).data as Float32Array;
    const rows = openNpyRows(path, 'tensor.npy', [7, 3, 2]);
    try {
      expect([rows.rows, rows.dims, rows.shape]).toEqual([7, 6, [7, 3, 2]]);
      expect(Array.from(rows.readRows(0, 7))).toEqual(Array.from(whole));
      const buffer = new Float32Array(3 * 6).fill(NaN);
      expect(Array.from(rows.readRows(2, 4, buffer))).toEqual(Array.from(whole.subarray(12, 24)));
      expect(buffer[12]).toBeNaN();
      expect(rows.readRows(5, 5).length).toBe(0);
      expect(() => rows.readRows(6, 8)).toThrow(/rows 6–8 outside 0–7/);
    } finally {
      rows.close();
    }
    expect(() => rows.readRows(0, 1)).toThrow(/closed/);
  });

  it('refuses another shape, dtype or a cut file, naming the file', async () => {
    const path = join(dir, 'bad.npy');
    await writeFile(path, writeNpy(new Float32Array(12), [2, 3, 2]));
    expect(() => openNpyRows(path, 'tensor.npy', [2, 4, 2])).toThrow(/tensor\.npy: expected shape \[2, 4, 2\] \(layout\.json\), found \[2, 3, 2\]/);
    await writeFile(path, writeNpy(new Float64Array(12), [2, 3, 2]));
    expect(() => openNpyRows(path, 'tensor.npy', [2, 3, 2])).toThrow(/expected dtype <f4, found <f8/);
    await writeFile(path, writeNpy(new Float32Array(12), [2, 3, 2]).subarray(0, 140));
    expect(() => openNpyRows(path, 'tensor.npy', [2, 3, 2])).toThrow(ParseError);
    expect(() => openNpyRows(path, 'tensor.npy', [2, 3, 2])).toThrow(/tensor\.npy, byte \d+: shape \[2, 3, 2\] needs 48 data bytes, the file has \d+/);
  });

  it('reads rows past 2 GiB, where one buffer of the whole file cannot exist', async () => {
    // [600, 1,000,000] float32 = 2.4 GB: a sparse file (zeros) with one row written at its end.
    const [count, dims] = [600, 1_000_000];
    const path = join(dir, 'large.npy');
    const header = npyHeader('<f4', [count, dims]);
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, header, 0, header.length, 0);
      ftruncateSync(fd, header.length + count * dims * 4);
      const last = Float32Array.from({ length: dims }, (_, i) => i % 7);
      writeSync(fd, new Uint8Array(last.buffer), 0, last.byteLength, header.length + (count - 1) * dims * 4);
    } finally {
      closeSync(fd);
    }
    const rows = openNpyRows(path, 'large.npy', [count, dims]);
    try {
      const end = rows.readRows(count - 2, count);
      expect(end.subarray(0, dims).every((v) => v === 0)).toBe(true);
      expect(Array.from(end.subarray(dims, dims + 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1, 2]);
    } finally {
      rows.close();
    }
  });
});
