// The exact class-conditional denoiser for data x₀ | y ~ N(μ_y, diag σ²) (one shared variance,
// as in linear discriminant analysis): per class the Gaussian oracle of diffusion/gaussianOracle.ts,
//   ε̂(x_t, t, y) = (x_t − √ᾱ_t μ_y) · √(1−ᾱ_t) / (ᾱ_t σ² + 1 − ᾱ_t).
// With a shared variance the probability-flow ODE of class y maps x₀ to x_t = √ᾱ_t μ_y + s_t·u,
// s_t = √(ᾱ_t σ² + 1 − ᾱ_t), u = (x₀ − μ_y)/σ, so the exact translation at depth t* is
//   x₀ + (μ_target − μ_source) · (1 − σ√ᾱ* / s*)       (ᾱ* = ᾱ at timestep t* − 1):
// it moves exactly the slots whose class means differ, all of the difference as ᾱ* → 0.
import type { NoiseSchedule } from '../diffusion/schedule';
import { gaussianEpsTables, type GaussianEpsTables } from '../diffusion/gaussianOracle';
import type { Denoiser, TensorShape } from '../diffusion/types';
import { InvalidRequestError } from '../errors';

export interface ClassGaussianTarget {
  /** [K × D] class means, row-major (D = genes × channels). */
  means: Float32Array;
  /** [D] the variance shared by the classes, > 0. */
  variance: Float32Array;
  classes: number;
}

/** The oracle's ε̂ tables of each class: ε̂ = (x − shift[y][t]) · scale[t] (scale is the same for every class). */
export function classGaussianEpsTables(schedule: NoiseSchedule, target: ClassGaussianTarget): GaussianEpsTables[] {
  const dims = target.variance.length;
  if (target.means.length !== target.classes * dims) {
    throw new InvalidRequestError(`${target.means.length} class-mean values for ${target.classes} classes × ${dims} dims`);
  }
  return Array.from({ length: target.classes }, (_, k) =>
    gaussianEpsTables(schedule, { mean: target.means.subarray(k * dims, (k + 1) * dims), variance: target.variance }));
}

export function createClassGaussianOracle(schedule: NoiseSchedule, target: ClassGaussianTarget): Denoiser {
  const tables = classGaussianEpsTables(schedule, target);
  const dims = target.variance.length;
  return {
    prediction: 'eps',
    async predict(x: Float32Array, shape: TensorShape, t: Int32Array, y: Int32Array | null): Promise<Float32Array> {
      if (shape.genes * shape.channels !== dims) throw new InvalidRequestError(`expected ${dims} dims per sample, got ${shape.genes * shape.channels}`);
      if (!y) throw new InvalidRequestError('the class-conditional oracle needs a class label per sample');
      const eps = new Float32Array(x.length);
      for (let b = 0; b < shape.batch; b++) {
        const { scale, shift } = tables[y[b]];
        const row = t[b] * dims;
        for (let d = 0; d < dims; d++) eps[b * dims + d] = (x[b * dims + d] - shift[row + d]) * scale[row + d];
      }
      return eps;
    },
  };
}

/** The exact (ODE) translation of x0 [N × D] from class `source` to `target` at depth t* (see the module comment). */
export function exactGaussianTranslation(
  schedule: NoiseSchedule, target: ClassGaussianTarget, x0: Float32Array, source: number, to: number, depth: number,
): Float32Array {
  const dims = target.variance.length;
  const abar = schedule.alphasCumprod[depth - 1];
  const out = new Float32Array(x0.length);
  for (let d = 0; d < dims; d++) {
    const sigma = Math.sqrt(target.variance[d]);
    const kept = 1 - (sigma * Math.sqrt(abar)) / Math.sqrt(abar * target.variance[d] + 1 - abar);
    const shift = (target.means[to * dims + d] - target.means[source * dims + d]) * kept;
    for (let i = d; i < x0.length; i += dims) out[i] = x0[i] + shift;
  }
  return out;
}

/**
 * The oracle fitted to labelled rows of a gene tensor [N, D]: class means and the pooled
 * within-class variance (floored at `minVariance`); padded slots (mask 0) get mean 0, variance 1.
 */
export function fitClassGaussian(
  data: Float32Array, dims: number, labels: ArrayLike<number>, rows: ArrayLike<number>, classes: number,
  mask: Uint8Array | null, minVariance = 1e-3,
): ClassGaussianTarget {
  const sums = new Float64Array(classes * dims);
  const counts = new Float64Array(classes);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const k = labels[i];
    if (k < 0 || k >= classes) continue;
    counts[k]++;
    for (let d = 0; d < dims; d++) sums[k * dims + d] += data[i * dims + d];
  }
  const empty = [...counts].findIndex((n) => n < 2);
  if (empty >= 0) throw new InvalidRequestError(`class ${empty} has ${counts[empty]} labelled rows; fitting the class oracle needs at least 2 per class`);
  const means = new Float32Array(classes * dims);
  for (let k = 0; k < classes; k++) for (let d = 0; d < dims; d++) means[k * dims + d] = sums[k * dims + d] / counts[k];
  const squares = new Float64Array(dims);
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const k = labels[i];
    if (k < 0 || k >= classes) continue;
    for (let d = 0; d < dims; d++) squares[d] += (data[i * dims + d] - means[k * dims + d]) ** 2;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const variance = Float32Array.from(squares, (s, d) => (mask && !mask[d] ? 1 : Math.max(minVariance, s / (total - classes))));
  if (mask) for (let k = 0; k < classes; k++) for (let d = 0; d < dims; d++) if (!mask[d]) means[k * dims + d] = 0;
  return { means, variance, classes };
}
