import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors';
import { ddimTimesteps, validateTimesteps } from './timesteps';

const isStrictlyDescending = (a: Int32Array) => a.every((v, i) => i === 0 || v < a[i - 1]);

describe('ddimTimesteps', () => {
  it('linspace, T = 1000, 50 steps: 999, 979, …, 20, 0', () => {
    const ts = ddimTimesteps(1000, 50);
    expect(ts.length).toBe(50);
    expect(Array.from(ts.subarray(0, 3))).toEqual([999, 979, 958]);
    expect(Array.from(ts.subarray(47))).toEqual([41, 20, 0]);
  });

  it('leading, T = 1000, 50 steps: 980, 960, …, 0 (the DDIM repository\'s "uniform")', () => {
    const ts = ddimTimesteps(1000, 50, 'leading');
    expect(Array.from(ts)).toEqual(Array.from({ length: 50 }, (_, i) => 980 - 20 * i));
  });

  it('for every T and S ≤ T: S steps, strictly descending, in range, ending at 0', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom('linspace' as const, 'leading' as const), (T, u, spacing) => {
        const steps = 1 + Math.floor(u * (T - 1));
        const ts = ddimTimesteps(T, steps, spacing);
        expect(ts.length).toBe(steps);
        expect(isStrictlyDescending(ts)).toBe(true);
        expect(ts[steps - 1]).toBe(0);
        expect(ts[0]).toBeLessThanOrEqual(T - 1);
        if (spacing === 'linspace' && steps >= 2) expect(ts[0]).toBe(T - 1);
      }));
  });

  it('S = T visits every timestep', () => {
    expect(Array.from(ddimTimesteps(5, 5))).toEqual([4, 3, 2, 1, 0]);
    expect(Array.from(ddimTimesteps(5, 5, 'leading'))).toEqual([4, 3, 2, 1, 0]);
  });

  it.each([[1000, 0], [1000, 1001], [1000, 2.5], [0, 1]])('rejects T = %s, steps = %s', (T, steps) => {
    expect(() => ddimTimesteps(T, steps)).toThrow(InvalidRequestError);
  });

  it('names the step count and the allowed range', () => {
    expect(() => ddimTimesteps(100, 200)).toThrow(/DDIM steps = 200; expected an integer from 1 to the schedule's 100 timesteps/);
  });
});

describe('validateTimesteps', () => {
  it('accepts a strictly descending in-range sequence, also one that does not end at 0', () => {
    expect(Array.from(validateTimesteps([999, 500, 0], 1000))).toEqual([999, 500, 0]);
    expect(Array.from(validateTimesteps(Int32Array.of(999, 499), 1000))).toEqual([999, 499]);
  });

  it.each([
    [[], 1000, /empty; expected at least one timestep/],
    [[999, 500, 500, 0], 1000, /timestep 3 of 4 is 500 after 500; expected a strictly decreasing sequence/],
    [[0, 10], 1000, /timestep 2 of 2 is 10 after 0; expected a strictly decreasing/],
    [[1000, 0], 1000, /timestep 1 of 2 is 1000; expected an integer from 0 to 999/],
    [[10, -1], 1000, /timestep 2 of 2 is -1; expected an integer from 0 to 999/],
    [[10, 2.5], 1000, /timestep 2 of 2 is 2.5; expected an integer/],
  ])('rejects %j (T = %s) saying what was found and expected', (seq, T, message) => {
    expect(() => validateTimesteps(seq as number[], T)).toThrow(InvalidRequestError);
    expect(() => validateTimesteps(seq as number[], T)).toThrow(message);
  });
});
