// One place for the onnx-proto import. The package is CommonJS (`module.exports = root`), so
// Node's ESM loader (tsx, vitest) exposes it only as the default export: `import { onnx }`
// fails there, while the default import works in Node and in Vite's pre-bundled browser build.

import onnxProto from 'onnx-proto';

export type { onnx as OnnxTypes } from 'onnx-proto';

/** The protobufjs-generated `onnx` namespace (ModelProto.encode / decode …). */
export const onnx = onnxProto.onnx;

/** int64 proto fields decode as Long objects when protobufjs finds `long`, else as numbers. */
export type ProtoInt = number | { low: number; high: number; toNumber?: () => number } | null | undefined;

/** A proto int64 as a JS number (exact up to 2^53, far beyond any dim, version or count here). */
export function protoIntToNumber(value: ProtoInt): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  return value.high * 4294967296 + (value.low >>> 0);
}
