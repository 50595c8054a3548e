// What the graph tells about an integer input: how many slots the table it indexes has. The
// paper's code feeds y as a class index and looks it up inside the model, either with
// F.one_hot(y, K + 1) (exported as OneHot with a constant depth) or nn.Embedding(K + 1, H)
// (exported as Gather on a [K + 1, H] initializer); the slot count is read from that node.

import { onnx, protoIntToNumber, type OnnxTypes } from './onnxProto';

/** Ops that pass an index through unchanged in value (the path from the input to its lookup). */
const passThrough = new Set(['Cast', 'Unsqueeze', 'Squeeze', 'Reshape', 'Identity', 'Flatten']);

/** A scalar (or one-element) integer tensor's value. */
function scalarOf(tensor: OnnxTypes.ITensorProto | null | undefined): number | null {
  if (!tensor) return null;
  const dims = (tensor.dims ?? []).map(protoIntToNumber);
  if (dims.reduce((a, b) => a * b, 1) !== 1) return null;
  const ints = [...(tensor.int64Data ?? []), ...(tensor.int32Data ?? [])].map(protoIntToNumber);
  if (ints.length > 0) return ints[0];
  if ((tensor.floatData ?? []).length > 0) return tensor.floatData?.[0] ?? null;
  const raw = tensor.rawData;
  if (!raw || raw.byteLength === 0) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (tensor.dataType) {
    case onnx.TensorProto.DataType.INT64: return raw.byteLength >= 8 ? Number(view.getBigInt64(0, true)) : null;
    case onnx.TensorProto.DataType.INT32: return raw.byteLength >= 4 ? view.getInt32(0, true) : null;
    case onnx.TensorProto.DataType.FLOAT: return raw.byteLength >= 4 ? view.getFloat32(0, true) : null;
    default: return null;
  }
}

/** The constant tensors of a graph by name: initializers and Constant nodes' `value`. */
function constants(graph: OnnxTypes.IGraphProto): Map<string, OnnxTypes.ITensorProto> {
  const found = new Map<string, OnnxTypes.ITensorProto>();
  for (const t of graph.initializer ?? []) found.set(t.name ?? '', t);
  for (const node of graph.node ?? []) {
    if (node.opType !== 'Constant') continue;
    const value = (node.attribute ?? []).find((a) => a.name === 'value')?.t;
    if (value && node.output?.[0]) found.set(node.output[0], value);
  }
  return found;
}

/** The slots of the table `input` indexes, following pass-through ops; null when none is found. */
function tableRows(graph: OnnxTypes.IGraphProto, consts: Map<string, OnnxTypes.ITensorProto>, input: string): number | null {
  const seen = new Set<string>();
  const queue = [input];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const node of graph.node ?? []) {
      const inputs = node.input ?? [];
      if (node.opType === 'OneHot' && inputs[0] === name) {
        const depth = scalarOf(consts.get(inputs[1] ?? ''));
        if (depth !== null && depth >= 1) return depth;
      }
      if (node.opType === 'Gather' && inputs[1] === name) {
        const table = consts.get(inputs[0] ?? '');
        const rows = table?.dims?.length ? protoIntToNumber(table.dims[0]) : 0;
        if (rows >= 1 && (table?.dims?.length ?? 0) >= 2) return rows;
      }
      if (passThrough.has(node.opType ?? '') && inputs[0] === name) queue.push(...(node.output ?? []));
    }
  }
  return null;
}

/** For each integer input of the graph, the rows of the lookup table it feeds, where one is found. */
export function findIndexTables(graph: OnnxTypes.IGraphProto, inputNames: readonly string[]): Record<string, number> {
  const consts = constants(graph);
  const out: Record<string, number> = {};
  for (const name of inputNames) {
    const rows = tableRows(graph, consts, name);
    if (rows !== null) out[name] = rows;
  }
  return out;
}
