import { describe, expect, it } from 'vitest';
import { crc32Start, finishCrc32, updateCrc32 } from './crc32';

/** Bit by bit, straight from RFC 1952 §8: the reference the sliced tables must agree with. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const crcOf = (bytes: Uint8Array) => finishCrc32(updateCrc32(crc32Start, bytes));

describe('crc32', () => {
  it('gives the check value of "123456789" (0xcbf43926) and 0 for no bytes', () => {
    expect(crcOf(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crcOf(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the bitwise definition at every length 0–200, every alignment and across split updates', () => {
    const bytes = Uint8Array.from({ length: 4000 }, (_, i) => (i * 2654435761) >>> 24);
    // Lengths around the 64-byte word path and every alignment of its start.
    for (let n = 0; n <= 200; n++) expect(crcOf(bytes.subarray(0, n)), `length ${n}`).toBe(crc32(bytes.subarray(0, n)));
    for (let offset = 0; offset < 8; offset++) expect(crcOf(bytes.subarray(offset, offset + 999)), `offset ${offset}`).toBe(crc32(bytes.subarray(offset, offset + 999)));
    for (const cut of [1, 7, 8, 9, 1001]) {
      const split = finishCrc32(updateCrc32(updateCrc32(crc32Start, bytes.subarray(0, cut)), bytes.subarray(cut)));
      expect(split, `cut at ${cut}`).toBe(crc32(bytes));
    }
  });
});
