// A small but real evaluation report for tests: every section computed by the core on random
// sets (cpu tfjs backend), so the report tests exercise the shapes the engines produce.
import { reconstructionCurve, validationLoss, type EvaluationSet } from '../diffusion/evaluate';
import { createGaussianOracle } from '../diffusion/gaussianOracle';
import { createGeneMask } from '../diffusion/mask';
import { createSchedule } from '../diffusion/schedule';
import { randomRows, useCpuBackend } from '../metrics/testHelpers';
import { defaultEmbeddingSettings, embedSampleSets } from './embedding';
import { computeSampleSetMetrics, resolveMetricSettings } from './sampleSetMetrics';
import { umapSection, validationLossSection } from './sections';
import { REPORT_FORMAT, REPORT_VERSION, type BackboneReport, type EvaluationReport } from './types';

export const testShape = { genes: 4, channels: 4, realGenes: 3 } as const;

export async function buildTestReport(): Promise<EvaluationReport> {
  await useCpuBackend();
  const { genes, channels, realGenes } = testShape;
  const dims = genes * channels;
  const mask = createGeneMask(genes, channels, realGenes);
  const [train, holdout, synthetic] = [[40, 1], [20, 2], [20, 3]].map(([n, seed]) => randomRows(n, dims, seed, mask ?? undefined));
  const settings = resolveMetricSettings({ k: 5, bootstrap: { resamples: 200, level: 0.95 } });
  const metrics = await computeSampleSetMetrics({ train, holdout, synthetic, mask }, settings);
  const schedule = createSchedule({ kind: 'linear', timesteps: 100 });
  const oracle = createGaussianOracle(schedule, { mean: new Float32Array(dims), variance: new Float32Array(dims).fill(1) });
  const set: EvaluationSet = { x0: holdout.data, shape: { batch: holdout.count, genes, channels }, mask };
  const embeddingSettings = { ...defaultEmbeddingSettings, nNeighbors: 5, nEpochs: 20 };
  const embedding = await embedSampleSets([
    { origin: { kind: 'real-train' }, vectors: train.data, count: train.count },
    { origin: { kind: 'real-holdout' }, vectors: holdout.data, count: holdout.count },
    { origin: { kind: 'backbone', backboneId: 'oracle' }, vectors: synthetic.data, count: synthetic.count, labels: new Int32Array(20).fill(1) },
  ], mask, embeddingSettings);
  const backbone: BackboneReport = {
    id: 'oracle',
    file: { name: 'oracle.onnx', sha256: 'ab'.repeat(32), bytes: 1234 },
    spec: {
      kind: 'diffusion', family: 'other', layout: 'BGC', genes, channels, realGenes, numClasses: null, conditional: false,
      schedule: { kind: 'linear', timesteps: 100, betaStart: 1e-4, betaEnd: 0.02 }, prediction: 'eps', codecSha256: null, missing: [],
    },
    codecCheck: { status: 'absent', backbone: null, bundle: 'cd'.repeat(32) },
    generation: {
      count: 20, classCounts: null, sampler: 'ddim', steps: 10, eta: 0, seed: 0, batchSize: 8, executionProvider: 'wasm', elapsedMs: 12.5,
    },
    reconstruction: await reconstructionCurve(oracle, schedule, set, { seed: 0, batchSize: 8, levels: 5 }),
    validationLoss: validationLossSection(await validationLoss(oracle, schedule, set, { seed: 0, batchSize: 8 })),
    metrics: { ...metrics, tfBackend: 'cpu', elapsedMs: 3 },
  };
  return {
    format: REPORT_FORMAT, version: REPORT_VERSION, createdAt: '2026-01-01T00:00:00.000Z', generator: 'test',
    bundle: {
      codecSha256: 'cd'.repeat(32), shape: [60, genes, channels], realGenes, realSlots: realGenes * channels, classNames: ['control', 'case'],
      counts: { train: 40, holdout: 20, excluded: 0 }, trainPerClass: [20, 20], holdoutPerClass: [10, 10],
    },
    settings: {
      seed: 0, samplesPerSet: 20, samplesPerSetRule: 'the holdout size (default)',
      sampler: { kind: 'ddim', steps: 10, eta: 0, batchSize: 8 }, reconstruction: { levels: 5, batchSize: 8 },
      validationLoss: { drawsPerSample: 1 }, metrics: settings,
      umap: { seed: 0, maxPerSet: 300, nNeighbors: 5, minDist: 0.1, spread: 1, nEpochs: 20 },
    },
    backbones: [backbone],
    umap: umapSection(embedding, { maxPerSet: embeddingSettings.maxPerSet, seed: 0 }, { tfBackend: 'cpu', elapsedMs: 4 }),
    tstr: { status: 'not-run', reason: 'not asked for' },
    warnings: ['oracle names no codec'],
  };
}
