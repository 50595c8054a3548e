// The CNN's layers, written so that every tfjs backend can train them fast: a 1-D convolution
// over the gene axis as an unfolded matrix product (im2col: the k shifted copies of the gene
// axis side by side, times a [k·C, F] kernel: the same maths as conv1d with 'same' padding)
// and max pooling as a reshape + max. tfjs' own conv1d needs Conv2DBackpropFilter, which the
// wasm backend lacks and the cpu backend runs element by element (~30× slower here).

import * as tf from '@tensorflow/tfjs';

type Shape = (number | null)[];

const firstInput = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);
const shapeOf = (shape: Shape | Shape[]): Shape => (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;

export interface GeneConvArgs {
  filters: number;
  kernelSize: number;
  seed: number;
  name?: string;
}

/** y[b, g, f] = ReLU(Σ_{j<k, c} x[b, g + j − ⌊(k−1)/2⌋, c] · W[j·C + c, f] + bias[f]), zero outside. */
export class GeneConv1D extends tf.layers.Layer {
  static readonly className = 'GdwGeneConv1D';
  private readonly filters: number;
  private readonly kernelSize: number;
  private readonly seed: number;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GeneConvArgs) {
    super(args.name ? { name: args.name } : {});
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.seed = args.seed;
  }

  build(inputShape: Shape | Shape[]): void {
    const channels = shapeOf(inputShape)[2];
    if (channels === null) throw new Error('GeneConv1D needs a fixed channel count');
    this.kernel = this.addWeight('kernel', [this.kernelSize * channels, this.filters], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, genes] = shapeOf(inputShape);
    return [batch, genes, this.filters];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { kernel, bias } = this;
    if (!kernel || !bias) throw new Error('GeneConv1D used before build');
    return tf.tidy(() => {
      const x = firstInput(inputs) as tf.Tensor3D;
      const [batch, genes, channels] = x.shape;
      const left = Math.floor((this.kernelSize - 1) / 2);
      const padded = tf.pad(x, [[0, 0], [left, this.kernelSize - 1 - left], [0, 0]]);
      const shifted = Array.from({ length: this.kernelSize }, (_, j) => tf.slice(padded, [0, j, 0], [batch, genes, channels]));
      const unfolded = tf.reshape(shifted.length === 1 ? shifted[0] : tf.concat(shifted, 2), [batch * genes, this.kernelSize * channels]);
      return tf.reshape(tf.relu(tf.add(tf.matMul(unfolded, kernel.read()), bias.read())), [batch, genes, this.filters]);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, kernelSize: this.kernelSize, seed: this.seed };
  }
}

export interface GenePoolArgs {
  poolSize: number;
  name?: string;
}

/** Max over non-overlapping windows of `poolSize` genes; the gene count must be a multiple. */
export class GeneMaxPool extends tf.layers.Layer {
  static readonly className = 'GdwGeneMaxPool';
  private readonly poolSize: number;

  constructor(args: GenePoolArgs) {
    super(args.name ? { name: args.name } : {});
    this.poolSize = args.poolSize;
  }

  computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, genes, channels] = shapeOf(inputShape);
    return [batch, genes === null ? null : genes / this.poolSize, channels];
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = firstInput(inputs) as tf.Tensor3D;
      const [batch, genes, channels] = x.shape;
      if (genes % this.poolSize !== 0) throw new Error(`${genes} genes do not split into windows of ${this.poolSize}`);
      return tf.max(tf.reshape(x, [batch, genes / this.poolSize, this.poolSize, channels]), 2);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize };
  }
}

tf.serialization.registerClass(GeneConv1D);
tf.serialization.registerClass(GeneMaxPool);
