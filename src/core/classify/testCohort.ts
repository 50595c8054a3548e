// Test fixture: a simulated cohort with a real case/control signal, encoded with the project's
// codec (simulateCohort → assignSnpsToGenes → splitSamples → fitCodec → encode), as the
// labelled sets the classifiers take. Cached per settings so test files share one encode.

import { assignSnpsToGenes } from '../encode/assign';
import { encode, fitCodec } from '../encode/codec';
import { splitSamples } from '../encode/split';
import { simulateCohort } from '../sim/cohort';
import { demoCohortParams } from '../sim/demo';
import type { CohortSimParams } from '../sim/params';
import type { LabelledSet } from './dataset';

/**
 * The demo cohort's genome (84 genes) with 1,000 samples and h² = 0.9: a signal the MLP finds
 * within seconds (at the demo's own h² = 0.6 and 500 samples the holdout is 50 samples and
 * accuracy about 0.6, too noisy for a test bound).
 */
export const strongSignalCohort = { sampleCount: 1000, heritability: 0.9 } as const;

/** The same with 24 genes, small enough for the CNN and the Transformer on the tfjs cpu backend. */
export const smallStrongCohort = { ...strongSignalCohort, geneCount: 24, chromosomeCount: 2 } as const;

export interface EncodedTestCohort {
  train: LabelledSet;
  holdout: LabelledSet;
  realGenes: number;
}

const cache = new Map<string, EncodedTestCohort>();

function pick(set: { data: Float32Array; perSample: number }, labels: Int8Array, idx: Int32Array): { data: Float32Array; labels: Int8Array } {
  const data = new Float32Array(idx.length * set.perSample);
  const out = new Int8Array(idx.length);
  idx.forEach((i, row) => {
    data.set(set.data.subarray(i * set.perSample, (i + 1) * set.perSample), row * set.perSample);
    out[row] = labels[i];
  });
  return { data, labels: out };
}

/** The demo cohort's settings with overrides; holdout balanced (paper protocol). */
export function encodedTestCohort(overrides: Partial<CohortSimParams> = {}, holdoutFraction = 0.2): EncodedTestCohort {
  const key = JSON.stringify({ overrides, holdoutFraction });
  const hit = cache.get(key);
  if (hit) return hit;
  const { cohort } = simulateCohort({ ...demoCohortParams, ...overrides });
  const labels = cohort.phenotype?.labels;
  if (!labels) throw new Error('the simulated cohort has no labels');
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes ?? []);
  const split = splitSamples(labels, cohort.sampleIds.length, { seed: 7, holdoutFraction });
  const realGenes = assignment.genes.length;
  const codec = fitCodec(cohort, assignment, split.trainIdx, { geneSlots: realGenes + 4 });
  const tensor = encode(codec, cohort);
  const { genes, channels } = tensor.shape;
  const perSample = genes * channels;
  const make = (idx: Int32Array): LabelledSet => {
    const { data, labels: y } = pick({ data: tensor.data, perSample }, labels, idx);
    return { data, shape: { batch: idx.length, genes, channels }, labels: y, mask: tensor.mask };
  };
  const out = { train: make(split.trainIdx), holdout: make(split.holdoutIdx), realGenes };
  cache.set(key, out);
  return out;
}
