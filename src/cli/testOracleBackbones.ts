// Test helpers for evaluations on a small simulated bundle: the Gaussian oracle backbone's
// moments (the training split's per-slot mean and variance) and a model's codec hash written
// into its metadata, as `gdw annotate` would.
import { onnx } from '../core/backbone/onnxProto';
import type { DatasetBundle } from '../core/encode/bundle';

/** The ONNX bytes with gdw.codec_sha256 added to metadata_props. */
export function withCodecHash(bytes: Uint8Array, sha256: string): Uint8Array {
  return withMetadata(bytes, { 'gdw.codec_sha256': sha256 });
}

/** The ONNX bytes with these entries added to metadata_props (gdw.train_rows, … as models/train.py writes them). */
export function withMetadata(bytes: Uint8Array, entries: Record<string, string>): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  for (const [key, value] of Object.entries(entries)) model.metadataProps.push(onnx.StringStringEntryProto.create({ key, value }));
  return onnx.ModelProto.encode(model).finish();
}

/** Per-slot mean and variance of the training split; padded slots N(0, 1) (clamped by the sampler). */
export function trainMoments(bundle: DatasetBundle): { mean: number[]; variance: number[] } {
  const { data, shape, mask } = bundle.tensor;
  const dims = shape.genes * shape.channels;
  const rows = bundle.split.trainIdx;
  const mean = new Array<number>(dims).fill(0);
  const variance = new Array<number>(dims).fill(0);
  for (const i of rows) for (let d = 0; d < dims; d++) mean[d] += data[i * dims + d] / rows.length;
  for (const i of rows) for (let d = 0; d < dims; d++) variance[d] += (data[i * dims + d] - mean[d]) ** 2 / rows.length;
  return {
    mean: mean.map((m, d) => (mask[d] ? m : 0)),
    variance: variance.map((v, d) => (mask[d] ? Math.max(v, 1e-3) : 1)),
  };
}
