// A session that fails to open on WASM for lack of memory becomes a WasmMemoryLimitError that
// names the file, its size with external data and the wasm32 limit; any other failure stays a
// RuntimeFailureError. ORT is stood in by a runtime whose sessions fail as the real one does.
import { describe, expect, it } from 'vitest';
import { buildGaussianBackbone } from '../core/sim/gaussianBackbone';
import { moveWeightsToExternalData } from './fixtures/externalDataModel';
import type { OrtModule } from './ortDenoiser';
import { createOrtInferenceEngine, type OrtRuntime } from './ortInferenceEngine';
import { isAllocationFailure } from './wasmMemory';

const embedded = buildGaussianBackbone({ schedule: { kind: 'linear', timesteps: 10 }, mean: [0, 0], variance: [1, 1], genes: 2, channels: 1 });
const { model, weights } = moveWeightsToExternalData(embedded, 'big.bin');

/** A runtime whose every session fails with `message`; `gpu`: it has a WebGPU adapter, so WASM is the fallback. */
function failingRuntime(message: string, gpu = false): OrtRuntime {
  const create = async () => { throw new Error(message); };
  return {
    ort: { InferenceSession: { create } } as unknown as OrtModule,
    probeGpu: async () => (gpu ? { adapterName: 'test adapter', hasShaderF16: false } : null),
    now: () => 0,
  };
}

describe('opening a model too large for the WASM heap', () => {
  const externalData = [{ path: 'big.bin', data: weights }];

  it.each([
    ['no adapter: WASM directly', false],
    ['WebGPU failed first, then the WASM fallback', true],
  ])('names the file, its size with external data and the limit (%s)', async (_, gpu) => {
    const engine = createOrtInferenceEngine(failingRuntime("failed to call OrtCreateSession: std::bad_alloc", gpu));
    const err = await engine.load(model, { fileName: 'big.onnx', externalData }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WasmMemoryLimitError', code: 'runtime', location: { file: 'big.onnx' } });
    const gib = ((model.byteLength + weights.byteLength) / 1024 ** 3).toFixed(2);
    expect((err as Error).message).toContain(`big.onnx (${gib} GiB with its external data) does not fit in ONNX Runtime's WASM heap`);
    expect((err as Error).message).toMatch(/4\.00 GiB.*WebGPU EP with the weights as external data.*gdw sample.*std::bad_alloc/);
  });

  it('leaves other failures as runtime failures', async () => {
    const engine = createOrtInferenceEngine(failingRuntime('Load model failed: unsupported opset 99'));
    await expect(engine.load(model, { fileName: 'big.onnx', externalData })).rejects.toMatchObject({
      name: 'RuntimeFailureError', message: 'ONNX Runtime could not open big.onnx on wasm: Load model failed: unsupported opset 99',
    });
  });

  it('knows the ways ORT, Emscripten and V8 report an allocation that did not fit', () => {
    for (const message of ['std::bad_alloc', 'Aborted(). Build with -sASSERTIONS for more info.', 'Out of memory: Cannot allocate Wasm memory',
      'WebAssembly.Memory.grow(): Maximum memory size exceeded']) {
      expect(isAllocationFailure(new Error(message))).toBe(true);
    }
    expect(isAllocationFailure(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isAllocationFailure(new Error('Load model failed: unsupported opset 99'))).toBe(false);
  });
});
