import { describe, expect, it } from 'vitest';
import { assignSnpsToGenes } from '../encode/assign';
import { decode, encode, fitCodec } from '../encode/codec';
import { splitSamples } from '../encode/split';
import { ParseError } from '../errors';
import { simulateCohort } from '../sim/cohort';
import { demoCohortParams } from '../sim/demo';
import { createLiabilityOracle, parseCausalEffects } from './liabilityOracle';

function fixture() {
  const { cohort, truth } = simulateCohort({ ...demoCohortParams, sampleCount: 120, geneCount: 16, chromosomeCount: 2, causalGeneCount: 4 });
  const labels = cohort.phenotype?.labels as Int8Array;
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes ?? []);
  const split = splitSamples(labels, cohort.sampleIds.length, { seed: 3, holdoutFraction: 0.2 });
  const codec = fitCodec(cohort, assignment, split.trainIdx, { geneSlots: assignment.genes.length + 2 });
  const tensor = encode(codec, cohort);
  return { cohort, truth, codec, tensor, effects: parseCausalEffects(JSON.stringify(truth), 'truth.json') };
}

describe('createLiabilityOracle', () => {
  const { codec, tensor, effects, cohort } = fixture();
  const n = cohort.sampleIds.length;
  // Brute force: decode every variant of every sample through the codec, then Σ β·d over the causal SNPs found by ID.
  const decoded = decode(codec, tensor.data, n);
  const rowOf = new Map(codec.variants.id.map((id, v) => [id, v]));
  const bruteForce = (dosage: (x: number) => number) => Float64Array.from({ length: n }, (_, i) => effects.reduce((sum, { variantId, effect }) => {
    const v = rowOf.get(variantId);
    return v === undefined ? sum : sum + effect * dosage(decoded[v * n + i]);
  }, 0));

  it('equals Σ β·d over the fully decoded dosages (hard and soft) to 1e-9', () => {
    const oracle = createLiabilityOracle(codec, effects);
    expect(oracle.matched + oracle.unmatched.length).toBe(effects.length);
    expect(oracle.matched).toBeGreaterThan(0);
    const hard = oracle.score(tensor.data, n, 'hard');
    const soft = oracle.score(tensor.data, n, 'soft');
    const hardRef = bruteForce((x) => Math.min(2, Math.max(0, Math.round(x))));
    // decode() rounds each dosage to float32; the oracle keeps float64, so soft agrees to float32 precision.
    const softRef = bruteForce((x) => x);
    for (let i = 0; i < n; i++) {
      expect(hard[i]).toBeCloseTo(hardRef[i], 9);
      expect(Math.abs(soft[i] - softRef[i])).toBeLessThan(1e-5 * (1 + Math.abs(softRef[i])));
    }
  });

  it('separates cases from controls on the real samples (the truth it reads is the simulator\'s)', () => {
    const oracle = createLiabilityOracle(codec, effects);
    const g = oracle.score(tensor.data, n, 'soft');
    const labels = cohort.phenotype?.labels as Int8Array;
    const meanOf = (cls: number) => { const v = [...g].filter((_, i) => labels[i] === cls); return v.reduce((a, b) => a + b, 0) / v.length; };
    expect(meanOf(1)).toBeGreaterThan(meanOf(0));
  });

  it('refuses a truth file that is not JSON or has no causal SNPs, and one whose SNPs the codec lacks', () => {
    expect(() => parseCausalEffects('{', 'truth.json')).toThrow(ParseError);
    expect(() => parseCausalEffects('{"causalSnps": []}', 'truth.json')).toThrow(/causalSnps/);
    expect(() => createLiabilityOracle(codec, [{ variantId: 'nope', effect: 1 }])).toThrow(/none of the truth file/);
  });
});
