// The loop every sampler shares: run a list of reverse steps on one batch. A step is the
// affine map both DDPM and DDIM reduce to (coefficients derived in ddpm.ts and ddim.ts):
//   x_prev = xCoef·x_t + epsCoef·ε̂(x_t, t) + noiseStd·z,   z ~ N(0, I)
// Noise is addressed by (seed, stream, global sample index, timestep), never by batch, so a
// sample is the same whatever batch it is generated in.

import { BackboneContractError, createCancellationPoint, InvalidRequestError } from '../errors';
import { fillNormal } from '../rng';
import { predictionToEps } from './forward';
import { guideEps, isGuidanceActive, type ClassifierGuidance } from './guidance';
import type { NoiseSchedule } from './schedule';
import type { Denoiser, PaddingMode, TensorShape } from './types';

/** The Philox streams (rng.ts) that separate the sampler's uses of one seed. */
export const noiseStreams = {
  /** The starting x_T of each sample, drawn with step = 0. */
  initial: 1,
  /** The fresh noise z of a reverse step, drawn with step = the timestep t the step leaves. */
  step: 2,
} as const;

/** The coefficients of one reverse step; the same for every sample of a batch. */
export interface ReverseStep {
  /** Timestep the denoiser is evaluated at; also the `step` of the noise address of z. */
  t: number;
  xCoef: number;
  epsCoef: number;
  /** Standard deviation of the fresh noise; 0 means none is drawn. */
  noiseStd: number;
  /**
   * The step for padded slots when their x̂₀ is held at 0 and x_t carries noise there (padding
   * mode 'zero-x0', the paper's code): x_prev = xCoef·x_t + epsCoef·ε̂ + noiseStd·z. Each sampler
   * writes it in its own parameterisation (DDPM: posterior mean of x̂₀ and x_t; DDIM: x̂₀ and ε̂).
   */
  padded?: { xCoef: number; epsCoef: number };
}

/** out[i] = xCoef·x[i] + epsCoef·ε̂[i] (+ noiseStd·z[i]), in float64, rounded once. */
export function applyReverseStep(
  step: ReverseStep, x: Float32Array, epsHat: Float32Array, z: Float32Array | null, out: Float32Array,
): void {
  const { xCoef, epsCoef, noiseStd } = step;
  if (z === null || noiseStd === 0) {
    for (let i = 0; i < out.length; i++) out[i] = xCoef * x[i] + epsCoef * epsHat[i];
  } else {
    for (let i = 0; i < out.length; i++) out[i] = xCoef * x[i] + epsCoef * epsHat[i] + noiseStd * z[i];
  }
}

/** Re-does padded slots (mask 0) with the step's x̂₀ = 0 form (padding mode 'zero-x0'). */
export function applyPaddedStep(
  step: ReverseStep, x: Float32Array, epsHat: Float32Array, z: Float32Array | null, mask: Uint8Array, out: Float32Array,
): void {
  if (!step.padded) throw new InvalidRequestError(`the reverse step at t = ${step.t} has no form for padded slots held at x̂₀ = 0`);
  const { xCoef, epsCoef } = step.padded;
  const noiseStd = z === null ? 0 : step.noiseStd;
  const dims = mask.length;
  for (let base = 0; base < x.length; base += dims) {
    for (let d = 0; d < dims; d++) {
      if (mask[d] !== 0) continue;
      const i = base + d;
      out[i] = xCoef * x[i] + epsCoef * epsHat[i] + (noiseStd === 0 ? 0 : noiseStd * (z as Float32Array)[i]);
    }
  }
}

/** Sets padded slots (mask 0) of every sample to exactly 0; mask is [G·C], x is [B, G·C]. */
export function applyPaddingMask(x: Float32Array, mask: Uint8Array | null | undefined): void {
  if (!mask) return;
  const dims = mask.length;
  for (let base = 0; base < x.length; base += dims) {
    for (let d = 0; d < dims; d++) if (mask[d] === 0) x[base + d] = 0;
  }
}

/** Standard normals for samples firstSample … firstSample+B−1 at one (stream, step). */
export function fillSampleNoise(
  out: Float32Array, shape: TensorShape, seed: number, firstSample: number, stream: number, step: number,
): void {
  const dims = shape.genes * shape.channels;
  for (let b = 0; b < shape.batch; b++) {
    fillNormal(out, b * dims, dims, { seed, stream, sampleIndex: firstSample + b, step });
  }
}

/**
 * ε̂(x, t) for one batch at one timestep: the denoiser's raw prediction checked for shape and
 * turned into ε̂, so x₀- and v-backbones work too.
 */
export async function predictEps(
  denoiser: Denoiser, schedule: NoiseSchedule, x: Float32Array, shape: TensorShape, t: number,
  labels: Int32Array | null,
): Promise<Float32Array> {
  const timesteps = new Int32Array(shape.batch).fill(t);
  const raw = await denoiser.predict(x, shape, timesteps, labels);
  if (raw.length !== x.length) {
    throw new BackboneContractError(
      `the denoiser returned ${raw.length} values at t = ${t}; expected ${x.length}, shaped like x [${shape.batch}, ${shape.genes}, ${shape.channels}]`);
  }
  return predictionToEps(denoiser.prediction, raw, x, schedule, timesteps, shape);
}

export interface DenoiseBatchOptions {
  /** Class labels [B], or null for an unconditional denoiser. */
  labels?: Int32Array | null;
  /** [G·C], 1 = real slot, 0 = padded (clamped to 0 before the first and after every step). */
  mask?: Uint8Array | null;
  /** Seed and global index of the batch's first sample; needed when a step draws noise. */
  noise?: { seed: number; firstSample: number } | null;
  signal?: AbortSignal;
  /** Called after each step with its index in `steps`. */
  onStep?: (stepIndex: number) => void;
  /**
   * 'zero-x' (default): padded slots of x are 0 throughout. 'zero-x0': they carry noise and each
   * step holds x̂₀ = 0 there (the paper's code); the result's padded slots are set to 0 at the end.
   */
  padding?: PaddingMode;
  /**
   * Replays given noise instead of drawing it (reference parity tests): z for the step at timestep t,
   * [B, G, C]. Unset: z is drawn from (seed, sample index, t).
   */
  stepNoise?: (t: number) => Float32Array;
  /** Classifier guidance (guidance.ts); active only with a scale ≠ 0, and then the JS loop runs. */
  guidance?: ClassifierGuidance | null;
}

/** Throws unless x is [B, G, C], labels hold one class per sample and the mask one flag per slot. */
export function checkBatchInputs(
  x: Float32Array, shape: TensorShape, labels: Int32Array | null, mask: Uint8Array | null,
): void {
  const { batch, genes, channels } = shape;
  if (x.length !== batch * genes * channels) {
    throw new InvalidRequestError(
      `the batch holds ${x.length} values; expected ${batch * genes * channels} = ${batch} × ${genes} × ${channels} [B, G, C]`);
  }
  if (labels && labels.length !== batch) {
    throw new InvalidRequestError(`${labels.length} class labels for a batch of ${batch}; expected one per sample`);
  }
  if (mask && mask.length !== genes * channels) {
    throw new InvalidRequestError(`the padding mask has ${mask.length} slots; expected genes × channels = ${genes * channels}`);
  }
}

/** What a loop over the reverse steps needs besides the denoiser, x and the steps. */
export interface StepLoopInputs {
  labels: Int32Array | null;
  mask: Uint8Array | null;
  /** Padding mode 'zero-x0' with a mask: padded slots carry noise and take the step's padded form. */
  holdX0: boolean;
  /** z for a step, [B, G, C], from the addresses (or the replay) the JS loop uses; null when the step draws none. */
  noiseFor: (step: ReverseStep) => Float32Array | null;
  signal?: AbortSignal;
  onStep?: (stepIndex: number) => void;
  /** Active classifier guidance and the global index of the batch's first sample (JS loop only). */
  guidance?: { hook: ClassifierGuidance; firstSample: number } | null;
}

/**
 * A denoiser that runs a batch's reverse steps itself, with the update beside the model (the step-graph
 * loop of src/engines/gpuStepLoop.ts, x_t kept on the GPU). It must compute what the JS loop below
 * computes; denoiseBatch still checks the inputs and masks x before the first and after the last step.
 */
export interface StepLoopDenoiser extends Denoiser {
  runSteps(
    schedule: NoiseSchedule, x: Float32Array, shape: TensorShape, steps: readonly ReverseStep[], inputs: StepLoopInputs,
  ): Promise<Float32Array>;
}

export function isStepLoopDenoiser(denoiser: Denoiser): denoiser is StepLoopDenoiser {
  return typeof (denoiser as Partial<StepLoopDenoiser>).runSteps === 'function';
}

/** z for each step of one batch: drawn from (seed, sample index, t) into one reused buffer, or replayed. */
function stepNoiseSource(
  shape: TensorShape, noise: DenoiseBatchOptions['noise'], stepNoise: DenoiseBatchOptions['stepNoise'],
): (step: ReverseStep) => Float32Array | null {
  const z = new Float32Array(shape.batch * shape.genes * shape.channels);
  return (step) => {
    if (!(step.noiseStd > 0)) return null;
    if (stepNoise) return stepNoise(step.t);
    if (!noise) throw new InvalidRequestError(`step t = ${step.t} draws noise but no seed was given`);
    fillSampleNoise(z, shape, noise.seed, noise.firstSample, noiseStreams.step, step.t);
    return z;
  };
}

/** How often a loop with a signal lets its thread handle messages: in a worker a cancel arrives as one. */
const CANCEL_YIELD_EVERY_MS = 50;
/** What one read-back run of a step-loop denoiser aims to take, so that a cancel acts within about this long. */
const STEP_RUN_TARGET_MS = 250;

/** The cancellation check between two denoiser calls (see createCancellationPoint). */
const createCancelCheck = (signal: AbortSignal | undefined) => createCancellationPoint(signal, 'sampling', CANCEL_YIELD_EVERY_MS);

/** The per-element loop: ε̂ read back to the CPU every step, the update in float64 rounded once. */
async function runStepsOnCpu(
  denoiser: Denoiser, schedule: NoiseSchedule, x: Float32Array, shape: TensorShape, steps: readonly ReverseStep[],
  { labels, mask, holdX0, noiseFor, signal, onStep, guidance }: StepLoopInputs,
): Promise<Float32Array> {
  const checkCancel = createCancelCheck(signal);
  let current = x;
  for (let stepIndex = 0; stepIndex < steps.length; stepIndex++) {
    await checkCancel();
    const step = steps[stepIndex];
    const predicted = await predictEps(denoiser, schedule, current, shape, step.t, labels);
    const epsHat = guidance ? await guideEps(guidance.hook, schedule, current, predicted, shape, step.t, guidance.firstSample) : predicted;
    const drawn = noiseFor(step);
    // A fresh array each step: the denoiser may keep a reference to the x it was given.
    const next = new Float32Array(current.length);
    applyReverseStep(step, current, epsHat, drawn, next);
    if (holdX0) applyPaddedStep(step, current, epsHat, drawn, mask as Uint8Array, next);
    else applyPaddingMask(next, mask);
    current = next;
    onStep?.(stepIndex);
  }
  return current;
}

/**
 * A step-loop denoiser's steps in runs, each read back before the next. On a GPU a run only queues
 * its steps and the device works through them later, so a batch queued whole could not be stopped
 * before its last step; read back run by run, a cancel acts between runs. Runs start at one step and
 * grow to the measured speed (about STEP_RUN_TARGET_MS each), so a fast device reads back rarely.
 * The result is the same: x goes back and forth as float32, and each step's noise depends on its t only.
 */
async function runStepLoopInRuns(
  denoiser: StepLoopDenoiser, schedule: NoiseSchedule, x: Float32Array, shape: TensorShape, steps: readonly ReverseStep[],
  inputs: StepLoopInputs,
): Promise<Float32Array> {
  const checkCancel = createCancelCheck(inputs.signal);
  let current = x;
  let runLength = 1;
  for (let done = 0; done < steps.length;) {
    await checkCancel();
    const run = steps.slice(done, done + runLength);
    const offset = done;
    const startedMs = Date.now();
    current = await denoiser.runSteps(schedule, current, shape, run, { ...inputs, onStep: (i) => inputs.onStep?.(offset + i) });
    const msPerStep = Math.max(Date.now() - startedMs, 1) / run.length;
    done += run.length;
    runLength = Math.max(1, Math.floor(STEP_RUN_TARGET_MS / msPerStep));
  }
  return current;
}

/**
 * Runs `steps` in order on one batch starting from x (not modified) and returns the result: on the
 * CPU, or in the denoiser's own loop when it has one (isStepLoopDenoiser). Either way the signal is
 * checked between denoiser calls (between runs of them for a step loop, see runStepLoopInRuns).
 */
export async function denoiseBatch(
  denoiser: Denoiser, schedule: NoiseSchedule, x: Float32Array, shape: TensorShape,
  steps: readonly ReverseStep[], options: DenoiseBatchOptions = {},
): Promise<Float32Array> {
  const { labels = null, mask = null, noise = null, signal, onStep, padding = 'zero-x', stepNoise, guidance } = options;
  checkBatchInputs(x, shape, labels, mask);
  const holdX0 = padding === 'zero-x0' && mask !== null;
  const start = Float32Array.from(x);
  if (!holdX0) applyPaddingMask(start, mask);
  const guided = isGuidanceActive(guidance) ? { hook: guidance, firstSample: noise?.firstSample ?? 0 } : null;
  const inputs: StepLoopInputs = { labels, mask, holdX0, noiseFor: stepNoiseSource(shape, noise, stepNoise), signal, onStep, guidance: guided };
  const result = isStepLoopDenoiser(denoiser) && !guided
    ? await runStepLoopInRuns(denoiser, schedule, start, shape, steps, inputs)
    : await runStepsOnCpu(denoiser, schedule, start, shape, steps, inputs);
  applyPaddingMask(result, mask);
  return result;
}
