// gdw sample: generate synthetic gene tensors from an ONNX backbone with the same engine the
// app runs in its workers, on native onnxruntime-node (--ep wasm: the app's WASM build), written
// as .npy [N, G, C] float32.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readBackboneSpec } from '../core/backbone/readBackbone';
import { createSlotMask } from '../core/diffusion/mask';
import type { SampleRequest } from '../core/diffusion/sampler';
import { writeNpy } from '../core/encode/npy';
import { UsageError } from '../core/errors';
import { classLabelsInTurn } from '../core/report/plan';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import { optionalInteger, optionalNumber, requireString } from './args';
import type { CliIo } from './main';
import { describeSettings, readBundleEncoding, readCliSettings, requireCompleteSettings, settingsOptions } from './backboneSettings';
import { prepareCliBackbone } from './modelFiles';

const options = {
  model: { type: 'string' }, n: { type: 'string' }, sampler: { type: 'string' }, steps: { type: 'string' },
  eta: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' }, class: { type: 'string' },
  out: { type: 'string' }, threads: { type: 'string' }, ep: { type: 'string' }, bundle: { type: 'string' },
  ...settingsOptions,
} as const;

/**
 * Labels for a conditional backbone: one class for all, or the real classes in turn (balanced).
 * The null (unconditional) slot is never picked by balance; `fixedClass` may name it explicitly.
 */
export function classLabelsFor(count: number, numClasses: number | null, fixedClass: number | null,
  nullClass: number | null = null): Int32Array | null {
  if (numClasses === null) {
    if (fixedClass !== null) throw new UsageError('--class given, but the backbone takes no class label');
    return null;
  }
  if (fixedClass !== null && fixedClass >= numClasses && fixedClass !== nullClass) {
    const nullNote = nullClass === null ? '' : ` (or ${nullClass}, the unconditional slot: --class null)`;
    throw new UsageError(`--class ${fixedClass}: the backbone has classes 0 … ${numClasses - 1}${nullNote}`);
  }
  return fixedClass === null ? classLabelsInTurn(count, numClasses) : new Int32Array(count).fill(fixedClass);
}

/** `--class C`, or `--class null` for the model's unconditional slot. */
export function fixedClassOf(values: Record<string, unknown>, nullClass: number | null, fileName: string): number | null {
  if (values.class === undefined) return null;
  if (values.class !== 'null') return optionalInteger(values, 'class', 0);
  if (nullClass === null) throw new UsageError(`--class null: ${fileName} has no unconditional slot (give --null-class I if it has one)`);
  return nullClass;
}

export async function sampleCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const modelPath = requireString(values, 'model');
  const outPath = requireString(values, 'out');
  const sampler = values.sampler ?? 'ddim';
  if (sampler !== 'ddim' && sampler !== 'ddpm') throw new UsageError(`--sampler ${sampler}: expected ddim or ddpm`);

  const threads = optionalInteger(values, 'threads', 1, 1);
  const model = await prepareCliBackbone(modelPath, { threads, ep: values.ep }, (line) => io.stderr(`${line}\n`));
  // 1. Settings from every source; refuse before opening a session when one is unknown.
  const bundleEncoding = values.bundle ? (await readBundleEncoding(values.bundle)).encoding : null;
  const { overrides, context, assumeDefaults } = await readCliSettings(modelPath, values, bundleEncoding);
  const fileName = model.loadOptions.fileName;
  requireCompleteSettings(readBackboneSpec(model.bytes, fileName, overrides, context), assumeDefaults, modelPath);
  // 2. Open it and sample.
  const engine = createOrtInferenceEngine(model.runtime);
  const { spec } = await engine.load(model.bytes, { ...model.loadOptions, overrides, context });
  io.stderr(`${describeSettings(spec)}\n`);
  if (!spec.genes || !spec.channels) throw new UsageError(`${spec.fileName} leaves the gene tensor shape open`);
  const fixedClass = fixedClassOf(values, spec.nullClass, spec.fileName);
  const count = optionalInteger(values, 'n', 16, 1);
  const request: SampleRequest = {
    count, genes: spec.genes, channels: spec.channels, sampler,
    steps: optionalInteger(values, 'steps', 50, 1), eta: optionalNumber(values, 'eta', 0),
    seed: optionalInteger(values, 'seed', 0), batchSize: optionalInteger(values, 'batch', 16, 1),
    classLabels: classLabelsFor(count, spec.labelInput ? spec.numClasses : null, fixedClass, spec.nullClass),
    // gdw.genes and gdw.components: the slots the model was trained to keep at 0 stay 0.
    mask: createSlotMask(spec.genes, spec.channels, spec.realGenes, spec.componentsPerGene),
  };
  let lastPercent = -1;
  const result = await engine.sample(request, (event) => {
    if (event.status !== 'progress') return;
    const percent = Math.floor((100 * event.stepsDone) / event.stepsTotal);
    if (percent % 10 === 0 && percent !== lastPercent) io.stderr(`  ${percent}% (${event.stepsDone}/${event.stepsTotal} steps)\n`);
    lastPercent = percent;
  });
  await engine.unload();
  await writeFile(outPath, writeNpy(result.samples, [count, spec.genes, spec.channels]));
  io.stdout(`wrote ${outPath}: ${count} × ${spec.genes} × ${spec.channels} float32, ${sampler}` +
    `${sampler === 'ddim' ? ` ${request.steps} steps η=${request.eta}` : ` ${spec.schedule.timesteps} steps`}, seed ${request.seed},` +
    ` ${(result.elapsedMs / 1000).toFixed(1)} s on ${result.executionProvider}\n`);
}
