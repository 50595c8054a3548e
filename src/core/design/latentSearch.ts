// The joint method (Killoran et al. 2017 §2.3) through a generator that gives no gradients (an ONNX
// GAN generator): maximise f(z) = s(G(z)) − ρ·‖z‖²/Dz over its latent z, one search per design.
// The optimiser is a (μ/μ_w, λ) evolution strategy with cumulative step-size adaptation (CSA), i.e.
// CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", eqs. 43–44 and Table 1) without the
// covariance update: Dz is small, the budget is a few dozen generations, and a full covariance needs
// far more evaluations than that to learn anything. No well-kept npm package offers CMA-ES or an ES
// (the registry lists none with users), so it is written here, in ~60 lines, from the tutorial.
// The ρ term is the latent prior: z far outside N(0, I) gives samples the GAN never learnt.
import { createCancellationPoint, isCancelled as isCancelledError } from '../errors';
import { fillNormal } from '../rng';
import { checkFinite, DesignError, designProblems } from './errors';

export interface LatentSearchSettings {
  /** Generations, 1 … 10,000. */
  iterations: number;
  /** λ candidates per design per generation, 4 … 1024. */
  populationSize: number;
  /** σ₀, the starting step size in latent units, in (0, 10]. */
  initialSigma: number;
  /** ρ of the latent prior penalty, in [0, 1000]. */
  latentPriorWeight: number;
  /** Seeds the starting latents (by design index) and every candidate draw. */
  seed: number;
}

export const defaultLatentSearchSettings: Omit<LatentSearchSettings, 'seed'> = {
  iterations: 30, populationSize: 16, initialSigma: 0.5, latentPriorWeight: 1,
};

/** Philox stream of the ES candidates (the GAN's starting latents use its own, ganSampler's LATENT_STREAM). */
export const ES_STREAM = 0xe5;

export function checkLatentSearchSettings(s: LatentSearchSettings): void {
  const problems = [
    !(Number.isInteger(s.iterations) && s.iterations >= 1 && s.iterations <= 10_000) && `iterations = ${s.iterations}; expected a whole number from 1 to 10,000`,
    !(Number.isInteger(s.populationSize) && s.populationSize >= 4 && s.populationSize <= 1024) && `population λ = ${s.populationSize}; expected a whole number from 4 to 1024`,
    !(Number.isFinite(s.initialSigma) && s.initialSigma > 0 && s.initialSigma <= 10) && `σ₀ = ${s.initialSigma}; expected a number in (0, 10]`,
    !(Number.isFinite(s.latentPriorWeight) && s.latentPriorWeight >= 0 && s.latentPriorWeight <= 1000) && `latent prior ρ = ${s.latentPriorWeight}; expected a number from 0 to 1000`,
    !(Number.isSafeInteger(s.seed) && s.seed >= 0) && `seed = ${s.seed}; expected a whole number ≥ 0`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new DesignError(designProblems.badSetting, problems.join('; '));
}

/** Runs a cancellation point: true when it reports a cancel, other errors rethrown. */
export async function isCancelled(checkCancel: () => Promise<void>): Promise<boolean> {
  try {
    await checkCancel();
    return false;
  } catch (err) {
    if (isCancelledError(err)) return true;
    throw err;
  }
}

/** The strategy's constants for dimension n and population λ (Hansen's Table 1, CSA part). */
export function esConstants(n: number, lambda: number) {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  return { mu, weights, muEff, cSigma, dSigma, chiN };
}

export interface LatentIteration {
  iteration: number;
  /** f(m) per design: the objective at each search's mean (what the design is). */
  objective: Float64Array;
  /** The means m [designs, Dz]. */
  means: Float32Array;
  sigma: Float64Array;
}

/**
 * Maximises `fitness` (called with [count, Dz] latents, returns [count] values, prior not included)
 * from `start` [designs, Dz]; each generation evaluates the λ candidates of every design and their
 * means in one call. A cancel returns the means of the last finished generation.
 */
export async function runLatentSearch(
  start: Float32Array, latentDim: number, settings: LatentSearchSettings,
  fitness: (z: Float32Array, count: number) => Promise<Float32Array>,
  options: { signal?: AbortSignal; onIteration?: (it: LatentIteration) => void | Promise<void> } = {},
): Promise<{ means: Float32Array; iterationsDone: number; status: 'done' | 'cancelled' }> {
  checkLatentSearchSettings(settings);
  const n = latentDim;
  const designs = start.length / n;
  const lambda = settings.populationSize;
  const { mu, weights, muEff, cSigma, dSigma, chiN } = esConstants(n, lambda);
  const prior = (z: Float32Array, at: number) => {
    let sq = 0;
    for (let j = 0; j < n; j++) sq += z[at + j] ** 2;
    return settings.latentPriorWeight * sq / n;
  };
  const means = Float32Array.from(start);
  const sigma = new Float64Array(designs).fill(settings.initialSigma);
  const path = new Float64Array(designs * n);
  const checkCancel = createCancellationPoint(options.signal, 'latent search', 50);
  const y = new Float32Array(designs * lambda * n);
  let done = 0;
  for (let it = 0; it <= settings.iterations; it++) {
    // The cancellation point yields to the message loop now and then; an abort ends the search with the means so far.
    if (await isCancelled(checkCancel)) return { means, iterationsDone: done, status: 'cancelled' };
    // 1. Candidates m + σ·y, y ~ N(0, I) addressed by (seed, design, generation); means last.
    const batch = new Float32Array((designs * lambda + designs) * n);
    for (let d = 0; d < designs; d++) {
      fillNormal(y, d * lambda * n, lambda * n, { seed: settings.seed, stream: ES_STREAM, sampleIndex: d, step: it });
      for (let c = 0; c < lambda; c++) {
        for (let j = 0; j < n; j++) batch[(d * lambda + c) * n + j] = means[d * n + j] + sigma[d] * y[(d * lambda + c) * n + j];
      }
    }
    batch.set(means, designs * lambda * n);
    const raw = await fitness(batch, designs * lambda + designs);
    checkFinite(raw, 'latent fitness');
    const f = Float64Array.from(raw, (v, i) => v - prior(batch, i * n));
    await options.onIteration?.({ iteration: it, objective: f.slice(designs * lambda), means: Float32Array.from(means), sigma: Float64Array.from(sigma) });
    if (it === settings.iterations) break;
    // 2. Per design: recombine the μ best, move the mean, update the path and σ (CSA).
    for (let d = 0; d < designs; d++) {
      const order = Array.from({ length: lambda }, (_, c) => c).sort((a, b) => f[d * lambda + b] - f[d * lambda + a] || a - b);
      const step = new Float64Array(n);
      for (let i = 0; i < mu; i++) for (let j = 0; j < n; j++) step[j] += weights[i] * y[(d * lambda + order[i]) * n + j];
      let norm = 0;
      const c = Math.sqrt(cSigma * (2 - cSigma) * muEff);
      for (let j = 0; j < n; j++) {
        means[d * n + j] += sigma[d] * step[j];
        path[d * n + j] = (1 - cSigma) * path[d * n + j] + c * step[j];
        norm += path[d * n + j] ** 2;
      }
      sigma[d] *= Math.exp((cSigma / dSigma) * (Math.sqrt(norm) / chiN - 1));
    }
    done = it + 1;
  }
  return { means, iterationsDone: done, status: 'done' };
}
