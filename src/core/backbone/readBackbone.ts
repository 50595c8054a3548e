// Inspects ONNX bytes against the backbone contract (DESIGN.md) and describes the model:
// which input is x, t, y (or z), the gene tensor's shape, and every sampler setting with its
// source. A model that cannot meet the contract is a BackboneContractError naming the file.

import { BackboneContractError } from '../errors';
import { looksLikeGenerator, matchDiffusionInputs, matchGeneratorInputs } from './matchInputs';
import { gdwKeys } from './metadataValues';
import { describeFile, describeTensor, readOnnxModelInfo, type OnnxModelInfo } from './onnxModelInfo';
import { resolveSettings, type ResolveContext, type ShapeFacts } from './resolveSettings';
import type { BackboneOverrides, BackboneSpec, LabelInput, LatentInput, TensorInfo, TimestepInput } from './spec';

interface Roles {
  facts: ShapeFacts;
  xInput: TensorInfo | null;
  tInput: TimestepInput | null;
  latentInput: LatentInput | null;
}

const contractSummary = 'x float32 [B, G, C] (or [B, C, G] with gdw.layout = BCG), t int64 or float32 [B], ' +
  'optional y int64 [B] or one-hot float32 [B, K]';

function fail(fileName: string | undefined, message: string): never {
  throw new BackboneContractError(`${describeFile(fileName)}: ${message}`, fileName);
}

const listTensors = (infos: readonly TensorInfo[]): string =>
  infos.length === 0 ? 'none' : infos.map(describeTensor).join('; ');

/** The label input and its slots: a one-hot width, or the rows of the table an index label feeds. */
function labelOf(y: TensorInfo | null, info: OnnxModelInfo): { labelInput: LabelInput | null; labelSlots: number | string | null } {
  if (!y) return { labelInput: null, labelSlots: null };
  if (y.elemType === 'int64' || y.elemType === 'int32') {
    return { labelInput: { name: y.name, encoding: 'index' }, labelSlots: info.indexTables[y.name] ?? null };
  }
  return { labelInput: { name: y.name, encoding: 'one-hot' }, labelSlots: y.dims?.[1] ?? null };
}

function rejectUnmatched(fileName: string | undefined, unmatched: readonly TensorInfo[], expected: string): void {
  if (unmatched.length > 0) {
    fail(fileName, `has input(s) the contract does not know: ${listTensors(unmatched)}; expected only ${expected}.`);
  }
}

/** The first output must be a float tensor shaped like `like` wherever both dims are fixed. */
function checkFirstOutput(fileName: string | undefined, output: TensorInfo, like: TensorInfo | null): void {
  const floatOut = output.elemType === 'float32' || output.elemType === 'float16';
  const rankOk = output.dims === null || output.dims.length === 3;
  const dimsOk = rankOk && (like?.dims ?? []).every((d, i) => {
    const o = output.dims?.[i];
    return typeof d !== 'number' || typeof o !== 'number' || d === o;
  });
  if (!floatOut || !dimsOk) {
    const expected = like ? `a float tensor shaped like ${describeTensor(like)}` : 'a float tensor of rank 3 [B, G, C]';
    fail(fileName, `the first output is ${describeTensor(output)}; expected ${expected}.`);
  }
}

function diffusionRoles(info: OnnxModelInfo, fileName: string | undefined): Roles {
  const roles = matchDiffusionInputs(info.inputs);
  if (!roles) {
    fail(fileName, `no input is a rank-3 float gene tensor: found ${listTensors(info.inputs)}; expected ${contractSummary}.`);
  }
  if (!roles.t) {
    fail(fileName, `no timestep input: found ${listTensors(info.inputs)}; expected t int64 or float32 [B] beside ${roles.x.name}.`);
  }
  rejectUnmatched(fileName, roles.unmatched, contractSummary);
  checkFirstOutput(fileName, info.outputs[0], roles.x);
  const tInput: TimestepInput = { name: roles.t.name, dtype: roles.t.elemType as TimestepInput['dtype'] };
  const facts: ShapeFacts = { kind: 'diffusion', geneDims: roles.x.dims, ...labelOf(roles.y, info) };
  return { facts, xInput: roles.x, tInput, latentInput: null };
}

function generatorRoles(info: OnnxModelInfo, fileName: string | undefined): Roles {
  const expected = 'z float32 [B, Dz] and an optional y int64 [B] or one-hot float32 [B, K]';
  const roles = matchGeneratorInputs(info.inputs);
  if (!roles) fail(fileName, `gdw.family is gan-generator but no input is a latent z: found ${listTensors(info.inputs)}; expected ${expected}.`);
  rejectUnmatched(fileName, roles.unmatched, expected);
  checkFirstOutput(fileName, info.outputs[0], null);
  const latentInput: LatentInput = { name: roles.z.name, latentDim: roles.z.dims?.[1] ?? '?' };
  const facts: ShapeFacts = { kind: 'gan-generator', geneDims: info.outputs[0].dims, ...labelOf(roles.y, info) };
  return { facts, xInput: null, tInput: null, latentInput };
}

function isGenerator(info: OnnxModelInfo, overrides: BackboneOverrides, context: ResolveContext): boolean {
  const sidecarFamily = context.sidecar?.values[gdwKeys.family];
  const family = info.metadata[gdwKeys.family]?.trim() ?? (typeof sidecarFamily === 'string' ? sidecarFamily : undefined) ?? overrides.family;
  if (family !== undefined) return family === 'gan-generator';
  return looksLikeGenerator(info.inputs, info.outputs[0]);
}

/**
 * Reads an ONNX backbone's description. Settings come from metadata, the sidecar, the user's
 * answers (`overrides`), the loaded encoding and the graph, in that order (resolveSettings); two
 * sources that disagree, or one that contradicts a fixed declared dimension, are a
 * BackboneContractError (code 'backbone-contract'), as is a model that cannot meet the contract.
 */
export function readBackboneSpec(bytes: Uint8Array, fileName?: string, overrides: BackboneOverrides = {},
  context: ResolveContext = {}): BackboneSpec {
  const info = readOnnxModelInfo(bytes, fileName);
  if (info.inputs.length === 0) fail(fileName, `the graph has no inputs; expected ${contractSummary}.`);
  if (info.outputs.length === 0) fail(fileName, 'the graph has no outputs; expected a first output shaped like x.');
  const roles = isGenerator(info, overrides, context) ? generatorRoles(info, fileName) : diffusionRoles(info, fileName);
  const { settings, sources, missing } = resolveSettings(info.metadata, roles.facts, overrides, fileName, context);
  return {
    fileName: fileName ?? '',
    byteLength: bytes.byteLength,
    ...info,
    kind: roles.facts.kind,
    xInput: roles.xInput,
    tInput: roles.tInput,
    labelInput: roles.facts.labelInput,
    latentInput: roles.latentInput,
    outputName: info.outputs[0].name,
    ...settings,
    sources,
    missing,
  };
}
