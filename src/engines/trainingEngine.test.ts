import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { takeRows } from '../core/classify/dataset';
import { encodedTestCohort, smallStrongCohort } from '../core/classify/testCohort';
import { defaultTrainSettings, type TrainSettings } from '../core/classify/train';
import { CancelledError, InvalidRequestError, RuntimeFailureError } from '../core/errors';
import { selectTfBackend, type TfBackendApi } from './tfBackend';
import { trainingProgressFraction, type TrainingProgress } from './training';
import { createTfTrainingEngine } from './trainingEngine';

const now = () => performance.now();
const settings: TrainSettings = { ...defaultTrainSettings, model: { kind: 'mlp', hiddenUnits: [8], dropout: 0.5 }, epochs: 4, batchSize: 32 };
const bootstrap = { resamples: 200, level: 0.95, seed: 1, stratified: true };
const data = () => {
  const { train, holdout } = encodedTestCohort(smallStrongCohort);
  return { train: takeRows(train, Int32Array.from({ length: 200 }, (_, i) => i * 4)), holdout };
};

/** A fake tfjs: which backends exist, what setBackend does for each, and the calls made. */
function fakeTf(behaviour: Record<string, 'ok' | 'fails' | 'throws' | 'hangs'>): TfBackendApi & { calls: string[] } {
  const calls: string[] = [];
  let active = '';
  return {
    calls,
    findBackendFactory: (name) => (name in behaviour ? () => ({}) : null),
    env: () => ({ set: (flag, value) => { calls.push(`${flag}=${value}`); } }),
    setBackend: (name) => {
      calls.push(`setBackend(${name})`);
      switch (behaviour[name]) {
        case 'ok': active = name; return Promise.resolve(true);
        case 'fails': return Promise.resolve(false);
        case 'throws': return Promise.reject(new Error(`${name}: no adapter`));
        default: return new Promise<boolean>(() => {});
      }
    },
    ready: () => Promise.resolve(),
    getBackend: () => active,
  };
}

/** Fractions never decrease and a finished job ends at exactly 1. */
function expectMonotoneToOne(events: TrainingProgress[]): void {
  const fractions = events.map(trainingProgressFraction);
  fractions.forEach((f, i) => { if (i > 0) expect(f).toBeGreaterThanOrEqual(fractions[i - 1]); });
  expect(events.at(-1)?.status).toBe('done');
  expect(fractions.at(-1)).toBe(1);
}

describe('selectTfBackend', () => {
  it('falls back webgpu → webgl → wasm → cpu, says why, and sets the wasm thread flag first', async () => {
    const api = fakeTf({ webgl: 'fails', wasm: 'hangs', cpu: 'ok' });
    const report = await selectTfBackend(api, { now, attemptTimeoutMs: 20 });
    expect(report.backend).toBe('cpu');
    expect(report.rejected).toEqual([
      { backend: 'webgpu', reason: 'not registered in this build' },
      { backend: 'webgl', reason: 'failed to initialise (no adapter or context)' },
      { backend: 'wasm', reason: 'did not start within 20 ms' },
    ]);
    expect(api.calls).toEqual(['setBackend(webgl)', 'WASM_HAS_MULTITHREAD_SUPPORT=false', 'setBackend(wasm)', 'setBackend(cpu)']);
  });

  it('rejects with a typed error naming every failure when nothing starts', async () => {
    await expect(selectTfBackend(fakeTf({ webgpu: 'throws', cpu: 'fails' }), { now, order: ['webgpu', 'cpu'] }))
      .rejects.toThrow(RuntimeFailureError);
    await expect(selectTfBackend(fakeTf({ webgpu: 'throws' }), { now, order: ['webgpu'] })).rejects.toThrow(/webgpu: webgpu: no adapter/);
  });
});

describe('TfTrainingEngine (cpu backend)', () => {
  it('trains with monotone progress, evaluates, and frees the model on dispose', async () => {
    const engine = createTfTrainingEngine({ now, backendOrder: ['cpu'] });
    expect((await engine.init()).backend).toBe('cpu');
    const baseline = tf.memory().numTensors;
    const { train, holdout } = data();
    const events: TrainingProgress[] = [];
    const result = await engine.train({ set: train, settings, label: 'real' }, (e) => events.push(e));
    expectMonotoneToOne(events);
    expect(events[0]).toMatchObject({ status: 'initiate', job: 'train', backend: 'cpu' });
    expect(events.filter((e) => e.status === 'epoch')).toHaveLength(result.history.length);
    expect(result).toMatchObject({ backend: 'cpu', settings });
    const evaluated = await engine.evaluate({ modelId: result.modelId, set: holdout, bootstrap });
    expect(evaluated.probabilities).toHaveLength(2 * holdout.shape.batch);
    expect(evaluated.metrics.n).toBe(holdout.shape.batch);
    engine.disposeModel(result.modelId);
    expect(tf.memory().numTensors).toBe(baseline);
    await expect(engine.evaluate({ modelId: result.modelId, set: holdout, bootstrap })).rejects.toThrow(/no trained model "model-1"/);
  });

  it('cancel() rejects the job with CancelledError, reports `cancelled`, leaks nothing and frees the engine', async () => {
    const engine = createTfTrainingEngine({ now, backendOrder: ['cpu'] });
    await engine.init();
    const baseline = tf.memory().numTensors;
    const { train } = data();
    const events: TrainingProgress[] = [];
    const running = engine.train({ set: train, settings: { ...settings, epochs: 50, patience: null } }, (e) => {
      events.push(e);
      if (e.status === 'epoch') engine.cancel();
    });
    await expect(engine.train({ set: train, settings })).rejects.toThrow(InvalidRequestError);
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    expect(events.at(-1)).toMatchObject({ status: 'cancelled', fractionDone: trainingProgressFraction(events.at(-2) as TrainingProgress) });
    expect(tf.memory().numTensors).toBe(baseline);
    const again = await engine.train({ set: train, settings: { ...settings, epochs: 1 } });
    engine.disposeModel(again.modelId);
  });

  it('runs TSTR with one progress bar over every source', async () => {
    const engine = createTfTrainingEngine({ now, backendOrder: ['cpu'] });
    const { train, holdout } = data();
    const events: TrainingProgress[] = [];
    const result = await engine.tstr({ realTrain: train, holdout, synthetic: [{ id: 'copy', set: train }], train: settings, bootstrap }, (e) => events.push(e));
    expectMonotoneToOne(events);
    expect(events.filter((e) => e.status === 'evaluating').map((e) => (e.status === 'evaluating' ? e.source : ''))).toEqual(['real', 'copy']);
    expect(result.rows.map((r) => r.recovery.estimate)).toEqual([1, 1]);
    expect(result.backend).toBe('cpu');
  });
});
