// gdw memorisation: the generalisation-vs-memorisation test of seed 003 §4.2. Two backbones (one
// architecture, trained on disjoint rows of the bundle's training split) generate from the same
// seeds; the report holds the cosine of each same-seed pair beside each sample's cosine to its
// closest training sample (core/metrics/generalisation.ts), as JSON (+ a CSV of the histograms).
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { encodingFromLayout } from '../core/backbone/paddingMask';
import type { BackboneSpec } from '../core/backbone/spec';
import { bundleFileNames, readBundleMetadata, type BundleMetadata } from '../core/encode/bundle';
import { UsageError } from '../core/errors';
import { DEFAULT_SIMILARITY_THRESHOLD } from '../core/metrics/generalisation';
import { DEFAULT_SIMILARITY_BINS } from '../core/metrics/memorisation';
import { createSampleRows } from '../core/metrics/sampleRows';
import { setDefaultTileGemm, type TileGemm } from '../core/metrics/tileGemm';
import { formatMemorisationSummary, memorisationHistogramCsv, type MemorisationGeneration } from '../core/report/memorisationReport';
import { rowsView, type RowReader } from '../core/store/rowData';
import type { OpenedBackbone } from '../engines/evaluationPipeline';
import { runMemorisationPipeline, type MemorisationMember } from '../engines/memorisationPipeline';
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
function labelsFor(values: Values, spec: BackboneSpec, count: number): { labels: Int32Array | null; text: string } {
  const fixed = fixedClassOf(values, spec.nullClass, spec.fileName);
  const labels = classLabelsFor(count, spec.labelInput ? spec.numClasses : null, fixed, spec.nullClass);
  return { labels, text: labels === null ? 'unconditional' : fixed === null ? 'classes in turn' : `class ${String(values.class)}` };
}

/** The bundle's rows `rows` as a sample set read from tensor.npy (never read whole). */
function bundleRows(tensor: RowReader, bundle: BundleMetadata, rows: Int32Array, label: string) {
  const dims = bundle.tensorShape.genes * bundle.tensorShape.channels;
  return createSampleRows(rowsView(tensor, dims, rows), rows.length, dims, label);
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
  const backbones = pair.map((arg) => cliBackbone(arg, context, io));
  const tensor = openBundleTensor(bundleDir, bundle);
  let previousGemm: TileGemm | null = null;
  let gemm: OrtTileGemm | null = null;
  try {
    // 2. Both backbones, opened (settings refused while unknown).
    const opened: OpenedBackbone[] = [];
    for (const backbone of backbones) opened.push(await backbone.open());
    const members = opened.map((o, k): MemorisationMember => ({
      id: pair[k].id, spec: o.spec, file: o.file, engine: o.engine!, release: async () => { await backbones[k].close?.(); },
    }));
    // 3. The shared pipeline: checks, same-seed generation, the metric (distance products on native
    // ONNX Runtime, as gdw evaluate, opened once the backbones are released) and the report.
    const { report } = await runMemorisationPipeline({
      data: {
        name: basename(bundleDir), codecSha256: bundle.layout.codecSha256, genes, channels, mask: bundle.mask, roles: bundle.split.roles,
        trainIdx: bundle.split.trainIdx, holdoutIdx: bundle.split.holdoutIdx, rows: (rows, label) => bundleRows(tensor, bundle, rows, label),
      },
      pair: [members[0], members[1]],
      plan: { generation, threshold, bins, assumeTrainSplit: values['assume-train-split'] === true },
      labelsFor: (spec, count) => labelsFor(values, spec, count),
      generator: 'gdw memorisation',
      beforeMeasuring: async () => {
        gemm = await openOrtTileGemm(cliOrtGemm({ threads, ep: context.ep }));
        previousGemm = setDefaultTileGemm(gemm);
      },
      onLog: (line) => io.stderr(`  ${line}\n`),
    });
    // 4. The files.
    await writeFile(outPath, `${JSON.stringify(report, null, 1)}\n`);
    if (typeof values.csv === 'string') await writeFile(values.csv, memorisationHistogramCsv(report));
    io.stdout(formatMemorisationSummary(report));
    io.stdout(`wrote ${outPath}${typeof values.csv === 'string' ? ` and ${values.csv}` : ''}\n`);
  } finally {
    const opened = gemm as OrtTileGemm | null;
    if (opened) {
      setDefaultTileGemm(previousGemm);
      await opened.release();
    }
    for (const backbone of backbones) await backbone.close?.();
    tensor.close();
  }
}
