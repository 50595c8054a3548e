// ONNX external data: the side files a model keeps its weights in (`onnx.save_model(...,
// save_as_external_data=True)`), found from the model's bytes and matched to the files given,
// with the size each must have (the largest offset + length a tensor reads from it).
import { onnx, protoIntToNumber, type OnnxTypes, type ProtoInt } from '../core/backbone/onnxProto';
import { GdwError, ParseError, errorCodes } from '../core/errors';
import { MissingFileError } from './fileRoles';
import type { ExternalDataFile } from './inference';

/** ONNX TensorProto.DataLocation.EXTERNAL: the tensor's bytes live in the side file its external_data names. */
const externalLocation = 1;

/** Bytes per element of the TensorProto data types a weight may have (4-bit types round up). */
const bytesPerElement: Record<number, number> = {
  1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2, 17: 1, 18: 1, 19: 1, 20: 1,
};

/** A side file a model names, and the bytes its tensors read from it. */
export interface ExternalLocation {
  location: string;
  /** The largest offset + length any tensor reads: the file must hold at least this many bytes. */
  bytesNeeded: number;
}

/** A side file is shorter than the tensors stored in it need: truncated, or from another export. */
export class ExternalDataError extends GdwError {
  constructor(message: string, file: string) {
    super(errorCodes.invalidRequest, message, { file });
    this.name = 'ExternalDataError';
  }
}

/** Where one tensor's bytes end in its side file: offset + length, the length from dims × type when absent. */
function tensorEnd(tensor: OnnxTypes.ITensorProto, entries: Map<string, string>): number {
  const offset = Number(entries.get('offset') ?? 0);
  const length = entries.has('length')
    ? Number(entries.get('length'))
    : (tensor.dims ?? []).reduce<number>((n, d) => n * protoIntToNumber(d as ProtoInt), 1) * (bytesPerElement[tensor.dataType ?? 0] ?? 0);
  return offset + length;
}

/** Every side file the tensors of a graph (and its subgraphs) name as their `location`, with the bytes they need. */
function collectExternalLocations(graph: OnnxTypes.IGraphProto | null | undefined, found: Map<string, number>): void {
  const visit = (tensor: OnnxTypes.ITensorProto | null | undefined) => {
    if (!tensor || tensor.dataLocation !== externalLocation) return;
    const entries = new Map((tensor.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const location = entries.get('location');
    if (location) found.set(location, Math.max(found.get(location) ?? 0, tensorEnd(tensor, entries)));
  };
  (graph?.initializer ?? []).forEach(visit);
  for (const attribute of (graph?.node ?? []).flatMap((n) => n.attribute ?? [])) {
    visit(attribute.t);
    (attribute.tensors ?? []).forEach(visit);
    collectExternalLocations(attribute.g, found);
    (attribute.graphs ?? []).forEach((g) => collectExternalLocations(g, found));
  }
}

/**
 * The side files a model needs, from its bytes; a file that is not an ONNX model is a ParseError
 * naming it. (Decodes the model once more than readBackboneSpec does: weight bytes are views, not copies.)
 */
export function readExternalLocations(bytes: Uint8Array, fileName: string): ExternalLocation[] {
  let model: OnnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ParseError(`${fileName} (${bytes.byteLength} bytes) is not an ONNX model: its bytes do not decode as an ONNX ` +
      `ModelProto (${(err as Error).message}). Choose the .onnx file your exporter wrote (torch.onnx.export).`, { file: fileName });
  }
  if (!model.graph || (model.graph.node ?? []).length + (model.graph.output ?? []).length === 0) {
    throw new ParseError(`${fileName} (${bytes.byteLength} bytes) is not an ONNX model: it has no graph of nodes and outputs. ` +
      'Choose the .onnx file your exporter wrote (torch.onnx.export).', { file: fileName });
  }
  const found = new Map<string, number>();
  collectExternalLocations(model.graph, found);
  return [...found].map(([location, bytesNeeded]) => ({ location, bytesNeeded }));
}

/** A side file that is shorter than its tensors need, as a typed error naming the model, the file and both sizes. */
export function checkExternalDataSize(modelName: string, need: ExternalLocation, sideFile: string, sizeBytes: number): void {
  if (sizeBytes >= need.bytesNeeded) return;
  throw new ExternalDataError(`${sideFile} is ${sizeBytes.toLocaleString('en-US')} bytes, but ${modelName} reads up to byte ` +
    `${need.bytesNeeded.toLocaleString('en-US')} of it (external data '${need.location}'): the file is truncated or from ` +
    `another export. Copy it again next to ${modelName}. Nothing was loaded.`, sideFile);
}

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** The given side files under the names the model uses; a missing or short one stops the load before any session. */
export function matchExternalData(locations: ExternalLocation[], given: ExternalDataFile[], fileName: string): ExternalDataFile[] {
  const find = (location: string) => given.find((f) => f.path === location) ?? given.find((f) => baseName(f.path) === baseName(location));
  const missing = locations.map((l) => l.location).filter((location) => !find(location));
  if (missing.length > 0) {
    const names = missing.join(', ');
    const offered = given.length === 0 ? 'none was given' : `given: ${given.map((f) => f.path).join(', ')}`;
    throw new MissingFileError(`${fileName} keeps its weights in external data file(s) ${names} (${offered}). ` +
      `Add ${names} together with ${fileName}. Nothing was loaded.`);
  }
  return locations.map((need) => {
    const file = find(need.location) as ExternalDataFile;
    checkExternalDataSize(fileName, need, file.path, file.data.byteLength);
    return { path: need.location, data: file.data };
  });
}
