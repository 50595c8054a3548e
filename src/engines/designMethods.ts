// The three design methods of the design pipeline, each from its starting samples to its designs, with
// a trace point per iteration: activation maximisation on the gene tensor (tfjs gradient of the
// predictor through the training engine), the joint method (an evolution strategy over a GAN
// generator's z, G run by the inference engine's forward()) and classifier guidance (core's sampler
// around the backbone's denoiser, forward() per call, guided on x̂₀ against the scale-0 sampling).
import type { BackboneSpec } from '../core/backbone/spec';
import { runActivationMaximisation, type RealReference } from '../core/design/activationMax';
import type { DesignObjective } from '../core/design/classifierGradient';
import { runLatentSearch } from '../core/design/latentSearch';
import type { DesignMethod, DesignSettings, DesignTracePoint } from '../core/design/report';
import { sample, type SampleRequest } from '../core/diffusion/sampler';
import { createSchedule } from '../core/diffusion/schedule';
import type { Denoiser } from '../core/diffusion/types';
import { fillNormal } from '../core/rng';
import { tracePoint, type DesignScorers } from './designScoring';
import { LATENT_STREAM } from './ganSampler';
import type { InferenceEngine } from './inference';
import type { TrainingEngine } from './training';

/** One method's run: its starting samples, its designs and the trace. */
export interface MethodRun {
  method: DesignMethod;
  status: 'done' | 'cancelled';
  startedFrom: string;
  optimiser: string;
  iterationsDone: number;
  iterationsTotal: number;
  trace: DesignTracePoint[];
  /** [n, G, C] the starting samples and the designs (row i of one is row i of the other). */
  before: Float32Array;
  after: Float32Array;
}

export interface MethodContext {
  settings: DesignSettings;
  scorers: DesignScorers;
  training: TrainingEngine;
  predictorId: string;
  mask: Uint8Array;
  signal?: AbortSignal;
  /** After every iteration: the point just traced (progress events and live plots). */
  onPoint: (point: DesignTracePoint, iterationsTotal: number) => void;
}

const CHUNK_ROWS = 256;

/** s(x) and ∂s/∂x by the predictor, in chunks of rows. */
function predictorGradient(ctx: MethodContext, objective: DesignObjective) {
  const { genes, channels } = ctx.scorers.shape;
  const dims = genes * channels;
  return async (x: Float32Array) => {
    const n = x.length / dims;
    const values = new Float32Array(n);
    const gradient = new Float32Array(x.length);
    for (let from = 0; from < n; from += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, n - from);
      const part = await ctx.training.inputGradient({
        modelId: ctx.predictorId, data: x.slice(from * dims, (from + rows) * dims), shape: { batch: rows, genes, channels },
        targetClass: ctx.settings.targetClass, objective,
      });
      values.set(part.values, from);
      gradient.set(part.gradient, from * dims);
    }
    return { values, gradient };
  };
}

async function record(ctx: MethodContext, trace: DesignTracePoint[], iteration: number, x: Float32Array, penalty: number | null, total: number) {
  const point = await tracePoint(ctx.scorers, iteration, x, penalty);
  trace.push(point);
  ctx.onPoint(point, total);
}

const meanOf = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / Math.max(1, v.length);

/** Activation maximisation from `start` (real samples or noise). */
export async function runActivationMethod(ctx: MethodContext, start: Float32Array, startedFrom: string, reference: RealReference): Promise<MethodRun> {
  const settings = { ...ctx.settings.activation, targetClass: ctx.settings.targetClass };
  const trace: DesignTracePoint[] = [];
  const total = settings.iterations;
  const result = await runActivationMaximisation(start, reference, settings, predictorGradient(ctx, ctx.settings.objective), {
    signal: ctx.signal,
    onIteration: (it) => record(ctx, trace, it.iteration, it.designs, meanOf(it.penalties), total),
  });
  return {
    method: 'activation', status: result.status, startedFrom, optimiser: `gradient ascent on the ${ctx.settings.objective} (tfjs autodiff)`,
    iterationsDone: result.iterationsDone, iterationsTotal: total, trace, before: start, after: result.designs,
  };
}

/** The joint method on a GAN generator: z₀ as the generator's own sampling draws it, then the ES. */
export async function runJointMethod(ctx: MethodContext, engine: Pick<InferenceEngine, 'forward'>, spec: BackboneSpec, labels: Int32Array | null): Promise<MethodRun> {
  const zDim = spec.latentInput?.latentDim as number;
  const { genes, channels } = ctx.scorers.shape;
  const dims = genes * channels;
  const n = ctx.settings.designs;
  const { seed, objective } = ctx.settings;
  const z0 = new Float32Array(n * zDim);
  for (let d = 0; d < n; d++) fillNormal(z0, d * zDim, zDim, { seed, stream: LATENT_STREAM, sampleIndex: d, step: 0 });
  const generate = async (z: Float32Array, count: number) => {
    const x = new Float32Array(count * dims);
    for (let from = 0; from < count; from += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - from);
      const y = labels ? new Int32Array(rows).fill(labels[0]) : null;
      x.set(await engine.forward({ kind: 'generate', z: z.slice(from * zDim, (from + rows) * zDim), count: rows, genes, channels, labels: y, mask: ctx.mask }), from * dims);
    }
    return x;
  };
  const gradient = predictorGradient(ctx, objective);
  const before = await generate(z0, n);
  let meansX = before;
  const trace: DesignTracePoint[] = [];
  const total = ctx.settings.latent.iterations;
  const result = await runLatentSearch(z0, zDim, { ...ctx.settings.latent, seed }, async (z, count) => {
    const x = await generate(z, count);
    meansX = x.slice((count - n) * dims);
    return (await gradient(x)).values;
  }, {
    signal: ctx.signal,
    onIteration: (it) => record(ctx, trace, it.iteration, meansX, null, total),
  });
  const after = result.status === 'done' ? await generate(result.means, n) : meansX;
  return {
    method: 'joint', status: result.status, startedFrom: `G(z₀), z₀ ~ N(0, I) (seed ${seed}, the generator's own draw)`,
    optimiser: '(μ/μ_w, λ)-ES with step-size adaptation over z (the ONNX generator gives no gradients)',
    iterationsDone: result.iterationsDone, iterationsTotal: total, trace, before, after,
  };
}

/** The backbone's denoiser through the engine's forward(): one call per sampler step. */
function engineDenoiser(engine: Pick<InferenceEngine, 'forward'>, spec: BackboneSpec): Denoiser {
  return {
    prediction: spec.prediction,
    predict: (x, shape, t, labels) => engine.forward({ kind: 'denoise', x, shape, t, labels }),
  };
}

/** Classifier guidance at the chosen scale against the backbone's own (class-conditional) sampling at scale 0, same noise. */
export async function runGuidanceMethod(ctx: MethodContext, engine: Pick<InferenceEngine, 'forward'>, spec: BackboneSpec, labels: Int32Array | null): Promise<MethodRun> {
  const { genes, channels } = ctx.scorers.shape;
  const n = ctx.settings.designs;
  const { scale, steps, eta } = ctx.settings.guidance;
  const request: SampleRequest = {
    count: n, genes, channels, sampler: 'ddim', steps, eta, seed: ctx.settings.seed, batchSize: n, classLabels: labels, mask: ctx.mask, padding: spec.padding,
  };
  const schedule = createSchedule(spec.schedule);
  const denoiser = engineDenoiser(engine, spec);
  const before = await sample(denoiser, schedule, request, { signal: ctx.signal });
  const gradient = predictorGradient(ctx, 'log-prob');
  const trace: DesignTracePoint[] = [];
  let step = 0;
  let last = before;
  try {
    last = await sample(denoiser, schedule, request, {
      signal: ctx.signal,
      guidance: {
        scale,
        gradient: async (x0Hat) => {
          const result = await gradient(x0Hat);
          await record(ctx, trace, step++, x0Hat, null, steps);
          return result.gradient;
        },
      },
    });
  } catch (err) {
    if (!ctx.signal?.aborted) throw err;
    // A cancelled sampling run has no designs: the class-conditional samples stand, and the report says so.
    return { method: 'guidance', status: 'cancelled', startedFrom: 'class-conditional sampling (scale 0)', optimiser: 'guided DDIM sampling', iterationsDone: step, iterationsTotal: steps, trace, before, after: before };
  }
  await record(ctx, trace, step, last, null, steps);
  return {
    method: 'guidance', status: 'done', startedFrom: `the backbone's ${labels ? 'class-conditional ' : ''}DDIM sampling at scale 0, same noise (seed ${ctx.settings.seed})`,
    optimiser: `classifier guidance on x̂₀, scale ${scale}, DDIM ${steps} steps, η ${eta}`,
    iterationsDone: steps, iterationsTotal: steps, trace, before, after: last,
  };
}
