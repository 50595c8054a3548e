import { describe, expect, it } from 'vitest';
import { activationStep, nearestCentroids, runActivationMaximisation, type ActivationSettings, type RealReference } from './activationMax';
import { DesignError } from './errors';

const mask = Uint8Array.of(1, 1, 0);
const reference: RealReference = { data: Float32Array.of(0, 0, 0, 1, 0, 0, 10, 10, 0), count: 3, mask };
const settings: ActivationSettings = { targetClass: 1, iterations: 3, stepSize: 0.1, realismWeight: 2, neighbours: 2, maxStepPerSlot: null };

describe('activation maximisation', () => {
  it('finds the k nearest real rows over the real slots (brute force by hand)', () => {
    const { centroids, meanSquared } = nearestCentroids(Float32Array.of(0.2, 1, 5), reference, 2);
    // Distances² to rows 0, 1, 2: 1.04, 1.64, 178.04 → rows 0 and 1.
    expect(Array.from(centroids)).toEqual([0.5, 0, 0]);
    expect(meanSquared[0]).toBeCloseTo((1.04 + 1.64) / 2, 6);
  });

  it('takes x + η(∇s − (2λ/D)(x − centroid)), holds padded slots at 0 and clips the step', () => {
    const x = Float32Array.of(0.2, 1, 5);
    const penalty = activationStep(x, Float32Array.of(1, -1, 3), reference, settings);
    // D = 2 real slots: pull = (2·2/2)·(x − c) = 2·(−0.3, 1).
    expect(x[0]).toBeCloseTo(0.2 + 0.1 * (1 + 0.6), 6);
    expect(x[1]).toBeCloseTo(1 + 0.1 * (-1 - 2), 6);
    expect(x[2]).toBe(0);
    expect(penalty[0]).toBeCloseTo(2 * ((1.04 + 1.64) / 2) / 2, 6);
    const clipped = Float32Array.of(0.2, 1, 0);
    activationStep(clipped, Float32Array.of(100, -100, 0), reference, { ...settings, maxStepPerSlot: 0.25 });
    expect(clipped[0]).toBeCloseTo(0.45, 6);
    expect(clipped[1]).toBeCloseTo(0.75, 6);
  });

  it('climbs a linear score and reports every iteration, the start first', async () => {
    const seen: number[] = [];
    const direction = Float32Array.of(1, 2, 0);
    const { designs, status } = await runActivationMaximisation(Float32Array.of(0, 0, 0), reference, { ...settings, realismWeight: 0, iterations: 4 },
      async (x) => ({ values: Float32Array.of(x[0] + 2 * x[1]), gradient: direction }), { onIteration: (it) => { seen.push(it.scores[0]); } });
    expect(status).toBe('done');
    expect(seen.map((v) => Number(v.toFixed(6)))).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(designs[0]).toBeCloseTo(0.4, 6);
  });

  it('keeps the designs so far on cancel, refuses bad settings and stops on a NaN gradient', async () => {
    const controller = new AbortController();
    const cut = await runActivationMaximisation(Float32Array.of(0, 0, 0), reference, { ...settings, iterations: 50 },
      async () => ({ values: Float32Array.of(0), gradient: Float32Array.of(1, 0, 0) }), { signal: controller.signal, onIteration: (it) => { if (it.iteration === 2) controller.abort(); } });
    expect(cut.status).toBe('cancelled');
    expect(cut.iterationsDone).toBe(3);
    await expect(runActivationMaximisation(Float32Array.of(0, 0, 0), reference, { ...settings, stepSize: 0 }, async () => ({ values: new Float32Array(1), gradient: new Float32Array(3) })))
      .rejects.toThrow(DesignError);
    await expect(runActivationMaximisation(Float32Array.of(0, 0, 0), reference, settings, async () => ({ values: new Float32Array(1), gradient: Float32Array.of(Number.NaN, 0, 0) })))
      .rejects.toMatchObject({ problem: 'non-finite' });
  });
});
