// The sampling loop with x_t kept in ONNX Runtime tensors between steps (issue 11; DESIGN.md "Compute
// where it is fastest"): the backbone and the step graph (core/diffusion/stepGraph.ts) run as two
// sessions on one EP and feed each other their outputs. On WebGPU both keep their outputs in GPU
// buffers ('gpu-buffer'), so ε̂ and x_t stay on the GPU and only the last x is read back. Each step
// uploads only t, the labels, the mask, seven coefficients and z, which is drawn on the CPU from the
// JS loop's Philox addresses so samples keep the seed contract. On CPU EPs (onnxruntime-node, WASM)
// the same code runs on CPU tensors: that is how the Node tests check it against the JS loop.
import type * as Ort from 'onnxruntime-web';
import type { BackboneSpec } from '../core/backbone/spec';
import {
  applyPaddedStep, applyReverseStep, predictEps, type ReverseStep, type StepLoopDenoiser, type StepLoopInputs,
} from '../core/diffusion/denoiseLoop';
import type { NoiseSchedule } from '../core/diffusion/schedule';
import { buildStepGraph, stepGraphCoefficients, stepGraphNames, STEP_COEFFICIENTS } from '../core/diffusion/stepGraph';
import type { TensorShape } from '../core/diffusion/types';
import { BackboneContractError, InvalidRequestError, RuntimeFailureError, throwIfCancelled } from '../core/errors';
import type { ExecutionProviderName } from './inference';
import { createOrtDenoiser, labelTensor, readFloat32, swapLastAxes, timestepTensor, type OrtModule } from './ortDenoiser';

/** The step graph's session, on the backbone's EP. */
export interface StepLoop {
  session: Ort.InferenceSession;
  /** Outputs stay in GPU buffers (WebGPU EP): the loop is GPU-resident. */
  onGpu: boolean;
}

/** What one batch's loop works with: the two sessions, the backbone's contract and the batch's shape. */
interface LoopContext {
  ort: OrtModule;
  model: Ort.InferenceSession;
  step: Ort.InferenceSession;
  spec: BackboneSpec;
  shape: TensorShape;
  /** x in the backbone's layout: [B, G, C], or [B, C, G] when spec.layout is BCG. */
  dims: number[];
}

const isBcg = (ctx: LoopContext) => ctx.spec.layout === 'BCG';

/** A [B, G, C] array as a tensor in the backbone's layout (the step graph is elementwise, so any layout serves). */
function toModelLayout(ctx: LoopContext, data: Float32Array): Ort.Tensor {
  const { batch, genes, channels } = ctx.shape;
  return new ctx.ort.Tensor('float32', isBcg(ctx) ? swapLastAxes(data, batch, genes, channels) : data, ctx.dims);
}

function maskTensor(ctx: LoopContext, mask: Uint8Array | null): Ort.Tensor {
  const { genes, channels } = ctx.shape;
  const values = mask ? Float32Array.from(mask) : new Float32Array(genes * channels).fill(1);
  return new ctx.ort.Tensor('float32', isBcg(ctx) ? swapLastAxes(values, 1, genes, channels) : values, ctx.dims.slice(1));
}

/** The backbone's raw prediction at timestep t, left where the session put it (a GPU buffer on WebGPU). */
async function predictOnDevice(ctx: LoopContext, x: Ort.Tensor, t: number, labels: Ort.Tensor | null): Promise<Ort.Tensor> {
  const { ort, model, spec, shape } = ctx;
  const feeds: Record<string, Ort.Tensor> = {
    [spec.xInput?.name ?? 'x']: x,
    [spec.tInput?.name ?? 't']: timestepTensor(ort, spec, new Int32Array(shape.batch).fill(t)),
  };
  if (spec.labelInput && labels) feeds[spec.labelInput.name] = labels;
  let outputs: Ort.InferenceSession.OnnxValueMapType;
  try {
    outputs = await model.run(feeds);
  } catch (err) {
    throw new RuntimeFailureError(`ONNX Runtime failed to run ${spec.fileName} on a batch of ${shape.batch}: ${(err as Error).message}`);
  }
  for (const [name, tensor] of Object.entries(outputs)) if (name !== spec.outputName) tensor.dispose();
  const prediction = outputs[spec.outputName];
  if (prediction.dims.join() !== ctx.dims.join()) {
    prediction.dispose();
    throw new BackboneContractError(
      `${spec.fileName} returned [${prediction.dims.join(', ')}] at t = ${t}; expected [${ctx.dims.join(', ')}], shaped like x`);
  }
  return prediction;
}

/** x_{t−1} from the step graph, where its session puts it. */
async function updateOnDevice(ctx: LoopContext, feeds: Record<string, Ort.Tensor>): Promise<Ort.Tensor> {
  try {
    return (await ctx.step.run(feeds))[stepGraphNames.output];
  } catch (err) {
    throw new RuntimeFailureError(`ONNX Runtime failed to run the sampler's step graph on a batch of ${ctx.shape.batch}: ${(err as Error).message}`);
  }
}

/** The reverse steps with x_t held in an ORT tensor; what denoiseBatch's JS loop computes, read back once. */
async function runStepLoop(
  ctx: LoopContext, schedule: NoiseSchedule, x: Float32Array, steps: readonly ReverseStep[],
  { labels, mask, holdX0, noiseFor, signal, onStep }: StepLoopInputs,
): Promise<Float32Array> {
  const { ort, spec, shape } = ctx;
  const labelFeed = spec.labelInput ? labelTensor(ort, spec, labels, shape.batch) : null;
  const maskFeed = maskTensor(ctx, mask);
  const noNoise = new ort.Tensor('float32', new Float32Array(1), [1, 1, 1]);
  let current = toModelLayout(ctx, x);
  try {
    for (let stepIndex = 0; stepIndex < steps.length; stepIndex++) {
      throwIfCancelled(signal, 'sampling');
      const step = steps[stepIndex];
      if (!(step.t >= 0 && step.t < schedule.timesteps)) throw new InvalidRequestError(`step t = ${step.t} is outside 0 … ${schedule.timesteps - 1}`);
      const prediction = await predictOnDevice(ctx, current, step.t, labelFeed);
      const z = noiseFor(step);
      const coefficients = stepGraphCoefficients(step, spec.prediction, schedule.alphasCumprod[step.t], { holdX0, noiseDrawn: z !== null });
      let next: Ort.Tensor;
      try {
        next = await updateOnDevice(ctx, {
          [stepGraphNames.x]: current, [stepGraphNames.prediction]: prediction, [stepGraphNames.mask]: maskFeed,
          [stepGraphNames.noise]: z ? toModelLayout(ctx, z) : noNoise,
          [stepGraphNames.coefficients]: new ort.Tensor('float32', coefficients, [STEP_COEFFICIENTS]),
        });
      } finally {
        prediction.dispose();
      }
      current.dispose();
      current = next;
      onStep?.(stepIndex);
    }
    const data = await readFloat32(current, stepGraphNames.output);
    return isBcg(ctx) ? swapLastAxes(data, shape.batch, shape.channels, shape.genes) : data;
  } finally {
    current.dispose();
  }
}

/** Opens the step graph on the backbone's EP, its outputs in GPU buffers on WebGPU. */
export async function openStepLoop(ort: OrtModule, ep: ExecutionProviderName): Promise<StepLoop> {
  const onGpu = ep === 'webgpu';
  const session = await ort.InferenceSession.create(buildStepGraph(), {
    executionProviders: [ep], graphOptimizationLevel: 'all', logSeverityLevel: 3,
    ...(onGpu ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
  });
  return { session, onGpu };
}

/**
 * The backbone as a Denoiser whose batches run in the step loop; predict() (evaluations, DDIM inversion)
 * stays the CPU round trip of createOrtDenoiser. The backbone's session must run at any batch.
 */
export function createStepLoopDenoiser(
  ort: OrtModule, model: Ort.InferenceSession, loop: StepLoop, spec: BackboneSpec,
): StepLoopDenoiser {
  return {
    ...createOrtDenoiser(ort, model, spec),
    runSteps: (schedule, x, shape, steps, inputs) => {
      const { batch, genes, channels } = shape;
      const dims = spec.layout === 'BCG' ? [batch, channels, genes] : [batch, genes, channels];
      return runStepLoop({ ort, model, step: loop.session, spec, shape, dims }, schedule, x, steps, inputs);
    },
  };
}

/** Largest |a − b| over max(1, max |b|): how far the step loop is from the JS loop, relative. */
export function relativeMaxDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1;
  // Math.max passes NaN on, so a NaN anywhere makes the result NaN, which fails every bound.
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Float32 rounding of a few operations, relative: the load check's bound on the step loop against the JS step. */
export const STEP_LOOP_CHECK_TOLERANCE = 1e-5;

/**
 * One reverse step at batch 1 through the step loop against the same step in the JS loop (the model's
 * output read back to the CPU), with noise, a padded slot and every coefficient nonzero: it warms the
 * shaders up and refuses a step loop that computes something else. Returns null, or why it disagrees.
 */
export async function checkStepLoop(
  ort: OrtModule, model: Ort.InferenceSession, loop: StepLoop, spec: BackboneSpec, schedule: NoiseSchedule,
): Promise<string | null> {
  if (!spec.genes || !spec.channels) return 'the model leaves G or C symbolic, so the step loop cannot be checked at load';
  const shape = { batch: 1, genes: spec.genes, channels: spec.channels };
  const n = spec.genes * spec.channels;
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + 0.1));
  const z = Float32Array.from({ length: n }, (_, i) => Math.cos(0.91 * i + 0.2));
  const mask = new Uint8Array(n).fill(1);
  mask[n - 1] = 0;
  const step: ReverseStep = {
    t: Math.floor(schedule.timesteps / 2), xCoef: 0.9, epsCoef: -0.3, noiseStd: 0.2, padded: { xCoef: 0.5, epsCoef: 0.1 },
  };
  const labels = spec.labelInput ? Int32Array.of(0) : null;
  const onLoop = await createStepLoopDenoiser(ort, model, loop, spec)
    .runSteps(schedule, x, shape, [step], { labels, mask, holdX0: true, noiseFor: () => z });
  const epsHat = await predictEps(createOrtDenoiser(ort, model, spec), schedule, x, shape, step.t, labels);
  const inJs = new Float32Array(n);
  applyReverseStep(step, x, epsHat, z, inJs);
  applyPaddedStep(step, x, epsHat, z, mask, inJs);
  const difference = relativeMaxDifference(onLoop, inJs);
  return difference <= STEP_LOOP_CHECK_TOLERANCE ? null
    : `the step graph's first step differs from the JS step by ${difference.toExponential(2)} (relative; bound ${STEP_LOOP_CHECK_TOLERANCE.toExponential()})`;
}

/** Which sampling loop an engine runs: 'auto' picks the GPU-resident loop on WebGPU, the JS loop elsewhere. */
export type SamplingLoopChoice = 'auto' | 'step-graph' | 'cpu';

/**
 * The step loop for a loaded backbone, or null and why not when it was wanted ('step-graph', or
 * 'auto' on WebGPU) but cannot serve: a fixed-batch graph, or a step graph that fails to open or
 * fails the check at load. The reason is null when the JS loop is simply the choice.
 */
export async function prepareStepLoop(
  ort: OrtModule, model: Ort.InferenceSession, spec: BackboneSpec, schedule: NoiseSchedule, ep: ExecutionProviderName,
  choice: SamplingLoopChoice,
): Promise<{ loop: StepLoop | null; reason: string | null }> {
  const wanted = spec.kind === 'diffusion' && (choice === 'step-graph' || (choice === 'auto' && ep === 'webgpu'));
  if (!wanted) return { loop: null, reason: null };
  if (spec.staticBatch !== null) return { loop: null, reason: `the graph is fixed to batch ${spec.staticBatch}; the JS loop pads its batches` };
  let loop: StepLoop;
  try {
    loop = await openStepLoop(ort, ep);
  } catch (err) {
    return { loop: null, reason: `the step graph did not open on ${ep}: ${(err as Error).message}` };
  }
  const disagreement = await checkStepLoop(ort, model, loop, spec, schedule)
    .catch((err: unknown) => `the step loop failed its check at load: ${(err as Error).message}`);
  if (disagreement === null) return { loop, reason: null };
  await loop.session.release();
  return { loop: null, reason: disagreement };
}
