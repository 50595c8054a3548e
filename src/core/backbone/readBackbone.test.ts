import { describe, expect, it } from 'vitest';
import { BackboneContractError, GdwError } from '../errors';
import { createRng } from '../rng';
import { buildGaussianBackbone, type GaussianBackboneOptions } from '../sim/gaussianBackbone';
import { buildOnnxModel, type ValueInfoDef } from './onnxBuilder';
import { readBackboneSpec } from './readBackbone';

const G = 4;
const C = 3;

function gaussian(options: Partial<GaussianBackboneOptions> = {}): Uint8Array {
  return buildGaussianBackbone({
    schedule: { kind: 'linear', timesteps: 10, betaStart: 0.001, betaEnd: 0.05 },
    mean: new Float32Array(G * C).fill(0.5),
    variance: new Float32Array(G * C).fill(2),
    genes: G,
    channels: C,
    ...options,
  });
}

/** A graph that only declares inputs/outputs (one Identity per output): enough for the reader. */
function declared(inputs: ValueInfoDef[], outputs: ValueInfoDef[], metadata: Record<string, string> = {}): Uint8Array {
  const nodes = outputs.map((o) => ({ opType: 'Identity', inputs: [inputs[0].name], outputs: [o.name] }));
  return buildOnnxModel({ inputs, outputs, nodes, metadata });
}

const x = (dims: (number | string)[] = ['batch', G, C], name = 'x'): ValueInfoDef => ({ name, elemType: 'float32', dims });
const t = (name = 't', elemType: 'int64' | 'float32' = 'int64'): ValueInfoDef => ({ name, elemType, dims: ['batch'] });
const eps = (dims: (number | string)[] = ['batch', G, C]): ValueInfoDef => ({ name: 'eps', elemType: 'float32', dims });

function expectContractError(read: () => unknown, fileName: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    read();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(BackboneContractError);
  const err = caught as GdwError;
  expect(err.code).toBe('backbone-contract');
  expect(err.message).toContain(fileName);
  expect(err.location?.file).toBe(fileName);
  expect(err.message).toMatch(pattern);
}

describe('readBackboneSpec: contract variants', () => {
  it('reads a model with full metadata: every setting from metadata or shape, nothing to ask', () => {
    const bytes = gaussian({ realGenes: 3 });
    const spec = readBackboneSpec(bytes, 'oracle.onnx');
    expect(spec).toMatchObject({
      fileName: 'oracle.onnx', byteLength: bytes.byteLength, irVersion: 8, opset: 17,
      producerName: 'gene-diffusion-workbench', kind: 'diffusion', family: 'other', layout: 'BGC',
      genes: G, channels: C, realGenes: 3, componentsPerGene: null, numClasses: null, prediction: 'eps', codecSha256: null,
      schedule: { kind: 'linear', timesteps: 10, betaStart: 0.001, betaEnd: 0.05 },
      tInput: { name: 't', dtype: 'int64' }, labelInput: null, latentInput: null, outputName: 'eps',
    });
    expect(spec.inputs).toEqual([
      { name: 'x', elemType: 'float32', dims: ['batch', G, C] },
      { name: 't', elemType: 'int64', dims: ['batch'] },
    ]);
    expect(spec.outputs).toEqual([{ name: 'eps', elemType: 'float32', dims: ['batch', G, C] }]);
    expect(spec.metadata['gdw.description']).toMatch(/gaussian-oracle/);
    expect(spec.sources).toEqual({
      family: 'metadata', layout: 'metadata', genes: 'shape', channels: 'shape', realGenes: 'metadata',
      componentsPerGene: 'default', numClasses: 'shape', labelSlots: 'shape', nullClass: 'shape', staticBatch: 'shape',
      padding: 'metadata', 'schedule.kind': 'metadata', 'schedule.timesteps': 'metadata',
      'schedule.betaStart': 'metadata', 'schedule.betaEnd': 'metadata', prediction: 'metadata', codecSha256: 'default',
    });
    expect(spec.missing).toEqual([]);
  });

  it('reads a model with no metadata: contract defaults, recorded as such and listed to ask', () => {
    const spec = readBackboneSpec(gaussian({ metadata: false }), 'bare.onnx');
    expect(spec.metadata).toEqual({});
    expect(spec).toMatchObject({
      family: 'other', layout: 'BGC', genes: G, channels: C, realGenes: G, prediction: 'eps',
      schedule: { kind: 'linear', timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02 },
    });
    expect(spec.sources.layout).toBe('default');
    expect(spec.sources['schedule.timesteps']).toBe('default');
    expect(spec.missing).toEqual(['layout', 'realGenes', 'schedule.kind', 'schedule.timesteps',
      'schedule.betaStart', 'schedule.betaEnd', 'prediction']);
  });

  it('takes remembered answers as overrides and stops asking for them', () => {
    const spec = readBackboneSpec(gaussian({ metadata: false }), 'bare.onnx', {
      layout: 'BGC', realGenes: 2, prediction: 'v', schedule: { kind: 'cosine', timesteps: 500 }, padding: 'zero-x',
    });
    expect(spec).toMatchObject({ realGenes: 2, prediction: 'v', schedule: { kind: 'cosine', timesteps: 500 } });
    expect(spec.sources['schedule.kind']).toBe('override');
    // β does not matter for a cosine schedule, so it is not asked for.
    expect(spec.missing).toEqual([]);
  });

  it('reads gdw.components: the real components of each real gene, the per-component padding mask', () => {
    const spec = readBackboneSpec(declared([x(), t()], [eps()], { 'gdw.genes': '3', 'gdw.components': '3, 1,0' }), 'slots.onnx');
    expect(spec).toMatchObject({ genes: G, channels: C, realGenes: 3, componentsPerGene: [3, 1, 0] });
    expect(spec.sources.componentsPerGene).toBe('metadata');
    expect(spec.missing).not.toContain('componentsPerGene');
  });

  it('reads a model without gdw.components as all components real, without asking', () => {
    const spec = readBackboneSpec(gaussian({ metadata: false }), 'bare.onnx');
    expect(spec.componentsPerGene).toBeNull();
    expect(spec.sources.componentsPerGene).toBe('default');
    expect(spec.missing).not.toContain('componentsPerGene');
  });

  it('takes components per gene as an answer, checked against the real genes', () => {
    const spec = readBackboneSpec(gaussian({ realGenes: 2 }), 'oracle.onnx', { componentsPerGene: [3, 2] });
    expect(spec).toMatchObject({ realGenes: 2, componentsPerGene: [3, 2], sources: { componentsPerGene: 'override' } });
    expectContractError(() => readBackboneSpec(gaussian({ realGenes: 2 }), 'oracle.onnx', { componentsPerGene: [3, 2, 1] }),
      'oracle.onnx', /the answer for componentsPerGene is a list of 3 counts; expected .* one per real gene \(2\)/);
  });

  it('reads a float timestep input', () => {
    const spec = readBackboneSpec(gaussian({ tDtype: 'float32' }), 'float-t.onnx');
    expect(spec.tInput).toEqual({ name: 't', dtype: 'float32' });
  });

  it('reads a BCG model: genes from the last axis', () => {
    const spec = readBackboneSpec(gaussian({ layout: 'BCG' }), 'bcg.onnx');
    expect(spec).toMatchObject({ layout: 'BCG', genes: G, channels: C });
    expect(spec.inputs[0].dims).toEqual(['batch', C, G]);
  });

  it('reads a BCG model without metadata as BGC until the user answers', () => {
    const bytes = gaussian({ layout: 'BCG', metadata: false });
    expect(readBackboneSpec(bytes, 'bcg.onnx')).toMatchObject({ layout: 'BGC', genes: C, channels: G });
    const answered = readBackboneSpec(bytes, 'bcg.onnx', { layout: 'BCG' });
    expect(answered).toMatchObject({ layout: 'BCG', genes: G, channels: C });
    expect(answered.sources.layout).toBe('override');
  });

  it('reads a one-hot label input: its slots from the shape, the classes asked (a slot may be the null token)', () => {
    const spec = readBackboneSpec(gaussian({ withLabelInput: true, labelEncoding: 'one-hot', numClasses: 3, metadata: false }), 'onehot.onnx');
    expect(spec.labelInput).toEqual({ name: 'y', encoding: 'one-hot' });
    expect(spec).toMatchObject({ labelSlots: 3, numClasses: 3, nullClass: null });
    expect(spec.sources).toMatchObject({ labelSlots: 'shape', numClasses: 'default' });
    expect(spec.missing).toContain('numClasses');
    const answered = readBackboneSpec(gaussian({ withLabelInput: true, labelEncoding: 'one-hot', numClasses: 3, metadata: false }),
      'onehot.onnx', { numClasses: 2, nullClass: 2 });
    expect(answered).toMatchObject({ labelSlots: 3, numClasses: 2, nullClass: 2 });
    expect(answered.missing).not.toContain('nullClass');
    const noNull = readBackboneSpec(gaussian({ withLabelInput: true, labelEncoding: 'one-hot', numClasses: 3, metadata: false }),
      'onehot.onnx', { numClasses: 2 });
    expect(noNull.missing).toContain('nullClass');
  });

  it('reads an index label input: K from gdw.num_classes, else a default to ask about', () => {
    const withMeta = readBackboneSpec(gaussian({ withLabelInput: true, numClasses: 5 }), 'index.onnx');
    expect(withMeta.labelInput).toEqual({ name: 'y', encoding: 'index' });
    expect(withMeta).toMatchObject({ numClasses: 5, sources: { numClasses: 'metadata' } });
    const bare = readBackboneSpec(gaussian({ withLabelInput: true, metadata: false }), 'index.onnx');
    expect(bare.numClasses).toBe(2);
    expect(bare.missing).toContain('numClasses');
  });

  it('matches odd input names (paper exports) by rank and type', () => {
    const names = { x: 'onnx::Add_0', t: 'onnx::Gather_1', y: 'onnx::Gemm_2' };
    const spec = readBackboneSpec(gaussian({ names, withLabelInput: true, tDtype: 'float32', labelEncoding: 'one-hot' }), 'paper.onnx');
    expect(spec.xInput?.name).toBe('onnx::Add_0');
    expect(spec.tInput).toEqual({ name: 'onnx::Gather_1', dtype: 'float32' });
    expect(spec.labelInput).toEqual({ name: 'onnx::Gemm_2', encoding: 'one-hot' });
  });

  it('matches alias names, and leaves a named y for y even when it is declared before an odd t', () => {
    const aliased = readBackboneSpec(gaussian({ names: { x: 'input', t: 'timesteps' } }), 'alias.onnx');
    expect([aliased.xInput?.name, aliased.tInput?.name]).toEqual(['input', 'timesteps']);
    const yFirst = declared([x(), { name: 'y', elemType: 'int64', dims: ['batch'] }, t('onnx::Cast_7')], [eps()]);
    const spec = readBackboneSpec(yFirst, 'yfirst.onnx');
    expect(spec.tInput?.name).toBe('onnx::Cast_7');
    expect(spec.labelInput).toEqual({ name: 'y', encoding: 'index' });
  });

  it('accepts symbolic gene dims and asks for G and C', () => {
    const spec = readBackboneSpec(declared([x(['b', 'genes', 'channels']), t()], [eps(['b', 'genes', 'channels'])]), 'sym.onnx');
    expect(spec).toMatchObject({ genes: null, channels: null, realGenes: null });
    expect(spec.missing).toEqual(expect.arrayContaining(['genes', 'channels', 'realGenes']));
    const answered = readBackboneSpec(declared([x(['b', 'genes', 'channels']), t()], [eps(['b', 'genes', 'channels'])]),
      'sym.onnx', { genes: 64, channels: 8 });
    expect(answered).toMatchObject({ genes: 64, channels: 8, realGenes: 64, sources: { genes: 'override' } });
  });

  it('ignores initializers that old IR versions also list as inputs', () => {
    const bytes = buildOnnxModel({
      irVersion: 3, opset: 9,
      inputs: [x(), t(), { name: 'w', elemType: 'float32', dims: [1] }],
      outputs: [eps()],
      initializers: [{ name: 'w', elemType: 'float32', dims: [1], data: [2] }],
      nodes: [{ opType: 'Mul', inputs: ['x', 'w'], outputs: ['eps'] }],
    });
    const spec = readBackboneSpec(bytes, 'ir3.onnx');
    expect(spec.inputs.map((i) => i.name)).toEqual(['x', 't']);
    expect([spec.irVersion, spec.opset]).toEqual([3, 9]);
  });

  it('reads a GAN generator: z in, a rank-3 gene tensor out, no schedule to ask about', () => {
    const z: ValueInfoDef = { name: 'z', elemType: 'float32', dims: ['batch', 32] };
    const y: ValueInfoDef = { name: 'y', elemType: 'int64', dims: ['batch'] };
    const out: ValueInfoDef = { name: 'x', elemType: 'float32', dims: ['batch', 16, 8] };
    const spec = readBackboneSpec(declared([z, y], [out], { 'gdw.family': 'gan-generator', 'gdw.num_classes': '2' }), 'gan.onnx');
    expect(spec).toMatchObject({
      kind: 'gan-generator', family: 'gan-generator', genes: 16, channels: 8, numClasses: 2,
      xInput: null, tInput: null, latentInput: { name: 'z', latentDim: 32 }, labelInput: { name: 'y', encoding: 'index' },
    });
    expect(spec.missing).toEqual(['layout', 'realGenes']);
    const bare = readBackboneSpec(declared([z], [out]), 'gan.onnx');
    expect(bare).toMatchObject({ kind: 'gan-generator', family: 'gan-generator', sources: { family: 'shape' } });
  });
});

describe('readBackboneSpec: rejections', () => {
  it('rejects random bytes as not an ONNX protobuf', () => {
    const rng = createRng(7);
    const bytes = Uint8Array.from({ length: 4096 }, () => rng.nextUint32() & 0xff);
    expectContractError(() => readBackboneSpec(bytes, 'noise.bin'), 'noise.bin', /could not decode .*expected an ONNX ModelProto/);
  });

  it('rejects a truncated model', () => {
    const bytes = gaussian();
    const truncated = bytes.subarray(0, Math.floor(bytes.byteLength / 2));
    expectContractError(() => readBackboneSpec(truncated, 'cut.onnx'), 'cut.onnx', /could not decode .*expected an ONNX ModelProto/);
  });

  it('rejects a protobuf with no graph', () => {
    expectContractError(() => readBackboneSpec(new Uint8Array(0), 'empty.onnx'), 'empty.onnx', /no graph/);
  });

  const cases: [string, () => Uint8Array, RegExp][] = [
    ['no rank-3 float input', () => declared([x(['batch', 12]), t()], [eps(['batch', 12])]), /no input is a rank-3 float gene tensor: found x float32 \[batch, 12\]/],
    ['an int gene tensor', () => declared([{ name: 'x', elemType: 'int64', dims: ['batch', G, C] }, t()], [eps()]), /no input is a rank-3 float/],
    ['no timestep input', () => declared([x()], [eps()]), /no timestep input/],
    ['an extra input', () => declared([x(), t(), { name: 'mask', elemType: 'bool', dims: [G, C] }], [eps()]), /does not know: mask bool/],
    ['an output of another shape', () => declared([x(), t()], [eps(['batch', G, C + 1])]), /first output is eps float32 \[batch, 4, 4\]; expected a float tensor shaped like x/],
    ['an output of rank 2', () => declared([x(), t()], [eps(['batch', G * C])]), /first output is eps/],
    ['an int output', () => declared([x(), t()], [{ name: 'eps', elemType: 'int64', dims: ['batch', G, C] }]), /first output is eps int64/],
    ['an unknown gdw.layout', () => declared([x(), t()], [eps()], { 'gdw.layout': 'GBC' }), /gdw.layout is "GBC"; expected one of BGC, BCG/],
    ['an unknown gdw.schedule', () => declared([x(), t()], [eps()], { 'gdw.schedule': 'sigmoid' }), /gdw.schedule is "sigmoid"; expected one of linear, cosine/],
    ['an unknown gdw.prediction', () => declared([x(), t()], [eps()], { 'gdw.prediction': 'score' }), /gdw.prediction is "score"; expected one of eps, x0, v/],
    ['an unknown gdw.family', () => declared([x(), t()], [eps()], { 'gdw.family': 'vae' }), /gdw.family is "vae"/],
    ['a non-numeric gdw.timesteps', () => declared([x(), t()], [eps()], { 'gdw.timesteps': 'many' }), /gdw.timesteps is "many"; expected an integer ≥ 1/],
    ['a fractional gdw.timesteps', () => declared([x(), t()], [eps()], { 'gdw.timesteps': '10.5' }), /gdw.timesteps is "10.5"/],
    ['a β outside (0, 1)', () => declared([x(), t()], [eps()], { 'gdw.beta_end': '2' }), /gdw.beta_end is "2"; expected a number > 0 < 1/],
    ['more real genes than slots', () => declared([x(), t()], [eps()], { 'gdw.genes': '5' }), /gdw.genes is "5"; expected an integer ≥ 1 ≤ 4/],
    ['gdw.components with more components than C',
      () => declared([x(), t()], [eps()], { 'gdw.genes': '2', 'gdw.components': '3,4' }),
      /gdw.components is "3,4" \(entry 2 is "4"\); expected comma-separated integers from 0 to 3 \(the components per gene, C\), one per real gene \(2\)/],
    ['gdw.components with a count per slot instead of per real gene',
      () => declared([x(), t()], [eps()], { 'gdw.genes': '3', 'gdw.components': '3,3,3,3' }),
      /gdw.components is a list of 4 counts; expected .* one per real gene \(3\)/],
    ['a non-integer gdw.components entry', () => declared([x(), t()], [eps()], { 'gdw.genes': '2', 'gdw.components': '3,1.5' }),
      /gdw.components is "3,1.5" \(entry 2 is "1.5"\)/],
    ['a negative gdw.components entry', () => declared([x(), t()], [eps()], { 'gdw.genes': '2', 'gdw.components': '-1,3' }),
      /entry 1 is "-1"/],
    ['an empty gdw.components entry', () => declared([x(), t()], [eps()], { 'gdw.genes': '2', 'gdw.components': '3,,' }),
      /entry 2 is ""/],
    ['more classes than the one-hot width',
      () => declared([x(), t(), { name: 'y', elemType: 'float32', dims: ['batch', 3] }], [eps()], { 'gdw.num_classes': '4' }),
      /numClasses = 4 \(from metadata\), but the label input 'y' has 3 slots \(from the graph\)/],
    ['a null class that is a real class',
      () => declared([x(), t(), { name: 'y', elemType: 'float32', dims: ['batch', 3] }], [eps()], { 'gdw.num_classes': '2', 'gdw.null_class': '1' }),
      /the null \(unconditional\) class is 1, but the real classes are 0 … 1/],
    ['a generator without z', () => declared([x(), t()], [eps()], { 'gdw.family': 'gan-generator' }), /gan-generator but no input is a latent z/],
  ];
  it.each(cases)('rejects %s', (_what, build, pattern) => {
    const bytes = build();
    expectContractError(() => readBackboneSpec(bytes, 'bad.onnx'), 'bad.onnx', pattern);
  });

  it('rejects an answer that contradicts a fixed dimension', () => {
    expectContractError(() => readBackboneSpec(gaussian(), 'fixed.onnx', { channels: 8 }), 'fixed.onnx',
      /the answer for channels says channels = 8, but the model's declared shape fixes it at 3/);
  });

  it('names "the model" when no file name is given', () => {
    expect(() => readBackboneSpec(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(/could not decode the model/);
  });
});
