// Decodes ONNX bytes into the plain facts the contract check needs: versions, producer,
// metadata_props and the declared graph inputs/outputs (initializers excluded). Weights are
// decoded too (protobufjs has no lazy mode) but are not kept.

import { BackboneContractError } from '../errors';
import { findIndexTables } from './indexTables';
import { onnx, protoIntToNumber, type OnnxTypes } from './onnxProto';
import type { OnnxModelInfo, TensorElemType, TensorInfo } from './spec';

export type { OnnxModelInfo } from './spec';

/** TensorProto.DataType codes to names. */
const elemTypeNames: Record<number, TensorElemType> = {
  0: 'undefined', 1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32',
  7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64',
  14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

/** How a file is named in messages. */
export function describeFile(fileName: string | undefined): string {
  return fileName ? fileName : 'the model';
}

/** "float32 [batch, 16, 8]" for messages. */
export function describeTensor(info: TensorInfo): string {
  const dims = info.dims === null ? 'unknown shape' : `[${info.dims.join(', ')}]`;
  return `${info.name} ${info.elemType} ${dims}`;
}

function dimOf(dim: OnnxTypes.TensorShapeProto.IDimension): number | string {
  if (dim.dimParam) return dim.dimParam;
  // Unset, or -1 as some exporters write for "unknown": symbolic and unnamed.
  const value = protoIntToNumber(dim.dimValue);
  return dim.dimValue !== null && dim.dimValue !== undefined && value >= 0 ? value : '?';
}

function tensorInfo(value: OnnxTypes.IValueInfoProto): TensorInfo {
  const name = value.name ?? '';
  const tensor = value.type?.tensorType;
  if (!tensor) return { name, elemType: 'non-tensor', dims: null };
  const elemType = elemTypeNames[tensor.elemType ?? 0] ?? 'undefined';
  const dims = tensor.shape ? (tensor.shape.dim ?? []).map(dimOf) : null;
  return { name, elemType, dims };
}

function decode(bytes: Uint8Array, fileName: string | undefined): OnnxTypes.ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BackboneContractError(
      `could not decode ${describeFile(fileName)} (${bytes.byteLength} bytes): expected an ONNX ModelProto ` +
      `protobuf (${reason}). Is it a complete .onnx file?`, fileName);
  }
}

function defaultOpset(model: OnnxTypes.ModelProto): number | null {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? protoIntToNumber(entry.version) : null;
}

/** Decodes and summarises a model; throws BackboneContractError when it is not an ONNX model. */
export function readOnnxModelInfo(bytes: Uint8Array, fileName?: string): OnnxModelInfo {
  const model = decode(bytes, fileName);
  const graph = model.graph;
  if (!graph || ((graph.node ?? []).length === 0 && (graph.output ?? []).length === 0)) {
    throw new BackboneContractError(
      `${describeFile(fileName)} decodes but has no graph: expected an ONNX ModelProto with a graph ` +
      `of nodes, inputs and outputs (found ir_version ${protoIntToNumber(model.irVersion)}).`, fileName);
  }
  // IR < 4 models list every initializer as a graph input too; those are weights, not inputs.
  const weights = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  const metadata: Record<string, string> = {};
  for (const entry of model.metadataProps ?? []) metadata[entry.key ?? ''] = entry.value ?? '';
  const inputs = (graph.input ?? []).filter((v) => !weights.has(v.name ?? '')).map(tensorInfo);
  const intInputs = inputs.filter((i) => i.elemType === 'int64' || i.elemType === 'int32').map((i) => i.name);
  return {
    irVersion: protoIntToNumber(model.irVersion),
    opset: defaultOpset(model),
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    metadata,
    inputs,
    outputs: (graph.output ?? []).map(tensorInfo),
    indexTables: findIndexTables(graph, intInputs),
  };
}
