// The three disease classifiers of the paper's Table 1 (MLP, Transformer, CNN), as tfjs layers
// models on gene tensors [B, G, C] (C = PCA components per gene as channels) returning logits
// [B, K]; the training loop applies the softmax cross-entropy (binary = 2-class softmax).
//
// The paper (§3.5.4) says only "simple classifiers … MLP, Transformer and CNN" for binary ALS
// classification on 18,432 × 8 inputs; its code is not part of the text. What we build:
// - MLP: flatten → dense+ReLU+dropout per hidden layer → dense(K). Matches "simple MLP";
//   scaled down: one hidden layer of 64 by default (the inputs here are hundreds, not 147k).
// - CNN: a 1-D CNN over the gene axis, components as channels (as the paper's 1-D CNN
//   backbones treat the tensor): [conv1d(k) + ReLU + max-pool] per filter stage → flatten →
//   dropout → dense(K). Flatten, not global pooling, so the head knows which gene a feature came
//   from (disease genes are not translation invariant). Scaled down: 2 stages of 16 and 32.
// - Transformer: the encoder the paper uses for its Transformer backbone (§3.3: BERT-like,
//   learnable positional embeddings, a ViT-like patch embedding to cut the token count) without
//   the time/class tokens: patches of P genes → dense(d) tokens + learned positions → L pre-norm
//   blocks (multi-head self-attention from matMul/softmax, a ReLU feed-forward where BERT
//   has GELU, residuals) → layer norm → mean over tokens → dense(K). Scaled down: d = 32, 4 heads, 2
//   blocks, P = 4 genes per token.
// Every initialiser is seeded, so a model is a function of (spec, input shape, seed) on cpu.

import * as tf from '@tensorflow/tfjs';
import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import { GeneConv1D, GeneMaxPool } from './convLayers';
import { MultiHeadSelfAttention, PositionalEmbedding, SeededDropout, TokenLayerNorm } from './layers';

/** The classifier families of the paper's Table 1. */
export const classifierKinds = {
  /** Multi-layer perceptron on the flattened gene tensor. */
  mlp: 'mlp',
  /** 1-D convolutions along the genes, components as channels. */
  cnn: 'cnn',
  /** Transformer encoder over patches of genes. */
  transformer: 'transformer',
} as const;
export type ClassifierKind = (typeof classifierKinds)[keyof typeof classifierKinds];

export interface MlpSpec {
  kind: 'mlp';
  hiddenUnits: number[];
  dropout: number;
}

export interface CnnSpec {
  kind: 'cnn';
  /** Filters of each conv stage; each stage is conv1d + ReLU + max-pool. */
  filters: number[];
  kernelSize: number;
  poolSize: number;
  dropout: number;
}

export interface TransformerSpec {
  kind: 'transformer';
  /** Genes per token (ViT-style patch); the gene axis is zero-padded to a multiple. */
  patchGenes: number;
  modelDim: number;
  heads: number;
  layers: number;
  feedForwardDim: number;
  dropout: number;
}

export type ClassifierSpec = MlpSpec | CnnSpec | TransformerSpec;

/** Scaled-down defaults (see the module comment for the paper's side). */
export const defaultClassifierSpecs = {
  mlp: { kind: 'mlp', hiddenUnits: [64], dropout: 0.5 },
  cnn: { kind: 'cnn', filters: [16, 32], kernelSize: 5, poolSize: 2, dropout: 0.3 },
  transformer: { kind: 'transformer', patchGenes: 4, modelDim: 32, heads: 4, layers: 2, feedForwardDim: 64, dropout: 0.1 },
} as const satisfies Record<ClassifierKind, ClassifierSpec>;

export interface ModelInputShape {
  genes: number;
  channels: number;
  classes: number;
}

/** Genes per model input must be a multiple of this: the Transformer's patch, the CNN's total pooling. */
export function geneMultipleOf(spec: ClassifierSpec): number {
  if (spec.kind === 'transformer') return spec.patchGenes;
  return spec.kind === 'cnn' ? spec.poolSize ** spec.filters.length : 1;
}

const isWhole = (x: number, min: number): boolean => Number.isInteger(x) && x >= min;
const isRate = (x: number): boolean => x >= 0 && x < 1;

/** Problems with a spec, as messages (empty when valid). */
export function checkClassifierSpec(spec: ClassifierSpec): string[] {
  switch (spec.kind) {
    case 'mlp':
      return [
        !spec.hiddenUnits.every((u) => isWhole(u, 1)) && 'MLP hidden units must be whole numbers ≥ 1',
        !isRate(spec.dropout) && 'dropout must be in [0, 1)',
      ].filter((p): p is string => typeof p === 'string');
    case 'cnn':
      return [
        (spec.filters.length === 0 || !spec.filters.every((f) => isWhole(f, 1))) && 'CNN needs at least one stage of ≥ 1 filters',
        !isWhole(spec.kernelSize, 1) && 'kernel size must be a whole number ≥ 1',
        !isWhole(spec.poolSize, 1) && 'pool size must be a whole number ≥ 1',
        !isRate(spec.dropout) && 'dropout must be in [0, 1)',
      ].filter((p): p is string => typeof p === 'string');
    case 'transformer':
      return [
        !isWhole(spec.patchGenes, 1) && 'genes per token must be a whole number ≥ 1',
        !(isWhole(spec.heads, 1) && isWhole(spec.modelDim, 1) && spec.modelDim % spec.heads === 0) && 'model width must be a multiple of the head count',
        !isWhole(spec.layers, 1) && 'a Transformer needs at least one block',
        !isWhole(spec.feedForwardDim, 1) && 'feed-forward width must be a whole number ≥ 1',
        !isRate(spec.dropout) && 'dropout must be in [0, 1)',
      ].filter((p): p is string => typeof p === 'string');
  }
}

/** Independent seeds for each layer, drawn from the run seed. */
type SeedSource = () => number;
const MODEL_STREAM = 0xc1a55;

const denseLayer = (units: number, nextSeed: SeedSource, activation?: 'relu'): tf.layers.Layer =>
  tf.layers.dense({ units, ...(activation ? { activation } : {}), kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) });

const dropoutLayer = (rate: number, nextSeed: SeedSource): tf.layers.Layer => new SeededDropout({ rate, seed: nextSeed() });

const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor => layer.apply(x) as tf.SymbolicTensor;

function mlpHead(spec: MlpSpec, x: tf.SymbolicTensor, classes: number, nextSeed: SeedSource): tf.SymbolicTensor {
  let h = apply(tf.layers.flatten(), x);
  for (const units of spec.hiddenUnits) {
    h = apply(denseLayer(units, nextSeed, 'relu'), h);
    h = apply(dropoutLayer(spec.dropout, nextSeed), h);
  }
  return apply(denseLayer(classes, nextSeed), h);
}

function cnnHead(spec: CnnSpec, x: tf.SymbolicTensor, classes: number, nextSeed: SeedSource): tf.SymbolicTensor {
  let h = x;
  for (const filters of spec.filters) {
    h = apply(new GeneConv1D({ filters, kernelSize: spec.kernelSize, seed: nextSeed() }), h);
    h = apply(new GeneMaxPool({ poolSize: spec.poolSize }), h);
  }
  h = apply(dropoutLayer(spec.dropout, nextSeed), apply(tf.layers.flatten(), h));
  return apply(denseLayer(classes, nextSeed), h);
}

function transformerHead(spec: TransformerSpec, x: tf.SymbolicTensor, shape: ModelInputShape, nextSeed: SeedSource): tf.SymbolicTensor {
  const tokens = shape.genes / spec.patchGenes;
  const patches = apply(tf.layers.reshape({ targetShape: [tokens, spec.patchGenes * shape.channels] }), x);
  let h = apply(new PositionalEmbedding({ seed: nextSeed() }), apply(denseLayer(spec.modelDim, nextSeed), patches));
  const norm = (): tf.layers.Layer => new TokenLayerNorm();
  for (let block = 0; block < spec.layers; block++) {
    const attended = apply(new MultiHeadSelfAttention({ heads: spec.heads, seed: nextSeed() }), apply(norm(), h));
    h = apply(tf.layers.add(), [h, apply(dropoutLayer(spec.dropout, nextSeed), attended)]);
    const hidden = apply(denseLayer(spec.feedForwardDim, nextSeed, 'relu'), apply(norm(), h));
    const fed = apply(denseLayer(spec.modelDim, nextSeed), hidden);
    h = apply(tf.layers.add(), [h, apply(dropoutLayer(spec.dropout, nextSeed), fed)]);
  }
  const pooled = apply(tf.layers.globalAveragePooling1d(), apply(norm(), h));
  return apply(denseLayer(shape.classes, nextSeed), pooled);
}

/** Builds the classifier; output: logits [B, K]. Seeded: same (spec, shape, seed), same weights. */
export function buildClassifier(spec: ClassifierSpec, shape: ModelInputShape, seed: number): tf.LayersModel {
  const problems = checkClassifierSpec(spec);
  if (shape.genes % geneMultipleOf(spec) !== 0) problems.push(`${shape.genes} genes are not a multiple of ${geneMultipleOf(spec)} genes per token`);
  if (shape.classes < 2) problems.push(`a classifier needs at least 2 classes, got ${shape.classes}`);
  if (problems.length > 0) throw new InvalidRequestError(`${spec.kind} classifier: ${problems.join('; ')}`);
  const rng = createRng(seed, MODEL_STREAM);
  const nextSeed: SeedSource = () => rng.nextUint32();
  const input = tf.input({ shape: [shape.genes, shape.channels] });
  const logits = spec.kind === 'mlp' ? mlpHead(spec, input, shape.classes, nextSeed)
    : spec.kind === 'cnn' ? cnnHead(spec, input, shape.classes, nextSeed)
      : transformerHead(spec, input, shape, nextSeed);
  return tf.model({ inputs: input, outputs: logits, name: `gdw_${spec.kind}` });
}
