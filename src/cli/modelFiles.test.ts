// gdw's model files and runtimes: side files found beside the model and checked (present, long
// enough), and the same external-data model sampled on native ORT (opened from its path) and on
// the WASM build (bytes handed over), with the native runtime's WASM fallback.
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGeneMask } from '../core/diffusion/mask';
import type { SampleRequest } from '../core/diffusion/sampler';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { moveWeightsToExternalData } from '../engines/fixtures/externalDataModel';
import { createCliOrtRuntime } from '../engines/nodeOrtRuntime';
import { createOrtInferenceEngine } from '../engines/ortInferenceEngine';
import { prepareCliBackbone, readModelFiles } from './modelFiles';

const genes = 8;
const channels = 8;
const embedded = buildGaussianBackbone({
  schedule: { kind: 'linear', timesteps: 100 }, genes, channels, realGenes: 6,
  mean: Array.from({ length: genes * channels }, (_, i) => Math.sin(i)), variance: Array.from({ length: genes * channels }, (_, i) => 0.5 + (i % 5)),
});
const { model, weights } = moveWeightsToExternalData(embedded, 'weights.bin');
const bytes = (n: number) => n.toLocaleString('en-US');
const root = mkdtempSync(join(tmpdir(), 'gdw-model-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** model.onnx in a folder of its own, with the given side file bytes (none: no side file). */
function writeModel(folder: string, sideFile: Uint8Array | null): string {
  mkdirSync(join(root, folder));
  writeFileSync(join(root, folder, 'model.onnx'), model);
  if (sideFile) writeFileSync(join(root, folder, 'weights.bin'), sideFile);
  return join(root, folder, 'model.onnx');
}

describe('readModelFiles', () => {
  it('finds the side file the model names in its folder, and checks it without reading it when asked', async () => {
    const path = writeModel('whole', weights);
    const files = await readModelFiles(path);
    expect(files.bytes).toEqual(model);
    expect(files.externalData.map((f) => f.path)).toEqual(['weights.bin']);
    expect(files.externalData[0].data).toEqual(weights);
    expect(files.totalBytes).toBe(model.byteLength + weights.byteLength);
    const checkedOnly = await readModelFiles(path, { sideFileData: false });
    expect(checkedOnly.externalData).toEqual([]);
    expect(checkedOnly.totalBytes).toBe(files.totalBytes);
  });

  it('names the model, the missing side file and the size it must have', async () => {
    const path = writeModel('missing', null);
    const err = await readModelFiles(path, { sideFileData: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MissingFileError', code: 'invalid-request' });
    expect((err as Error).message).toContain(`model.onnx keeps its weights in the external data file weights.bin (at least ${bytes(weights.byteLength)} bytes)`);
  });

  it('rejects a side file shorter than the largest offset + length a tensor reads', async () => {
    const path = writeModel('short', weights.subarray(0, weights.byteLength - 4));
    const err = await readModelFiles(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ExternalDataError', code: 'invalid-request' });
    expect((err as Error).message).toContain(`short/weights.bin is ${bytes(weights.byteLength - 4)} bytes, but model.onnx reads up to byte ${bytes(weights.byteLength)}`);
  });
});

describe('a model past the WASM heap', () => {
  it('is refused before its side files are read for the WASM build, and only checked for native ORT', async () => {
    const path = writeModel('huge', weights);
    truncateSync(join(root, 'huge', 'weights.bin'), 2 ** 31 + 1); // sparse: no disk written
    const err = await readModelFiles(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WasmMemoryLimitError', code: 'runtime' });
    expect((err as Error).message).toMatch(/^model\.onnx \(2\.00 GiB with its external data\) does not fit in ONNX Runtime's WASM heap/);
    expect((await readModelFiles(path, { sideFileData: false })).totalBytes).toBe(model.byteLength + 2 ** 31 + 1);
  });
});

describe('the CLI runtime', () => {
  const request: SampleRequest = {
    count: 6, genes, channels, sampler: 'ddim', steps: 8, eta: 0.3, seed: 4, batchSize: 3, mask: createGeneMask(genes, channels, 6),
  };

  async function sampleOn(ep: string) {
    const { runtime, bytes: modelBytes, loadOptions } = await prepareCliBackbone(join(root, 'whole', 'model.onnx'), { threads: 1, ep }, () => {});
    const engine = createOrtInferenceEngine(runtime);
    const loaded = await engine.load(modelBytes, loadOptions);
    const result = await engine.sample(request);
    await engine.unload();
    return { loaded, result, sideFilesRead: loadOptions.externalData?.length ?? 0 };
  }

  it('samples the external-data model on native ORT from its path as the WASM build does from its bytes', async () => {
    const native = await sampleOn('cpu');
    const wasm = await sampleOn('wasm');
    expect([native.loaded.executionProvider, native.result.executionProvider, native.sideFilesRead]).toEqual(['cpu', 'cpu', 0]);
    expect([wasm.result.executionProvider, wasm.sideFilesRead]).toEqual(['wasm', 1]);
    // Two float32 builds of the same graph: values O(1), 8 DDIM steps; rounding differences stay far below 1e-4.
    const maxDiff = native.result.samples.reduce((m, v, i) => Math.max(m, Math.abs(v - wasm.result.samples[i])), 0);
    expect(maxDiff).toBeLessThan(1e-4);
    expect(native.result.samples.some((v) => v !== 0)).toBe(true);
  });

  it('refuses an unknown --ep', async () => {
    await expect(prepareCliBackbone(join(root, 'whole', 'model.onnx'), { threads: 1, ep: 'gpu' }, () => {}))
      .rejects.toMatchObject({ code: 'usage', message: '--ep gpu: expected cpu, cuda, wasm' });
  });

  it('falls back to the WASM build, and says why, where onnxruntime-node does not load; CUDA then fails', async () => {
    const importNative = () => Promise.reject(new Error('no native binary for this platform'));
    const runtime = await createCliOrtRuntime({ importNative });
    expect(runtime.native).toBeUndefined();
    expect(runtime.fallbackReason).toMatch(/onnxruntime-node did not load \(no native binary for this platform\); running onnxruntime-web's WASM build/);
    await expect(createCliOrtRuntime({ provider: 'cuda', importNative })).rejects.toMatchObject({ code: 'runtime' });
  });

  const bindingFolder = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
  it.skipIf(existsSync(join(bindingFolder, 'libonnxruntime_providers_cuda.so')))('says how to install the CUDA EP where it is missing', async () => {
    await expect(createCliOrtRuntime({ provider: 'cuda' })).rejects.toThrow(/ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node/);
  });
});
