// A TSTR section for report tests, computed by runTstr (MLP, tfjs cpu) on a small simulated cohort
// with a real case/control signal: one backbone "generates" the real training set itself (its
// recovery is exactly 1), the other the same set with permuted labels (chance accuracy).
import * as tf from '@tensorflow/tfjs';
import { useCpuBackend } from '../metrics/testHelpers';
import { encodedTestCohort, smallStrongCohort } from '../classify/testCohort';
import { defaultTrainSettings } from '../classify/train';
import { runTstr } from '../classify/tstr';
import type { LabelledSet } from '../classify/dataset';
import { createRng } from '../rng';
import type { TstrSection } from './types';

function withShuffledLabels(set: LabelledSet): LabelledSet {
  const rng = createRng(99);
  const labels = set.labels.slice();
  for (let i = labels.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  return { ...set, labels };
}

export async function buildTestTstrSection(copyId: string, shuffledId: string): Promise<TstrSection> {
  await useCpuBackend();
  const { train: realTrain, holdout } = encodedTestCohort(smallStrongCohort);
  const startMs = performance.now();
  // The leak check that useCpuBackend's IS_TEST turns on counts the tensor softmaxCrossEntropy's
  // custom gradient keeps as a leak, so training runs without it (as in the app).
  tf.env().set('IS_TEST', false);
  const report = await runTstr({
    realTrain, holdout,
    synthetic: [{ id: copyId, set: realTrain }, { id: shuffledId, set: withShuffledLabels(realTrain) }],
    train: { ...defaultTrainSettings, model: { kind: 'mlp', hiddenUnits: [16], dropout: 0.5 }, epochs: 15 },
    bootstrap: { resamples: 500, level: 0.95, seed: 2, stratified: true },
  }).finally(() => tf.env().set('IS_TEST', true));
  const counts = report.rows[0].trainPerClass;
  return {
    status: 'done',
    runs: [{ classifier: 'MLP', report, tfBackend: 'cpu', elapsedMs: performance.now() - startMs }],
    skipped: [],
    synthetic: { count: counts.reduce((a, b) => a + b, 0), classCounts: counts, seed: 0 },
  };
}
