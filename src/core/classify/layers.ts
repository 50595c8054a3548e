// Custom tfjs layers the classifiers need and tfjs does not ship: multi-head self-attention
// built from matMul/softmax (Vaswani et al. 2017, eq. 1: softmax(QKᵀ/√d_k)·V per head), a
// learned positional embedding added to the tokens (ViT / BERT style), a layer norm that
// broadcasts (tf.layers.layerNormalization tiles γ and β over batch × tokens, and the gradient
// of tile is a loop of slices: seconds per batch), and a dropout whose mask changes on every
// call yet is reproducible from a seed (tf.layers.dropout with a seed reuses one mask).

import * as tf from '@tensorflow/tfjs';

type Kwargs = Record<string, unknown>;
type Shape = (number | null)[];

const firstInput = (inputs: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);
const lastDim = (shape: Shape | Shape[]): number => {
  const s = (Array.isArray(shape[0]) ? shape[0] : shape) as Shape;
  const d = s[s.length - 1];
  if (d === null) throw new Error('the feature dimension must be known');
  return d;
};

export interface SeededDropoutArgs {
  rate: number;
  seed: number;
  name?: string;
}

/** Inverted dropout at `rate` in training; call k draws its mask from seed + k. */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'GdwSeededDropout';
  private readonly rate: number;
  private readonly seed: number;
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args.name ? { name: args.name } : {});
    this.rate = args.rate;
    this.seed = args.seed;
  }

  computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    return shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = firstInput(inputs);
    if (kwargs.training !== true || this.rate === 0) return x;
    const seed = this.seed + this.calls++;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

export interface PositionalEmbeddingArgs {
  seed: number;
  name?: string;
}

/** Adds a learned [T, d] table to tokens [B, T, d] (an add, no gather: the wasm backend trains it). */
export class PositionalEmbedding extends tf.layers.Layer {
  static readonly className = 'GdwPositionalEmbedding';
  private readonly seed: number;
  private table: tf.LayerVariable | null = null;

  constructor(args: PositionalEmbeddingArgs) {
    super(args.name ? { name: args.name } : {});
    this.seed = args.seed;
  }

  build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const [tokens, dim] = [shape[1], shape[2]];
    if (tokens === null || dim === null) throw new Error('positional embedding needs a fixed token count');
    // Std 0.02 as in BERT and ViT.
    this.table = this.addWeight('table', [tokens, dim], 'float32', tf.initializers.truncatedNormal({ stddev: 0.02, seed: this.seed }));
    this.built = true;
  }

  computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    return shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const table = this.table;
    if (!table) throw new Error('PositionalEmbedding used before build');
    return tf.tidy(() => tf.add(firstInput(inputs), table.read()));
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

export interface SelfAttentionArgs {
  heads: number;
  seed: number;
  name?: string;
}

/** Multi-head self-attention over tokens [B, T, d]: d/heads per head, output projection W_o. */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'GdwMultiHeadSelfAttention';
  private readonly heads: number;
  private readonly seed: number;
  private weightsQkvo: tf.LayerVariable[] = [];
  private outputBias: tf.LayerVariable | null = null;

  constructor(args: SelfAttentionArgs) {
    super(args.name ? { name: args.name } : {});
    this.heads = args.heads;
    this.seed = args.seed;
  }

  build(inputShape: Shape | Shape[]): void {
    const dim = lastDim(inputShape);
    if (dim % this.heads !== 0) throw new Error(`model width ${dim} is not divisible by ${this.heads} heads`);
    this.weightsQkvo = ['query', 'key', 'value', 'output'].map((name, k) =>
      this.addWeight(name, [dim, dim], 'float32', tf.initializers.glorotUniform({ seed: this.seed + k })));
    this.outputBias = this.addWeight('outputBias', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    return shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const bias = this.outputBias;
    if (!bias) throw new Error('MultiHeadSelfAttention used before build');
    return tf.tidy(() => {
      const x = firstInput(inputs);
      const [batch, tokens, dim] = x.shape;
      const headDim = dim / this.heads;
      const rows = tf.reshape(x, [batch * tokens, dim]);
      // [B·T, d] · W → [B, heads, T, d_k]
      const project = (w: tf.LayerVariable): tf.Tensor4D =>
        tf.transpose(tf.reshape(tf.matMul(rows, w.read()), [batch, tokens, this.heads, headDim]), [0, 2, 1, 3]);
      const [wq, wk, wv, wo] = this.weightsQkvo;
      const scores = tf.mul(tf.matMul(project(wq), project(wk), false, true), 1 / Math.sqrt(headDim));
      const context = tf.matMul(tf.softmax(scores), project(wv));
      const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * tokens, dim]);
      return tf.reshape(tf.add(tf.matMul(merged, wo.read()), bias.read()), [batch, tokens, dim]);
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed };
  }
}

export interface TokenLayerNormArgs {
  epsilon?: number;
  name?: string;
}

/** Layer normalisation over the last axis, y = (x − μ) / √(σ² + ε) · γ + β (Ba et al. 2016). */
export class TokenLayerNorm extends tf.layers.Layer {
  static readonly className = 'GdwTokenLayerNorm';
  private readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: TokenLayerNormArgs = {}) {
    super(args.name ? { name: args.name } : {});
    this.epsilon = args.epsilon ?? 1e-6;
  }

  build(inputShape: Shape | Shape[]): void {
    const dim = lastDim(inputShape);
    this.gamma = this.addWeight('gamma', [dim], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(shape: Shape | Shape[]): Shape | Shape[] {
    return shape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const { gamma, beta } = this;
    if (!gamma || !beta) throw new Error('TokenLayerNorm used before build');
    return tf.tidy(() => {
      const x = firstInput(inputs);
      const { mean, variance } = tf.moments(x, -1, true);
      const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, gamma.read()), beta.read());
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(SeededDropout);
tf.serialization.registerClass(TokenLayerNorm);
tf.serialization.registerClass(PositionalEmbedding);
tf.serialization.registerClass(MultiHeadSelfAttention);
