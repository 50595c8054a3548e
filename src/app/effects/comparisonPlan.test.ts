import { describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../../core/backbone/spec';
import type { EncodedDataset } from '../../engines/data';
import { tinyCohort } from '../../engines/testCohort';
import type { SyntheticSet } from '../sampleSets';
import { defaultComparisonForm, type BackboneId } from '../store';
import {
  codecMismatch, cohortOfDataset, evaluationPlanOf, getComparisonFieldErrors, parseComparisonForm, pickComparableSets, pipelineBackboneOf,
} from './comparisonPlan';

const dataset: EncodedDataset = tinyCohort;

function syntheticSet(id: string, genes = 2, count = 4, codecSha256: string | null = 'ab'.repeat(32)): SyntheticSet {
  const spec = { fileName: `${id}.onnx`, kind: 'diffusion', family: 'other', numClasses: 2, labelInput: { name: 'y' }, codecSha256,
    schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 }, missing: [] } as unknown as BackboneSpec;
  return {
    backboneId: id as BackboneId, version: 1, samples: new Float32Array(count * genes * 2), count, genes, channels: 2, labels: Int32Array.from([0, 1, 0, 1].slice(0, count)),
    request: { count, genes, channels: 2, sampler: 'ddim', steps: 20, eta: 0, seed: 3, batchSize: 8 }, executionProvider: 'wasm', elapsedMs: 5,
    spec, file: { name: `${id}.onnx`, sha256: 'cd'.repeat(32), bytes: 10 },
  };
}

describe('parseComparisonForm', () => {
  it('reads the defaults', () => {
    expect(parseComparisonForm(defaultComparisonForm)).toEqual({
      seed: 0, k: 10, bootstrapResamples: 1000, umapPoints: 300, levels: 20, classifiers: ['mlp'], tstrEpochs: 30, tstrTrainingSet: 'matched',
    });
  });

  it('names the field that does not parse', () => {
    expect(() => parseComparisonForm({ ...defaultComparisonForm, k: '0' })).toThrow(/Neighbours k = '0'/);
    expect(() => parseComparisonForm({ ...defaultComparisonForm, levels: '2.5' })).toThrow(/Noise levels/);
    expect(() => parseComparisonForm({ ...defaultComparisonForm, tstrTrainingSet: 'some' })).toThrow(/TSTR training sets 'some' is not one of matched, as-generated/);
  });
});

describe('getComparisonFieldErrors', () => {
  it('is empty for the defaults', () => {
    expect(getComparisonFieldErrors(defaultComparisonForm)).toEqual({});
  });

  it('names every wrong field as the card labels it, all at once', () => {
    const errors = getComparisonFieldErrors({ ...defaultComparisonForm, seed: 'abc', k: '0', bootstrapResamples: '-5', umapPoints: '2.5' });
    expect(errors).toEqual({
      seed: "Seed = 'abc'; expected a whole number from 0 to 2,147,483,647",
      k: "Neighbours k = '0'; expected a whole number from 1 to 100",
      bootstrapResamples: "Bootstrap = '-5'; expected a whole number from 1 to 100,000",
      umapPoints: "UMAP points = '2.5'; expected a whole number from 0 to 100,000",
    });
  });
});

describe('cohortOfDataset', () => {
  it('is the encoded dataset with its count of real genes', () => {
    const cohort = cohortOfDataset(dataset, 2);
    expect(cohort.realGenes).toBe(2);
    expect(cohort.tensor).toBe(dataset.tensor);
    expect(cohort.roles).toBe(dataset.roles);
  });
});

describe('pickComparableSets', () => {
  it('keeps the sets shaped like the encoding and says why the others are left out', () => {
    const { usable, skipped } = pickComparableSets([syntheticSet('a'), syntheticSet('b', 3), syntheticSet('c', 2, 1)], dataset);
    expect(usable.map((s) => s.backboneId)).toEqual(['a']);
    expect(skipped).toEqual([
      { backboneId: 'b', reason: 'its samples are [3, 2], the encoding is [2, 2]' },
      { backboneId: 'c', reason: 'only 1 sample generated; at least 2 are needed' },
    ]);
  });
});

describe('a held set as the pipeline takes it', () => {
  it('is given as generated, and opens with its backbone as it was', async () => {
    const set = syntheticSet('a');
    const backbone = pipelineBackboneOf(set, null);
    expect(backbone.given).toMatchObject({ count: 4, request: set.request, executionProvider: 'wasm', elapsedMs: 5 });
    expect(backbone.given?.samples).toBe(set.samples);
    const opened = await backbone.open();
    expect(opened).toMatchObject({ spec: set.spec, file: set.file, engine: null, unloadedReason: 'not loaded any more' });
  });

  it('refuses a backbone trained on another encoding, naming both hashes', () => {
    expect(codecMismatch(syntheticSet('a'), dataset)).toBeNull();
    expect(codecMismatch(syntheticSet('a', 2, 4, 'ef'.repeat(32)), dataset)).toMatch(/a\.onnx was trained on codec (ef){32} \(gdw\.codec_sha256\), but the bundle's codec is (ab){32}/);
  });
});

describe('the plan from the Evaluate form', () => {
  it('takes the sets as generated and records every setting', () => {
    const plan = evaluationPlanOf(parseComparisonForm({ ...defaultComparisonForm, umapPoints: '0', tstrTrainingSet: 'as-generated' }));
    expect(plan.generation).toBeNull();
    expect(plan.metrics.k).toBe(10);
    expect(plan.umap).toBeNull();
    expect(plan.reconstruction).toEqual({ levels: 20, batchSize: 64 });
    expect(plan.tstr).toEqual({ classifiers: ['mlp'], epochs: 30, bootstrapResamples: 1000, trainingSet: 'as-generated' });
    expect(evaluationPlanOf(parseComparisonForm(defaultComparisonForm)).umap?.maxPerSet).toBe(300);
  });
});
