// Test fixture: a GAN generator in ONNX whose map is known, x = reshape(z·W + b, [B, G, C]) with b the
// bundle's training mean and W a fixed seeded matrix (0 on padded slots), so a design test needs no
// trained GAN. It names the bundle's codec like a real export.
import { buildOnnxModel } from '../core/backbone/onnxBuilder';
import { createRng } from '../core/rng';

export interface LinearGeneratorOptions {
  latentDim: number;
  genes: number;
  channels: number;
  realGenes: number;
  /** [G·C] the bias b (e.g. the training mean). */
  mean: Float32Array;
  mask: Uint8Array;
  codecSha256: string;
  /** Scale of W's entries; default 0.5. */
  weightScale?: number;
  seed?: number;
}

export function buildLinearGenerator(o: LinearGeneratorOptions): Uint8Array {
  const dims = o.genes * o.channels;
  const rng = createRng(o.seed ?? 1, 0x6a);
  const weights = Float32Array.from({ length: o.latentDim * dims }, (_, i) => (o.mask[i % dims] ? (o.weightScale ?? 0.5) * rng.nextNormal() : 0));
  return buildOnnxModel({
    graphName: 'linear_generator',
    inputs: [{ name: 'z', elemType: 'float32', dims: ['batch', o.latentDim] }],
    outputs: [{ name: 'x', elemType: 'float32', dims: ['batch', o.genes, o.channels] }],
    initializers: [
      { name: 'W', elemType: 'float32', dims: [o.latentDim, dims], data: weights },
      { name: 'b', elemType: 'float32', dims: [dims], data: o.mean },
      { name: 'shape', elemType: 'int64', dims: [3], data: [-1, o.genes, o.channels] },
    ],
    nodes: [
      { opType: 'MatMul', inputs: ['z', 'W'], outputs: ['zw'] },
      { opType: 'Add', inputs: ['zw', 'b'], outputs: ['flat'] },
      { opType: 'Reshape', inputs: ['flat', 'shape'], outputs: ['x'] },
    ],
    metadata: {
      'gdw.family': 'gan-generator', 'gdw.layout': 'BGC', 'gdw.genes': String(o.realGenes), 'gdw.codec_sha256': o.codecSha256,
    },
  });
}
