import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { angularDistance64, cosineFromDistance } from './angular';
import { bruteDistance, rowsFrom } from './testHelpers';

function distance(x: number[], y: number[], slots: Int32Array | null = null): number {
  const a = Float32Array.from(x);
  const b = Float32Array.from(y);
  const norm = (v: Float32Array) => Math.sqrt((slots ? Array.from(slots, (d) => v[d]) : Array.from(v)).reduce((s, t) => s + t * t, 0));
  return angularDistance64(a, 0, norm(a), b, 0, norm(b), slots, a.length);
}

describe('angularDistance64', () => {
  it('is exactly 0 for identical rows and power-of-two multiples, 1 for opposite rows, 0.5 for orthogonal rows', () => {
    expect(distance([0.3, -1.7, 2.2], [0.3, -1.7, 2.2])).toBe(0);
    expect(distance([0.3, -1.7, 2.2], [0.6, -3.4, 4.4])).toBe(0);
    expect(distance([0.3, -1.7, 2.2], [-0.3, 1.7, -2.2])).toBe(1);
    expect(distance([1, 0, 0], [0, 5, 0])).toBe(0.5);
  });

  it('reads only the given slots', () => {
    expect(distance([1, 99, 0], [0, -42, 1], Int32Array.from([0, 2]))).toBe(0.5);
  });

  it('equals eq. 10 (Math.acos, float64) to 1e-12 on random rows (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 12 }),
      fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: 12, maxLength: 12 }),
      (x, yAll) => {
        const y = yAll.slice(0, x.length);
        const nx = Math.hypot(...x.map(Math.fround));
        const ny = Math.hypot(...y.map(Math.fround));
        fc.pre(nx > 1e-3 && ny > 1e-3);
        const exact = bruteDistance(rowsFrom([x]), 0, rowsFrom([y]), 0);
        // acos itself loses digits where sin(πd) → 0; compare only where it is well conditioned.
        fc.pre(Math.sin(Math.PI * exact) > 1e-3);
        expect(Math.abs(distance(x, y) - exact)).toBeLessThan(1e-12);
      }));
  });

  it('resolves tiny angles that arccos of a rounded cosine cannot (d ≈ 1e-9, relative error < 1e-6)', () => {
    const angle = Math.PI * 1e-9;
    const d = distance([1, 0], [Math.cos(angle), Math.fround(Math.sin(angle))]);
    expect(Math.abs(d - Math.fround(Math.sin(angle)) / Math.PI) / d).toBeLessThan(1e-6);
    expect(cosineFromDistance(0)).toBe(1);
  });
});
