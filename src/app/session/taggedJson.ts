// JSON for values that plain JSON would damage: JSON.stringify writes a typed array as an object
// keyed "0", "1", … and NaN or ±Infinity as null. Here a typed array becomes
// {"$typed": "Uint8Array", "values": […]} and a non-finite number {"$number": "NaN"}, and both
// come back as they were. Small arrays only (request masks, labels): sample bytes travel as entries.

const typedArrays = {
  Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint16Array, Uint32Array, Uint8ClampedArray,
} as const;
type TypedArrayName = keyof typeof typedArrays;

const nonFinite: Record<string, number> = { NaN, Infinity, '-Infinity': -Infinity };

const isTypedArrayName = (name: unknown): name is TypedArrayName => typeof name === 'string' && Object.hasOwn(typedArrays, name);

function encodeNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** A deep copy of `value` that JSON.stringify writes without loss; functions and undefined members are dropped. */
export function toTaggedJson(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) };
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!isTypedArrayName(name)) throw new TypeError(`a ${name} cannot be written as JSON`);
    return { $typed: name, values: Array.from(value as unknown as ArrayLike<number>, encodeNumber) };
  }
  if (Array.isArray(value)) return value.map(toTaggedJson);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const encoded = toTaggedJson(member);
    if (encoded !== undefined) out[key] = encoded;
  }
  return out;
}

/** What encodeNumber writes: a number, or the name of a non-finite one. */
const isEncodedNumber = (value: unknown): value is number | string =>
  typeof value === 'number' || (typeof value === 'string' && Object.hasOwn(nonFinite, value));

const decodeNumber = (value: number | string): number => (typeof value === 'number' ? value : nonFinite[value]);

function decodeTag(value: Record<string, unknown>): unknown {
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$number' && typeof value.$number === 'string' && Object.hasOwn(nonFinite, value.$number)) {
    return nonFinite[value.$number];
  }
  // Values that encodeNumber never writes (objects, other strings) leave the object untagged: the
  // field checker then names it, where Number() would throw on some objects (found by fuzzing).
  if (keys.length === 2 && isTypedArrayName(value.$typed) && Array.isArray(value.values) && value.values.every(isEncodedNumber)) {
    const TypedArray: new (values: number[]) => unknown = typedArrays[value.$typed];
    return new TypedArray(value.values.map(decodeNumber));
  }
  return undefined;
}

/** The inverse of toTaggedJson, on what JSON.parse returned. */
export function fromTaggedJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromTaggedJson);
  const record = value as Record<string, unknown>;
  const tagged = decodeTag(record);
  if (tagged !== undefined) return tagged;
  return Object.fromEntries(Object.entries(record).map(([key, member]) => [key, fromTaggedJson(member)]));
}
