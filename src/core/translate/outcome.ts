// Two judgements of a translation: the flip rate (the share of translated samples a classifier
// trained on real data assigns to the target class, with a Wilson score interval; Wilson 1927,
// Agresti & Coull 1998: it stays inside [0, 1] and is usable at 0 or n successes) and, on simulated
// data, the AUC with which the change map ranks the truth's causal genes above the others
// (Mann–Whitney with mid-ranks, classify/evaluate.ts; percentile bootstrap over genes, causal and
// non-causal resampled separately so each resample has both).
import { aucMannWhitney } from '../classify/evaluate';
import { InvalidRequestError } from '../errors';
import { quantileOfSorted } from '../metrics/summary';
import { createRng } from '../rng';
import { normalQuantile } from '../sim/distributions';

/** Philox stream of the causal-AUC bootstrap (apart from metrics/streams.ts's). */
const CAUSAL_AUC_STREAM = 0x7a4c;

export interface ProportionInterval {
  successes: number;
  trials: number;
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  method: 'wilson';
}

/** Wilson score interval of k successes in n trials: (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). */
export function wilsonInterval(successes: number, trials: number, level = 0.95): ProportionInterval {
  if (!(Number.isInteger(trials) && trials >= 1 && Number.isInteger(successes) && successes >= 0 && successes <= trials)) {
    throw new InvalidRequestError(`${successes} successes in ${trials} trials; expected whole numbers with 0 ≤ successes ≤ trials, trials ≥ 1`);
  }
  if (!(level > 0 && level < 1)) throw new InvalidRequestError(`confidence level ${level}; expected a value strictly between 0 and 1`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt(p * (1 - p) / trials + z2n / (4 * trials))) / (1 + z2n);
  // At 0 or n successes the bound equals p̂ exactly; rounding must not put it on the wrong side.
  return {
    successes, trials, estimate: p, level, method: 'wilson',
    lower: successes === 0 ? 0 : Math.max(0, centre - half), upper: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** The share of predicted classes equal to `target`, with its Wilson interval. */
export function classRate(predicted: ArrayLike<number>, target: number, level = 0.95): ProportionInterval {
  let hits = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === target) hits++;
  return wilsonInterval(hits, predicted.length, level);
}

export interface CausalAuc {
  auc: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  seed: number;
  causalGenes: number;
  otherGenes: number;
  /** Causal genes of the truth the change map does not hold (not encoded), by name. */
  unmatched: string[];
}

export interface CausalAucOptions {
  resamples?: number;
  level?: number;
  seed?: number;
}

/**
 * AUC of `scores` (one per gene, higher = more changed) ranking the genes named in `causal` above
 * the rest: 1 is a perfect ranking, 0.5 chance.
 */
export function causalGeneAuc(
  genes: readonly { name: string; score: number }[], causal: readonly string[], options: CausalAucOptions = {},
): CausalAuc {
  const { resamples = 1000, level = 0.95, seed = 0 } = options;
  const causalSet = new Set(causal);
  const positive = genes.map((g) => causalSet.has(g.name));
  const scores = genes.map((g) => g.score);
  const pos = [...positive.keys()].filter((i) => positive[i]);
  const neg = [...positive.keys()].filter((i) => !positive[i]);
  const present = new Set(genes.map((g) => g.name));
  const unmatched = causal.filter((name) => !present.has(name));
  if (pos.length === 0 || neg.length === 0) {
    throw new InvalidRequestError(`${pos.length} causal and ${neg.length} other genes in the change map; the AUC needs at least one of each`
      + (unmatched.length > 0 ? ` (causal genes not in the encoding: ${unmatched.join(', ')})` : ''));
  }
  const rng = createRng(seed, CAUSAL_AUC_STREAM);
  const values = new Float64Array(resamples);
  const idx = new Int32Array(pos.length + neg.length);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < pos.length; i++) idx[i] = pos[rng.nextInt(pos.length)];
    for (let i = 0; i < neg.length; i++) idx[pos.length + i] = neg[rng.nextInt(neg.length)];
    values[b] = aucMannWhitney(scores, positive, idx);
  }
  values.sort();
  const tail = (1 - level) / 2;
  return {
    auc: aucMannWhitney(scores, positive), lower: quantileOfSorted(values, tail), upper: quantileOfSorted(values, 1 - tail),
    level, resamples, seed, causalGenes: pos.length, otherGenes: neg.length, unmatched,
  };
}
