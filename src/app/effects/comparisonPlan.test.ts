import { describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../../core/backbone/spec';
import type { EncodedDataset } from '../../engines/data';
import type { SyntheticSet } from '../sampleSets';
import { defaultComparisonForm, type BackboneId } from '../store';
import {
  backboneHeaderOf, bundleSummaryOf, codecMismatch, evaluationSettingsOf, parseComparisonForm, pickComparableSets, realSetsOf,
} from './comparisonPlan';

// 6 samples of [2, 2]: roles train, train, holdout, train, holdout, excluded; labels 0 1 1 0 -1 -1.
const dataset: EncodedDataset = {
  tensor: Float32Array.from({ length: 24 }, (_, i) => i),
  shape: { batch: 6, genes: 2, channels: 2 },
  mask: Uint8Array.from([1, 1, 1, 0]),
  sampleIds: ['a', 'b', 'c', 'd', 'e', 'f'],
  labels: Int8Array.from([0, 1, 1, 0, -1, -1]),
  classNames: ['control', 'case'],
  roles: Uint8Array.from([0, 0, 1, 0, 1, 2]),
  codecSha256: 'ab'.repeat(32),
};

function syntheticSet(id: string, genes = 2, count = 4, codecSha256: string | null = 'ab'.repeat(32)): SyntheticSet {
  const spec = { fileName: `${id}.onnx`, kind: 'diffusion', family: 'other', numClasses: 2, labelInput: { name: 'y' }, codecSha256,
    schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 }, missing: [] } as unknown as BackboneSpec;
  return {
    backboneId: id as BackboneId, samples: new Float32Array(count * genes * 2), count, genes, channels: 2, labels: Int32Array.from([0, 1, 0, 1].slice(0, count)),
    request: { count, genes, channels: 2, sampler: 'ddim', steps: 20, eta: 0, seed: 3, batchSize: 8 }, executionProvider: 'wasm', elapsedMs: 5,
    spec, file: { name: `${id}.onnx`, sha256: 'cd'.repeat(32), bytes: 10 },
  };
}

describe('parseComparisonForm', () => {
  it('reads the defaults', () => {
    expect(parseComparisonForm(defaultComparisonForm)).toEqual({
      seed: 0, k: 10, bootstrapResamples: 1000, umapPoints: 300, levels: 20, classifiers: ['mlp'], tstrEpochs: 30,
    });
  });

  it('names the field that does not parse', () => {
    expect(() => parseComparisonForm({ ...defaultComparisonForm, k: '0' })).toThrow(/Neighbours k = '0'/);
    expect(() => parseComparisonForm({ ...defaultComparisonForm, levels: '2.5' })).toThrow(/Noise levels/);
  });
});

describe('realSetsOf', () => {
  it('cuts the train and holdout rows out, with their labels and ids', () => {
    const real = realSetsOf(dataset);
    expect(real.train.sampleIds).toEqual(['a', 'b', 'd']);
    expect(Array.from(real.train.labels ?? [])).toEqual([0, 1, 0]);
    expect(Array.from(real.holdout.data)).toEqual([8, 9, 10, 11, 16, 17, 18, 19]);
    expect(real.mask).toBe(dataset.mask);
  });
});

describe('bundleSummaryOf', () => {
  it('counts each role and class', () => {
    const summary = bundleSummaryOf(dataset, 2);
    expect(summary.counts).toEqual({ train: 3, holdout: 2, excluded: 1 });
    expect(summary.trainPerClass).toEqual([2, 1]);
    expect(summary.holdoutPerClass).toEqual([0, 1]);
    expect(summary.realSlots).toBe(3);
    expect(summary.shape).toEqual([6, 2, 2]);
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

describe('the report header of a backbone', () => {
  it('records the file, the codec check and the generation as run', () => {
    const header = backboneHeaderOf(syntheticSet('a'), dataset);
    expect(header.codecCheck).toEqual({ status: 'match', backbone: 'ab'.repeat(32), bundle: 'ab'.repeat(32) });
    expect(header.generation).toMatchObject({ count: 4, classCounts: [2, 2], sampler: 'ddim', steps: 20, eta: 0, seed: 3, batchSize: 8 });
    expect(backboneHeaderOf(syntheticSet('b', 2, 4, null), dataset).codecCheck.status).toBe('absent');
  });

  it('refuses a backbone trained on another encoding, naming both hashes', () => {
    expect(codecMismatch(syntheticSet('a'), dataset)).toBeNull();
    expect(codecMismatch(syntheticSet('a', 2, 4, 'ef'.repeat(32)), dataset)).toMatch(/encoding efefefefefef…, the loaded one is abababababab…/);
  });

  it('states n per set, and that it varies', () => {
    const settings = evaluationSettingsOf(parseComparisonForm(defaultComparisonForm), [syntheticSet('a', 2, 4), syntheticSet('b', 2, 3)]);
    expect(settings.samplesPerSet).toBe(3);
    expect(settings.samplesPerSetRule).toMatch(/4, 3; the smallest is shown/);
    expect(settings.metrics.k).toBe(10);
    expect(settings.umap?.maxPerSet).toBe(300);
  });
});
