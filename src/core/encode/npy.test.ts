import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isToolPresent, requireTool } from '../../testing/interop';
import { ParseError } from '../errors';
import { npyHeader, readNpy, writeNpy, type NpyData } from './npy';

const PYTHON = '/usr/bin/python3';
const itWithNumpy = requireTool('python3-numpy', isToolPresent(PYTHON, ['-c', 'import numpy']));

const samples: [string, NpyData, number[]][] = [
  ['<f4', Float32Array.from([1.5, -2.25, 3, 0, -0, 1e-30]), [2, 3]],
  ['<f8', Float64Array.from([Math.PI, -1e300]), [2]],
  ['|i1', Int8Array.from([-1, 0, 1, 2, 127, -128]), [3, 2, 1]],
  ['<i4', Int32Array.from([2 ** 31 - 1, -(2 ** 31), 5]), [3]],
  ['<i8', BigInt64Array.from([-1n, 2n ** 52n]), [2]],
  ['|u1', Uint8Array.from([0, 1, 255]), [3]],
  ['<f4', new Float32Array(0), [0, 4]],
];

describe('npy write and read', () => {
  it('round-trips every supported dtype and shape, with 64-byte aligned headers', () => {
    for (const [dtype, data, shape] of samples) {
      const bytes = writeNpy(data, shape);
      const header = npyHeader(dtype as never, shape);
      expect(header.length % 64).toBe(0);
      expect(bytes[6]).toBe(1);
      const back = readNpy(bytes, 'x.npy');
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(shape);
      expect(Array.from(back.data)).toEqual(Array.from(data as ArrayLike<number | bigint>, Number));
    }
  });

  it('reads a version 2.0 header and the <i1 spelling of int8', () => {
    const dict = "{'descr': '<i1', 'fortran_order': False, 'shape': (2,), }";
    const text = dict.padEnd(128 - 12 - 1, ' ') + '\n';
    const bytes = new Uint8Array(128 + 2);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0], 0);
    new DataView(bytes.buffer).setUint32(8, text.length, true);
    bytes.set(new TextEncoder().encode(text), 12);
    bytes.set([0xff, 0x07], 128);
    const back = readNpy(bytes);
    expect([back.dtype, Array.from(back.data as Int8Array)]).toEqual(['|i1', [-1, 7]]);
  });

  it('reads int64 as exact numbers and refuses values beyond ±2^53', () => {
    const back = readNpy(writeNpy(BigInt64Array.from([-1n, 2n ** 53n - 1n])));
    expect([back.dtype, Array.from(back.data)]).toEqual(['<i8', [-1, 2 ** 53 - 1]]);
    expect(() => readNpy(writeNpy(BigInt64Array.from([0n, 2n ** 53n + 1n])), 'big.npy')).toThrow(/big\.npy, byte \d+: int64 value 9007199254740993/);
  });

  it('names the file and the byte offset of every problem', () => {
    const good = writeNpy(Float32Array.from([1, 2, 3]));
    const expectError = (bytes: Uint8Array, pattern: RegExp, byteOffset: number): void => {
      try {
        readNpy(bytes, 'bad.npy');
        expect.unreachable('should have thrown');
      } catch (err) {
        expect(err).toBeInstanceOf(ParseError);
        expect((err as ParseError).message).toMatch(pattern);
        expect((err as ParseError).location).toEqual({ file: 'bad.npy', byteOffset });
      }
    };
    expectError(new Uint8Array([1, 2, 3]), /bad\.npy, byte 0: not a \.npy file/, 0);
    expectError(good.slice(0, good.length - 1), /needs 12 data bytes, the file has 11/, good.length - 12);
    const bigEndian = good.slice();
    bigEndian.set(new TextEncoder().encode('>'), bigEndian.indexOf(0x3c)); // '<' of '<f4'
    expectError(bigEndian, /dtype '>f4' is not supported/, 10);
    const fortran = new TextDecoder('latin1').decode(good).replace("'fortran_order': False", "'fortran_order': True ");
    expectError(Uint8Array.from(fortran, (ch) => ch.charCodeAt(0)), /Fortran-order/, 10);
    // Found by fuzzing: beside a 0 dimension the data size matches, so only this check refuses the rounded one.
    const huge = npyHeader('<f4', [2 ** 53, 0]);
    expectError(huge, /shape \(9007199254740992, 0\) has a dimension beyond 2\^53/, 10);
  });
});

describe('numpy interoperability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gdw-npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  itWithNumpy('numpy loads our files', () => {
    samples.forEach(([, data, shape], i) => writeFileSync(join(dir, `a${i}.npy`), writeNpy(data, shape)));
    const script = [
      'import json, sys, numpy as np',
      `out = [np.load(sys.argv[1] + f"/a{i}.npy") for i in range(${samples.length})]`,
      'print(json.dumps([[a.dtype.str, list(a.shape), [str(x) for x in a.ravel().tolist()]] for a in out]))',
    ].join('\n');
    const loaded = JSON.parse(execFileSync(PYTHON, ['-c', script, dir], { encoding: 'utf8' })) as [string, number[], string[]][];
    samples.forEach(([dtype, data, shape], i) => {
      expect(loaded[i][0]).toBe(dtype);
      expect(loaded[i][1]).toEqual(shape);
      expect(loaded[i][2].map(Number)).toEqual(Array.from(data as ArrayLike<number | bigint>, Number));
    });
  });

  itWithNumpy('we load files numpy wrote', () => {
    const script = [
      'import sys, numpy as np',
      'np.save(sys.argv[1] + "/f.npy", np.arange(24, dtype="<f4").reshape(2, 3, 4) / 8)',
      'np.save(sys.argv[1] + "/i.npy", np.array([-1, 0, 1], dtype="int8"))',
      'np.save(sys.argv[1] + "/l.npy", np.array([5, -7], dtype="int64"))',
    ].join('\n');
    execFileSync(PYTHON, ['-c', script, dir]);
    const f = readNpy(new Uint8Array(readFileSync(join(dir, 'f.npy'))), 'f.npy');
    expect(f.shape).toEqual([2, 3, 4]);
    expect(Array.from(f.data as Float32Array)).toEqual(Array.from({ length: 24 }, (_, i) => i / 8));
    expect(Array.from(readNpy(new Uint8Array(readFileSync(join(dir, 'i.npy')))).data as Int8Array)).toEqual([-1, 0, 1]);
    expect(Array.from(readNpy(new Uint8Array(readFileSync(join(dir, 'l.npy')))).data)).toEqual([5, -7]);
  });
});
