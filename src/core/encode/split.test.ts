import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { sampleRoles, splitFromRoles, splitSamples } from './split';

/** 700 controls then 300 cases, a few unlabelled. */
function labels(): Int8Array {
  const out = Int8Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : 1));
  for (const i of [3, 500, 999]) out[i] = -1;
  return out;
}

const count = (l: Int8Array, idx: Int32Array, c: number): number => Array.from(idx).filter((i) => l[i] === c).length;

describe('splitSamples', () => {
  it('holds out equal cases and controls, 10 % of the labelled samples by default', () => {
    const l = labels();
    const split = splitSamples(l, 1000, { seed: 1 });
    expect(count(l, split.holdoutIdx, 0)).toBe(50);
    expect(count(l, split.holdoutIdx, 1)).toBe(50);
    expect(split.holdoutPerClass).toEqual([50, 50]);
    expect(split.trainIdx.length + split.holdoutIdx.length).toBe(1000);
    expect(split.unlabelledCount).toBe(3);
    for (const i of [3, 500, 999]) expect(split.roles[i]).toBe(sampleRoles.train);
  });

  it('is a partition, reproducible from the seed and different for another seed', () => {
    const a = splitSamples(labels(), 1000, { seed: 7 });
    const b = splitSamples(labels(), 1000, { seed: 7 });
    const c = splitSamples(labels(), 1000, { seed: 8 });
    expect(Array.from(b.roles)).toEqual(Array.from(a.roles));
    expect(Array.from(c.holdoutIdx)).not.toEqual(Array.from(a.holdoutIdx));
    const all = new Set([...a.trainIdx, ...a.holdoutIdx]);
    expect(all.size).toBe(1000);
    expect(Array.from(splitFromRoles(a.roles).holdoutIdx)).toEqual(Array.from(a.holdoutIdx));
  });

  it('stratified keeps class proportions', () => {
    const l = labels();
    const split = splitSamples(l, 1000, { seed: 1, mode: 'stratified', holdoutFraction: 0.2 });
    expect(count(l, split.holdoutIdx, 0)).toBe(Math.round(0.2 * 698));
    expect(count(l, split.holdoutIdx, 1)).toBe(Math.round(0.2 * 299));
  });

  it('balanced never holds out more than half of the smallest class', () => {
    const l = Int8Array.from({ length: 200 }, (_, i) => (i < 190 ? 0 : 1));
    const split = splitSamples(l, 200, { seed: 3, holdoutFraction: 0.5 });
    expect(split.holdoutPerClass).toEqual([5, 5]);
  });

  it('excludes unlabelled samples on request and splits unlabelled cohorts at random', () => {
    const split = splitSamples(labels(), 1000, { seed: 1, unlabelled: 'exclude' });
    expect(Array.from(split.excludedIdx)).toEqual([3, 500, 999]);
    expect(split.roles[500]).toBe(sampleRoles.excluded);
    const plain = splitSamples(null, 50, { seed: 2 });
    expect(plain.holdoutIdx.length).toBe(5);
    expect(plain.holdoutPerClass).toEqual([]);
  });

  it('rejects a bad fraction or label count', () => {
    expect(() => splitSamples(null, 10, { seed: 1, holdoutFraction: 1 })).toThrow(InvalidRequestError);
    expect(() => splitSamples(new Int8Array(3), 10, { seed: 1 })).toThrow(InvalidRequestError);
  });
});
