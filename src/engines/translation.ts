// What crosses the inference engine's boundary for a class translation (core/translate): the real
// samples in, the translated, reconstructed and cycled sets out, progress in denoiser calls.
import type { BackboneSpec } from '../core/backbone/spec';
import { createSchedule } from '../core/diffusion/schedule';
import type { Denoiser } from '../core/diffusion/types';
import { TranslationError, translationProblems } from '../core/translate/errors';
import { translateSamples, type TranslationOutput, type TranslationSettings } from '../core/translate/translate';

export interface TranslationRequest {
  /** Real samples [N, G, C], all of the source class. */
  x0: Float32Array;
  shape: { batch: number; genes: number; channels: number };
  /** [G·C], 1 = real slot, 0 = padded; null when nothing is padded. */
  mask: Uint8Array | null;
  settings: TranslationSettings;
}

export interface TranslationResult extends TranslationOutput {
  elapsedMs: number;
}

/** Progress of a translation, keyed by status (STYLE.md 2), counted in denoiser calls. */
export type TranslationProgress =
  | { status: 'initiate'; backbone: string; samplesTotal: number }
  | { status: 'progress'; backbone: string; samplesDone: number; samplesTotal: number; callsDone: number; callsTotal: number; elapsedMs: number }
  | { status: 'done'; backbone: string; samplesTotal: number; elapsedMs: number }
  | { status: 'cancelled'; backbone: string; samplesDone: number; samplesTotal: number; elapsedMs: number };

/** Fraction in [0, 1]: calls done over calls planned; `done` is exactly 1, `cancelled` keeps where it stopped. */
export function translationProgressFraction(event: TranslationProgress, lastFraction = 0): number {
  switch (event.status) {
    case 'initiate':
      return 0;
    case 'progress':
      return event.callsTotal > 0 ? Math.min(1, event.callsDone / event.callsTotal) : 0;
    case 'done':
      return 1;
    case 'cancelled':
      return lastFraction;
  }
}

/**
 * One translation on a loaded backbone's denoiser, with progress events; what the inference engine's
 * translate() runs inside its one-job-at-a-time guard. Padded slots are held at 0 throughout (the
 * 'zero-x' form): an inverted sample has no noise to put in them.
 */
export async function runTranslation(
  createDenoiser: () => Denoiser, spec: BackboneSpec, request: TranslationRequest, run: { signal: AbortSignal; now: () => number },
  onProgress?: (event: TranslationProgress) => void,
): Promise<TranslationResult> {
  const backbone = spec.fileName;
  if (spec.kind !== 'diffusion') {
    throw new TranslationError(translationProblems.unconditionalBackbone, `${backbone} is a GAN generator; class translation needs a class-conditional denoiser`);
  }
  const { genes, channels, batch: samplesTotal } = request.shape;
  if ((spec.genes !== null && spec.genes !== genes) || (spec.channels !== null && spec.channels !== channels)) {
    throw new TranslationError(translationProblems.wrongEncoding,
      `${backbone} takes [B, ${spec.genes ?? '?'}, ${spec.channels ?? '?'}]; the samples are [N, ${genes}, ${channels}]: load the encoding it was trained on`);
  }
  const started = run.now();
  const elapsed = () => run.now() - started;
  onProgress?.({ status: 'initiate', backbone, samplesTotal });
  const info = { fileName: backbone, timesteps: spec.schedule.timesteps, numClasses: spec.labelInput ? (spec.numClasses ?? 0) : null };
  const output = await translateSamples(createDenoiser(), createSchedule(spec.schedule), info, request.x0, request.shape, request.settings, {
    mask: request.mask, signal: run.signal,
    onProgress: (p) => onProgress?.({ status: 'progress', backbone, ...p, elapsedMs: elapsed() }),
  });
  onProgress?.(output.status === 'done'
    ? { status: 'done', backbone, samplesTotal, elapsedMs: elapsed() }
    : { status: 'cancelled', backbone, samplesDone: output.samplesDone, samplesTotal, elapsedMs: elapsed() });
  return { ...output, elapsedMs: elapsed() };
}
