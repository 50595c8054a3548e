import { describe, expect, it } from 'vitest';
import { createRng, fillNormal, philox4x32 } from './rng';

const hex = (a: Uint32Array) => Array.from(a, (v) => v.toString(16).padStart(8, '0'));

describe('philox4x32-10', () => {
  // Known-answer vectors from Random123's kat_vectors (philox4x32_10).
  it('matches the Random123 known-answer vectors', () => {
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect(hex(out)).toEqual(['6627e8d5', 'e169c58d', 'bc57ac4c', '9b00dbd8']);
    philox4x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, out);
    expect(hex(out)).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect(hex(out)).toEqual(['d16cfe09', '94fdcceb', '5001e420', '24126ea1']);
  });
});

describe('fillNormal', () => {
  it('depends only on the address, not on where it is written', () => {
    const address = { seed: 7, stream: 1, sampleIndex: 12, step: 3 };
    const a = new Float32Array(11);
    fillNormal(a, 0, 11, address);
    const b = new Float32Array(20);
    fillNormal(b, 5, 11, address);
    expect(Array.from(b.subarray(5, 16))).toEqual(Array.from(a));
    const other = new Float32Array(11);
    fillNormal(other, 0, 11, { ...address, sampleIndex: 13 });
    expect(Array.from(other)).not.toEqual(Array.from(a));
  });

  it('draws standard normals: mean 0, variance 1 within 5 standard errors', () => {
    const n = 200_000;
    const z = new Float32Array(n);
    fillNormal(z, 0, n, { seed: 123, stream: 0, sampleIndex: 0, step: 0 });
    let sum = 0, sumSq = 0, sumFourth = 0;
    for (const v of z) { sum += v; sumSq += v * v; sumFourth += v ** 4; }
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(sumFourth / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });
});

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const seqA = Array.from({ length: 9 }, () => a.nextUint32());
    expect(Array.from({ length: 9 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 9 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('gives uniform integers in range', () => {
    const rng = createRng(1);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[rng.nextInt(5)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(5 * Math.sqrt(10_000 * 0.8));
  });
});
