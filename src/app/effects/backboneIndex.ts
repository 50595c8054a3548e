// Reads /demo/backbones/index.json, the catalogue of the demo backbones trained in models/demo
// (written by scripts/demoBackbones.ts): { backbones: [{ family, file, metrics, bytes }] }.
import { ParseError } from '../../core/errors';
import type { BackboneId, BuiltInBackbone } from '../store';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A file name under the index's folder: no scheme, no absolute path, no "..". */
const isRelativePath = (v: unknown): v is string =>
  typeof v === 'string' && v !== '' && !v.startsWith('/') && !v.includes('..') && !/^[a-z]+:/i.test(v);

export const builtInBackboneId = (family: string): BackboneId => `builtin:${family}` as BackboneId;

/** `indexUrl` is where the index was fetched from; each file's URL is resolved next to it. */
export function parseBackboneIndex(text: string, indexUrl: string): BuiltInBackbone[] {
  const file = indexUrl.slice(indexUrl.lastIndexOf('/') + 1);
  const folder = indexUrl.slice(0, indexUrl.lastIndexOf('/') + 1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ParseError(`${file} is not JSON: ${(err as Error).message}`, { file });
  }
  if (!isObject(data) || !Array.isArray(data.backbones)) throw new ParseError(`${file}: expected {"backbones": [ … ]}`, { file });
  return data.backbones.map((entry: unknown, i: number): BuiltInBackbone => {
    const where = `${file}: backbones[${i}]`;
    if (!isObject(entry)) throw new ParseError(`${where} is not an object`, { file });
    const { family, file: onnx, metrics, bytes } = entry;
    if (typeof family !== 'string' || !/^[a-z0-9-]+$/.test(family)) {
      throw new ParseError(`${where}.family = ${JSON.stringify(family)}; expected a family name such as "unet-cnn"`, { file });
    }
    if (!isRelativePath(onnx) || !onnx.endsWith('.onnx')) {
      throw new ParseError(`${where}.file = ${JSON.stringify(onnx)}; expected an .onnx file next to the index`, { file });
    }
    if (metrics !== null && !isRelativePath(metrics)) {
      throw new ParseError(`${where}.metrics = ${JSON.stringify(metrics)}; expected a metrics.csv path next to the index, or null`, { file });
    }
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes <= 0) {
      throw new ParseError(`${where}.bytes = ${JSON.stringify(bytes)}; expected the file size in bytes`, { file });
    }
    return {
      id: builtInBackboneId(family), family, fileName: onnx.slice(onnx.lastIndexOf('/') + 1), url: folder + onnx,
      byteLength: bytes, metricsUrl: metrics === null ? null : folder + metrics,
    };
  });
}
