// Inference with a trained classifier: logits batch by batch with dropout off, the row-wise
// softmax, and the validation score (weighted cross-entropy, accuracy, balanced accuracy)
// that model selection reads.

import * as tf from '@tensorflow/tfjs';
import { checkLayoutFits, fillFeatures, type FeatureLayout, type LabelledSet } from './dataset';
import { accuracyOf, argmaxRows, balancedAccuracyOf, confusionMatrix } from './evaluate';

const PREDICT_BATCH = 256;

/** Logits [rows, K] of rows `idx` of a set, batch by batch, dropout off. */
export async function predictLogits(
  model: tf.LayersModel, layout: FeatureLayout, set: LabelledSet, idx: ArrayLike<number>, batchSize = PREDICT_BATCH,
): Promise<Float32Array> {
  const classes = model.outputs[0].shape[1] ?? 0;
  const genes = layout.geneSlots.length;
  const perModel = genes * layout.channels;
  const out = new Float32Array(idx.length * classes);
  const buffer = new Float32Array(Math.min(batchSize, idx.length) * perModel);
  for (let from = 0; from < idx.length; from += batchSize) {
    const rows = Int32Array.from({ length: Math.min(batchSize, idx.length - from) }, (_, r) => idx[from + r]);
    fillFeatures(layout, set, rows, buffer);
    const logits = tf.tidy(() => model.predict(tf.tensor3d(buffer.subarray(0, rows.length * perModel), [rows.length, genes, layout.channels])) as tf.Tensor);
    try {
      out.set(await logits.data(), from * classes);
    } finally {
      logits.dispose();
    }
  }
  return out;
}

/** Row-wise softmax of logits [N, K] (max-shifted). */
export function softmaxRows(logits: ArrayLike<number>, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i += classes) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[i + k]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += (out[i + k] = Math.exp(logits[i + k] - max));
    for (let k = 0; k < classes; k++) out[i + k] /= sum;
  }
  return out;
}

/** What predictProbabilities needs of a trained classifier. */
export interface Predictor {
  model: tf.LayersModel;
  layout: FeatureLayout;
  classes: number;
}

/** Class probabilities [N, K] of every sample of a set (dropout off). */
export async function predictProbabilities(classifier: Predictor, set: LabelledSet): Promise<Float32Array> {
  checkLayoutFits(classifier.layout, set, 'the test set');
  const idx = Int32Array.from({ length: set.shape.batch }, (_, i) => i);
  return softmaxRows(await predictLogits(classifier.model, classifier.layout, set, idx), classifier.classes);
}

export interface RowsScore {
  /** Class-weighted mean cross-entropy (the training objective without L2). */
  loss: number;
  accuracy: number;
  balancedAccuracy: number;
}

/** Scores rows `idx` of a set: weighted cross-entropy from a stable log-softmax, accuracies. */
export async function scoreRows(
  classifier: Predictor, set: LabelledSet, idx: ArrayLike<number>, classWeights: readonly number[],
): Promise<RowsScore> {
  const { classes } = classifier;
  const logits = await predictLogits(classifier.model, classifier.layout, set, idx);
  const yTrue = Int32Array.from({ length: idx.length }, (_, r) => set.labels[idx[r]]);
  let loss = 0;
  yTrue.forEach((y, r) => {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    const max = Math.max(...row);
    const logSum = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    loss += classWeights[y] * (logSum - row[y]);
  });
  const cm = confusionMatrix(yTrue, argmaxRows(logits, classes), classes);
  return { loss: loss / idx.length, accuracy: accuracyOf(cm), balancedAccuracy: balancedAccuracyOf(cm) };
}
