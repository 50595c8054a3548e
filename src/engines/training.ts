// The TrainingEngine interface: disease classifiers trained with TensorFlow.js, evaluated on a
// real test set, and the TSTR protocol (src/core/classify). One engine per worker in the
// browser; the same implementation runs in Node for tests.
import type { LabelledSet } from '../core/classify/dataset';
import type { BootstrapSettings, EvaluatedMetrics } from '../core/classify/evaluate';
import type { Predictor } from '../core/classify/predict';
import type { EpochRecord, TrainSettings, TrainedClassifier } from '../core/classify/train';
import type { TstrReport, TstrRequest } from '../core/classify/tstr';
import type { TfBackendReport } from './tfBackend';
import type { DesignObjective, ObjectiveGradient } from '../core/design/classifierGradient';

/** The design pipeline's question to a trained model: s(x) and ∂s/∂x (core/design/classifierGradient). */
export interface InputGradientRequest {
  modelId: string;
  /** [B, G, C] encoded like the model's training set. */
  data: Float32Array;
  shape: { batch: number; genes: number; channels: number };
  targetClass: number;
  objective: DesignObjective;
}

export interface TrainRequest {
  set: LabelledSet;
  settings: TrainSettings;
  /** Number of classes K (default: largest label + 1, at least 2). */
  classes?: number;
  /** Shown in progress events (default 'model'). */
  label?: string;
}

/**
 * What crosses the worker boundary after training: the trained classifier's record without the
 * tfjs model itself, which stays in the engine under `modelId` until disposeModel().
 */
export interface TrainResult extends Omit<TrainedClassifier, keyof Predictor> {
  modelId: string;
  backend: TfBackendReport['backend'];
  elapsedMs: number;
}

export interface EvaluateRequest {
  modelId: string;
  /** A real test set encoded with the same codec as the training set. */
  set: LabelledSet;
  bootstrap: BootstrapSettings;
}

export interface EvaluateResult {
  metrics: EvaluatedMetrics;
  /** [N, K] row-major class probabilities. */
  probabilities: Float32Array;
  backend: TfBackendReport['backend'];
  elapsedMs: number;
}

export interface TstrResult extends TstrReport {
  backend: TfBackendReport['backend'];
  elapsedMs: number;
}

/**
 * Progress of a train or TSTR job, keyed by status (STYLE.md 2). A train job is a TSTR job
 * with one source. `epoch` events carry the live curves.
 */
export type TrainingProgress =
  | { status: 'initiate'; job: 'train' | 'tstr'; sourcesTotal: number; epochsMax: number; backend: TfBackendReport['backend'] }
  | { status: 'epoch'; source: string; sourceIndex: number; sourcesTotal: number; epochsMax: number; record: EpochRecord; elapsedMs: number }
  | { status: 'evaluating'; source: string; sourceIndex: number; sourcesTotal: number; elapsedMs: number }
  | { status: 'done'; elapsedMs: number }
  | { status: 'cancelled'; fractionDone: number; elapsedMs: number };

/** Share of each source's progress given to its epochs; evaluating fills the rest. */
const EPOCH_SHARE = 0.95;

/**
 * Fraction in [0, 1]: sources share the bar equally; within one, epochs fill 95 % (early
 * stopping jumps to the evaluation mark), evaluation the rest. Never decreases over a job.
 */
export function trainingProgressFraction(event: TrainingProgress): number {
  switch (event.status) {
    case 'initiate':
      return 0;
    case 'epoch':
      return (event.sourceIndex + EPOCH_SHARE * Math.min(1, event.record.epoch / event.epochsMax)) / event.sourcesTotal;
    case 'evaluating':
      return (event.sourceIndex + EPOCH_SHARE) / event.sourcesTotal;
    case 'done':
      return 1;
    case 'cancelled':
      return event.fractionDone;
  }
}

export interface TrainingEngine {
  /** Starts the fastest tfjs backend (and warms it up); later calls return the same report. */
  init(): Promise<TfBackendReport>;
  /** Trains one classifier, selected on a validation split carved from `set`. */
  train(request: TrainRequest, onProgress?: (event: TrainingProgress) => void): Promise<TrainResult>;
  /** Scores a trained model on a test set, with bootstrap intervals. */
  evaluate(request: EvaluateRequest): Promise<EvaluateResult>;
  /** Runs the TSTR protocol (real row first, then one row per synthetic set). */
  tstr(request: TstrRequest, onProgress?: (event: TrainingProgress) => void): Promise<TstrResult>;
  /** The target score s(x) per sample and its gradient on the input (dropout off). */
  inputGradient(request: InputGradientRequest): Promise<ObjectiveGradient>;
  /** Frees a trained model's weights; a no-op for an unknown id. */
  disposeModel(modelId: string): void;
  /** Cancels the running job between two batches; it rejects with CancelledError. No-op when idle. */
  cancel(): void;
}
