// An ONNX backbone whose ε-prediction is exact: the closed-form optimal denoiser for data
// x₀ ~ N(μ, diag σ²) (see diffusion/gaussianOracle.ts). The graph gathers the [T, G, C]
// scale/shift tables by t and computes ε̂ = (x − shift_t) · scale_t, so samplers, the inference
// engine and the app can be checked against a model whose right answer is known.

import { buildOnnxModel, onnxElemTypes, type NodeDef, type ValueInfoDef } from '../backbone/onnxBuilder';
import type { GeneLayout, LabelEncoding } from '../backbone/spec';
import { gaussianEpsTables } from '../diffusion/gaussianOracle';
import { createSchedule, type ScheduleSpec } from '../diffusion/schedule';

export interface GaussianBackboneOptions {
  schedule: ScheduleSpec;
  /** Per-slot mean, [G × C] row-major (gene-major whatever the layout). */
  mean: Float32Array | readonly number[];
  /** Per-slot variance, > 0, [G × C] row-major. */
  variance: Float32Array | readonly number[];
  genes: number;
  channels: number;
  /** Written as gdw.genes; default `genes` (no padding). */
  realGenes?: number;
  /** Written as gdw.components (one count per real gene) when given; default none (all components real). */
  componentsPerGene?: readonly number[];
  /** Default BGC; BCG transposes x in and ε out. */
  layout?: GeneLayout;
  /** Default int64; float32 is how the paper's own code feeds t (cast to an index here). */
  tDtype?: 'int64' | 'float32';
  /** Adds a label input that the graph ignores (the target does not depend on the class). */
  withLabelInput?: boolean;
  /** Label encoding when withLabelInput: index int64 [B] (default) or one-hot float32 [B, K]. */
  labelEncoding?: LabelEncoding;
  /** K, written as gdw.num_classes and used as the one-hot width; default 2. */
  numClasses?: number;
  /** Write the gdw.* metadata_props; default true. */
  metadata?: boolean;
  /** Input/output names, for tests of exports that do not say x / t / y / eps. */
  names?: Partial<Record<'x' | 't' | 'y' | 'eps', string>>;
}

const BATCH = 'batch';

function geneTensorDims(layout: GeneLayout, genes: number, channels: number): (number | string)[] {
  return layout === 'BGC' ? [BATCH, genes, channels] : [BATCH, channels, genes];
}

function graphInputs(o: GaussianBackboneOptions, names: Record<'x' | 't' | 'y', string>): ValueInfoDef[] {
  const inputs: ValueInfoDef[] = [
    { name: names.x, elemType: 'float32', dims: geneTensorDims(o.layout ?? 'BGC', o.genes, o.channels) },
    { name: names.t, elemType: o.tDtype ?? 'int64', dims: [BATCH] },
  ];
  if (o.withLabelInput) {
    const oneHot = o.labelEncoding === 'one-hot';
    inputs.push(oneHot
      ? { name: names.y, elemType: 'float32', dims: [BATCH, o.numClasses ?? 2] }
      : { name: names.y, elemType: 'int64', dims: [BATCH] });
  }
  return inputs;
}

/** Sub/Mul on gathered tables, with transposes around them for BCG and a cast for float t. */
function graphNodes(o: GaussianBackboneOptions, x: string, t: string, eps: string): NodeDef[] {
  const bcg = o.layout === 'BCG';
  const swap = { perm: { type: 'ints', value: [0, 2, 1] } } as const;
  const nodes: NodeDef[] = [];
  if (bcg) nodes.push({ opType: 'Transpose', inputs: [x], outputs: ['x_bgc'], attributes: swap });
  // Cast truncates toward zero, which is exact for the integer-valued timesteps the contract feeds.
  if (o.tDtype === 'float32') {
    nodes.push({ opType: 'Cast', inputs: [t], outputs: ['t_index'], attributes: { to: { type: 'int', value: onnxElemTypes.int64 } } });
  }
  const tIndex = o.tDtype === 'float32' ? 't_index' : t;
  nodes.push(
    { opType: 'Gather', inputs: ['shift_table', tIndex], outputs: ['shift_t'], attributes: { axis: { type: 'int', value: 0 } } },
    { opType: 'Gather', inputs: ['scale_table', tIndex], outputs: ['scale_t'], attributes: { axis: { type: 'int', value: 0 } } },
    { opType: 'Sub', inputs: [bcg ? 'x_bgc' : x, 'shift_t'], outputs: ['centred'] },
    { opType: 'Mul', inputs: ['centred', 'scale_t'], outputs: [bcg ? 'eps_bgc' : eps] },
  );
  if (bcg) nodes.push({ opType: 'Transpose', inputs: ['eps_bgc'], outputs: [eps], attributes: swap });
  return nodes;
}

function metadataProps(o: GaussianBackboneOptions): Record<string, string> {
  const spec = createSchedule(o.schedule).spec;
  const props: Record<string, string> = {
    'gdw.family': 'other',
    'gdw.description': 'gaussian-oracle: closed-form optimal eps-predictor for x0 ~ N(mean, diag variance)',
    'gdw.schedule': spec.kind,
    'gdw.timesteps': String(spec.timesteps),
  };
  if (spec.kind === 'linear') {
    props['gdw.beta_start'] = String(spec.betaStart);
    props['gdw.beta_end'] = String(spec.betaEnd);
  }
  props['gdw.prediction'] = 'eps';
  props['gdw.genes'] = String(o.realGenes ?? o.genes);
  if (o.componentsPerGene) props['gdw.components'] = o.componentsPerGene.join(',');
  props['gdw.layout'] = o.layout ?? 'BGC';
  // The oracle's padded slots are exactly 0 in x_t: its data has no noise there.
  props['gdw.padding'] = 'zero-x';
  if (o.withLabelInput) props['gdw.num_classes'] = String(o.numClasses ?? 2);
  return props;
}

/** ONNX bytes of the Gaussian oracle backbone; the same options always give the same bytes. */
export function buildGaussianBackbone(o: GaussianBackboneOptions): Uint8Array {
  const dims = o.genes * o.channels;
  if (o.mean.length !== dims || o.variance.length !== dims) {
    throw new RangeError(`mean and variance need genes × channels = ${dims} values, got ${o.mean.length} and ${o.variance.length}`);
  }
  const schedule = createSchedule(o.schedule);
  const tables = gaussianEpsTables(schedule, { mean: Float32Array.from(o.mean), variance: Float32Array.from(o.variance) });
  const names = { x: 'x', t: 't', y: 'y', eps: 'eps', ...o.names };
  const tableDims = [schedule.timesteps, o.genes, o.channels];
  return buildOnnxModel({
    graphName: 'gaussian_oracle',
    inputs: graphInputs(o, names),
    outputs: [{ name: names.eps, elemType: 'float32', dims: geneTensorDims(o.layout ?? 'BGC', o.genes, o.channels) }],
    initializers: [
      { name: 'shift_table', elemType: 'float32', dims: tableDims, data: tables.shift },
      { name: 'scale_table', elemType: 'float32', dims: tableDims, data: tables.scale },
    ],
    nodes: graphNodes(o, names.x, names.t, names.eps),
    metadata: o.metadata === false ? {} : metadataProps(o),
  });
}
