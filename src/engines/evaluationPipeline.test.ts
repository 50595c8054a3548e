// The evaluation pipeline's orchestration with fake engines that record every call: what each
// backbone is asked for and in which order, given and generated sets side by side, TSTR's two
// protocols, an unloaded backbone, imported sets and the genotype-space step, Cancel mid-step,
// closing on failure, and the progress bar.
import { describe, expect, it } from 'vitest';
import type { BackboneSpec } from '../core/backbone/spec';
import type { SampleRequest } from '../core/diffusion/sampler';
import { CancelledError, isCancelled } from '../core/errors';
import type { SampleSetMetrics, TstrSection } from '../core/report/types';
import { isInMemory, wholeRows } from '../core/store/rowData';
import { createNodeSpillBackend } from '../node/syncFileHandle';
import type { EvaluationCohort } from './evaluationCohort';
import {
  runEvaluationPipeline, type EvaluationPlan, type PipelineBackbone, type PipelineEvaluation, type PipelineInference, type PipelineTraining,
} from './evaluationPipeline';
import { createSampleStore } from './sampleStore';

// 10 samples of [2, 2]: rows 0–5 train (labels 0 0 0 1 1 −1), 6–8 holdout (0 1 1), 9 excluded.
const cohort: EvaluationCohort = {
  tensor: Float32Array.from({ length: 40 }, (_, i) => i / 40),
  shape: { batch: 10, genes: 2, channels: 2 },
  mask: Uint8Array.from([1, 1, 1, 0]),
  sampleIds: Array.from({ length: 10 }, (_, i) => `s${i}`),
  labels: Int8Array.from([0, 0, 0, 1, 1, -1, 0, 1, 1, -1]),
  classNames: ['control', 'case'],
  roles: Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 2]),
  codecSha256: 'ab'.repeat(32),
  realGenes: 2,
};

const plan = (over: Partial<EvaluationPlan> = {}): EvaluationPlan => ({
  seed: 4,
  generation: { count: 6, rule: 'given (--n)', sampler: 'ddim', steps: 5, eta: 0, batchSize: 8 },
  reconstruction: { levels: 3, batchSize: 8 },
  validationLoss: { drawsPerSample: 1 },
  metrics: { seed: 4 } as EvaluationPlan['metrics'],
  umap: { maxPerSet: 5, seed: 4, nNeighbors: 3, minDist: 0.1, spread: 1, nEpochs: 10 },
  tstr: { classifiers: ['mlp'], epochs: 2, bootstrapResamples: 10, trainingSet: 'matched' },
  ...over,
});

function spec(name: string, conditional: boolean, kind: 'diffusion' | 'gan-generator' = 'diffusion'): BackboneSpec {
  return {
    fileName: `${name}.onnx`, kind, numClasses: conditional ? 2 : null, labelInput: conditional ? { name: 'y' } : null,
    codecSha256: 'ab'.repeat(32), genes: 2, channels: 2, schedule: { kind: 'linear', timesteps: 100, betaStart: 1e-4, betaEnd: 0.02 }, missing: [],
  } as unknown as BackboneSpec;
}

type Call = string;

function fakeInference(name: string, calls: Call[], onSample?: () => Promise<void>): PipelineInference & { requests: SampleRequest[] } {
  const requests: SampleRequest[] = [];
  return {
    requests,
    sample: async (request) => {
      calls.push(`${name}.sample(${request.count})`);
      requests.push(request);
      await onSample?.();
      return {
        samples: new Float32Array(request.count * 4).fill(0.5), count: request.count, genes: 2, channels: 2, elapsedMs: 1,
        executionProvider: 'cpu', request,
      };
    },
    reconstructionCurve: async (set) => {
      calls.push(`${name}.curve(${set.shape.batch})`);
      return { points: [] } as unknown as Awaited<ReturnType<PipelineInference['reconstructionCurve']>>;
    },
    validationLoss: async (set) => {
      calls.push(`${name}.loss(${set.shape.batch})`);
      return { loss: 0.25, stdError: 0.01, settings: {} as never, draws: { sampleIndex: [], t: [], loss: [] } };
    },
    cancel: () => calls.push(`${name}.cancel`),
  };
}

function fakeEvaluation(calls: Call[], onMetrics?: () => Promise<void>): PipelineEvaluation {
  return {
    setRealSets: async (real) => {
      calls.push(`eval.real(${real.train.count},${real.holdout.count})`);
      return { genes: 2, channels: 2, train: real.train.count, holdout: real.holdout.count, synthetic: {} };
    },
    putSyntheticSet: async (id, set) => {
      calls.push(`eval.put(${id},${set.count})`);
      return { genes: 2, channels: 2, train: 6, holdout: 3, synthetic: { [id]: set.count } };
    },
    evaluateSyntheticSet: async (id, _settings, onProgress) => {
      calls.push(`eval.metrics(${id})`);
      onProgress({ status: 'knn', fraction: 0.5 });
      await onMetrics?.();
      return { marker: id } as unknown as SampleSetMetrics;
    },
    embed: async () => {
      calls.push('eval.umap');
      return { sets: [] } as never;
    },
    cancel: () => calls.push('eval.cancel'),
  };
}

function fakeTraining(calls: Call[]): PipelineTraining {
  return {
    init: async () => ({ backend: 'cpu' }) as never,
    tstr: async (request, onProgress) => {
      onProgress({ status: 'done', elapsedMs: 1 });
      calls.push(`tstr(real ${request.realTrain.shape.batch}; ${request.synthetic.map((s) => `${s.id} ${s.set.shape.batch}`).join(', ')}; match ${request.matchRealTrain})`);
      return { rows: [], backend: 'cpu', elapsedMs: 1 } as never;
    },
    cancel: () => calls.push('tstr.cancel'),
  };
}

function generatedBackbone(id: string, engine: PipelineInference | null, s: BackboneSpec, calls: Call[]): PipelineBackbone {
  return {
    id, given: null,
    open: async () => {
      calls.push(`${id}.open`);
      return { spec: s, file: { name: s.fileName, sha256: 'cd'.repeat(32), bytes: 1 }, engine, executionProvider: 'cpu' };
    },
    close: async () => { calls.push(`${id}.close`); },
  };
}

function givenBackbone(id: string, engine: PipelineInference | null, s: BackboneSpec, count: number, calls: Call[]): PipelineBackbone {
  const request: SampleRequest = { count, genes: 2, channels: 2, sampler: 'ddim', steps: 7, eta: 0, seed: 9, batchSize: 2 };
  return {
    id,
    given: { samples: new Float32Array(count * 4), count, labels: s.labelInput ? Int32Array.from({ length: count }, (_, i) => i % 2) : null, request, executionProvider: 'wasm', elapsedMs: 3 },
    open: async () => {
      calls.push(`${id}.open`);
      return { spec: s, file: { name: s.fileName, sha256: 'cd'.repeat(32), bytes: 1 }, engine, executionProvider: 'wasm', unloadedReason: engine ? undefined : 'not loaded any more' };
    },
  };
}

describe('the evaluation pipeline', () => {
  it('runs each backbone in turn — generate, TSTR set, curves, close, metrics — then the UMAP and TSTR', async () => {
    const calls: Call[] = [];
    const a = fakeInference('a', calls);
    const progress: number[] = [];
    const report = await runEvaluationPipeline({
      cohort, plan: plan(), generator: 'test',
      backbones: [generatedBackbone('a', a, spec('a', true), calls), generatedBackbone('u', fakeInference('u', calls), spec('u', false), calls)],
      engines: { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) },
      onProgress: (_stage, fraction) => progress.push(fraction),
    });
    expect(calls).toEqual([
      'eval.real(6,3)',
      'a.open', 'a.sample(6)', 'a.sample(5)', 'a.curve(3)', 'a.loss(3)', 'a.close', 'eval.put(a,6)', 'eval.metrics(a)',
      'u.open', 'u.sample(6)', 'u.curve(3)', 'u.loss(3)', 'u.close', 'eval.put(u,6)', 'eval.metrics(u)',
      'eval.umap',
      'tstr(real 5; a 5; match true)',
    ]);
    // The evaluated set in the holdout's balance (1 control : 2 cases), the TSTR set in the labelled training split's (3 : 2).
    expect(Array.from(a.requests[0].classLabels!)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(Array.from(a.requests[1].classLabels!)).toEqual([0, 0, 0, 1, 1]);
    expect(a.requests[1]).toMatchObject({ seed: 4, steps: 5, sampler: 'ddim', mask: cohort.mask });
    expect(report.backbones.map((b) => [b.id, b.generation.count, b.generation.classCounts, b.validationLoss?.loss])).toEqual([
      ['a', 6, [2, 4], 0.25], ['u', 6, null, 0.25],
    ]);
    const tstr = report.tstr as Extract<TstrSection, { status: 'done' }>;
    expect(tstr.synthetic).toEqual({ trainingSet: 'matched', count: 5, classCounts: [3, 2], seed: 4 });
    expect(tstr.skipped).toEqual([{ backboneId: 'u', reason: expect.stringMatching(/^unconditional/) }]);
    expect(report.settings).toMatchObject({ samplesPerSet: 6, samplesPerSetRule: 'given (--n)', sampler: { kind: 'ddim', steps: 5, eta: 0, batchSize: 8 } });
    expect(report.bundle).toMatchObject({ counts: { train: 6, holdout: 3, excluded: 1 }, trainPerClass: [3, 2], holdoutPerClass: [1, 2], realSlots: 3 });
    expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]))).toBe(true);
    expect(progress.at(-1)).toBe(1);
  });

  it('measures imported sets after the backbones, embeds them, and hands every set to the genotype-space step last', async () => {
    const calls: Call[] = [];
    const progress: number[] = [];
    const provenance = {
      format: 'vcf' as const, files: [{ name: 'syn.vcf', sha256: 'ef'.repeat(32), bytes: 9 }], samples: 5, haptOne: null,
      variants: { matched: 4, flipped: 1, cohortUnmatched: 0, fileUnmatched: 2, inFile: 6, inCohort: 4 },
    };
    const seen: string[] = [];
    const report = await runEvaluationPipeline({
      cohort, plan: plan({ tstr: { classifiers: [], epochs: 2, bootstrapResamples: 10, trainingSet: 'matched' } }), generator: 'test',
      backbones: [generatedBackbone('a', fakeInference('a', calls), spec('a', false), calls)],
      imported: [{ id: 'syn', samples: new Float32Array(5 * 4), count: 5, provenance }],
      genotypeSpace: async (sets) => {
        calls.push('genotype-space');
        seen.push(...sets.map((s) => `${s.id}:${s.kind}:${s.count}:${wholeRows(s.samples).length}`));
        return { settings: {} as never, reference: 'r', sets: [] };
      },
      engines: { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) },
      onProgress: (_stage, fraction) => progress.push(fraction),
    });
    expect(calls.slice(-5)).toEqual(['eval.metrics(a)', 'eval.put(syn,5)', 'eval.metrics(syn)', 'eval.umap', 'genotype-space']);
    expect(seen).toEqual(['a:backbone:6:24', 'syn:imported:5:20']);
    expect(report.imported).toEqual([{ id: 'syn', ...provenance, metrics: { marker: 'syn' } }]);
    expect(report.genotypeSpace).toEqual({ settings: {}, reference: 'r', sets: [] });
    expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]))).toBe(true);
    expect(progress.at(-1)).toBe(1);
    await expect(runEvaluationPipeline({
      cohort, plan: plan(), generator: 'test', backbones: [generatedBackbone('a', null, spec('a', false), [])],
      imported: [{ id: 'a', samples: new Float32Array(4), count: 1, provenance }], engines: { evaluation: fakeEvaluation([]), training: () => fakeTraining([]) },
    })).rejects.toThrow(/two sets are named 'a'/);
  });

  it('takes given sets as they are; an unloaded backbone gets no curves and, matched, no TSTR set, said why', async () => {
    const calls: Call[] = [];
    const loaded = fakeInference('g', calls);
    const report = await runEvaluationPipeline({
      cohort, plan: plan({ generation: null }), generator: 'test', warnings: ['x left out: its samples are [3, 2]'],
      backbones: [givenBackbone('g', loaded, spec('g', true), 4, calls), { ...givenBackbone('off', null, spec('off', true), 3, calls), name: 'off model' }],
      engines: { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) },
    });
    expect(calls.filter((c) => c.includes('sample'))).toEqual(['g.sample(5)']);
    expect(loaded.requests[0]).toMatchObject({ seed: 9, steps: 7, batchSize: 2 }); // the set's own sampler settings
    expect(report.backbones.map((b) => [b.id, b.generation.count, b.generation.seed, b.generation.executionProvider, b.reconstruction === null])).toEqual([
      ['g', 4, 9, 'wasm', false], ['off', 3, 9, 'wasm', true],
    ]);
    expect(report.settings).toMatchObject({ samplesPerSet: 3, samplesPerSetRule: expect.stringMatching(/\(4, 3; the smallest is shown\)/), sampler: { steps: 7, batchSize: 2 } });
    expect(report.warnings).toEqual([
      'x left out: its samples are [3, 2]',
      'off model: not loaded any more, so no reconstruction curve or validation loss (load it and evaluate again)',
    ]);
    const tstr = report.tstr as Extract<TstrSection, { status: 'done' }>;
    expect(tstr.skipped).toEqual([{ backboneId: 'off', reason: expect.stringMatching(/^not loaded, so its TSTR training set \(5 samples/) }]);
  });

  it('trains TSTR on the sets as generated when asked, says the sizes differ, and records the choice', async () => {
    const calls: Call[] = [];
    const report = await runEvaluationPipeline({
      cohort, plan: plan({ generation: null, tstr: { classifiers: ['mlp'], epochs: 2, bootstrapResamples: 10, trainingSet: 'as-generated' } }), generator: 'test',
      backbones: [givenBackbone('g', null, spec('g', true), 4, calls)],
      engines: { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) },
    });
    expect(calls.at(-1)).toBe('tstr(real 5; g 4; match false)');
    expect((report.tstr as Extract<TstrSection, { status: 'done' }>).synthetic).toEqual({ trainingSet: 'as-generated', count: 4, classCounts: [2, 2], seed: 4 });
    expect(report.warnings.at(-1)).toMatch(/^TSTR on the sets as generated: their sizes \(4\) differ from the labelled real training split \(5\)/);
  });

  it('cancels the engine it waits on, rejects with CancelledError and still closes the backbone', async () => {
    const calls: Call[] = [];
    const controller = new AbortController();
    const stop = async () => { controller.abort(); throw new CancelledError('sampling'); };
    const run = runEvaluationPipeline({
      cohort, plan: plan(), generator: 'test', signal: controller.signal,
      backbones: [generatedBackbone('a', fakeInference('a', calls, stop), spec('a', true), calls)],
      engines: { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) },
    });
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(calls).toEqual(['eval.real(6,3)', 'a.open', 'a.sample(6)', 'a.cancel', 'a.close']);
  });

  it('stops between steps once aborted, telling the evaluation engine while it computes', async () => {
    const calls: Call[] = [];
    const controller = new AbortController();
    const run = runEvaluationPipeline({
      cohort, plan: plan(), generator: 'test', signal: controller.signal,
      backbones: [generatedBackbone('a', fakeInference('a', calls), spec('a', true), calls), generatedBackbone('b', fakeInference('b', calls), spec('b', true), calls)],
      engines: { evaluation: fakeEvaluation(calls, async () => { controller.abort(); }), training: () => fakeTraining(calls) },
    });
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(calls.slice(-2)).toEqual(['eval.metrics(a)', 'eval.cancel']);
    expect(calls).not.toContain('b.open');
  });

  it('with a store, streams each generated set into it one chunk of whole batches at a time, rows in order, and frees it at the end', async () => {
    const calls: Call[] = [];
    const engine = fakeInference('a', calls);
    // Row r of a set is [r, r, r, r] plus its label / 10: firstSample places each part's rows.
    engine.sample = async (request) => {
      calls.push(`a.sample(${request.firstSample ?? 0}+${request.count})`);
      const row = (i: number) => (request.firstSample ?? 0) + i + (request.classLabels?.[i] ?? 0) / 10;
      const samples = new Float32Array(request.count * 4).map((_, i) => row(Math.floor(i / 4)));
      return { samples, count: request.count, genes: 2, channels: 2, elapsedMs: 2, executionProvider: 'cpu', request };
    };
    const spill = createNodeSpillBackend();
    // 2 rows (32 bytes) per chunk, nothing in memory: every row goes to the spill file.
    const store = createSampleStore({ chunkBytes: 32, memoryBudgetBytes: 0, spill, sharedMemory: false });
    const evaluation = fakeEvaluation(calls);
    const held: number[][] = [];
    evaluation.putSyntheticSet = async (id, set) => {
      expect(isInMemory(set.data)).toBe(false);
      held.push(Array.from(wholeRows(set.data)));
      return { genes: 2, channels: 2, train: 6, holdout: 3, synthetic: { [id]: set.count } };
    };
    const tstrSets: number[][] = [];
    const training = fakeTraining(calls);
    const tstr = training.tstr;
    training.tstr = async (request, onProgress) => {
      tstrSets.push(...request.synthetic.map((s) => Array.from(wholeRows(s.set.data))));
      return tstr(request, onProgress);
    };
    try {
      const report = await runEvaluationPipeline({
        cohort, plan: plan({ generation: { count: 5, rule: 'given (--n)', sampler: 'ddim', steps: 5, eta: 0, batchSize: 1 } }), generator: 'test', store,
        backbones: [generatedBackbone('a', engine, spec('a', true), calls)],
        engines: { evaluation, training: () => training },
      });
      const parts = ['a.sample(0+2)', 'a.sample(2+2)', 'a.sample(4+1)'];
      expect(calls.filter((c) => c.startsWith('a.sample'))).toEqual([...parts, ...parts]);
      // Evaluated: 5 in the holdout's balance (1 control, 2 cases); TSTR: the 5 labelled training rows' (3 controls, 2 cases).
      const rowsOf = (labels: number[]) => labels.flatMap((label, r) => Array<number>(4).fill(Math.fround(r + label / 10)));
      const evaluatedLabels = report.backbones[0].generation.classCounts!.flatMap((n, c) => Array<number>(n).fill(c));
      expect(held).toEqual([rowsOf(evaluatedLabels)]);
      expect(tstrSets).toEqual([rowsOf([0, 0, 0, 1, 1])]);
      expect(report.backbones[0].generation).toMatchObject({ count: 5, elapsedMs: 6 });
      expect(store.stats().sets).toEqual([]);
    } finally {
      await store.close();
      spill.dispose();
    }
  });

  it('describes a GAN generator\'s set as one forward pass, whatever the form\'s sampler said', async () => {
    const calls: Call[] = [];
    const report = await runEvaluationPipeline({
      cohort, plan: plan({ generation: null }), generator: 'test',
      backbones: [givenBackbone('gan', null, spec('gan', true, 'gan-generator'), 4, calls)],
      engines: { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) },
    });
    expect(report.backbones[0].generation).toMatchObject({ sampler: 'gan', steps: 1, eta: null, seed: 9 });
    expect(report.backbones[0].reconstruction).toBeNull();
    expect(report.warnings).toEqual([]);
  });

  it('refuses two sets of one name, and a backbone of another codec, before any work', async () => {
    const calls: Call[] = [];
    const engines = { evaluation: fakeEvaluation(calls), training: () => fakeTraining(calls) };
    await expect(runEvaluationPipeline({
      cohort, plan: plan(), generator: 'test', engines,
      backbones: [generatedBackbone('a', null, spec('a', true), calls), generatedBackbone('a', null, spec('a', true), calls)],
    })).rejects.toThrow(/two sets are named 'a'/);
    const foreign = { ...spec('f', true), codecSha256: 'ef'.repeat(32) } as BackboneSpec;
    await expect(runEvaluationPipeline({
      cohort, plan: plan(), generator: 'test', engines, backbones: [generatedBackbone('f', fakeInference('f', calls), foreign, calls)],
    })).rejects.toThrow(/f\.onnx was trained on codec efef.*but the bundle's codec is abab/);
    expect(calls).toEqual(['eval.real(6,3)', 'f.open', 'f.close']);
  });
});
