// One backbone of `gdw evaluate`: load it into an InferenceEngine, check it was trained on the
// bundle's encoding, generate the synthetic set (holdout class balance when conditional), and
// run the reconstruction curve and validation loss on the real holdout.
import { basename } from 'node:path';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import type { EncodingContext } from '../core/backbone/resolveSettings';
import type { BackboneSpec } from '../core/backbone/spec';
import type { SampleRequest } from '../core/diffusion/sampler';
import type { EvaluationSet } from '../core/diffusion/evaluate';
import { UsageError } from '../core/errors';
import { checkCodec, checkShape, classLabelsInBalance, countClasses, sha256Hex, summarizeSpec } from '../core/report/plan';
import { validationLossSection } from '../core/report/sections';
import type { BackboneReport } from '../core/report/types';
import type { InferenceEngine } from '../engines/inference';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import type { CliIo } from './main';
import { describeSettings, readCliSettings, requireCompleteSettings, settingsOptions } from './backboneSettings';
import { prepareCliBackbone } from './modelFiles';
import type { TstrSource } from './evaluateTstr';
import { classLabelsFor } from './sample';

export interface BackboneArg {
  id: string;
  path: string;
  /** This backbone's own settings flags (`--set NAME:flag=value`), by flag name. */
  settings: Record<string, unknown>;
}

/** What every backbone of a run shares. */
export interface BackboneRunSettings {
  /** Settings flags given for every backbone (`--timesteps 500` …); `--set NAME:flag=value` adds per-backbone ones. */
  settingsFlags: Record<string, unknown>;
  /** The bundle's shape and padding mask, a settings source for backbones shaped like it. */
  encoding: EncodingContext;
  count: number;
  sampler: 'ddim' | 'ddpm';
  steps: number;
  eta: number;
  seed: number;
  batchSize: number;
  levels: number;
  drawsPerSample: number;
  threads: number;
  /** `--ep cpu|cuda|wasm`; default cpu (native ORT, WASM where it has no binary). */
  ep?: string;
  codecSha256: string;
  /** The real holdout the curves run on; its labels give the class balance. */
  holdout: EvaluationSet;
  holdoutLabels: Int32Array;
  classes: number;
  /** Labels of the TSTR training set to generate (the real training set's size and balance); null: no TSTR. */
  tstrLabels: Int32Array | null;
}

export type BackboneRun = Omit<BackboneReport, 'metrics'> & {
  samples: Float32Array;
  /** The class of each generated sample; null for an unconditional backbone. */
  classLabels: Int32Array | null;
  /** The class-conditional TSTR training set, or why there is none; null when TSTR is off. */
  tstr: TstrSource | null;
  warnings: string[];
};

/** `name=path` or a bare path (named after the file). */
export function parseBackboneArg(raw: string): BackboneArg {
  const at = raw.indexOf('=');
  const [id, path] = at < 0 ? [basename(raw).replace(/\.onnx$/i, ''), raw] : [raw.slice(0, at), raw.slice(at + 1)];
  if (!id || !path) throw new UsageError(`--backbone ${raw}: expected name=MODEL.onnx`);
  return { id, path, settings: {} };
}

/**
 * `--set NAME:flag=value` (e.g. `--set paper:timesteps=500`): a settings flag for one backbone,
 * over the flags given for all of them.
 */
export function applyBackboneSetting(args: BackboneArg[], raw: string): void {
  const match = /^([^:]+):([a-z-]+)(?:=(.*))?$/.exec(raw);
  const arg = match ? args.find((a) => a.id === match[1]) : undefined;
  if (!match || !arg) {
    throw new UsageError(`--set ${raw}: expected NAME:flag=value with NAME one of ${args.map((a) => a.id).join(', ')} ` +
      '(e.g. --set paper:timesteps=500)');
  }
  const [, , flag, value] = match;
  const option = (settingsOptions as Record<string, { type: string }>)[flag];
  if (!option) throw new UsageError(`--set ${raw}: unknown setting --${flag}; expected one of ${Object.keys(settingsOptions).join(', ')}`);
  arg.settings[flag] = option.type === 'boolean' ? value !== 'false' : value ?? '';
}

/** Labels for the generated set: the holdout's class balance, or classes in turn without labelled holdout. */
function generationLabels(run: BackboneRunSettings, numClasses: number | null): Int32Array | null {
  if (numClasses === null) return null;
  const perClass = countClasses(run.holdoutLabels, numClasses);
  return perClass.some((n) => n > 0) ? classLabelsInBalance(perClass, run.count) : classLabelsFor(run.count, numClasses, null);
}

/** The holdout's own labels for the curves, or classes in turn where a sample has none. */
function curveLabels(run: BackboneRunSettings, numClasses: number): Int32Array {
  const labels = run.holdoutLabels;
  return labels.every((l) => l >= 0 && l < numClasses) ? labels : Int32Array.from(labels, (_, i) => i % numClasses);
}

/** The TSTR training set: the same sampler and seed, the real training set's size and class balance. */
async function generateTstrSet(
  engine: InferenceEngine, backboneId: string, conditional: boolean, request: SampleRequest, labels: Int32Array | null,
  say: (text: string) => void,
): Promise<TstrSource | null> {
  if (!labels) return null;
  if (!conditional) return { backboneId, reason: 'unconditional: takes no class label, so it has no class-conditional synthetic set' };
  say(`generating the TSTR training set: ${labels.length} samples in the training split's class balance`);
  const { samples } = await engine.sample({ ...request, count: labels.length, classLabels: labels });
  return { backboneId, data: samples, labels };
}

/** The curves need a denoiser: a GAN generator gets none. */
async function runCurves(
  engine: InferenceEngine, spec: BackboneSpec, run: BackboneRunSettings, say: (text: string) => void,
): Promise<Pick<BackboneReport, 'reconstruction' | 'validationLoss'>> {
  if (spec.kind !== 'diffusion') return { reconstruction: null, validationLoss: null };
  const labels = spec.labelInput ? curveLabels(run, spec.numClasses ?? run.classes) : null;
  const common = { seed: run.seed, batchSize: run.batchSize, labels };
  say(`reconstruction curve (${run.levels} levels) and validation loss on ${run.holdout.shape.batch} holdout samples`);
  const reconstruction = await engine.reconstructionCurve(run.holdout, { ...common, levels: run.levels });
  const loss = await engine.validationLoss(run.holdout, { ...common, drawsPerSample: run.drawsPerSample });
  return { reconstruction, validationLoss: validationLossSection(loss) };
}

export async function runBackbone(arg: BackboneArg, run: BackboneRunSettings, io: CliIo): Promise<BackboneRun> {
  const say = (text: string) => io.stderr(`  [${arg.id}] ${text}\n`);
  // 1. Read, hash and load; check encoding and shape before any work.
  const { runtime, bytes, loadOptions } = await prepareCliBackbone(arg.path, { threads: run.threads, ep: run.ep }, say);
  const { overrides, context, assumeDefaults } = await readCliSettings(arg.path, { ...run.settingsFlags, ...arg.settings }, run.encoding);
  requireCompleteSettings(readBackboneSpec(bytes, loadOptions.fileName, overrides, context), assumeDefaults, arg.path);
  const engine = createOrtInferenceEngine(runtime);
  try {
    const { spec, executionProvider } = await engine.load(bytes, { ...loadOptions, overrides, context });
    say(describeSettings(spec));
    const codecCheck = checkCodec(spec, run.codecSha256);
    const { genes, channels } = run.holdout.shape;
    checkShape(spec, genes, channels);
    const warnings = codecCheck.status === 'absent'
      ? [`${arg.id} (${spec.fileName}) names no codec (gdw.codec_sha256): it may have been trained on another encoding of these genes`]
      : [];
    warnings.forEach((w) => say(`warning: ${w}`));
    // 2. Generate the synthetic set, with the bundle's padding mask.
    const classLabels = generationLabels(run, spec.labelInput ? spec.numClasses ?? run.classes : null);
    const request: SampleRequest = {
      count: run.count, genes, channels, sampler: run.sampler, steps: run.steps, eta: run.eta, seed: run.seed,
      batchSize: run.batchSize, classLabels, mask: run.holdout.mask,
    };
    say(`generating ${run.count} samples (${run.sampler}${run.sampler === 'ddim' ? `, ${run.steps} steps` : ''})`);
    const generated = await engine.sample(request);
    const tstr = await generateTstrSet(engine, arg.id, spec.labelInput !== null, request, run.tstrLabels, say);
    // 3. Reconstruction curve and validation loss on the real holdout.
    const curves = await runCurves(engine, spec, run, say);
    return {
      id: arg.id,
      file: { name: spec.fileName, sha256: await sha256Hex(bytes), bytes: bytes.length },
      spec: summarizeSpec(spec),
      codecCheck,
      generation: {
        count: run.count, classCounts: classLabels ? countClasses(classLabels, spec.numClasses ?? run.classes) : null,
        sampler: run.sampler, steps: run.sampler === 'ddim' ? run.steps : spec.schedule.timesteps, eta: run.sampler === 'ddim' ? run.eta : null,
        seed: run.seed, batchSize: run.batchSize, executionProvider, elapsedMs: generated.elapsedMs,
      },
      ...curves,
      samples: generated.samples,
      classLabels,
      tstr,
      warnings,
    };
  } finally {
    await engine.unload();
  }
}
