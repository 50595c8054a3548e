// CRC-32 as gzip stores it (polynomial 0xedb88320, RFC 1952 §8), sliced by 16: sixteen table
// lookups per 16 bytes read as four 32-bit words, instead of one lookup per byte, because the
// gzip member check runs over every decompressed byte (fflate computes it too but keeps it).

/** Sixteen 256-entry tables: entry k·256 + n is the CRC of byte n followed by k zero bytes. */
const tables = (() => {
  const t = new Int32Array(16 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 16; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  }
  return t;
})();

/** Word reads assume little-endian byte order, as on every platform the workbench runs on. */
const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The running value to start from; finish with `finishCrc32`. */
export const crc32Start = 0xffffffff;

function updateBytes(crc: number, bytes: Uint8Array, from: number, to: number): number {
  const t = tables;
  let c = crc;
  for (let i = from; i < to; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c;
}

/** Updates a running CRC-32 with `bytes`. */
export function updateCrc32(crc: number, bytes: Uint8Array): number {
  const t = tables;
  if (!littleEndian || bytes.length < 64) return updateBytes(crc | 0, bytes, 0, bytes.length) >>> 0;
  const head = (4 - (bytes.byteOffset & 3)) & 3;
  let c = updateBytes(crc | 0, bytes, 0, head);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, (bytes.length - head) >> 2);
  const end = words.length - (words.length & 3);
  for (let w = 0; w < end; w += 4) {
    const a = c ^ words[w];
    const b = words[w + 1];
    const d = words[w + 2];
    const e = words[w + 3];
    c = t[3840 + (a & 0xff)] ^ t[3584 + ((a >>> 8) & 0xff)] ^ t[3328 + ((a >>> 16) & 0xff)] ^ t[3072 + (a >>> 24)]
      ^ t[2816 + (b & 0xff)] ^ t[2560 + ((b >>> 8) & 0xff)] ^ t[2304 + ((b >>> 16) & 0xff)] ^ t[2048 + (b >>> 24)]
      ^ t[1792 + (d & 0xff)] ^ t[1536 + ((d >>> 8) & 0xff)] ^ t[1280 + ((d >>> 16) & 0xff)] ^ t[1024 + (d >>> 24)]
      ^ t[768 + (e & 0xff)] ^ t[512 + ((e >>> 8) & 0xff)] ^ t[256 + ((e >>> 16) & 0xff)] ^ t[e >>> 24];
  }
  return updateBytes(c, bytes, head + end * 4, bytes.length) >>> 0;
}

/** The CRC-32 of everything passed to updateCrc32 since crc32Start. */
export const finishCrc32 = (crc: number): number => (crc ^ 0xffffffff) >>> 0;
