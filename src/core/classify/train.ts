// The seeded training loop: a stratified validation split carved from the training set (never
// the test set), Adam on class-weighted softmax cross-entropy + L2, per-epoch records streamed
// to a callback, the model selected on validation (early stopping with patience), cancellable
// between batches, and every tensor disposed (tf.tidy / dispose) whatever the outcome.
// Deterministic on the cpu backend: seeded initialisers, dropout and shuffling.

import * as tf from '@tensorflow/tfjs';
import { InvalidRequestError, throwIfCancelled } from '../errors';
import { createRng, type SequentialRng } from '../rng';
import {
  checkLabelledSet, checkLayoutFits, classCounts, createFeatureLayout, fillFeatures, inferClassCount, stratifiedSplit,
  type FeatureLayout, type LabelledSet,
} from './dataset';
import { buildClassifier, geneMultipleOf, type ClassifierSpec } from './models';
import { scoreRows, type Predictor } from './predict';

/** What the model is selected on, over the validation split. */
export const selectionCriteria = {
  /** Lowest validation cross-entropy (smooth; the default). */
  valLoss: 'valLoss',
  /** Highest validation balanced accuracy (ties: the earlier epoch). */
  valBalancedAccuracy: 'valBalancedAccuracy',
} as const;
export type SelectionCriterion = (typeof selectionCriteria)[keyof typeof selectionCriteria];

/** How the loss weighs the classes. */
export const classWeightings = {
  /** Class k weighs n / (K · n_k): minority classes count as much as majority ones. */
  balanced: 'balanced',
  /** Every sample weighs 1. */
  none: 'none',
} as const;
export type ClassWeighting = (typeof classWeightings)[keyof typeof classWeightings];

/** Every setting that changes a trained model; recorded with its results. */
export interface TrainSettings {
  model: ClassifierSpec;
  seed: number;
  /** Maximum epochs. */
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty λ·Σw² on every weight of rank ≥ 2 (kernels, attention, positions). */
  l2: number;
  /** Share of each class of the training set carved off for validation. */
  validationFraction: number;
  selectBy: SelectionCriterion;
  /** Stop after this many epochs without improvement; null runs every epoch. */
  patience: number | null;
  classWeighting: ClassWeighting;
}

export const defaultTrainSettings: Omit<TrainSettings, 'model'> = {
  seed: 1,
  epochs: 30,
  batchSize: 64,
  learningRate: 1e-3,
  l2: 1e-4,
  validationFraction: 0.2,
  selectBy: selectionCriteria.valLoss,
  patience: 8,
  classWeighting: classWeightings.balanced,
};

/** One epoch of the live curves. Losses are class-weighted mean cross-entropy (no L2). */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean over the epoch's batches with dropout active, as trained. */
  trainLoss: number;
  trainAcc: number;
  valLoss: number;
  valAcc: number;
  valBalancedAccuracy: number;
  /** Accuracy on an outside monitor set (TSTR's optimistic number); never used for selection. */
  monitorAcc?: number;
}

export interface TrainOptions {
  signal?: AbortSignal;
  onEpoch?: (record: EpochRecord) => void;
  /** Number of classes K (default: largest label + 1, at least 2). */
  classes?: number;
  /** Scored after every epoch for `monitorAcc` only. */
  monitor?: LabelledSet;
}

export interface TrainedClassifier extends Predictor {
  settings: TrainSettings;
  history: EpochRecord[];
  /** The epoch whose weights the model holds. */
  selectedEpoch: number;
  stoppedEarly: boolean;
  /** Samples fitted on / carved off for validation, per class. */
  fitPerClass: number[];
  validationPerClass: number[];
  parameterCount: number;
}

const VALIDATION_STREAM = 0x7a11d;
const SHUFFLE_STREAM = 0x54ff1e;

export function checkTrainSettings(settings: TrainSettings): void {
  const problems = [
    !(Number.isSafeInteger(settings.seed) && settings.seed >= 0) && 'seed must be a whole number ≥ 0',
    !(Number.isInteger(settings.epochs) && settings.epochs >= 1) && 'epochs must be a whole number ≥ 1',
    !(Number.isInteger(settings.batchSize) && settings.batchSize >= 1) && 'batch size must be a whole number ≥ 1',
    !(settings.learningRate > 0) && 'learning rate must be > 0',
    !(settings.l2 >= 0) && 'L2 must be ≥ 0',
    settings.patience !== null && !(Number.isInteger(settings.patience) && settings.patience >= 1) && 'patience must be a whole number ≥ 1 or none',
    !(settings.validationFraction > 0 && settings.validationFraction < 1) && 'validation fraction must be in (0, 1)',
    !Object.values<string>(selectionCriteria).includes(settings.selectBy) && `selection criterion must be one of ${Object.values(selectionCriteria).join(', ')}`,
    !Object.values<string>(classWeightings).includes(settings.classWeighting) && `class weighting must be one of ${Object.values(classWeightings).join(', ')}`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new InvalidRequestError(`training settings: ${problems.join('; ')}`);
}

function classWeightsOf(labels: ArrayLike<number>, classes: number, rule: ClassWeighting): number[] {
  return classCounts(labels, classes).map((count) => (rule === classWeightings.balanced && count > 0 ? labels.length / (classes * count) : 1));
}

const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Σ of scalars. Not tf.addN: the webgpu backend binds every AddN input to one shader and, past
 * maxStorageBuffersPerShaderStage (8 under SwiftShader), the pipeline is invalid and reads 0;
 * stack (a concat) splits its inputs into groups that fit.
 */
const sumScalars = (scalars: tf.Scalar[]): tf.Scalar => tf.sum(tf.stack(scalars));

/** What one epoch needs; built once per run. */
interface EpochRun {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  layout: FeatureLayout;
  set: LabelledSet;
  classes: number;
  weights: number[];
  settings: TrainSettings;
  buffer: Float32Array;
  signal?: AbortSignal;
}

/** Loss and accuracy of one batch's logits, kept out of the gradient tidy for the epoch sums. */
interface BatchTally {
  weightedLoss: tf.Scalar[];
  correct: tf.Scalar[];
}

function trainBatch(run: EpochRun, rows: Int32Array, tally: BatchTally): void {
  const { model, layout, set, classes, settings } = run;
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const penalised = variables.filter((v) => v.rank >= 2);
  fillFeatures(layout, set, rows, run.buffer);
  tf.tidy(() => {
    const x = tf.tensor3d(run.buffer.subarray(0, rows.length * layout.geneSlots.length * layout.channels), [rows.length, layout.geneSlots.length, layout.channels]);
    const labels = tf.tensor1d(Int32Array.from(rows, (i) => set.labels[i]), 'int32');
    const weights = tf.tensor1d(Float32Array.from(rows, (i) => run.weights[set.labels[i]]));
    run.optimizer.minimize((): tf.Scalar => {
      const logits = model.apply(x, { training: true }) as tf.Tensor2D;
      // Σ wᵢ·CEᵢ / B (tfjs' SUM_BY_NONZERO_WEIGHTS), so the epoch sum is Σ wᵢ·CEᵢ.
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits, weights) as tf.Scalar;
      tally.weightedLoss.push(tf.keep(tf.mul(ce, rows.length)));
      tally.correct.push(tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'))));
      if (settings.l2 === 0 || penalised.length === 0) return ce;
      return tf.add(ce, tf.mul(settings.l2, sumScalars(penalised.map((v) => tf.sum(tf.square(v))))));
    }, false, variables);
  });
}

/** One pass over the fit rows in `order`; returns mean weighted loss and accuracy. */
async function trainEpoch(run: EpochRun, order: Int32Array): Promise<{ loss: number; accuracy: number }> {
  const tally: BatchTally = { weightedLoss: [], correct: [] };
  try {
    for (let from = 0; from < order.length; from += run.settings.batchSize) {
      throwIfCancelled(run.signal, 'training');
      trainBatch(run, order.subarray(from, Math.min(order.length, from + run.settings.batchSize)), tally);
      await yieldToMessages();
    }
    const sums = tf.tidy(() => tf.stack([sumScalars(tally.weightedLoss), sumScalars(tally.correct)]));
    const [lossSum, correct] = await sums.data();
    sums.dispose();
    return { loss: lossSum / order.length, accuracy: correct / order.length };
  } finally {
    tf.dispose([...tally.weightedLoss, ...tally.correct]);
  }
}

function shuffled(rows: Int32Array, rng: SequentialRng): Int32Array {
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Higher is better. */
function selectionScore(record: EpochRecord, criterion: SelectionCriterion): number {
  return criterion === selectionCriteria.valLoss ? -record.valLoss : record.valBalancedAccuracy;
}

/**
 * Trains one classifier on `set`. The caller owns the returned model (dispose it with
 * `model.dispose()`); on failure or cancel every tensor of the run is released.
 */
export async function trainClassifier(set: LabelledSet, settings: TrainSettings, options: TrainOptions = {}): Promise<TrainedClassifier> {
  // 1. Settings, classes and the feature layout every set of this run must fit.
  checkTrainSettings(settings);
  const classes = options.classes ?? inferClassCount(set.labels);
  checkLabelledSet(set, classes, 'the training set');
  const layout = createFeatureLayout(set.mask, set.shape, geneMultipleOf(settings.model));
  const { monitor } = options;
  if (monitor) {
    checkLabelledSet(monitor, classes, 'the monitor set');
    checkLayoutFits(layout, monitor, 'the monitor set');
  }
  // 2. The validation split, carved from the training set; class weights from the fit part.
  const { fitIdx, validationIdx } = stratifiedSplit(set.labels, classes, settings.validationFraction, settings.seed, VALIDATION_STREAM);
  const fitLabels = Int32Array.from(fitIdx, (i) => set.labels[i]);
  const weights = classWeightsOf(fitLabels, classes, settings.classWeighting);
  // 3. The model and the optimiser.
  const model = buildClassifier(settings.model, { genes: layout.geneSlots.length, channels: layout.channels, classes }, settings.seed);
  const optimizer = tf.train.adam(settings.learningRate);
  const run: EpochRun = {
    model, optimizer, layout, set, classes, weights, settings, signal: options.signal,
    buffer: new Float32Array(Math.min(settings.batchSize, fitIdx.length) * layout.geneSlots.length * layout.channels),
  };
  const predictor: Predictor = { model, layout, classes };
  const shuffleRng = createRng(settings.seed, SHUFFLE_STREAM);
  const history: EpochRecord[] = [];
  let best: { epoch: number; score: number; weights: tf.Tensor[] } | null = null;
  try {
    // 4. Epochs: fit, score on validation, keep the best weights, stop after `patience`.
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const fit = await trainEpoch(run, shuffled(fitIdx, shuffleRng));
      throwIfCancelled(options.signal, 'training');
      const val = await scoreRows(predictor, set, validationIdx, weights);
      const record: EpochRecord = {
        epoch, trainLoss: fit.loss, trainAcc: fit.accuracy, valLoss: val.loss, valAcc: val.accuracy, valBalancedAccuracy: val.balancedAccuracy,
        ...(monitor ? { monitorAcc: (await scoreRows(predictor, monitor, Int32Array.from({ length: monitor.shape.batch }, (_, i) => i), weights)).accuracy } : {}),
      };
      history.push(record);
      options.onEpoch?.(record);
      const score = selectionScore(record, settings.selectBy);
      if (best === null || score > best.score) {
        tf.dispose(best?.weights ?? []);
        best = { epoch, score, weights: model.getWeights().map((w) => w.clone()) };
      } else if (settings.patience !== null && epoch - best.epoch >= settings.patience) {
        break;
      }
    }
    // 5. The selected weights back into the model.
    if (best) model.setWeights(best.weights);
    return {
      model, layout, classes, settings, history,
      selectedEpoch: best?.epoch ?? history.length,
      stoppedEarly: history.length < settings.epochs,
      fitPerClass: classCounts(fitLabels, classes),
      validationPerClass: classCounts(Int32Array.from(validationIdx, (i) => set.labels[i]), classes),
      parameterCount: model.countParams(),
    };
  } catch (err) {
    model.dispose();
    throw err;
  } finally {
    tf.dispose(best?.weights ?? []);
    optimizer.dispose();
  }
}
