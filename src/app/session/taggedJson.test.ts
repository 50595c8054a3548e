import { describe, expect, it } from 'vitest';
import { fromTaggedJson, toTaggedJson } from './taggedJson';

const roundTrip = (value: unknown): unknown => fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(value))));

describe('tagged JSON', () => {
  it('brings typed arrays and non-finite numbers back as they were', () => {
    const value = { a: Float32Array.from([0.1, NaN, -Infinity]), b: [Infinity, 1, null], c: Int32Array.from([-1, 2]), d: 'x' };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(back.a).toBeInstanceOf(Float32Array);
    expect(back.c).toBeInstanceOf(Int32Array);
  });

  it('drops undefined members and leaves plain objects that merely look tagged alone', () => {
    expect(roundTrip({ a: undefined, b: 1 })).toEqual({ b: 1 });
    expect(roundTrip({ $typed: 'Nope', values: [1] })).toEqual({ $typed: 'Nope', values: [1] });
  });

  it('leaves a typed array tag alone when a value is not one it writes (found by fuzzing: Number() threw on it)', () => {
    const unconvertible = JSON.parse('{"$typed": "Float32Array", "values": [1, {"valueOf": 0, "toString": 0}]}');
    expect(fromTaggedJson(unconvertible)).toEqual(unconvertible);
    expect(fromTaggedJson({ $typed: 'Int32Array', values: ['2', 'NaN'] })).toEqual({ $typed: 'Int32Array', values: ['2', 'NaN'] });
  });

  it('refuses an array type it cannot write', () => {
    expect(() => toTaggedJson(new BigInt64Array(1))).toThrow(/BigInt64Array/);
  });
});
