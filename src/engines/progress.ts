// Progress of long operations, a union keyed by `status` (STYLE.md 2), and the arithmetic
// that turns step counts into a fraction and an ETA.

export type SampleProgress =
  | { status: 'initiate'; backbone: string; stepsTotal: number; samplesTotal: number }
  | {
      status: 'progress';
      backbone: string;
      stepsDone: number;
      stepsTotal: number;
      samplesDone: number;
      samplesTotal: number;
      elapsedMs: number;
      /** Remaining time from the mean step time so far; null before the first step. */
      etaMs: number | null;
    }
  | { status: 'done'; backbone: string; stepsTotal: number; samplesTotal: number; elapsedMs: number }
  | { status: 'cancelled'; backbone: string; stepsDone: number; stepsTotal: number; elapsedMs: number };

/** Fraction in [0, 1] of one progress event; `done` is exactly 1. */
export function progressFraction(event: SampleProgress): number {
  switch (event.status) {
    case 'initiate':
      return 0;
    case 'progress':
    case 'cancelled':
      return event.stepsTotal > 0 ? Math.min(1, event.stepsDone / event.stepsTotal) : 0;
    case 'done':
      return 1;
  }
}

/** Remaining time assuming the remaining steps take the mean time of the steps so far. */
export function estimateRemainingMs(stepsDone: number, stepsTotal: number, elapsedMs: number): number | null {
  if (stepsDone <= 0) return null;
  return (elapsedMs / stepsDone) * Math.max(0, stepsTotal - stepsDone);
}

/** Which evaluation of a backbone on real data is running. */
export type BackboneEvaluationTask = 'reconstruction' | 'validation-loss';

/** Progress of a reconstruction curve or a validation loss, counted in denoiser calls. */
export type BackboneEvaluationProgress =
  | { status: 'initiate'; task: BackboneEvaluationTask; backbone: string }
  | { status: 'progress'; task: BackboneEvaluationTask; backbone: string; callsDone: number; callsTotal: number; elapsedMs: number }
  | { status: 'done'; task: BackboneEvaluationTask; backbone: string; elapsedMs: number }
  | { status: 'cancelled'; task: BackboneEvaluationTask; backbone: string; callsDone: number; callsTotal: number; elapsedMs: number };
