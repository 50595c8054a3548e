// Binds an ONNX Runtime session to the sampler's Denoiser interface: builds the feeds the
// backbone's contract asks for (layout, t dtype, label encoding) and reads back its prediction.
import type * as Ort from 'onnxruntime-web';
import type { BackboneSpec } from '../core/backbone/spec';
import type { Denoiser, TensorShape } from '../core/diffusion/types';
import { InvalidRequestError, RuntimeFailureError } from '../core/errors';

export type OrtModule = typeof Ort;

/** [B, G, C] → [B, C, G] and back (swap the last two axes of each sample). */
export function swapLastAxes(data: Float32Array, batch: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  const size = rows * cols;
  for (let b = 0; b < batch; b++) {
    const base = b * size;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[base + c * rows + r] = data[base + r * cols + c];
    }
  }
  return out;
}

/** t as the backbone declares it: int64 (the default), int32 or float32 [B]. */
export function timestepTensor(ort: OrtModule, spec: BackboneSpec, t: Int32Array): Ort.Tensor {
  const dtype = spec.tInput?.dtype ?? 'int64';
  if (dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from(t, (v) => BigInt(v)), [t.length]);
  if (dtype === 'int32') return new ort.Tensor('int32', Int32Array.from(t), [t.length]);
  return new ort.Tensor('float32', Float32Array.from(t), [t.length]);
}

export function labelTensor(ort: OrtModule, spec: BackboneSpec, y: Int32Array | null, batch: number): Ort.Tensor {
  if (!y) {
    throw new InvalidRequestError(
      `${spec.fileName} takes a class label (input '${spec.labelInput?.name}'); choose the classes to generate`);
  }
  const classes = spec.numClasses ?? 0;
  // The real classes, and the unconditional slot when the model has one (an explicit choice of the caller).
  const allowed = (label: number) => (label >= 0 && (classes === 0 || label < classes)) || label === spec.nullClass;
  for (const label of y) {
    if (!allowed(label)) {
      const nullSlot = spec.nullClass === null ? '' : ` or the null class ${spec.nullClass}`;
      throw new InvalidRequestError(`class label ${label} is outside 0 … ${classes - 1}${nullSlot} for ${spec.fileName}`);
    }
  }
  const slots = spec.labelSlots ?? classes;
  if (spec.labelInput?.encoding === 'one-hot') {
    const oneHot = new Float32Array(batch * slots);
    y.forEach((label, b) => { oneHot[b * slots + label] = 1; });
    return new ort.Tensor('float32', oneHot, [batch, slots]);
  }
  return new ort.Tensor('int64', BigInt64Array.from(y, (v) => BigInt(v)), [batch]);
}

/** Reads an output tensor to the CPU, whichever device it lives on. */
export async function readFloat32(tensor: Ort.Tensor, name: string): Promise<Float32Array> {
  const data = tensor.location === 'cpu' ? tensor.data : await tensor.getData(true);
  if (!(data instanceof Float32Array)) {
    throw new RuntimeFailureError(`output '${name}' is ${tensor.type}; the backbone contract expects float32`);
  }
  return data;
}

/**
 * Runs a model whose graph is fixed to `fixed` samples per call on any batch: chunks of `fixed`,
 * the last one padded with copies of its first sample, whose outputs are dropped.
 */
async function atFixedBatch(
  fixed: number, x: Float32Array, shape: TensorShape, t: Int32Array, y: Int32Array | null,
  run: (x: Float32Array, shape: TensorShape, t: Int32Array, y: Int32Array | null) => Promise<Float32Array>,
): Promise<Float32Array> {
  const dims = shape.genes * shape.channels;
  const out = new Float32Array(x.length);
  for (let first = 0; first < shape.batch; first += fixed) {
    const used = Math.min(fixed, shape.batch - first);
    const pick = (b: number) => first + Math.min(b, used - 1);
    const chunk = new Float32Array(fixed * dims);
    for (let b = 0; b < fixed; b++) chunk.set(x.subarray(pick(b) * dims, (pick(b) + 1) * dims), b * dims);
    const chunkT = Int32Array.from({ length: fixed }, (_, b) => t[pick(b)]);
    const chunkY = y ? Int32Array.from({ length: fixed }, (_, b) => y[pick(b)]) : null;
    const result = await run(chunk, { ...shape, batch: fixed }, chunkT, chunkY);
    out.set(result.subarray(0, used * dims), first * dims);
  }
  return out;
}

export function createOrtDenoiser(ort: OrtModule, session: Ort.InferenceSession, spec: BackboneSpec): Denoiser {
  const xName = spec.xInput?.name;
  const tName = spec.tInput?.name;
  if (!xName || !tName) throw new InvalidRequestError(`${spec.fileName} is not a denoiser (no x or t input)`);
  const bcg = spec.layout === 'BCG';
  const fixed = spec.staticBatch;
  const predict = async (x: Float32Array, shape: TensorShape, t: Int32Array, y: Int32Array | null): Promise<Float32Array> => {
    const { batch, genes, channels } = shape;
    const xData = bcg ? swapLastAxes(x, batch, genes, channels) : x;
    const feeds: Record<string, Ort.Tensor> = {
      [xName]: new ort.Tensor('float32', xData, bcg ? [batch, channels, genes] : [batch, genes, channels]),
      [tName]: timestepTensor(ort, spec, t),
    };
    if (spec.labelInput) feeds[spec.labelInput.name] = labelTensor(ort, spec, y, batch);
    let outputs: Ort.InferenceSession.OnnxValueMapType;
    try {
      outputs = await session.run(feeds);
    } catch (err) {
      throw new RuntimeFailureError(`ONNX Runtime failed to run ${spec.fileName} on a batch of ${batch}: ${(err as Error).message}`);
    }
    const output = outputs[spec.outputName];
    const raw = await readFloat32(output, spec.outputName);
    if (raw.length !== x.length) {
      throw new RuntimeFailureError(
        `output '${spec.outputName}' has ${raw.length} values; expected ${x.length} (the shape of x)`);
    }
    const prediction = bcg ? swapLastAxes(raw, batch, channels, genes) : raw.slice();
    for (const tensor of Object.values(outputs)) tensor.dispose();
    return prediction;
  };
  return {
    prediction: spec.prediction,
    predict: (x, shape, t, y) => (fixed !== null && shape.batch !== fixed
      ? atFixedBatch(fixed, x, shape, t, y, predict) : predict(x, shape, t, y)),
  };
}
