// gdw memorisation: the generalisation-vs-memorisation test of seed 003 §4.2. Two backbones (one
// architecture, trained on disjoint rows of the bundle's training split) generate from the same
// seeds; the report holds the cosine of each same-seed pair beside each sample's cosine to its
// closest training sample (core/metrics/generalisation.ts), as JSON (+ a CSV of the histograms).
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { encodingFromLayout } from '../core/backbone/paddingMask';
import type { SampleRequest } from '../core/diffusion/sampler';
import { bundleFileNames, readBundleMetadata, type BundleMetadata } from '../core/encode/bundle';
import { UsageError } from '../core/errors';
import { computeGeneralisation, DEFAULT_SIMILARITY_THRESHOLD } from '../core/metrics/generalisation';
import { DEFAULT_SIMILARITY_BINS } from '../core/metrics/memorisation';
import { createSampleRows, type SampleRows } from '../core/metrics/sampleRows';
import { setDefaultTileGemm, type TileGemm } from '../core/metrics/tileGemm';
import { checkSameSeedPair, countOverlap, trainingRowsOf } from '../core/report/memorisationPlan';
import {
  buildMemorisationReport, formatMemorisationSummary, memorisationHistogramCsv, type MemorisationBackboneInfo, type MemorisationGeneration,
} from '../core/report/memorisationReport';
import { checkCodec, checkShape } from '../core/report/plan';
import { rowsView, type RowReader } from '../core/store/rowData';
import type { OpenedBackbone, PipelineBackbone } from '../engines/evaluationPipeline';
import { cliOrtGemm } from '../engines/nodeOrtGemm';
import { openOrtTileGemm, type OrtTileGemm } from '../engines/ortGemm';
import { readBundleFolder } from '../node/bundleFolder';
import { optionalInteger, optionalNumber, requireString } from './args';
import { givenSettingsFlags, settingsOptions } from './backboneSettings';
import { applyBackboneSetting, cliBackbone, parseBackboneArg, type BackboneArg } from './evaluateBackbone';
import type { CliIo } from './main';
import { openBundleTensor } from './evaluate';
import { classLabelsFor, fixedClassOf } from './sample';

const options = {
  bundle: { type: 'string' }, backbone: { type: 'string', multiple: true }, set: { type: 'string', multiple: true },
  n: { type: 'string' }, sampler: { type: 'string' }, steps: { type: 'string' }, eta: { type: 'string' }, seed: { type: 'string' },
  batch: { type: 'string' }, class: { type: 'string' }, threshold: { type: 'string' }, bins: { type: 'string' },
  'assume-train-split': { type: 'boolean' }, threads: { type: 'string' }, ep: { type: 'string' }, out: { type: 'string' },
  csv: { type: 'string' }, ...settingsOptions,
} as const;

type Values = Record<string, unknown>;

function parsePair(values: Values): [BackboneArg, BackboneArg] {
  const args = ((values.backbone as string[] | undefined) ?? []).map(parseBackboneArg);
  for (const set of (values.set as string[] | undefined) ?? []) applyBackboneSetting(args, set);
  if (args.length !== 2) throw new UsageError(`--backbone NAME=MODEL.onnx must be given exactly twice (the two models to pair); got ${args.length}`);
  if (args[0].id === args[1].id) throw new UsageError(`both backbones are named '${args[0].id}'; give each a name: --backbone name=MODEL.onnx`);
  return [args[0], args[1]];
}

function generationOf(values: Values): Omit<MemorisationGeneration, 'labels'> {
  const sampler = (values.sampler as string | undefined) ?? 'ddim';
  if (sampler !== 'ddim' && sampler !== 'ddpm') throw new UsageError(`--sampler ${sampler}: expected ddim or ddpm`);
  const ddim = sampler === 'ddim';
  return {
    count: optionalInteger(values, 'n', 200, 2), sampler, steps: ddim ? optionalInteger(values, 'steps', 50, 1) : null,
    eta: ddim ? optionalNumber(values, 'eta', 0) : null, seed: optionalInteger(values, 'seed', 0), batchSize: optionalInteger(values, 'batch', 64, 1),
  };
}

/** `--class C`, `--class null` (the unconditional slot) or classes in turn, as `gdw sample` gives them. */
function labelsFor(values: Values, opened: OpenedBackbone, count: number): { labels: Int32Array | null; text: string } {
  const { spec } = opened;
  const fixed = fixedClassOf(values, spec.nullClass, spec.fileName);
  const labels = classLabelsFor(count, spec.labelInput ? spec.numClasses : null, fixed, spec.nullClass);
  return { labels, text: labels === null ? 'unconditional' : fixed === null ? 'classes in turn' : `class ${String(values.class)}` };
}

/** The bundle's rows `rows` as a sample set read from tensor.npy (never read whole). */
function bundleRows(tensor: RowReader, bundle: BundleMetadata, rows: Int32Array, label: string) {
  const dims = bundle.tensorShape.genes * bundle.tensorShape.channels;
  return createSampleRows(rowsView(tensor, dims, rows), rows.length, dims, label);
}

interface PairContext {
  pair: [BackboneArg, BackboneArg];
  backbones: PipelineBackbone[];
  bundle: BundleMetadata;
  io: CliIo;
}

/** Opens both (settings refused while unknown), checks each against the bundle and the two against each other. */
async function openPairChecked(ctx: PairContext, assumeTrainSplit: boolean) {
  const { genes, channels } = ctx.bundle.tensorShape;
  const opened: OpenedBackbone[] = [];
  for (const backbone of ctx.backbones) {
    const o = await backbone.open();
    checkShape(o.spec, genes, channels);
    checkCodec(o.spec, ctx.bundle.layout.codecSha256);
    opened.push(o);
  }
  const notes = checkSameSeedPair(opened[0].spec, opened[1].spec);
  const training = opened.map((o) => trainingRowsOf(o.spec, ctx.bundle.split.roles, assumeTrainSplit));
  const overlap = countOverlap(training[0].rows, training[1].rows);
  if (overlap > 0) notes.push(`the two training sets share ${overlap} rows; the test assumes disjoint ones`);
  return { opened, training, notes, overlap };
}

/** Sample i of each backbone from the same noise and label; each backbone is unloaded once done. */
async function generateFromSameSeeds(ctx: PairContext, opened: OpenedBackbone[], request: SampleRequest) {
  const { genes, channels } = ctx.bundle.tensorShape;
  const samples: SampleRows[] = [];
  const runs: { executionProvider: string; elapsedMs: number }[] = [];
  for (const [k, o] of opened.entries()) {
    ctx.io.stderr(`  [${ctx.pair[k].id}] generating ${request.count} samples (${request.sampler}, seed ${request.seed})\n`);
    const result = await o.engine!.sample(request, () => {});
    await ctx.backbones[k].close?.();
    samples.push(createSampleRows(result.samples, request.count, genes * channels, `synthetic (${ctx.pair[k].id})`));
    runs.push({ executionProvider: result.executionProvider, elapsedMs: result.elapsedMs });
  }
  return { samples, runs };
}

export async function memorisationCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const bundleDir = requireString(values, 'bundle');
  const outPath = requireString(values, 'out');
  const pair = parsePair(values);
  const generation = generationOf(values);
  const threads = optionalInteger(values, 'threads', 1, 1);
  const threshold = optionalNumber(values, 'threshold', DEFAULT_SIMILARITY_THRESHOLD);
  const bins = { ...DEFAULT_SIMILARITY_BINS, bins: optionalInteger(values, 'bins', DEFAULT_SIMILARITY_BINS.bins, 1) };
  // 1. The bundle: its metadata now, tensor.npy by row range.
  const bundle = await readBundleMetadata(await readBundleFolder(bundleDir, [bundleFileNames.tensor]));
  const { genes, channels } = bundle.tensorShape;
  const context = { threads, ep: values.ep, settingsFlags: givenSettingsFlags(values), encoding: encodingFromLayout(bundle.layout, `bundle ${basename(bundleDir)}`) };
  const ctx: PairContext = { pair, bundle, io, backbones: pair.map((arg) => cliBackbone(arg, context, io)) };
  const tensor = openBundleTensor(bundleDir, bundle);
  let previousGemm: TileGemm | null = null;
  let gemm: OrtTileGemm | null = null;
  try {
    // 2. Both backbones, checked; each one's training rows.
    const { opened, training, notes, overlap } = await openPairChecked(ctx, values['assume-train-split'] === true);
    // 3. Generate from the same seeds, with the same labels.
    const { labels, text } = labelsFor(values, opened[0], generation.count);
    const { samples, runs } = await generateFromSameSeeds(ctx, opened, {
      count: generation.count, genes, channels, sampler: generation.sampler, steps: generation.steps ?? undefined,
      eta: generation.eta ?? undefined, seed: generation.seed, batchSize: generation.batchSize, classLabels: labels, mask: bundle.mask,
    });
    // 4. The metric (distance products on native ONNX Runtime, as gdw evaluate) and the report.
    gemm = await openOrtTileGemm(cliOrtGemm({ threads, ep: context.ep }));
    previousGemm = setDefaultTileGemm(gemm);
    const trainOf = (k: number) => bundleRows(tensor, bundle, training[k].rows, `training rows of ${pair[k].id}`);
    const result = await computeGeneralisation({
      a: { samples: samples[0], train: trainOf(0) }, b: { samples: samples[1], train: trainOf(1) },
      holdout: bundleRows(tensor, bundle, bundle.split.holdoutIdx, 'real holdout'),
    }, { mask: bundle.mask, threshold, bins });
    const infos = opened.map((o, k): MemorisationBackboneInfo => ({
      id: pair[k].id, file: o.file, family: o.spec.family, codecSha256: o.spec.codecSha256, ...runs[k], training: training[k],
    }));
    const report = buildMemorisationReport({
      generator: 'gdw memorisation', createdAt: new Date().toISOString(),
      bundle: { name: basename(bundleDir), codecSha256: bundle.layout.codecSha256, train: bundle.split.trainIdx.length, holdout: bundle.split.holdoutIdx.length, genes, channels },
      generation: { ...generation, labels: text }, backbones: [infos[0], infos[1]], result, notes,
    }, overlap);
    // 5. The files.
    await writeFile(outPath, `${JSON.stringify(report, null, 1)}\n`);
    if (typeof values.csv === 'string') await writeFile(values.csv, memorisationHistogramCsv(report));
    io.stdout(formatMemorisationSummary(report));
    io.stdout(`wrote ${outPath}${typeof values.csv === 'string' ? ` and ${values.csv}` : ''}\n`);
  } finally {
    if (gemm) {
      setDefaultTileGemm(previousGemm);
      await gemm.release();
    }
    for (const backbone of ctx.backbones) await backbone.close?.();
    tensor.close();
  }
}
