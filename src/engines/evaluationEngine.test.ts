// The EvaluationEngine in Node on the cpu tfjs backend: the same numbers as the core metrics
// called directly, progress that only grows and ends at 1, cancel that reads as cancelled.
import * as tf from '@tensorflow/tfjs-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { createGeneMask } from '../core/diffusion/mask';
import { InvalidRequestError, isCancelled } from '../core/errors';
import { computeDcr } from '../core/metrics/dcr';
import { computeMemorisation } from '../core/metrics/memorisation';
import { computeNnaaPrivacy } from '../core/metrics/nnaa';
import { computeNnTest } from '../core/metrics/nnTest';
import { randomRows, useCpuBackend } from '../core/metrics/testHelpers';
import { defaultEmbeddingSettings, embedSampleSets } from '../core/report/embedding';
import { metricStages, resolveMetricSettings } from '../core/report/sampleSetMetrics';
import { dcrSection, memorisationSection, nnaaPrivacySection, nnTestSection } from '../core/report/sections';
import { evaluationProgressFraction, type EvaluationEngine, type EvaluationProgress } from './evaluation';
import { createEvaluationEngine } from './evaluationEngine';

const genes = 5;
const channels = 4;
const dims = genes * channels;
const mask = createGeneMask(genes, channels, 4)!;
const train = randomRows(30, dims, 1, mask);
const holdout = randomRows(15, dims, 2, mask);
const synthetic = randomRows(15, dims, 3, mask);
const settings = resolveMetricSettings({ seed: 4, k: 5, bootstrap: { resamples: 300, level: 0.9 } });
const embedding = { ...defaultEmbeddingSettings, seed: 2, nNeighbors: 6, nEpochs: 30, maxPerSet: 20 };

let backendCalls = 0;
async function newEngine(): Promise<EvaluationEngine> {
  const engine = createEvaluationEngine({
    selectBackend: async () => {
      backendCalls++;
      await useCpuBackend();
      return tf.getBackend();
    },
  });
  await engine.setRealSets({ genes, channels, mask, train, holdout });
  await engine.putSyntheticSet('toy', { data: synthetic.data, count: synthetic.count });
  return engine;
}

function expectProgressInvariants(events: EvaluationProgress[]): void {
  const fractions = events.map(evaluationProgressFraction);
  for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  expect(events[0].status).toBe('initiate');
  expect(events.at(-1)?.status).toBe('done');
  expect(fractions.at(-1)).toBe(1);
}

describe('EvaluationEngine sample-set metrics', () => {
  let engine: EvaluationEngine;
  beforeEach(async () => { engine = await newEngine(); });

  it('equals the core metrics called directly', async () => {
    const events: EvaluationProgress[] = [];
    const metrics = await engine.evaluateSyntheticSet('toy', settings, (e) => events.push(e));
    const options = { mask, seed: 4, bootstrap: { seed: 4, resamples: 300, level: 0.9 } };
    expect(metrics.nnaa).toEqual(nnaaPrivacySection(await computeNnaaPrivacy(train, holdout, synthetic, options)));
    expect(metrics.nnTest.train).toEqual(nnTestSection(await computeNnTest(train, synthetic, { ...options, k: 5 })));
    expect(metrics.nnTest.holdout).toEqual(nnTestSection(await computeNnTest(holdout, synthetic, { ...options, k: 5 })));
    expect(metrics.dcr).toEqual(dcrSection(await computeDcr(train, holdout, synthetic, options), settings.distanceBins));
    expect(metrics.memorisation).toEqual(memorisationSection(await computeMemorisation(train, holdout, synthetic, { mask, seed: 4 })));
    expect(metrics.settings).toEqual(settings);
    expect(metrics.tfBackend).toBe('cpu');
    expectProgressInvariants(events);
    const stages = [...new Set(events.flatMap((e) => (e.status === 'metric' ? [e.metric] : [])))];
    expect(stages).toEqual([...metricStages]);
  });

  it('finds every copy when the synthetic set copies the training set', async () => {
    const copies = { data: train.data.slice(0, 15 * dims), count: 15 };
    await engine.putSyntheticSet('copier', copies);
    const metrics = await engine.evaluateSyntheticSet('copier', settings);
    expect(metrics.dcr.copies.synthetic).toEqual({ exact: 15, near: 15 });
    expect(metrics.dcr.copies.holdout.exact).toBe(0);
    expect(metrics.memorisation.synthetic.summary.min).toBeCloseTo(1, 12);
  });

  it('selects the tfjs backend lazily, once', async () => {
    const before = backendCalls;
    const fresh = await newEngine();
    expect(backendCalls).toBe(before);
    await fresh.evaluateSyntheticSet('toy', settings);
    await fresh.evaluateSyntheticSet('toy', settings);
    expect(backendCalls).toBe(before + 1);
  });

  it('cancels between steps: rejects as cancelled, reports it, and runs again afterwards', async () => {
    const events: EvaluationProgress[] = [];
    const run = engine.evaluateSyntheticSet('toy', settings, (e) => {
      events.push(e);
      if (e.status === 'metric' && e.metric === 'nn-test-train') engine.cancel();
    });
    const err = await run.catch((e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    const last = events.at(-1);
    expect(last?.status).toBe('cancelled');
    expect(evaluationProgressFraction(last!)).toBeGreaterThan(0);
    expect(evaluationProgressFraction(last!)).toBeLessThan(1);
    await expect(engine.evaluateSyntheticSet('toy', settings)).resolves.toMatchObject({ tfBackend: 'cpu' });
  });

  it('runs one task at a time', async () => {
    const first = engine.evaluateSyntheticSet('toy', settings);
    await expect(engine.evaluateSyntheticSet('toy', settings)).rejects.toThrow(/already running a task/);
    await first;
  });

  it('names what is wrong with a request', async () => {
    await expect(engine.evaluateSyntheticSet('ghost', settings)).rejects.toThrow(/no synthetic set of 'ghost'/);
    await expect(engine.putSyntheticSet('short', { data: new Float32Array(7), count: 2 })).rejects.toThrow(InvalidRequestError);
    const empty = createEvaluationEngine({ selectBackend: async () => 'cpu' });
    await expect(empty.putSyntheticSet('toy', { data: synthetic.data, count: 15 })).rejects.toThrow(/no real sets/);
    await expect(empty.setRealSets({ genes, channels, mask: new Uint8Array(3), train, holdout })).rejects.toThrow(/padding mask has 3 slots/);
  });

  it('drops the synthetic sets when new real sets arrive', async () => {
    expect((await engine.setRealSets({ genes, channels, mask, train, holdout })).synthetic).toEqual({});
    await expect(engine.evaluateSyntheticSet('toy', settings)).rejects.toThrow(/no synthetic set/);
  });
});

describe('EvaluationEngine embedding', () => {
  it('equals the core embedding and records where each point came from', async () => {
    const engine = await newEngine();
    const events: EvaluationProgress[] = [];
    const section = await engine.embed(embedding, (e) => events.push(e));
    const direct = await embedSampleSets([
      { origin: { kind: 'real-train' }, vectors: train.data, count: train.count },
      { origin: { kind: 'real-holdout' }, vectors: holdout.data, count: holdout.count },
      { origin: { kind: 'backbone', backboneId: 'toy' }, vectors: synthetic.data, count: synthetic.count },
    ], mask, embedding);
    expect(section.points.x).toEqual(direct.points.map((p) => p.x));
    expect(section.points.y).toEqual(direct.points.map((p) => p.y));
    expect(section.sets.map((s) => [s.key, s.used, s.total])).toEqual([['real-train', 20, 30], ['real-holdout', 15, 15], ['backbone:toy', 15, 15]]);
    expect(section.points.origin.filter((o) => o === 'backbone:toy')).toHaveLength(15);
    expect(section.settings).toMatchObject({ seed: 2, nNeighbors: 6, nEpochs: 30 });
    expectProgressInvariants(events);
    expect(events.filter((e) => e.status === 'epoch')).toHaveLength(30);
  });

  it('cancels between epochs', async () => {
    const engine = await newEngine();
    const events: EvaluationProgress[] = [];
    const err = await engine.embed(embedding, (e) => {
      events.push(e);
      if (e.status === 'epoch' && e.epochsDone === 3) engine.cancel();
    }).catch((e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    expect(events.at(-1)?.status).toBe('cancelled');
  });
});
