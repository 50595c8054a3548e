// The paper's export conventions read from the graph: an index label's slots from its OneHot depth
// or embedding table, the layout from the small axis, a fixed batch; masks in the contract's form;
// metadata written into a model without touching anything else.
import { describe, expect, it } from 'vitest';
import { setModelMetadata, settingsToMetadata } from './annotate';
import { buildOnnxModel, type InitializerDef, type NodeDef } from './onnxBuilder';
import { componentsFromMask, encodingFromNpyMask } from './paddingMask';
import { readBackboneSpec } from './readBackbone';
import { readOnnxModelInfo } from './onnxModelInfo';

const G = 64;
const C = 8;

/** x [B, C, G] + t [B] + y [B] int64 → eps, with y looked up as the paper's code does. */
function paperModel(label: 'onehot' | 'embedding', batch: number | string = 'batch'): Uint8Array {
  const nodes: NodeDef[] = [{ opType: 'Identity', inputs: ['x'], outputs: ['eps'] }];
  const initializers: InitializerDef[] = [];
  if (label === 'onehot') {
    // F.one_hot(y, 3): Cast → OneHot(depth = Constant 3)
    initializers.push({ name: 'depth', elemType: 'int64', dims: [], data: [3] }, { name: 'values', elemType: 'int64', dims: [2], data: [0, 1] });
    nodes.push({ opType: 'Cast', inputs: ['y'], outputs: ['y64'], attributes: { to: { type: 'int', value: 7 } } },
      { opType: 'OneHot', inputs: ['y64', 'depth', 'values'], outputs: ['y1h'] });
  } else {
    // nn.Embedding(3, 4): Gather(weight [3, 4], y)
    initializers.push({ name: 'emb.weight', elemType: 'float32', dims: [3, 4], data: new Float32Array(12) });
    nodes.push({ opType: 'Gather', inputs: ['emb.weight', 'y'], outputs: ['y_emb'] });
  }
  return buildOnnxModel({
    inputs: [
      { name: 'input', elemType: 'float32', dims: [batch, C, G] },
      { name: 'timesteps', elemType: 'int64', dims: [batch] },
      { name: 'y', elemType: 'int64', dims: [batch] },
    ],
    outputs: [{ name: 'eps', elemType: 'float32', dims: [batch, C, G] }],
    nodes: nodes.map((n) => ({ ...n, inputs: n.inputs.map((i) => (i === 'x' ? 'input' : i)) })), initializers,
  });
}

describe('what the graph of a paper-style export tells', () => {
  it.each(['onehot', 'embedding'] as const)('reads the label slots of an index label from its %s', (label) => {
    const bytes = paperModel(label);
    expect(readOnnxModelInfo(bytes).indexTables).toEqual({ y: 3 });
    const spec = readBackboneSpec(bytes, 'paper.onnx');
    expect(spec).toMatchObject({ layout: 'BCG', genes: G, channels: C, labelSlots: 3, sources: { layout: 'shape', labelSlots: 'shape' } });
    // 3 slots: the classes are asked for (3, or 2 and a null slot); the answer 2 then asks for the null class.
    expect(spec.missing).toContain('numClasses');
    expect(readBackboneSpec(bytes, 'paper.onnx', { numClasses: 2 }).missing).toContain('nullClass');
    const answered = readBackboneSpec(bytes, 'paper.onnx', { numClasses: 2, nullClass: 2 });
    expect(answered).toMatchObject({ numClasses: 2, nullClass: 2, labelSlots: 3 });
    expect(answered.missing).not.toContain('nullClass');
  });

  it('reads a fixed batch from the declared shape', () => {
    const spec = readBackboneSpec(paperModel('embedding', 32), 'frozen.onnx');
    expect(spec).toMatchObject({ staticBatch: 32, sources: { staticBatch: 'shape' } });
    expect(readBackboneSpec(paperModel('embedding'), 'dynamic.onnx').staticBatch).toBeNull();
  });

  it('takes the encoding\'s mask only when the model is shaped like it, and never over a mask a source gives', () => {
    const encoding = { name: 'the loaded encoding', genes: G, channels: C, realGenes: 2, componentsPerGene: [8, 1] };
    const spec = readBackboneSpec(paperModel('embedding'), 'paper.onnx', {}, { encoding });
    expect(spec).toMatchObject({ realGenes: 2, componentsPerGene: [8, 1], sources: { realGenes: 'encoding', componentsPerGene: 'encoding' } });
    const other = readBackboneSpec(paperModel('embedding'), 'paper.onnx', {}, { encoding: { ...encoding, genes: 128 } });
    expect(other.sources.realGenes).toBe('default');
    const answered = readBackboneSpec(paperModel('embedding'), 'paper.onnx', { realGenes: 5 }, { encoding });
    expect(answered).toMatchObject({ realGenes: 5, componentsPerGene: null });
  });
});

describe('padding masks in the contract\'s form', () => {
  it('reads the paper\'s zero_mask polarity: real genes first, k real components each', () => {
    const zero = new Uint8Array(6 * 4).fill(1);
    [4, 1, 0, 2].forEach((k, g) => zero.fill(0, g * 4, g * 4 + k));
    const encoding = encodingFromNpyMask({ dtype: '|u1', shape: [6, 4], data: zero }, 'padded', 'zero_mask.npy');
    expect(encoding).toMatchObject({ genes: 6, channels: 4, realGenes: 4, componentsPerGene: [4, 1, 0, 2] });
    expect(componentsFromMask(zero.map((v) => 1 - v), 6, 4, 'm')).toEqual({ realGenes: 4, componentsPerGene: [4, 1, 0, 2] });
  });

  it('refuses a mask that is not [G, C] or not 0/1', () => {
    expect(() => encodingFromNpyMask({ dtype: '<f4', shape: [24], data: new Float32Array(24) }, 'real', 'm.npy')).toThrow(/expected \[G, C\]/);
    expect(() => encodingFromNpyMask({ dtype: '<f4', shape: [2, 2], data: Float32Array.from([1, 0.5, 0, 0]) }, 'real', 'm.npy'))
      .toThrow(/slot 1 \(gene 0, component 1\) is 0\.5/);
  });
});

describe('gdw annotate\'s metadata rewrite', () => {
  it('replaces and adds gdw.* entries, keeps every other byte, and the model reads back with them', () => {
    const bytes = setModelMetadata(paperModel('onehot'), { 'other.key': 'kept' }, 'paper.onnx');
    const spec = readBackboneSpec(bytes, 'paper.onnx', {
      layout: 'BCG', schedule: { kind: 'cosine', timesteps: 500 }, prediction: 'eps', numClasses: 2, nullClass: 2, realGenes: G,
    });
    const entries = settingsToMetadata(spec);
    expect(entries).toMatchObject({ 'gdw.layout': 'BCG', 'gdw.schedule': 'cosine', 'gdw.timesteps': '500', 'gdw.null_class': '2' });
    expect(entries['gdw.beta_start']).toBeUndefined();
    const annotated = setModelMetadata(bytes, entries, 'paper.onnx');
    const again = readBackboneSpec(annotated, 'paper.onnx');
    expect(again.missing).toEqual([]);
    expect(again.metadata['other.key']).toBe('kept');
    expect(again).toMatchObject({ numClasses: 2, nullClass: 2, schedule: { kind: 'cosine', timesteps: 500 } });
    // Written twice: one entry per key, not two.
    const twice = readOnnxModelInfo(setModelMetadata(annotated, { 'gdw.timesteps': '400' }, 'paper.onnx'));
    expect(twice.metadata['gdw.timesteps']).toBe('400');
    expect(Object.keys(twice.metadata).filter((k) => k === 'gdw.timesteps')).toHaveLength(1);
  });

  it('refuses bytes that are not a protobuf message, naming the byte', () => {
    expect(() => setModelMetadata(Uint8Array.from([0x0a, 0x80]), {}, 'bad.onnx')).toThrow(/bad\.onnx, byte 1: a protobuf varint runs past the end/);
  });
});
