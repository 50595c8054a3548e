// Activation maximisation ("deep dream" of a predictor, Killoran et al. 2017 §2.2) on the gene tensor:
// gradient ascent on the classifier's target score s(x) with a realism penalty that pulls each design
// towards the data manifold, here its k nearest real samples (measured on the real slots):
//   R(x) = λ · (1/(k·D)) · Σ_{j ∈ kNN(x)} ‖x − r_j‖²,      ∇R = (2λ/D) · (x − mean of the kNN)
//   x ← clip(x + η · (∇s(x) − ∇R(x)), ±maxStep per slot),   padded slots held at 0
// D is the number of real slots, so λ weighs a mean squared distance per slot. The kNN are re-found
// every iteration. A NaN or infinite gradient stops the run with DesignError 'non-finite'.
import { createCancellationPoint } from '../errors';
import type { ObjectiveGradient } from './classifierGradient';
import { checkFinite, DesignError, designProblems } from './errors';
import { isCancelled } from './latentSearch';

export interface ActivationSettings {
  targetClass: number;
  /** Gradient steps, 1 … 10,000. */
  iterations: number;
  /** η, in (0, 10]. */
  stepSize: number;
  /** λ of the realism penalty, in [0, 1000]; 0 turns it off (pure deep dream). */
  realismWeight: number;
  /** k nearest real samples of the penalty, ≥ 1. */
  neighbours: number;
  /** Largest change of one slot in one step (> 0), or null for none. */
  maxStepPerSlot: number | null;
}

export const defaultActivationSettings: Omit<ActivationSettings, 'targetClass'> = {
  iterations: 50, stepSize: 0.05, realismWeight: 1, neighbours: 5, maxStepPerSlot: 0.5,
};

const inRange = (x: number, lo: number, hi: number) => Number.isFinite(x) && x >= lo && x <= hi;

/** Throws DesignError 'bad-setting' naming the first setting out of range. */
export function checkActivationSettings(s: ActivationSettings): void {
  const problems = [
    !(Number.isInteger(s.iterations) && s.iterations >= 1 && s.iterations <= 10_000) && `iterations = ${s.iterations}; expected a whole number from 1 to 10,000`,
    !(inRange(s.stepSize, 0, 10) && s.stepSize > 0) && `step size = ${s.stepSize}; expected a number in (0, 10]`,
    !inRange(s.realismWeight, 0, 1000) && `realism weight λ = ${s.realismWeight}; expected a number from 0 to 1000`,
    !(Number.isInteger(s.neighbours) && s.neighbours >= 1) && `neighbours k = ${s.neighbours}; expected a whole number ≥ 1`,
    s.maxStepPerSlot !== null && !(Number.isFinite(s.maxStepPerSlot) && s.maxStepPerSlot > 0) && `max step per slot = ${s.maxStepPerSlot}; expected a number > 0 or none`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new DesignError(designProblems.badSetting, problems.join('; '));
}

/** The real reference the penalty measures against: rows [N, G·C] and the mask's real slots. */
export interface RealReference {
  data: Float32Array;
  count: number;
  mask: Uint8Array;
}

/** Mean of the k nearest reference rows of each design (squared Euclidean over real slots), and the mean of those k squared distances. */
export function nearestCentroids(x: Float32Array, reference: RealReference, k: number): { centroids: Float32Array; meanSquared: Float64Array } {
  const dims = reference.mask.length;
  const rows = x.length / dims;
  const slots = Int32Array.from([...reference.mask.keys()].filter((d) => reference.mask[d] !== 0));
  const kk = Math.min(k, reference.count);
  const centroids = new Float32Array(x.length);
  const meanSquared = new Float64Array(rows);
  const distances = new Float64Array(reference.count);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < reference.count; j++) {
      let sum = 0;
      for (const d of slots) sum += (x[r * dims + d] - reference.data[j * dims + d]) ** 2;
      distances[j] = sum;
    }
    const order = Int32Array.from(distances.keys()).sort((a, b) => distances[a] - distances[b] || a - b).subarray(0, kk);
    for (const j of order) {
      meanSquared[r] += distances[j] / kk;
      for (const d of slots) centroids[r * dims + d] += reference.data[j * dims + d] / kk;
    }
  }
  return { centroids, meanSquared };
}

/** One ascent step in place; returns the penalty R(x) per design before the step. */
export function activationStep(x: Float32Array, gradient: Float32Array, reference: RealReference, settings: ActivationSettings): Float64Array {
  const { mask } = reference;
  const dims = mask.length;
  const realSlots = mask.reduce((a, m) => a + (m !== 0 ? 1 : 0), 0);
  const { centroids, meanSquared } = settings.realismWeight > 0 ? nearestCentroids(x, reference, settings.neighbours) : { centroids: null, meanSquared: new Float64Array(x.length / dims) };
  const clip = settings.maxStepPerSlot ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    if (mask[i % dims] === 0) { x[i] = 0; continue; }
    const pull = centroids ? (2 * settings.realismWeight / realSlots) * (x[i] - centroids[i]) : 0;
    const step = settings.stepSize * (gradient[i] - pull);
    x[i] += Math.max(-clip, Math.min(clip, step));
  }
  checkFinite(x, 'design');
  return meanSquared.map((m) => settings.realismWeight * m / realSlots);
}

export interface ActivationIteration {
  /** 0 = the starting samples (before any step). */
  iteration: number;
  /** s(x) per design at this iteration. */
  scores: Float32Array;
  /** R(x) per design at this iteration. */
  penalties: Float64Array;
  designs: Float32Array;
}

/**
 * Runs the ascent from `start` [B, G·C] (not modified). `scoreAndGradient` is the predictor (the
 * training engine's input gradient); `onIteration` sees iteration 0 (the start) and every step. A
 * cancel returns the designs of the last finished step with status 'cancelled'.
 */
export async function runActivationMaximisation(
  start: Float32Array, reference: RealReference, settings: ActivationSettings,
  scoreAndGradient: (x: Float32Array) => Promise<ObjectiveGradient>,
  options: { signal?: AbortSignal; onIteration?: (it: ActivationIteration) => void | Promise<void> } = {},
): Promise<{ designs: Float32Array; iterationsDone: number; status: 'done' | 'cancelled' }> {
  checkActivationSettings(settings);
  const x = Float32Array.from(start);
  const checkCancel = createCancellationPoint(options.signal, 'activation maximisation', 50);
  let done = 0;
  for (let it = 0; it <= settings.iterations; it++) {
    if (await isCancelled(checkCancel)) return { designs: x, iterationsDone: done, status: 'cancelled' };
    const { values, gradient } = await scoreAndGradient(x);
    const snapshot = Float32Array.from(x);
    if (it === settings.iterations) {
      await options.onIteration?.({ iteration: it, scores: values, penalties: penaltyOnly(snapshot, reference, settings), designs: snapshot });
      break;
    }
    const penalties = activationStep(x, gradient, reference, settings);
    await options.onIteration?.({ iteration: it, scores: values, penalties, designs: snapshot });
    done = it + 1;
  }
  return { designs: x, iterationsDone: done, status: 'done' };
}

function penaltyOnly(x: Float32Array, reference: RealReference, settings: ActivationSettings): Float64Array {
  const realSlots = reference.mask.reduce((a, m) => a + (m !== 0 ? 1 : 0), 0);
  if (settings.realismWeight === 0) return new Float64Array(x.length / reference.mask.length);
  return nearestCentroids(x, reference, settings.neighbours).meanSquared.map((m) => settings.realismWeight * m / realSlots);
}
