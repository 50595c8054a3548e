// NumPy .npy files (format spec: numpy.lib.format, versions 1.0 and 2.0): the magic
// "\x93NUMPY", a version, a little-endian header length (2 bytes in 1.0, 4 in 2.0), an ASCII
// Python dict {'descr', 'fortran_order', 'shape'} padded with spaces to a multiple of 64
// bytes and ended by '\n', then the raw C-order data. Small enough to write by hand; the
// npm packages for it are unmaintained or Node-only.

import { ParseError } from '../errors';

/** The element types the bundle uses, by their NumPy descr. */
export const npyDtypes = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '|i1': Int8Array,
  '<i4': Int32Array,
  '<i8': BigInt64Array,
  '|u1': Uint8Array,
} as const;
export type NpyDtype = keyof typeof npyDtypes;
/** What writeNpy takes. */
export type NpyData = Float32Array | Float64Array | Int8Array | Int32Array | BigInt64Array | Uint8Array;
/** What readNpy returns: '<i8' arrives as exact whole numbers in a Float64Array (see readNpy). */
export type NpyNumbers = Float32Array | Float64Array | Int8Array | Int32Array | Uint8Array;

export interface NpyArray {
  /** The dtype in the file. */
  dtype: NpyDtype;
  shape: number[];
  data: NpyNumbers;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const HEADER_ALIGNMENT = 64;
/** Spellings NumPy writes for the same one-byte types; bool ('|b1', one byte 0 or 1) reads as uint8. */
const DESCR_ALIASES: Record<string, NpyDtype> = { '<i1': '|i1', i1: '|i1', '<u1': '|u1', u1: '|u1', '|b1': '|u1', b1: '|u1' };

/** The dtype of a typed array, for writing. */
export function dtypeOf(data: NpyData): NpyDtype {
  const entry = Object.entries(npyDtypes).find(([, ctor]) => data instanceof ctor);
  if (!entry) throw new TypeError('unsupported typed array for .npy');
  return entry[0] as NpyDtype;
}

/** The header (magic through '\n') for an array of this dtype and shape: for streamed writes. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Version 1.0 stores the header length in 2 bytes; 2.0 (4 bytes) only when that overflows.
  const paddedLength = (prefix: number): number => Math.ceil((prefix + dict.length + 1) / HEADER_ALIGNMENT) * HEADER_ALIGNMENT;
  const lengthBytes = paddedLength(10) - 10 <= 0xffff ? 2 : 4;
  const prefix = MAGIC.length + 2 + lengthBytes;
  const padded = paddedLength(prefix);
  const headerLength = padded - prefix;
  const out = new Uint8Array(padded);
  out.set(MAGIC, 0);
  out[6] = lengthBytes === 2 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (lengthBytes === 2) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  const text = dict.padEnd(headerLength - 1, ' ') + '\n';
  for (let i = 0; i < text.length; i++) out[prefix + i] = text.charCodeAt(i);
  return out;
}

/** A complete .npy file. `shape` defaults to one dimension of data.length. */
export function writeNpy(data: NpyData, shape: readonly number[] = [data.length]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`);
  const header = npyHeader(dtypeOf(data), shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}

export interface NpyHeader { dtype: NpyDtype; shape: number[]; dataOffset: number }

/**
 * How many bytes the header of a .npy file takes (magic through '\n': its dataOffset), from its
 * first 12 bytes, null while fewer have arrived: a streamed reader gathers that many, then calls
 * readNpyHeader. The magic and version are checked here, with readNpy's errors.
 */
export function npyHeaderByteCount(firstBytes: Uint8Array, file = 'array.npy'): number | null {
  if (firstBytes.length < 12) return null;
  const major = checkMagic(firstBytes, failAt(file));
  const view = new DataView(firstBytes.buffer, firstBytes.byteOffset, 12);
  return major === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);
}

/** The data bytes a header's shape needs; a ParseError naming `file` when only `availableBytes` are there. */
export function checkNpyDataBytes({ dtype, shape, dataOffset }: NpyHeader, availableBytes: number, file: string): number {
  const byteLength = shape.reduce((a, b) => a * b, 1) * npyDtypes[dtype].BYTES_PER_ELEMENT;
  if (byteLength > availableBytes) {
    throw new ParseError(`${file}, byte ${dataOffset}: shape [${shape.join(', ')}] of ${dtype} needs ${byteLength} data bytes, the file has ${availableBytes}`,
      { file, byteOffset: dataOffset });
  }
  return byteLength;
}

/** The header of a .npy file from its first bytes (at least through the header's end): to read the data by offset. */
export function readNpyHeader(bytes: Uint8Array, file = 'array.npy'): NpyHeader {
  return parseHeader(bytes, file);
}

const failAt = (file: string) => (message: string, byteOffset: number): never => {
  throw new ParseError(`${file}, byte ${byteOffset}: ${message}`, { file, byteOffset });
};

/** The magic and the version, checked; the major version. */
function checkMagic(bytes: Uint8Array, fail: ReturnType<typeof failAt>): number {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file: expected the magic bytes \\x93NUMPY', 0);
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`unsupported .npy version ${major}.${bytes[7]}: expected 1.0, 2.0 or 3.0`, 6);
  return major;
}

function parseHeader(bytes: Uint8Array, file: string): NpyHeader {
  const fail = failAt(file);
  const major = checkMagic(bytes, fail);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major > 1 && bytes.length < 12) fail('header length cut off', 8);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLength > bytes.length) fail(`header of ${headerLength} bytes runs past the end of the file (${bytes.length} bytes)`, 8);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    fail(`header dict must name 'descr', 'fortran_order' and 'shape', found ${JSON.stringify(text.trim())}`, start);
  }
  const dtype = (DESCR_ALIASES[descr!] ?? descr) as NpyDtype;
  if (!(dtype in npyDtypes)) fail(`dtype '${descr}' is not supported: expected one of ${Object.keys(npyDtypes).join(', ')} (little-endian)`, start);
  if (fortran === 'True') fail('Fortran-order arrays are not supported: save with numpy.ascontiguousarray first', start);
  const dims = shapeText!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (dims.some((d) => !/^\d+L?$/.test(d))) fail(`shape (${shapeText}) must be whole numbers`, start);
  const shape = dims.map((d) => Number.parseInt(d, 10));
  // Beyond 2^53 a dimension would round; with another dimension 0 no size check would catch it.
  if (shape.some((d) => !Number.isSafeInteger(d))) fail(`shape (${shapeText}) has a dimension beyond 2^53`, start);
  return { dtype, shape, dataOffset: start + headerLength };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** int64 values as JS numbers, refusing any beyond ±(2^53 − 1) where a number would round. */
function int64ToNumbers(values: BigInt64Array, file: string, dataOffset: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x > MAX_SAFE || x < -MAX_SAFE) {
      const byteOffset = dataOffset + 8 * i;
      throw new ParseError(`${file}, byte ${byteOffset}: int64 value ${x} is beyond ±2^53 and cannot be read exactly`, { file, byteOffset });
    }
    out[i] = Number(x);
  }
  return out;
}

/**
 * Reads a .npy file; errors name `file` and the byte offset of the problem. int64 ('<i8',
 * e.g. PyTorch labels) is returned as a Float64Array of whole numbers, so every result is a
 * plain numeric array.
 */
export function readNpy(bytes: Uint8Array, file = 'array.npy'): NpyArray {
  const header = parseHeader(bytes, file);
  const { dtype, shape, dataOffset } = header;
  const ctor = npyDtypes[dtype];
  const count = shape.reduce((a, b) => a * b, 1);
  const byteLength = checkNpyDataBytes(header, bytes.length - dataOffset, file);
  // Copy: the data may not be aligned for a typed-array view, and the caller owns the result.
  const copy = bytes.slice(dataOffset, dataOffset + byteLength);
  const data = new ctor(copy.buffer, 0, count);
  return { dtype, shape, data: data instanceof BigInt64Array ? int64ToNumbers(data, file, dataOffset) : data };
}
