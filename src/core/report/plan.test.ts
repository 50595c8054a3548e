import { describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../backbone/spec';
import { BackboneContractError, InvalidRequestError } from '../errors';
import { checkCodec, checkShape, classLabelsInBalance, countClasses, resolveSampleCount, sha256Hex } from './plan';

describe('resolveSampleCount', () => {
  it('defaults to the holdout size, capped at the train size', () => {
    expect(resolveSampleCount(null, 96, 24)).toEqual({ count: 24, rule: 'the holdout size (default)' });
    expect(resolveSampleCount(null, 10, 24).count).toBe(10);
    expect(resolveSampleCount(50, 96, 24)).toEqual({ count: 50, rule: 'given (--n)' });
  });

  it('rejects sets too small for the metrics', () => {
    expect(() => resolveSampleCount(null, 96, 1)).toThrow(InvalidRequestError);
    expect(() => resolveSampleCount(1, 96, 24)).toThrow(/n = 1/);
  });
});

describe('classLabelsInBalance', () => {
  it('gives back the reference counts when n equals its size', () => {
    expect(countClasses(classLabelsInBalance([12, 7, 5], 24), 3)).toEqual([12, 7, 5]);
  });

  it('keeps the proportions by largest remainder, ties to the smaller class, grouped by class', () => {
    expect(Array.from(classLabelsInBalance([1, 1], 5))).toEqual([0, 0, 0, 1, 1]);
    expect(countClasses(classLabelsInBalance([30, 10], 10), 2)).toEqual([8, 2]);
    expect(countClasses(classLabelsInBalance([1, 2, 3], 100), 3)).toEqual([17, 33, 50]);
    expect(countClasses(classLabelsInBalance([0, 5], 4), 2)).toEqual([0, 4]);
  });

  it('rejects a reference without labels', () => {
    expect(() => classLabelsInBalance([0, 0], 4)).toThrow(/no labelled samples/);
  });

  it('countClasses ignores −1 and labels beyond K', () => {
    expect(countClasses([0, 1, -1, 1, 5], 2)).toEqual([1, 2]);
  });
});

const spec = (codecSha256: string | null, genes: number | null = 16) =>
  ({ fileName: 'm.onnx', codecSha256, genes, channels: 8 }) as BackboneSpec;

describe('checkCodec and checkShape', () => {
  const bundle = 'ab'.repeat(32);
  it('matches, in any letter case', () => {
    expect(checkCodec(spec('AB'.repeat(32)), bundle)).toEqual({ status: 'match', backbone: 'AB'.repeat(32), bundle });
  });

  it('warns (status absent) when the backbone names no codec', () => {
    expect(checkCodec(spec(null), bundle).status).toBe('absent');
  });

  it('fails on a different codec, naming both hashes', () => {
    expect(() => checkCodec(spec('cd'.repeat(32)), bundle)).toThrow(BackboneContractError);
    expect(() => checkCodec(spec('cd'.repeat(32)), bundle)).toThrow(/trained on codec cdcd.*bundle's codec is abab/);
  });

  it('fails on a different tensor shape; an open (symbolic) shape passes', () => {
    expect(() => checkShape(spec(null, 32), 16, 8)).toThrow(/takes \[B, 32, 8\]; the bundle's tensor is \[N, 16, 8\]/);
    expect(() => checkShape(spec(null, null), 16, 8)).not.toThrow();
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vector for "abc"', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes only the view, not the whole underlying buffer', async () => {
    const buffer = new TextEncoder().encode('xxabcxx');
    expect(await sha256Hex(buffer.subarray(2, 5))).toBe(await sha256Hex(new TextEncoder().encode('abc')));
  });
});
