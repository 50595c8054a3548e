// TSTR, train on synthetic, test on real (paper §3.5.4, Table 1; REFERENCE.md): one classifier
// trained on the real training split and one per backbone on its class-conditional synthetic
// set of the same size and class balance; each selected on a validation split carved from its
// own training data; all tested on the balanced real holdout. Recovery = acc_syn / acc_real,
// with a paired bootstrap interval over the holdout (both models scored on the same
// resamples). The interval covers test-set sampling only, not training randomness.

import { throwIfCancelled } from '../errors';
import {
  checkLabelledSet, checkLayoutFits, classCounts, createFeatureLayout, inferClassCount, subsampleToCounts, takeRows,
  type LabelledSet,
} from './dataset';
import {
  accuracyOf, argmaxRows, bootstrapIntervals, confusionMatrix, evaluatePredictions,
  type BootstrapSettings, type EvaluatedMetrics, type Interval,
} from './evaluate';
import { predictProbabilities } from './predict';
import { trainClassifier, type EpochRecord, type TrainSettings } from './train';

export interface TstrSyntheticSet {
  /** The backbone that generated it, as shown in the table. */
  id: string;
  set: LabelledSet;
}

export interface TstrRequest {
  realTrain: LabelledSet;
  /** The real holdout; subsampled to equal class counts when it is not balanced. */
  holdout: LabelledSet;
  synthetic: TstrSyntheticSet[];
  train: TrainSettings;
  bootstrap: BootstrapSettings;
  /** Subsample each synthetic set per class to the real training set's class counts (default true). */
  matchRealTrain?: boolean;
  /** Also report the best holdout accuracy over epochs, as the paper's code does: optimistic. */
  reportOptimistic?: boolean;
  /** Number of classes K (default: from the real training labels). */
  classes?: number;
}

export type TstrProgress =
  | { status: 'training'; source: string; sourceIndex: number; sourcesTotal: number; epochsMax: number; record: EpochRecord }
  | { status: 'evaluating'; source: string; sourceIndex: number; sourcesTotal: number };

export interface OptimisticAccuracy {
  /** Best holdout accuracy over all epochs: the test set chose the epoch. */
  bestTestAccuracy: number;
  epoch: number;
  label: string;
}

export interface TstrRow {
  /** 'real' or the backbone id. */
  source: string;
  kind: 'real' | 'synthetic';
  /** Samples the classifier was given (after matching), per class. */
  trainPerClass: number[];
  /** Samples the source offered, per class. */
  availablePerClass: number[];
  /** Of trainPerClass, carved off for model selection (never the holdout). */
  validationPerClass: number[];
  metrics: EvaluatedMetrics;
  /** acc_source / acc_real; exactly 1 for the real row. */
  recovery: Interval;
  selectedEpoch: number;
  stoppedEarly: boolean;
  parameterCount: number;
  history: EpochRecord[];
  optimistic: OptimisticAccuracy | null;
}

export interface TstrReport {
  rows: TstrRow[];
  holdout: { count: number; perClass: number[]; givenPerClass: number[]; balancing: 'as-given' | 'subsampled' };
  settings: {
    train: TrainSettings;
    bootstrap: BootstrapSettings;
    matchRealTrain: boolean;
    reportOptimistic: boolean;
    classes: number;
    /** F1 and AUC: of class 1 when K = 2, macro averages over the classes otherwise. */
    averaging: 'binary, positive class 1' | 'macro over classes';
    /** Gene slots holding real genes (padded slots are dropped before the models), components per gene. */
    realGenes: number;
    channels: number;
  };
}

const MATCH_STREAM = 0x3a7c4;
const HOLDOUT_STREAM = 0x401d;
export const OPTIMISTIC_LABEL = 'best holdout accuracy over epochs (the paper\'s code): optimistic, the test set picked the epoch';

export interface TstrOptions {
  signal?: AbortSignal;
  onProgress?: (event: TstrProgress) => void;
}

/** The holdout with equal class counts (seeded subsample to the smallest class when needed). */
function balancedHoldout(holdout: LabelledSet, classes: number, seed: number): { set: LabelledSet; balancing: 'as-given' | 'subsampled' } {
  const counts = classCounts(holdout.labels, classes);
  const present = counts.filter((n) => n > 0);
  const smallest = Math.min(...present);
  if (present.every((n) => n === smallest)) return { set: holdout, balancing: 'as-given' };
  const target = counts.map((n) => (n > 0 ? smallest : 0));
  return { set: takeRows(holdout, subsampleToCounts(holdout.labels, target, seed, HOLDOUT_STREAM, 'the holdout')), balancing: 'subsampled' };
}

interface TrainedSource {
  probs: Float32Array;
  row: Omit<TstrRow, 'metrics' | 'recovery'>;
}

async function trainAndPredict(
  source: { id: string; kind: TstrRow['kind']; set: LabelledSet; availablePerClass: number[] },
  holdout: LabelledSet, request: TstrRequest, classes: number, position: { index: number; total: number }, options: TstrOptions,
): Promise<TrainedSource> {
  const at = { source: source.id, sourceIndex: position.index, sourcesTotal: position.total };
  const trained = await trainClassifier(source.set, request.train, {
    classes, signal: options.signal,
    ...(request.reportOptimistic ? { monitor: holdout } : {}),
    onEpoch: (record) => options.onProgress?.({ status: 'training', ...at, epochsMax: request.train.epochs, record }),
  });
  try {
    options.onProgress?.({ status: 'evaluating', ...at });
    const probs = await predictProbabilities(trained, holdout);
    const monitored = trained.history.filter((r) => r.monitorAcc !== undefined);
    const best = monitored.reduce<EpochRecord | null>((b, r) => (b === null || (r.monitorAcc ?? 0) > (b.monitorAcc ?? 0) ? r : b), null);
    return {
      probs,
      row: {
        source: source.id, kind: source.kind, availablePerClass: source.availablePerClass,
        trainPerClass: classCounts(source.set.labels, classes), validationPerClass: trained.validationPerClass,
        selectedEpoch: trained.selectedEpoch, stoppedEarly: trained.stoppedEarly, parameterCount: trained.parameterCount,
        history: trained.history,
        optimistic: best ? { bestTestAccuracy: best.monitorAcc ?? NaN, epoch: best.epoch, label: OPTIMISTIC_LABEL } : null,
      },
    };
  } finally {
    trained.model.dispose();
  }
}

/** acc_source / acc_real on the same bootstrap resamples of the holdout. */
function recoveryInterval(probs: Float32Array, realProbs: Float32Array, yTrue: Int8Array, classes: number, bootstrap: BootstrapSettings): Interval {
  const predicted = argmaxRows(probs, classes);
  const realPredicted = argmaxRows(realProbs, classes);
  const accuracy = (pred: Int32Array, idx: Int32Array): number => accuracyOf(confusionMatrix(yTrue, pred, classes, idx));
  return bootstrapIntervals(yTrue.length, { recovery: (idx) => accuracy(predicted, idx) / accuracy(realPredicted, idx) }, bootstrap, yTrue).recovery;
}

/** Runs the protocol: the real row first, then one row per synthetic set. */
export async function runTstr(request: TstrRequest, options: TstrOptions = {}): Promise<TstrReport> {
  // 1. Classes, shapes, one codec for every set, and a balanced holdout.
  const classes = request.classes ?? inferClassCount(request.realTrain.labels);
  checkLabelledSet(request.realTrain, classes, 'the real training set');
  checkLabelledSet(request.holdout, classes, 'the real holdout');
  const layout = createFeatureLayout(request.realTrain.mask, request.realTrain.shape);
  checkLayoutFits(layout, request.holdout, 'the real holdout');
  for (const { id, set } of request.synthetic) {
    checkLabelledSet(set, classes, `the synthetic set of ${id}`);
    checkLayoutFits(layout, set, `the synthetic set of ${id}`);
  }
  const holdout = balancedHoldout(request.holdout, classes, request.train.seed);
  const matchRealTrain = request.matchRealTrain ?? true;
  const realPerClass = classCounts(request.realTrain.labels, classes);
  // 2. The training sets: real, then each synthetic set matched to the real size and balance.
  const sources = [
    { id: 'real', kind: 'real' as const, set: request.realTrain, availablePerClass: realPerClass },
    ...request.synthetic.map(({ id, set }) => ({
      id, kind: 'synthetic' as const, availablePerClass: classCounts(set.labels, classes),
      set: matchRealTrain ? takeRows(set, subsampleToCounts(set.labels, realPerClass, request.train.seed, MATCH_STREAM, `the synthetic set of ${id}`)) : set,
    })),
  ];
  // 3. Train, select on validation and predict the holdout, one source at a time.
  const trained: TrainedSource[] = [];
  for (const [index, source] of sources.entries()) {
    throwIfCancelled(options.signal, 'TSTR');
    trained.push(await trainAndPredict(source, holdout.set, request, classes, { index, total: sources.length }, options));
  }
  // 4. Metrics with intervals, and recovery against the real row.
  const yTrue = holdout.set.labels;
  const realProbs = trained[0].probs;
  const rows: TstrRow[] = trained.map(({ probs, row }, i) => ({
    ...row,
    metrics: evaluatePredictions(probs, yTrue, classes, request.bootstrap),
    recovery: i === 0 ? { estimate: 1, lower: 1, upper: 1, standardError: 0 } : recoveryInterval(probs, realProbs, yTrue, classes, request.bootstrap),
  }));
  return {
    rows,
    holdout: { count: yTrue.length, perClass: classCounts(yTrue, classes), givenPerClass: classCounts(request.holdout.labels, classes), balancing: holdout.balancing },
    settings: {
      train: request.train, bootstrap: request.bootstrap, matchRealTrain, reportOptimistic: request.reportOptimistic ?? false, classes,
      averaging: classes === 2 ? 'binary, positive class 1' : 'macro over classes',
      realGenes: layout.geneSlots.length, channels: layout.channels,
    },
  };
}
