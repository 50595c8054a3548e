// Class translation with a class-conditional diffusion backbone (seed 003, Phen-LDiff; REFERENCE.md
// "Translation and memorisation"): DDIM-invert a real sample under its source class to depth t*
// (η = 0, ddim.ts), then regenerate from there with DDIM η = 0 under the target class. The same
// inversion regenerated under the source class is the reconstruction check (its error is what the
// translation must beat to mean anything); translating to the target and back gives the cycle.
// Batches are independent, so a cancelled run returns every batch that finished.
import { createCancellationPoint, isCancelled } from '../errors';
import { ddimInvert, ddimSteps } from '../diffusion/ddim';
import { denoiseBatch } from '../diffusion/denoiseLoop';
import type { NoiseSchedule } from '../diffusion/schedule';
import { ddimTimesteps } from '../diffusion/timesteps';
import type { Denoiser, TensorShape } from '../diffusion/types';
import { TranslationError, translationProblems } from './errors';

/** Every setting that changes a translated sample; recorded next to the results. */
export interface TranslationSettings {
  sourceClass: number;
  targetClass: number;
  /**
   * t*, in timesteps: the inversion runs from the clean sample up to timestep index t* − 1, so
   * t* = T inverts all the way to noise and small t* only edits details. 1 … T.
   */
  depth: number;
  /** DDIM steps between clean and t* (linspace over t* − 1 … 0, timesteps.ts), 1 … t*. */
  steps: number;
  /** Fixed-point refinements per inversion step (ddim.ts `fixedPointIterations`); 0 is plain inversion. */
  fixedPointIterations: number;
  /** Samples per denoiser call; changes speed and memory, never the results. */
  batchSize: number;
  /** Also translate back (target → source) for the cycle loss. */
  cycle: boolean;
}

/** What the backbone says about its classes: null classes = it takes no label. */
export interface TranslationBackboneInfo {
  fileName: string;
  timesteps: number;
  numClasses: number | null;
}

const isInteger = (n: number, min: number, max = Number.MAX_SAFE_INTEGER) => Number.isInteger(n) && n >= min && n <= max;

/** Throws TranslationError naming the first setting that does not fit the backbone. */
export function checkTranslationSettings(settings: TranslationSettings, backbone: TranslationBackboneInfo): void {
  const { fileName, timesteps: T, numClasses } = backbone;
  const { sourceClass, targetClass, depth, steps, fixedPointIterations, batchSize } = settings;
  if (numClasses === null) {
    throw new TranslationError(translationProblems.unconditionalBackbone,
      `${fileName} takes no class label; class translation needs a class-conditional backbone (an input y and gdw.num_classes ≥ 2)`);
  }
  if (numClasses < 2) {
    throw new TranslationError(translationProblems.oneClass, `${fileName} has ${numClasses} class; translation needs at least 2`);
  }
  for (const [name, value] of [['source class', sourceClass], ['target class', targetClass]] as const) {
    if (!isInteger(value, 0, numClasses - 1)) {
      throw new TranslationError(translationProblems.classOutOfRange, `${name} ${value}; expected a class of ${fileName}: 0 … ${numClasses - 1}`);
    }
  }
  if (sourceClass === targetClass) {
    throw new TranslationError(translationProblems.oneClass, `source and target are both class ${sourceClass}; expected two different classes`);
  }
  if (!isInteger(depth, 1, T)) {
    throw new TranslationError(translationProblems.depthOutOfRange, `inversion depth t* = ${depth}; expected an integer from 1 to T = ${T} (${fileName})`);
  }
  if (!isInteger(steps, 1, depth)) {
    throw new TranslationError(translationProblems.badSetting, `DDIM steps = ${steps}; expected an integer from 1 to the depth t* = ${depth}`);
  }
  if (!isInteger(fixedPointIterations, 0) || !isInteger(batchSize, 1)) {
    throw new TranslationError(translationProblems.badSetting,
      `fixed-point iterations = ${fixedPointIterations}, batch size = ${batchSize}; expected integers ≥ 0 and ≥ 1`);
  }
}

/** The descending DDIM timesteps t* − 1 … 0 that inversion climbs and regeneration descends. */
export function translationTimesteps(settings: Pick<TranslationSettings, 'depth' | 'steps'>): Int32Array {
  return ddimTimesteps(settings.depth, settings.steps);
}

/** Denoiser calls per sample batch (inversion refinements included): progress counts these. */
export function callsPerBatch(settings: TranslationSettings): number {
  const invert = settings.steps * (1 + settings.fixedPointIterations);
  return 2 * settings.steps + invert + (settings.cycle ? invert + settings.steps : 0);
}

export interface TranslationProgressInfo {
  samplesDone: number;
  samplesTotal: number;
  callsDone: number;
  callsTotal: number;
}

export interface TranslateOptions {
  /** [G·C], 1 = real slot, 0 = padded (held at 0 throughout). */
  mask?: Uint8Array | null;
  signal?: AbortSignal;
  onProgress?: (info: TranslationProgressInfo) => void;
}

/** The rows that finished; all [samplesDone, G, C] in the order of the input. */
export interface TranslationOutput {
  status: 'done' | 'cancelled';
  samplesDone: number;
  samplesTotal: number;
  timesteps: Int32Array;
  /** Inverted and regenerated under the source class (the reconstruction check). */
  reconstructed: Float32Array;
  /** Inverted under the source class, regenerated under the target class. */
  translated: Float32Array;
  /** `translated` inverted under the target class and regenerated under the source; null without `cycle`. */
  cycled: Float32Array | null;
}

/**
 * Translates samples x0 [N, G, C] (all of the source class) batch by batch. Settings are checked
 * against the backbone first; a cancel between or inside batches returns the finished batches with
 * status 'cancelled'.
 */
export async function translateSamples(
  denoiser: Denoiser, schedule: NoiseSchedule, backbone: TranslationBackboneInfo, x0: Float32Array, shape: TensorShape,
  settings: TranslationSettings, options: TranslateOptions = {},
): Promise<TranslationOutput> {
  checkTranslationSettings(settings, backbone);
  const { mask = null, signal, onProgress } = options;
  const { batch: total, genes, channels } = shape;
  const dims = genes * channels;
  const timesteps = translationTimesteps(settings);
  const down = ddimSteps(schedule, timesteps, 0);
  const out: TranslationOutput = {
    status: 'done', samplesDone: 0, samplesTotal: total, timesteps,
    reconstructed: new Float32Array(total * dims), translated: new Float32Array(total * dims),
    cycled: settings.cycle ? new Float32Array(total * dims) : null,
  };
  const perBatch = callsPerBatch(settings);
  const callsTotal = Math.ceil(total / settings.batchSize) * perBatch;
  let callsDone = 0;
  const tick = (calls: number) => {
    callsDone += calls;
    onProgress?.({ samplesDone: out.samplesDone, samplesTotal: total, callsDone, callsTotal });
  };
  const checkCancel = createCancellationPoint(signal, 'translation', 50);
  const invertCalls = 1 + settings.fixedPointIterations;
  try {
    for (let first = 0; first < total; first += settings.batchSize) {
      await checkCancel();
      const part: TensorShape = { batch: Math.min(settings.batchSize, total - first), genes, channels };
      const labels = (c: number) => new Int32Array(part.batch).fill(c);
      const invert = (x: Float32Array, c: number) => ddimInvert(denoiser, schedule, x, part, timesteps, labels(c),
        { mask, signal, fixedPointIterations: settings.fixedPointIterations, onStep: () => tick(invertCalls) });
      const regenerate = (z: Float32Array, c: number) => denoiseBatch(denoiser, schedule, z, part, down,
        { labels: labels(c), mask, signal, onStep: () => tick(1) });
      // 1. Invert under the source class; 2. regenerate under the source (check) and the target.
      const latent = await invert(x0.subarray(first * dims, (first + part.batch) * dims), settings.sourceClass);
      const reconstructed = await regenerate(latent, settings.sourceClass);
      const translated = await regenerate(latent, settings.targetClass);
      // 3. The cycle: invert the translation under the target class, regenerate under the source.
      const cycled = settings.cycle ? await regenerate(await invert(translated, settings.targetClass), settings.sourceClass) : null;
      out.reconstructed.set(reconstructed, first * dims);
      out.translated.set(translated, first * dims);
      if (cycled) out.cycled?.set(cycled, first * dims);
      out.samplesDone = first + part.batch;
      tick(0);
    }
  } catch (err) {
    if (!isCancelled(err)) throw err;
    out.status = 'cancelled';
  }
  return trimToDone(out, dims);
}

function trimToDone(out: TranslationOutput, dims: number): TranslationOutput {
  if (out.samplesDone === out.samplesTotal) return out;
  const keep = (a: Float32Array) => a.slice(0, out.samplesDone * dims);
  return { ...out, reconstructed: keep(out.reconstructed), translated: keep(out.translated), cycled: out.cycled && keep(out.cycled) };
}
