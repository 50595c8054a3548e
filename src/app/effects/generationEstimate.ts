// What a generation will cost before it starts: the memory of its samples (count × genes ×
// channels × 4 bytes, float32) and, once this backbone has generated here, the time at the speed
// its last run measured (until then the time is unknown: the first batch's progress gives an ETA).
// Past a threshold the Generate panel warns, and it says when one denoiser call is too long for
// Cancel to act within a second (Cancel stops between calls, never inside one).
import type { BackboneSpec } from '../../core/backbone/spec';
import type { GenerateSettings, GenerationSummary } from '../store';

/** Above this many bytes of samples the estimate warns (1 GB). */
export const ESTIMATE_WARN_BYTES = 1e9;
/** Above this long the estimate warns (10 min). */
export const ESTIMATE_WARN_MS = 10 * 60_000;
/** A denoiser call longer than this keeps Cancel from acting within a second. */
export const SLOW_CALL_MS = 1000;

/** The backbone's speed here, from its last finished run. */
export interface MeasuredSpeed {
  /** Samples × denoiser calls per millisecond. */
  sampleCallsPerMs: number;
  /** The run it comes from: its samples, calls per sample and time ("512 samples × 50 steps in 40.2 s"). */
  count: number;
  callsPerSample: number;
  elapsedMs: number;
}

export interface GenerationEstimate {
  bytes: number;
  /** Denoiser calls, all batches together. */
  calls: number;
  /** Null until a run of this backbone has finished here. */
  timeMs: number | null;
  /** One call on a full batch at the measured speed; null while unknown. */
  callMs: number | null;
  speed: MeasuredSpeed | null;
  /** Why to think twice: the memory, the time, a call longer than a second. */
  warnings: string[];
}

/** Denoiser calls per sample: DDIM's steps, every step of T for DDPM, one pass of a GAN generator. */
export function callsPerSample(request: { sampler: 'ddim' | 'ddpm'; steps?: number }, kind: BackboneSpec['kind'], timesteps: number): number {
  if (kind === 'gan-generator') return 1;
  return request.sampler === 'ddpm' ? timesteps : request.steps ?? timesteps;
}

/** The speed of the backbone's last finished run, or null when it has none (or it took no time). */
export function measuredSpeedOf(summary: GenerationSummary | null, timesteps: number): MeasuredSpeed | null {
  if (!summary || !(summary.elapsedMs > 0)) return null;
  const calls = callsPerSample(summary.request, summary.backboneKind, timesteps);
  return { sampleCallsPerMs: (summary.count * calls) / summary.elapsedMs, count: summary.count, callsPerSample: calls, elapsedMs: summary.elapsedMs };
}

/**
 * The estimate for settings that parse (getGenerateFieldErrors is empty). The time scales the
 * measured speed linearly in samples × calls: a rough figure, since a GPU's speed per sample varies with the batch.
 */
export function estimateGeneration(
  settings: GenerateSettings, spec: BackboneSpec & { genes: number; channels: number }, speed: MeasuredSpeed | null,
): GenerationEstimate {
  const count = Number(settings.count);
  const batch = Math.min(Number(settings.batchSize), count);
  const perSample = callsPerSample({ sampler: settings.sampler, steps: Number(settings.steps) }, spec.kind, spec.schedule.timesteps);
  const bytes = count * spec.genes * spec.channels * 4;
  const calls = Math.ceil(count / batch) * perSample;
  const timeMs = speed ? (count * perSample) / speed.sampleCallsPerMs : null;
  const callMs = speed ? batch / speed.sampleCallsPerMs : null;
  const warnings = [
    ...(bytes > ESTIMATE_WARN_BYTES ? ['over 1 GB of samples: the tab may run out of memory; fewer samples, or gdw sample from the command line'] : []),
    ...(timeMs !== null && timeMs > ESTIMATE_WARN_MS ? ['over 10 minutes at the measured speed'] : []),
    ...(callMs !== null && callMs > SLOW_CALL_MS
      ? ['one denoiser call on a full batch takes over a second here: Cancel acts after the call under way; a smaller batch cancels sooner'] : []),
  ];
  return { bytes, calls, timeMs, callMs, speed, warnings };
}
