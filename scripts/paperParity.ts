// Sampler parity with the paper's own sampling loop: replays the x_T and z that
// models/paper/reference_sampler.py drew, through the workbench's sampler (src/core/diffusion)
// and ONNX binding (src/engines/ortDenoiser) on the exported model, and compares every sample
// to the PyTorch result to the manifest's tolerance (1e-4 relative). DDIM on the paper's
// timestep sub-sequence and DDPM over all T; padding 'zero-x0' for the paper's clamping,
// 'zero-x' for the workbench's. Exit 1 on any mismatch.
//   npx tsx scripts/paperParity.ts --dir FIXTURES --model models/paper/onnx/unet-mlp.onnx
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import { encodingFromNpyMask } from '../src/core/backbone/paddingMask.ts';
import { readBackboneSpec } from '../src/core/backbone/readBackbone.ts';
import type { BackboneSpec, PaddingMode } from '../src/core/backbone/spec.ts';
import { createSlotMask } from '../src/core/diffusion/mask.ts';
import { sample } from '../src/core/diffusion/sampler.ts';
import { createSchedule } from '../src/core/diffusion/schedule.ts';
import { readNpy } from '../src/core/encode/npy.ts';
import { createOrtDenoiser } from '../src/engines/ortDenoiser.ts';

interface Run { file: string; sampler: 'ddim' | 'ddpm'; steps: number; clamp: 'paper' | 'workbench'; timesteps_descending: number[] }
interface Manifest { n: number; labels: number[]; num_classes: number; null_class: number; schedule: { timesteps: number }; runs: Run[] }

const { values } = parseArgs({ options: { dir: { type: 'string' }, model: { type: 'string' }, 'zero-mask': { type: 'string' } } });
if (!values.dir || !values.model) throw new Error('usage: paperParity.ts --dir FIXTURES --model MODEL.onnx [--zero-mask M.npy]');
const dir = values.dir;
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const npy = (name: string) => readNpy(new Uint8Array(readFileSync(join(dir, name))), name);
const maskPath = values['zero-mask'] ?? join(dir, 'zero_mask.npy');
const mask = encodingFromNpyMask(readNpy(new Uint8Array(readFileSync(maskPath)), basename(maskPath)), 'padded', basename(maskPath));
const T = manifest.schedule.timesteps;

/** The exported model with the paper's settings, answered as a user would. */
function specFor(bytes: Uint8Array, padding: PaddingMode): BackboneSpec {
  const spec = readBackboneSpec(bytes, basename(values.model as string), {
    schedule: { kind: 'cosine', timesteps: T }, prediction: 'eps', numClasses: manifest.num_classes, nullClass: manifest.null_class,
    padding, realGenes: mask.realGenes, componentsPerGene: mask.componentsPerGene,
  });
  if (spec.missing.length > 0) throw new Error(`settings still missing: ${spec.missing.join(', ')}`);
  return spec;
}

const bytes = new Uint8Array(readFileSync(values.model));
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(bytes);
const xT = npy('x_T.npy').data as Float32Array;
const z = manifest.runs.some((r) => r.sampler === 'ddpm') ? npy('z.npy') : null;
const labels = Int32Array.from(manifest.labels);
let failures = 0;
for (const run of manifest.runs) {
  if (run.sampler === 'ddpm' && run.steps !== T) continue; // the workbench's DDPM runs all T steps
  const spec = specFor(bytes, run.clamp === 'paper' ? 'zero-x0' : 'zero-x');
  const { genes, channels } = spec as { genes: number; channels: number };
  const dims = manifest.n * genes * channels;
  const stepNoise = z ? (t: number) => {
    const k = (T - 1 - t) % z.shape[0];
    return (z.data as Float32Array).subarray(k * dims, (k + 1) * dims);
  } : undefined;
  const samples = await sample(createOrtDenoiser(ort, session, spec), createSchedule(spec.schedule), {
    count: manifest.n, genes, channels, sampler: run.sampler, seed: 0, batchSize: manifest.n, classLabels: labels,
    timesteps: run.sampler === 'ddim' ? Int32Array.from(run.timesteps_descending) : undefined,
    mask: createSlotMask(genes, channels, spec.realGenes, spec.componentsPerGene), padding: spec.padding,
  }, { replay: { initial: xT, step: stepNoise } });
  const expected = npy(run.file).data as Float32Array;
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  const maxDiff = Math.max(...Array.from(samples, (v, i) => Math.abs(v - expected[i])));
  const ok = maxDiff <= 1e-4 * scale;
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${run.file}: ${run.sampler} ${run.steps} steps, padding ${spec.padding}: ` +
    `max |ours − PyTorch| = ${maxDiff.toExponential(2)} (tolerance ${(1e-4 * scale).toExponential(2)})`);
}
await session.release();
if (failures > 0) {
  console.error(`paper parity: ${failures} run(s) differ`);
  process.exit(1);
}
console.log('paper parity: every run within 1e-4 relative');
