// The workbench's half of the PyTorch ↔ ONNX parity check (models/parity.py): one forward pass of
// an exported backbone through the engine's own code path — the Node ORT runtime (WASM EP),
// readBackboneSpec, createOrtDenoiser (layout, t dtype, labels) or the GAN feeds — on inputs
// that Python wrote, and the prediction written back as [B, G, C] float32.
// Usage: npx tsx scripts/parity.ts MODEL.onnx x.npy t.npy [y.npy] OUT.npy   (a denoiser)
//        npx tsx scripts/parity.ts MODEL.onnx z.npy [y.npy] OUT.npy          (a GAN generator)

import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type * as Ort from 'onnxruntime-web';
import type { BackboneSpec } from '../src/core/backbone/spec.ts';
import { readNpy, writeNpy, type NpyArray } from '../src/core/encode/npy.ts';
import { createNodeOrtRuntime } from '../src/engines/nodeOrtRuntime.ts';
import { createOrtDenoiser, labelTensor, readFloat32, swapLastAxes, type OrtModule } from '../src/engines/ortDenoiser.ts';
import { createOrtInferenceEngine } from '../src/engines/ortInferenceEngine.ts';

interface Prediction { data: Float32Array; shape: [number, number, number] }

function fail(message: string): never {
  throw new Error(message);
}

function readArray(path: string): NpyArray {
  return readNpy(new Uint8Array(readFileSync(path)), basename(path));
}

function asFloat32(array: NpyArray, path: string, rank: number): Float32Array {
  if (!(array.data instanceof Float32Array) || array.shape.length !== rank) {
    fail(`${path}: expected float32 of rank ${rank}, found ${array.dtype} [${array.shape.join(', ')}]`);
  }
  return array.data;
}

/** Labels and timesteps: whole numbers of any integer dtype, as the Int32Array the engine takes. */
function asIndices(path: string | undefined, batch: number): Int32Array | null {
  if (!path) return null;
  const array = readArray(path);
  if (array.data instanceof Float32Array || array.data.length !== batch) {
    fail(`${path}: expected ${batch} integers, found ${array.dtype} [${array.shape.join(', ')}]`);
  }
  return Int32Array.from(array.data);
}

async function predictDenoiser(ort: OrtModule, session: Ort.InferenceSession, spec: BackboneSpec, files: string[]): Promise<Prediction> {
  const [xPath, tPath, yPath] = files;
  const xArray = readArray(xPath);
  const x = asFloat32(xArray, xPath, 3);
  const [batch, genes, channels] = xArray.shape;
  const t = asIndices(tPath, batch) ?? fail('missing t.npy');
  const y = asIndices(yPath, batch);
  const eps = await createOrtDenoiser(ort, session, spec).predict(x, { batch, genes, channels }, t, y);
  return { data: eps, shape: [batch, genes, channels] };
}

async function predictGenerator(ort: OrtModule, session: Ort.InferenceSession, spec: BackboneSpec, files: string[]): Promise<Prediction> {
  const [zPath, yPath] = files;
  const zArray = readArray(zPath);
  const z = asFloat32(zArray, zPath, 2);
  const [batch, latentDim] = zArray.shape;
  const { genes, channels, latentInput } = spec;
  if (!latentInput || !genes || !channels) fail(`${spec.fileName}: the generator's z or output shape is not fixed`);
  const feeds: Record<string, Ort.Tensor> = { [latentInput.name]: new ort.Tensor('float32', z, [batch, latentDim]) };
  if (spec.labelInput) feeds[spec.labelInput.name] = labelTensor(ort, spec, asIndices(yPath, batch), batch);
  const outputs = await session.run(feeds);
  const raw = await readFloat32(outputs[spec.outputName], spec.outputName);
  const data = spec.layout === 'BCG' ? swapLastAxes(raw, batch, channels, genes) : raw.slice();
  return { data, shape: [batch, genes, channels] };
}

async function main(args: string[]): Promise<void> {
  if (args.length < 3) fail('usage: parity.ts MODEL.onnx x.npy t.npy [y.npy] OUT.npy | MODEL.onnx z.npy [y.npy] OUT.npy');
  const modelPath = args[0];
  const outPath = args[args.length - 1];
  const inputs = args.slice(1, -1);
  const bytes = new Uint8Array(readFileSync(modelPath));
  const runtime = createNodeOrtRuntime();
  // 1. The engine loads it as the app would: contract reader, session, warm-up run.
  const engine = createOrtInferenceEngine(runtime);
  const { spec, executionProvider } = await engine.load(bytes, { fileName: basename(modelPath) });
  await engine.unload();
  // 2. The forward pass on the given inputs, through the engine's own feed and read-back code.
  const session = await runtime.ort.InferenceSession.create(bytes, {
    executionProviders: [executionProvider], graphOptimizationLevel: 'all',
  });
  const started = performance.now();
  const prediction = spec.kind === 'gan-generator'
    ? await predictGenerator(runtime.ort, session, spec, inputs)
    : await predictDenoiser(runtime.ort, session, spec, inputs);
  const elapsedMs = performance.now() - started;
  await session.release();
  writeFileSync(outPath, writeNpy(prediction.data, prediction.shape));
  console.log(JSON.stringify({ model: spec.fileName, kind: spec.kind, family: spec.family, layout: spec.layout,
    executionProvider, shape: prediction.shape, elapsedMs: Math.round(elapsedMs) }));
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(`parity: ${err.message}`);
  process.exit(1);
});
