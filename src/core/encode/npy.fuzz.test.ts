// readNpy fed FUZZ_RUNS generated files (mutations of valid .npy files of every dtype, headers
// of edge-case dtypes and shapes, random header text after the magic, random bytes): a well-formed
// array or a typed error, nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FuzzTally, fuzzSettings, mutate, mutations, randomText } from '../../testing/fuzz';
import { readNpy, writeNpy } from './npy';

const files = [
  writeNpy(Float32Array.from([0.5, -1, 2, 3, 4, 5]), [2, 3]),
  writeNpy(Float64Array.from([1, 2, 3])),
  writeNpy(Int8Array.from([0, 1, -1, 1]), [4, 1]),
  writeNpy(Int32Array.from([7, 8])),
  writeNpy(BigInt64Array.from([0n, 1n, 1n])),
  writeNpy(Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 1]), [2, 2, 2]),
  writeNpy(new Float32Array(0), [0, 8]),
];
const magic = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x40, 0x00);

/** A well-framed header whose descr and shape are drawn from valid and edge-case values, then data. */
const craftedHeader = fc.record({
  descr: fc.constantFrom('<f4', '<f8', '|i1', '<i8', '|b1', '>f4', '<f2', 'O'),
  dims: fc.array(fc.oneof(fc.nat(4).map(String), fc.constantFrom('0', '9007199254740993', '4294967296', '1e3', '-1', '2L', ' ')), { maxLength: 4 }),
  data: fc.uint8Array({ maxLength: 64 }),
}).map(({ descr, dims, data }) => {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''}), }`.padEnd(117, ' ') + '\n';
  return Uint8Array.of(...magic.subarray(0, 8), dict.length & 0xff, dict.length >> 8, ...new TextEncoder().encode(dict), ...data);
});

const input = fc.oneof(
  { weight: 3, arbitrary: craftedHeader },
  { weight: 7, arbitrary: fc.tuple(fc.nat(files.length - 1), mutations).map(([which, ms]) => mutate(files[which], ms)) },
  { weight: 2, arbitrary: randomText.map((text) => Uint8Array.of(...magic, ...new TextEncoder().encode("{'descr': '<f4', 'fortran_order': False, 'shape': ("), ...text)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 120 }) },
);

describe('readNpy fuzzing: only typed errors', () => {
  it('returns an array whose length is the product of its shape, or a ParseError', async () => {
    const tally = new FuzzTally('npy');
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      await tally.run(() => readNpy(bytes, 'm.npy'), ({ shape, data }) => {
        for (const d of shape) expect(Number.isSafeInteger(d) && d >= 0).toBe(true);
        expect(data.length).toBe(shape.reduce((a, b) => a * b, 1));
      });
    }), fuzzSettings(11));
    tally.report();
  });
});
