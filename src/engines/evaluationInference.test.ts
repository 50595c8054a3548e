// The InferenceEngine's reconstruction curve and validation loss, where the ONNX session lives:
// the Gaussian oracle as ONNX (WASM EP) against the same oracle in closed form through the core.
import { beforeAll, describe, expect, it } from 'vitest';
import { reconstructionCurve, validationLoss, type EvaluationSet } from '../core/diffusion/evaluate';
import { createGaussianOracle } from '../core/diffusion/gaussianOracle';
import { createGeneMask } from '../core/diffusion/mask';
import { createSchedule, type ScheduleSpec } from '../core/diffusion/schedule';
import { isCancelled } from '../core/errors';
import { createRng } from '../core/rng';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import type { InferenceEngine } from './inference';
import { createNodeOrtRuntime } from './nodeOrtRuntime';
import { createOrtInferenceEngine } from './ortInferenceEngine';
import type { BackboneEvaluationProgress } from './progress';

const genes = 6;
const channels = 4;
const dims = genes * channels;
const mask = createGeneMask(genes, channels, 5)!;
const scheduleSpec: ScheduleSpec = { kind: 'linear', timesteps: 200, betaStart: 1e-4, betaEnd: 0.02 };
const rng = createRng(3);
const mean = Float32Array.from({ length: dims }, (_, d) => (mask[d] ? -1 + 2 * rng.nextUnit() : 0));
const variance = Float32Array.from({ length: dims }, (_, d) => (mask[d] ? 0.2 + rng.nextUnit() : 1));
const count = 12;
const set: EvaluationSet = {
  x0: Float32Array.from({ length: count * dims }, (_, i) => (mask[i % dims] ? mean[i % dims] + Math.sqrt(variance[i % dims]) * rng.nextNormal() : 0)),
  shape: { batch: count, genes, channels },
  mask,
};
/** ORT computes (x − shift)·scale in float32; errors are means of a few hundred such values. */
const REL_TOL = 1e-4;

describe('InferenceEngine.reconstructionCurve and validationLoss', () => {
  let engine: InferenceEngine;
  const oracle = createGaussianOracle(createSchedule(scheduleSpec), { mean, variance });
  beforeAll(async () => {
    engine = createOrtInferenceEngine(createNodeOrtRuntime());
    await engine.load(buildGaussianBackbone({ schedule: scheduleSpec, mean, variance, genes, channels, realGenes: 5 }), { fileName: 'oracle.onnx' });
  });

  it('gives the core curve of the closed-form oracle, with progress in calls', async () => {
    const events: BackboneEvaluationProgress[] = [];
    const curve = await engine.reconstructionCurve(set, { seed: 2, batchSize: 5, levels: 8 }, (e) => events.push(e));
    const expected = await reconstructionCurve(oracle, createSchedule(scheduleSpec), set, { seed: 2, batchSize: 5, levels: 8 });
    expect(curve.settings).toEqual(expected.settings);
    curve.points.forEach((p, i) => {
      expect(p.t).toBe(expected.points[i].t);
      expect(Math.abs(p.realSlots.mae - expected.points[i].realSlots.mae)).toBeLessThanOrEqual(REL_TOL * expected.points[i].realSlots.mae);
      expect(Math.abs(p.allSlots.mse - expected.points[i].allSlots.mse)).toBeLessThanOrEqual(REL_TOL * expected.points[i].allSlots.mse);
    });
    expect(events[0]).toEqual({ status: 'initiate', task: 'reconstruction', backbone: 'oracle.onnx' });
    const calls = events.flatMap((e) => (e.status === 'progress' ? [e.callsDone] : []));
    expect(calls).toEqual(Array.from({ length: 8 * 3 }, (_, i) => i + 1));
    expect(events.at(-1)?.status).toBe('done');
  });

  it('gives the core validation loss of the closed-form oracle', async () => {
    const loss = await engine.validationLoss(set, { seed: 5, batchSize: 4, drawsPerSample: 2 });
    const expected = await validationLoss(oracle, createSchedule(scheduleSpec), set, { seed: 5, batchSize: 4, drawsPerSample: 2 });
    expect(loss.draws.t).toEqual(expected.draws.t);
    expect(Math.abs(loss.loss - expected.loss)).toBeLessThanOrEqual(REL_TOL * expected.loss);
    expect(loss.settings).toEqual(expected.settings);
  });

  it('cancels between calls and stays usable', async () => {
    const events: BackboneEvaluationProgress[] = [];
    const err = await engine.reconstructionCurve(set, { seed: 2, batchSize: 2, levels: 20 }, (e) => {
      events.push(e);
      if (e.status === 'progress' && e.callsDone === 3) engine.cancel();
    }).catch((e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    expect(events.at(-1)).toMatchObject({ status: 'cancelled', task: 'reconstruction', callsDone: 3 });
    await expect(engine.validationLoss(set, { seed: 1, batchSize: 12 })).resolves.toMatchObject({ settings: { sampleCount: 12 } });
  });

  it('rejects samples of another shape, and a second task while one runs', async () => {
    const wide: EvaluationSet = { x0: new Float32Array(2 * 8 * channels), shape: { batch: 2, genes: 8, channels }, mask: null };
    await expect(engine.reconstructionCurve(wide, { seed: 0, batchSize: 2 })).rejects.toThrow(/takes \[B, 6, 4\]; the samples are \[N, 8, 4\]/);
    const first = engine.validationLoss(set, { seed: 0, batchSize: 1 });
    await expect(engine.reconstructionCurve(set, { seed: 0, batchSize: 2 })).rejects.toThrow(/is busy/);
    await first;
  });
});
