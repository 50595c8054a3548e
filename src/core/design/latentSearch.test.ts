import { describe, expect, it } from 'vitest';
import { DesignError } from './errors';
import { defaultLatentSearchSettings, runLatentSearch } from './latentSearch';

const n = 8;
const target = Float32Array.from({ length: n }, (_, j) => (j % 2 === 0 ? 2 : -1));
/** f(z) = −‖z − z*‖² per row. */
const quadratic = async (z: Float32Array, count: number) => Float32Array.from({ length: count }, (_, r) => {
  let s = 0;
  for (let j = 0; j < n; j++) s += (z[r * n + j] - target[j]) ** 2;
  return -s;
});
const distance = (m: Float32Array, to: ArrayLike<number>, d: number) => Math.sqrt(Array.from({ length: n }, (_, j) => (m[d * n + j] - to[j]) ** 2).reduce((a, b) => a + b, 0));

describe('runLatentSearch', () => {
  it('climbs a known quadratic: the mean ends within 2 % of the optimum it started ‖z*‖ away from', async () => {
    const designs = 3;
    const trace: number[] = [];
    const { means, status } = await runLatentSearch(new Float32Array(designs * n), n, { ...defaultLatentSearchSettings, iterations: 120, latentPriorWeight: 0, seed: 4 }, quadratic, {
      onIteration: (it) => { trace.push(it.objective[0]); },
    });
    expect(status).toBe('done');
    const start = distance(new Float32Array(n), target, 0);
    for (let d = 0; d < designs; d++) expect(distance(means, target, d)).toBeLessThan(0.02 * start);
    expect(trace[trace.length - 1]).toBeGreaterThan(trace[0]);
  });

  it('with the latent prior ρ finds the penalised optimum z*/(1 + ρ/Dz)', async () => {
    const rho = 4;
    const { means } = await runLatentSearch(new Float32Array(n), n, { ...defaultLatentSearchSettings, iterations: 150, latentPriorWeight: rho, seed: 9 }, quadratic);
    const optimum = Array.from(target, (t) => t / (1 + rho / n));
    expect(distance(means, optimum, 0)).toBeLessThan(0.05);
  });

  it('is reproducible from its seed and stops on cancel with the means so far', async () => {
    const settings = { ...defaultLatentSearchSettings, iterations: 10, latentPriorWeight: 0, seed: 2 };
    const a = await runLatentSearch(new Float32Array(n), n, settings, quadratic);
    const b = await runLatentSearch(new Float32Array(n), n, settings, quadratic);
    expect(Array.from(a.means)).toEqual(Array.from(b.means));
    const controller = new AbortController();
    const cut = await runLatentSearch(new Float32Array(n), n, settings, quadratic, { signal: controller.signal, onIteration: (it) => { if (it.iteration === 3) controller.abort(); } });
    expect(cut.status).toBe('cancelled');
    expect(cut.iterationsDone).toBe(4);
  });

  it('refuses settings out of range and a NaN fitness', async () => {
    await expect(runLatentSearch(new Float32Array(n), n, { ...defaultLatentSearchSettings, populationSize: 2, seed: 0 }, quadratic)).rejects.toThrow(DesignError);
    await expect(runLatentSearch(new Float32Array(n), n, { ...defaultLatentSearchSettings, seed: 0 }, async (_z, c) => new Float32Array(c).fill(Number.NaN)))
      .rejects.toMatchObject({ problem: 'non-finite' });
  });
});
