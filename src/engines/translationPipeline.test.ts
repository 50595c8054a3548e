// The translation pipeline over a fake inference engine that runs the TypeScript class oracle:
// which samples it chooses, what a cancel leaves in the report, and the refusals that need the data.
import { describe, expect, it } from 'vitest';
import { createSchedule } from '../core/diffusion/schedule';
import { createRng } from '../core/rng';
import { createClassGaussianOracle } from '../core/translate/classGaussianOracle';
import { translateSamples } from '../core/translate/translate';
import type { BackboneSpec } from '../core/backbone/spec';
import type { TranslationBackbone, TranslationCohort, TranslationPlan } from './translationPipeline';
import { runTranslationPipeline } from './translationPipeline';
import { defaultClassifierSpecs } from '../core/classify/models';
import type { TrainingEngine } from './training';
import { createTfTrainingEngine } from './trainingEngine';

const genes = 3;
const channels = 2;
const dims = genes * channels;
const n = 12;
const rng = createRng(4);
const means = Float32Array.from({ length: 2 * dims }, (_, i) => (i === dims ? 2 : 0));
const variance = new Float32Array(dims).fill(0.5);
const schedule = createSchedule({ kind: 'linear', timesteps: 100 });
const oracle = createClassGaussianOracle(schedule, { means, variance, classes: 2 });

const cohort = (labels: number[] = Array.from({ length: n }, (_, i) => i % 2)): TranslationCohort => ({
  tensor: Float32Array.from({ length: n * dims }, () => rng.nextNormal()), shape: { batch: n, genes, channels },
  mask: new Uint8Array(dims).fill(1), labels: Int8Array.from(labels), roles: Uint8Array.from({ length: n }, (_, i) => (i < 6 ? 0 : 1)),
  sampleIds: Array.from({ length: n }, (_, i) => `s${i}`), classNames: ['control', 'case'], codecSha256: 'cd'.repeat(32),
  geneNames: ['A', 'B', 'C'], codec: null,
});

const spec = { fileName: 'oracle.onnx', kind: 'diffusion', genes, channels, codecSha256: null, numClasses: 2, labelInput: { name: 'y' },
  schedule: { kind: 'linear', timesteps: 100 } } as unknown as BackboneSpec;

/** The engine's translate() run in-process; `cancelAfter` aborts once that many samples finished. */
function fakeBackbone(cancelAfter: number | null = null): TranslationBackbone {
  return {
    spec, sha256: null,
    engine: {
      async translate(request) {
        const controller = new AbortController();
        const out = await translateSamples(oracle, schedule, { fileName: spec.fileName, timesteps: 100, numClasses: 2 }, request.x0, request.shape,
          request.settings, { mask: request.mask, signal: controller.signal, onProgress: (p) => { if (p.samplesDone === cancelAfter) controller.abort(); } });
        return { ...out, elapsedMs: 0 };
      },
    },
  };
}

const plan: TranslationPlan = {
  settings: { sourceClass: 0, targetClass: 1, depth: 100, steps: 10, fixedPointIterations: 0, batchSize: 1, cycle: true },
  samples: 'holdout', maxSamples: null, seed: 1, bootstrap: { resamples: 100, level: 0.95 }, topGenes: 2, topSnps: 5, classifier: null,
};

describe('runTranslationPipeline', () => {
  it('translates the holdout samples of the source class, in bundle order, and moves gene A most', async () => {
    const { report, rows } = await runTranslationPipeline({ cohort: cohort(), plan, backbone: fakeBackbone(), training: null, causalGenes: ['A'], generator: 'test' });
    expect(Array.from(rows)).toEqual([6, 8, 10]);
    expect(report.data).toMatchObject({ chosen: 3, translated: 3, sampleIds: ['s6', 's8', 's10'], sourceClass: { name: 'control' }, targetClass: { name: 'case' } });
    expect(report.backbone.codecCheck).toBe('absent');
    expect(report.changeMap.top.map((g) => g.name)[0]).toBe('A');
    expect(report.changeMap.top).toHaveLength(2);
    expect(report.causalGenes).toMatchObject({ auc: 1, causalGenes: 1, otherGenes: 2 });
    expect(report.flipRate).toBeNull();
  });

  it('decodes the SNP changes where the codec is held (the app\'s data worker): the finished samples, the plan\'s top', async () => {
    const requests: { before: Float32Array; after: Float32Array; count: number; top: number }[] = [];
    const snps = [{ variant: 0, id: 'rs1', chrom: '1', pos: 10, meanDosageChange: 0.5 }];
    const { report, translated } = await runTranslationPipeline({
      cohort: cohort(), plan, backbone: fakeBackbone(), training: null, causalGenes: null, generator: 'test',
      decodeSnpChanges: async (request) => { requests.push(request); return snps; },
    });
    expect(report.snpChanges).toEqual(snps);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ count: 3, top: 5 });
    expect(Array.from(requests[0].after)).toEqual(Array.from(translated));
    expect(requests[0].before).toHaveLength(3 * dims);
  });

  it('translates only the named samples of the source class (the UMAP selection), and names the selection when none is of it', async () => {
    const named = { ...plan, samples: 'all' as const, sampleIds: ['s1', 's2', 's4', 's9', 'elsewhere'] };
    const { report, rows } = await runTranslationPipeline({ cohort: cohort(), plan: named, backbone: fakeBackbone(), training: null, causalGenes: null, generator: 'test' });
    expect(Array.from(rows)).toEqual([2, 4]);
    expect(report.data).toMatchObject({ chosen: 2, translated: 2, sampleIds: ['s2', 's4'], selectedIds: 5, samples: 'all' });
    await expect(runTranslationPipeline({ cohort: cohort(), plan: { ...named, sampleIds: ['s1', 's3', 'x'] }, backbone: fakeBackbone(), training: null, causalGenes: null, generator: 'test' }))
      .rejects.toThrow('none of the 3 selected real samples (2 of them in the encoded cohort) is of the source class 0; select real samples of class 0 on the UMAP, or choose another sample set');
  });

  it('a cancelled translation reports the samples that finished, with status "cancelled"', async () => {
    const logs: string[] = [];
    const { report, translated } = await runTranslationPipeline({
      cohort: cohort(), plan: { ...plan, samples: 'all' }, backbone: fakeBackbone(2), training: null, causalGenes: null, generator: 'test', onLog: (l) => logs.push(l),
    });
    expect(report.status).toBe('cancelled');
    expect(report.data).toMatchObject({ chosen: 6, translated: 2, sampleIds: ['s0', 's2'] });
    expect(translated).toHaveLength(2 * dims);
    expect(logs.join('\n')).toMatch(/cancelled: reporting the 2 of 6 samples that finished/);
  });

  it('a cancel while the flip-rate classifier trains keeps every translation, reported without a flip rate and saying so', async () => {
    // The real tfjs engine; the user presses Cancel once its training has started (as the card's Cancel does).
    const engine = createTfTrainingEngine({ now: () => performance.now(), backendOrder: ['cpu'] });
    let trainingStarted = false;
    const training: TrainingEngine = {
      ...engine,
      train: (request, onProgress) => {
        trainingStarted = true;
        const run = engine.train(request, onProgress);
        setTimeout(() => engine.cancel(), 0);
        return run;
      },
    };
    const logs: string[] = [];
    const { report, translated } = await runTranslationPipeline({
      cohort: cohort(), plan: { ...plan, classifier: { spec: defaultClassifierSpecs.mlp, epochs: 500 } }, backbone: fakeBackbone(), training,
      causalGenes: null, generator: 'test', onLog: (l) => logs.push(l),
    });
    expect(trainingStarted).toBe(true);
    expect(report.status).toBe('cancelled');
    expect(report.data).toMatchObject({ chosen: 3, translated: 3 });
    expect(translated).toHaveLength(3 * dims);
    expect(report.flipRate).toBeNull();
    expect(report.flipRateMissing).toBe('cancelled while the flip-rate classifier trained: the 3 translated samples are reported without a flip rate');
    expect(report.changeMap.all).toHaveLength(3);
    expect(logs).toContain(report.flipRateMissing);
  });

  it('refuses no sample of the source class, one class only, and another [G, C], naming what was expected', async () => {
    const run = (c: TranslationCohort, backbone = fakeBackbone()) =>
      runTranslationPipeline({ cohort: c, plan, backbone, training: null, causalGenes: null, generator: 'test' });
    await expect(run(cohort(Array.from({ length: n }, (_, i) => (i < 6 ? 0 : 1))))).rejects.toMatchObject({ problem: 'no-source-samples' });
    await expect(run(cohort(new Array(n).fill(1)))).rejects.toThrow(/labelled samples are all class 1; translation needs samples of at least two classes/);
    const wide = { ...fakeBackbone(), spec: { ...spec, genes: 4 } as BackboneSpec };
    await expect(run(cohort(), wide)).rejects.toThrow(/oracle\.onnx takes \[B, 4, 2\]; the bundle's tensor is \[N, 3, 2\]/);
  });
});
