// Crafted zips for the tests of every reader that unzips: a directory that lies about an entry's
// size, a zip64 rewrite of a small zip (fflate writes none), and the parts of zip bombs.
import { zipSync, type Zippable } from 'fflate';

const u32At = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

/** Where the central directory record of `name` starts. */
function centralRecordOf(zip: Uint8Array, name: string): number {
  const wanted = new TextEncoder().encode(name);
  for (let at = zip.length - 46; at >= 0; at--) {
    if (u32At(zip, at) !== 0x02014b50) continue;
    const nameLength = zip[at + 28] | (zip[at + 29] << 8);
    if (nameLength === wanted.length && wanted.every((b, i) => zip[at + 46 + i] === b)) return at;
  }
  throw new Error(`no entry ${name}`);
}

/** A copy whose central directory and local header both declare `declaredBytes` for `name`. */
export function withDeclaredSize(zip: Uint8Array, name: string, declaredBytes: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const central = centralRecordOf(out, name);
  view.setUint32(central + 24, declaredBytes, true);
  view.setUint32(view.getUint32(central + 42, true) + 22, declaredBytes, true);
  return out;
}

/** `count` empty stored entries beside `files`. */
export function zipWithManyEntries(count: number, files: Zippable = {}): Uint8Array {
  const entries: Zippable = { ...files };
  for (let i = 0; i < count; i++) entries[`e/${i}`] = [new Uint8Array(0), { level: 0 }];
  return zipSync(entries);
}

/** One entry of `bytes` zeros, deflated: a few kilobytes per megabyte. */
export function zeroBomb(name: string, bytes: number, files: Zippable = {}): Uint8Array {
  return zipSync({ ...files, [name]: [new Uint8Array(bytes), { level: 9 }] });
}

/**
 * The same one-entry zip in zip64 form, as Python's zipfile or 7-Zip write archives over 4 GB:
 * the central record's sizes and offset saturated at 0xffffffff with the real values in a zip64
 * extra field, then a zip64 end record and locator before the classic end record.
 */
export function toZip64(zip: Uint8Array): Uint8Array {
  const eocd = zip.length - 22;
  const centralOffset = u32At(zip, eocd + 16);
  const record = zip.subarray(centralOffset, eocd);
  const nameLength = record[28] | (record[29] << 8);
  if (record.length !== 46 + nameLength) throw new Error('toZip64 takes one entry without extra fields or comments');
  const central = new Uint8Array(record.length + 28);
  central.set(record);
  const c = new DataView(central.buffer);
  const [compressed, declared] = [c.getUint32(20, true), c.getUint32(24, true)];
  c.setUint32(20, 0xffffffff, true);
  c.setUint32(24, 0xffffffff, true);
  c.setUint32(42, 0xffffffff, true);
  c.setUint16(30, 28, true);
  const extra = 46 + nameLength;
  c.setUint16(extra, 1, true);
  c.setUint16(extra + 2, 24, true);
  c.setBigUint64(extra + 4, BigInt(declared), true);
  c.setBigUint64(extra + 12, BigInt(compressed), true);
  c.setBigUint64(extra + 20, 0n, true);
  const end64 = new DataView(new ArrayBuffer(56 + 20 + 22));
  const end64Offset = centralOffset + central.length;
  end64.setUint32(0, 0x06064b50, true);
  end64.setBigUint64(4, 44n, true);
  end64.setBigUint64(24, 1n, true);
  end64.setBigUint64(32, 1n, true);
  end64.setBigUint64(40, BigInt(central.length), true);
  end64.setBigUint64(48, BigInt(centralOffset), true);
  end64.setUint32(56, 0x07064b50, true);
  end64.setBigUint64(64, BigInt(end64Offset), true);
  end64.setUint32(72, 1, true);
  end64.setUint32(76, 0x06054b50, true);
  end64.setUint16(86, 0xffff, true);
  end64.setUint16(84, 0xffff, true);
  end64.setUint32(88, 0xffffffff, true);
  end64.setUint32(92, 0xffffffff, true);
  const out = new Uint8Array(end64Offset + end64.byteLength);
  out.set(zip.subarray(0, centralOffset));
  out.set(central, centralOffset);
  out.set(new Uint8Array(end64.buffer), end64Offset);
  return out;
}
