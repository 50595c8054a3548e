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

/**
 * Progress of one part of a set generated in parts (samples [first, first + count) of `total`,
 * each part `steps` steps) as progress of the whole set: steps and samples counted over all
 * parts, time from the first part's start. A part's `done` is the whole set's only at its end.
 */
export function wholeSetProgress(
  event: SampleProgress, part: { first: number; count: number; total: number; index: number; parts: number; elapsedBeforeMs: number },
): SampleProgress {
  const stepsPerPart = event.stepsTotal;
  const stepsTotal = stepsPerPart * part.parts;
  const base = { backbone: event.backbone, stepsTotal };
  const elapsedMs = part.elapsedBeforeMs + ('elapsedMs' in event ? event.elapsedMs : 0);
  switch (event.status) {
    case 'initiate':
      return part.index === 0 ? { status: 'initiate', ...base, samplesTotal: part.total } : progressAt(part.index * stepsPerPart, part.first);
    case 'progress':
      return progressAt(part.index * stepsPerPart + event.stepsDone, part.first + event.samplesDone);
    case 'done':
      return part.index === part.parts - 1
        ? { status: 'done', ...base, samplesTotal: part.total, elapsedMs }
        : progressAt((part.index + 1) * stepsPerPart, part.first + part.count);
    case 'cancelled':
      return { status: 'cancelled', ...base, stepsDone: part.index * stepsPerPart + event.stepsDone, elapsedMs };
  }
  function progressAt(stepsDone: number, samplesDone: number): SampleProgress {
    return {
      status: 'progress', ...base, stepsDone, samplesDone, samplesTotal: part.total, elapsedMs,
      etaMs: estimateRemainingMs(stepsDone, stepsTotal, elapsedMs),
    };
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
