import { describe, expect, it } from 'vitest';
import { buildOnnxModel, type ModelDef } from './onnxBuilder';
import { onnx, protoIntToNumber, type OnnxTypes } from './onnxProto';

const model: ModelDef = {
  inputs: [{ name: 'a', elemType: 'float32', dims: ['batch', 3] }, { name: 'idx', elemType: 'int64', dims: [2] }],
  outputs: [{ name: 'out', elemType: 'float32', dims: null }],
  initializers: [
    { name: 'w', elemType: 'float32', dims: [3], data: [0.5, -1.25, 3] },
    { name: 'shape', elemType: 'int64', dims: [2], data: BigInt64Array.from([-1n, 3n]) },
  ],
  nodes: [
    { opType: 'Mul', inputs: ['a', 'w'], outputs: ['scaled'] },
    { opType: 'Gather', inputs: ['scaled', 'idx'], outputs: ['out'], attributes: { axis: { type: 'int', value: 1 } } },
  ],
  producerVersion: '0.1.0',
  metadata: { 'gdw.layout': 'BGC', 'gdw.timesteps': '10' },
};

describe('buildOnnxModel', () => {
  it('writes what it was given: versions, typed dims, attributes, little-endian raw data, metadata in order', () => {
    const decoded = onnx.ModelProto.decode(buildOnnxModel(model));
    expect(protoIntToNumber(decoded.irVersion)).toBe(8);
    expect(protoIntToNumber(decoded.opsetImport[0].version)).toBe(17);
    expect([decoded.producerName, decoded.producerVersion]).toEqual(['gene-diffusion-workbench', '0.1.0']);
    expect(decoded.metadataProps.map((p) => [p.key, p.value])).toEqual([['gdw.layout', 'BGC'], ['gdw.timesteps', '10']]);
    const graph = decoded.graph as OnnxTypes.GraphProto;
    const dims = graph.input[0].type?.tensorType?.shape?.dim ?? [];
    expect([dims[0].dimParam, protoIntToNumber(dims[1].dimValue)]).toEqual(['batch', 3]);
    expect(graph.output[0].type?.tensorType?.shape).toBeNull();
    expect(graph.node.map((n) => n.name)).toEqual(['Mul_0', 'Gather_1']);
    expect(protoIntToNumber(graph.node[1].attribute?.[0].i)).toBe(1);
    const view = (bytes: Uint8Array | null | undefined) => new DataView(bytes!.buffer, bytes!.byteOffset, bytes!.byteLength);
    const w = view(graph.initializer[0].rawData);
    // Exact: these values are representable in float32.
    expect([0, 1, 2].map((i) => w.getFloat32(i * 4, true))).toEqual([0.5, -1.25, 3]);
    expect(view(graph.initializer[1].rawData).getBigInt64(0, true)).toBe(-1n);
  });

  it('is deterministic and returns a standalone buffer', () => {
    const a = buildOnnxModel(model);
    expect(buildOnnxModel(model)).toEqual(a);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(a.byteLength);
  });

  it('rejects an initializer whose data does not fill its dims', () => {
    const bad: ModelDef = { ...model, initializers: [{ name: 'w', elemType: 'float32', dims: [2, 2], data: [1, 2, 3] }] };
    expect(() => buildOnnxModel(bad)).toThrow(/dims \[2, 2\] need 4 values, got 3/);
  });
});

describe('protoIntToNumber', () => {
  it('reads numbers, Long-like objects (including high words) and absent values', () => {
    expect(protoIntToNumber(7)).toBe(7);
    expect(protoIntToNumber({ low: 5, high: 1 })).toBe(4294967301);
    expect(protoIntToNumber({ low: -1, high: 0 })).toBe(4294967295);
    expect(protoIntToNumber(null)).toBe(0);
  });
});
