import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InvalidRequestError } from '../errors';
import { takeRows } from './dataset';
import { defaultBootstrapSettings, evaluatePredictions } from './evaluate';
import { predictProbabilities } from './predict';
import { encodedTestCohort, strongSignalCohort } from './testCohort';
import { defaultTrainSettings, trainClassifier, type EpochRecord, type TrainSettings } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const smallMlp: TrainSettings = { ...defaultTrainSettings, model: { kind: 'mlp', hiddenUnits: [16], dropout: 0.5 }, epochs: 15 };

describe('trainClassifier on a simulated cohort with a real signal (tfjs cpu)', () => {
  it('the MLP reaches balanced accuracy > 0.6 on the balanced holdout, CI lower bound > 0.5', async () => {
    const { train, holdout } = encodedTestCohort(strongSignalCohort);
    const records: EpochRecord[] = [];
    const trained = await trainClassifier(train, smallMlp, { onEpoch: (r) => records.push(r) });
    try {
      const metrics = evaluatePredictions(await predictProbabilities(trained, holdout), holdout.labels, 2, defaultBootstrapSettings);
      // Measured: 0.73 [0.67, 0.79], AUC 0.78 (800 train, 100 + 100 holdout, 15 epochs).
      expect(metrics.balancedAccuracy.estimate).toBeGreaterThan(0.6);
      expect(metrics.balancedAccuracy.lower).toBeGreaterThan(0.5);
      expect(metrics.auc.lower).toBeGreaterThan(0.5);
      // Streamed records are the history; the model holds the epoch of lowest validation loss.
      expect(records).toEqual(trained.history);
      expect(records.map((r) => r.epoch)).toEqual(records.map((_, i) => i + 1));
      const best = Math.min(...records.map((r) => r.valLoss));
      expect(records[trained.selectedEpoch - 1].valLoss).toBe(best);
      // The validation split came out of the 800 training samples: 20 % of each class.
      expect(trained.validationPerClass).toEqual([80, 80]);
      expect(trained.fitPerClass).toEqual([320, 320]);
    } finally {
      trained.model.dispose();
    }
  });
});

describe('determinism, memory and cancellation', () => {
  const tiny = (): ReturnType<typeof takeRows> => takeRows(encodedTestCohort(strongSignalCohort).train, Int32Array.from({ length: 160 }, (_, i) => i * 5));
  const settings: TrainSettings = { ...smallMlp, epochs: 3, batchSize: 32 };

  const weightsAfter = async (seed: number) => {
    const trained = await trainClassifier(tiny(), { ...settings, seed });
    const weights = trained.model.getWeights().map((w) => Array.from(w.dataSync()));
    trained.model.dispose();
    return { weights, history: trained.history };
  };

  it('the same seed gives the same weights and curves; another seed does not', async () => {
    const a = await weightsAfter(3);
    const b = await weightsAfter(3);
    expect(b.weights).toEqual(a.weights);
    expect(b.history).toEqual(a.history);
    expect((await weightsAfter(4)).weights).not.toEqual(a.weights);
  });

  it('returns tf.memory().numTensors to its baseline after a run, a cancel and a failure', async () => {
    const baseline = tf.memory().numTensors;
    const trained = await trainClassifier(tiny(), settings);
    trained.model.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    const controller = new AbortController();
    await expect(trainClassifier(tiny(), settings, { signal: controller.signal, onEpoch: () => controller.abort() })).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(baseline);
    const mislabelled = { ...tiny(), labels: new Int8Array(160).fill(5) };
    await expect(trainClassifier(mislabelled, settings, { classes: 2 })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('cancels between batches: an abort during epoch 1 rejects before epoch 1 ends', async () => {
    const controller = new AbortController();
    const records: EpochRecord[] = [];
    setTimeout(() => controller.abort(), 0);
    await expect(trainClassifier(tiny(), { ...settings, batchSize: 8 }, { signal: controller.signal, onEpoch: (r) => records.push(r) }))
      .rejects.toMatchObject({ name: 'CancelledError', code: 'cancelled' });
    expect(records).toEqual([]);
  });

  it('stops early after `patience` epochs without a better validation loss', async () => {
    const trained = await trainClassifier(tiny(), { ...settings, epochs: 40, patience: 2, learningRate: 0.01 });
    trained.model.dispose();
    expect(trained.stoppedEarly).toBe(true);
    expect(trained.history.length).toBe(trained.selectedEpoch + 2);
  });
});
