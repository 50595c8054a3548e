// The design pipeline in Node on the tfjs cpu backend, without a backbone (activation maximisation):
// progress in order, a cancel that keeps the designs so far, and the refusals before any work.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodedTestCohort, smallStrongCohort } from '../core/classify/testCohort';
import { sampleRoles } from '../core/encode/split';
import { defaultDesignSettings, designProgressFraction, runDesignPipeline, type DesignCohort, type DesignProgress } from './designPipeline';
import { createTfTrainingEngine } from './trainingEngine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function cohort(): DesignCohort {
  const { train, holdout } = encodedTestCohort(smallStrongCohort);
  const dims = train.shape.genes * train.shape.channels;
  const n = train.shape.batch + holdout.shape.batch;
  const tensor = new Float32Array(n * dims);
  tensor.set(train.data as Float32Array);
  tensor.set(holdout.data as Float32Array, train.shape.batch * dims);
  const roles = new Uint8Array(n).fill(sampleRoles.train).fill(sampleRoles.holdout, train.shape.batch);
  return {
    tensor, shape: { batch: n, genes: train.shape.genes, channels: train.shape.channels }, mask: train.mask,
    labels: Int8Array.from([...train.labels, ...holdout.labels]), roles, sampleIds: Array.from({ length: n }, (_, i) => `s${i}`),
    classNames: ['control', 'case'], codecSha256: 'ab'.repeat(32), geneNames: Array.from({ length: train.shape.genes }, (_, g) => `G${g}`), codec: null,
  };
}

const plan = () => ({
  ...defaultDesignSettings({ targetClass: 1, methods: ['activation' as const] }),
  designs: 5, predictor: { kind: 'mlp', epochs: 2 }, oracleClassifier: { kind: 'mlp', epochs: 2 }, bootstrap: { resamples: 50, level: 0.95 },
});

describe('runDesignPipeline', () => {
  const training = createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] });

  it('cancelled mid-run keeps the designs of the iterations that finished, and says so', async () => {
    const controller = new AbortController();
    const events: DesignProgress[] = [];
    const settings = { ...plan(), activation: { ...plan().activation, iterations: 40 } };
    const { report, sets } = await runDesignPipeline({
      cohort: cohort(), plan: settings, backbone: null, training, truth: null, generator: 'test', signal: controller.signal,
      onProgress: (event) => {
        events.push(event);
        if (event.status === 'progress' && event.iterationsDone === 3) controller.abort();
      },
    });
    expect(report.status).toBe('cancelled');
    expect(report.methods[0].status).toBe('cancelled');
    expect(report.methods[0].iterationsDone).toBe(4);
    expect(sets[0].designs.length).toBe(5 * cohort().shape.genes * cohort().shape.channels);
    expect(Array.from(sets[0].designs)).not.toEqual(Array.from(sets[0].before));
    expect(events.map((e) => e.status).filter((s, i, all) => s !== all[i - 1])).toEqual(['initiate', 'training', 'progress', 'scoring', 'cancelled']);
    // The progress fraction never decreases.
    let last = 0;
    for (const e of events) {
      const next = designProgressFraction(e, last);
      expect(next).toBeGreaterThanOrEqual(last);
      last = next;
    }
  }, 60_000);

  it('refuses a guidance run without a backbone and a step size out of range before training anything', async () => {
    const input = { cohort: cohort(), backbone: null, training, truth: null, generator: 'test' };
    await expect(runDesignPipeline({ ...input, plan: { ...plan(), methods: ['guidance'] } })).rejects.toMatchObject({ problem: 'missing-input' });
    await expect(runDesignPipeline({ ...input, plan: { ...plan(), activation: { ...plan().activation, stepSize: 11 } } })).rejects.toMatchObject({ problem: 'bad-setting' });
  });
});
