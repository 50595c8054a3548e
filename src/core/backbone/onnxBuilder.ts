// A small typed way to write ONNX models from TypeScript with onnx-proto, so tests and the demo
// backbone need no Python. It covers what those models use: typed graph inputs/outputs with
// fixed or symbolic dims, float/int64 initializers, nodes with attributes and metadata_props.

import { onnx, type OnnxTypes } from './onnxProto';

/** Element types a graph input or output can declare (ONNX TensorProto.DataType). */
export const onnxElemTypes = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
} as const;
export type OnnxElemType = keyof typeof onnxElemTypes;

/** A graph input or output: dims are numbers (fixed) or strings (symbolic); null = no shape. */
export interface ValueInfoDef {
  name: string;
  elemType: OnnxElemType;
  dims: readonly (number | string)[] | null;
}

export type InitializerDef =
  | { name: string; elemType: 'float32'; dims: readonly number[]; data: Float32Array | readonly number[] }
  | { name: string; elemType: 'int64'; dims: readonly number[]; data: BigInt64Array | readonly number[] };

/** A node attribute, tagged because ONNX stores ints and floats in different fields. */
export type AttributeDef =
  | { type: 'int'; value: number }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'float'; value: number }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'string'; value: string };

export interface NodeDef {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Defaults to `${opType}_${index}` so every node has a stable, unique name. */
  name?: string;
  domain?: string;
  attributes?: Readonly<Record<string, AttributeDef>>;
}

export interface ModelDef {
  inputs: readonly ValueInfoDef[];
  outputs: readonly ValueInfoDef[];
  nodes: readonly NodeDef[];
  initializers?: readonly InitializerDef[];
  graphName?: string;
  /** Default-domain opset version; default 17. */
  opset?: number;
  /** Default 8 (ONNX 1.10, what onnx-proto 8 describes). */
  irVersion?: number;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** metadata_props, written in insertion order so the bytes are deterministic. */
  metadata?: Readonly<Record<string, string>>;
}

export const defaultOpset = 17;
export const defaultIrVersion = 8;
export const defaultProducerName = 'gene-diffusion-workbench';

function valueInfo(def: ValueInfoDef): OnnxTypes.IValueInfoProto {
  const shape = def.dims === null ? null : {
    dim: def.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
  };
  return { name: def.name, type: { tensorType: { elemType: onnxElemTypes[def.elemType], shape } } };
}

/** ONNX raw_data is little-endian whatever the host, so write it through a DataView. */
function rawData(def: InitializerDef): Uint8Array {
  const count = def.data.length;
  const width = def.elemType === 'float32' ? 4 : 8;
  const bytes = new Uint8Array(count * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) {
    const value = def.data[i];
    if (def.elemType === 'float32') view.setFloat32(i * 4, Number(value), true);
    else view.setBigInt64(i * 8, BigInt(value), true);
  }
  return bytes;
}

function initializer(def: InitializerDef): OnnxTypes.ITensorProto {
  const expected = def.dims.reduce((a, b) => a * b, 1);
  if (expected !== def.data.length) {
    throw new RangeError(`initializer ${def.name}: dims [${def.dims.join(', ')}] need ${expected} values, got ${def.data.length}`);
  }
  return { name: def.name, dims: [...def.dims], dataType: onnxElemTypes[def.elemType], rawData: rawData(def) };
}

function attribute(name: string, def: AttributeDef): OnnxTypes.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  switch (def.type) {
    case 'int': return { name, type: types.INT, i: def.value };
    case 'ints': return { name, type: types.INTS, ints: [...def.value] };
    case 'float': return { name, type: types.FLOAT, f: def.value };
    case 'floats': return { name, type: types.FLOATS, floats: [...def.value] };
    case 'string': return { name, type: types.STRING, s: new TextEncoder().encode(def.value) };
  }
}

function node(def: NodeDef, index: number): OnnxTypes.INodeProto {
  return {
    name: def.name ?? `${def.opType}_${index}`,
    opType: def.opType,
    domain: def.domain ?? '',
    input: [...def.inputs],
    output: [...def.outputs],
    attribute: Object.entries(def.attributes ?? {}).map(([name, attr]) => attribute(name, attr)),
  };
}

/** Encodes a model definition as ONNX protobuf bytes (a standalone Uint8Array). */
export function buildOnnxModel(def: ModelDef): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: def.irVersion ?? defaultIrVersion,
    opsetImport: [{ domain: '', version: def.opset ?? defaultOpset }],
    producerName: def.producerName ?? defaultProducerName,
    producerVersion: def.producerVersion ?? '',
    docString: def.docString ?? '',
    graph: {
      name: def.graphName ?? 'main',
      input: def.inputs.map(valueInfo),
      output: def.outputs.map(valueInfo),
      initializer: (def.initializers ?? []).map(initializer),
      node: def.nodes.map(node),
    },
    metadataProps: Object.entries(def.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  // Copy: in Node, protobufjs may hand back a Buffer that shares a pooled ArrayBuffer.
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}
