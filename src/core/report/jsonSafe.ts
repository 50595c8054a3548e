// JSON-safe values. JSON.stringify writes a typed array as an object keyed "0", "1", … and a
// NaN or ±Infinity silently as null, so a report passes through toJsonSafe first: typed arrays
// become arrays, and a non-finite number is an error naming its path rather than a quiet null.
import { InvalidRequestError } from '../errors';
import type { EvaluationReport, JsonValue } from './types';

function isTypedArray(value: unknown): value is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** A deep copy of `value` holding only JSON values; `undefined` object members are dropped. */
export function toJsonSafe(value: unknown, path = '$'): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidRequestError(`${path} is ${value}; a report holds finite numbers only`);
    return value;
  }
  if (typeof value === 'bigint') return toJsonSafe(Number(value), path);
  if (isTypedArray(value)) return Array.from(value, (v, i) => toJsonSafe(v, `${path}[${i}]`) as number);
  if (Array.isArray(value)) return value.map((v, i) => toJsonSafe(v ?? null, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = toJsonSafe(member, `${path}.${key}`);
    }
    return out;
  }
  throw new InvalidRequestError(`${path} is a ${typeof value}; a report holds JSON values only`);
}

/** The report as JSON text (one-space indent, trailing newline). */
export function serializeReport(report: EvaluationReport): string {
  return `${JSON.stringify(toJsonSafe(report), null, 1)}\n`;
}
