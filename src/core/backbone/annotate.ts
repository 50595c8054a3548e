// Writes gdw.* settings into a model's metadata_props (`gdw annotate`) without decoding its
// graph: a ModelProto is a flat list of top-level protobuf fields, so the rewrite copies every
// field byte for byte except the metadata_props entries (field 14) whose keys it replaces, then
// appends the new entries. Weights, inline or external (their `location`s are untouched), and
// everything else stay exactly as the exporter wrote them; a 1 GB model costs one copy.

import { BackboneContractError } from '../errors';
import { gdwKeys } from './metadataValues';
import { describeFile } from './onnxModelInfo';
import { onnx } from './onnxProto';
import type { BackboneSpec, SettingKey, SettingSource } from './spec';

/** ModelProto.metadata_props. */
const METADATA_FIELD = 14;
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

function readVarint(bytes: Uint8Array, at: number, fileName: string): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    value += (bytes[i] & 0x7f) * scale;
    scale *= 128;
    if ((bytes[i] & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new BackboneContractError(`${describeFile(fileName)}, byte ${at}: a protobuf varint runs past the end; is it a complete .onnx file?`, fileName);
}

function writeVarint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 128) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

interface Field { number: number; start: number; end: number; payload: Uint8Array | null }

/** The top-level fields of a protobuf message, with their byte ranges. */
function topLevelFields(bytes: Uint8Array, fileName: string): Field[] {
  const fields: Field[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const tag = readVarint(bytes, at, fileName);
    const wire = tag.value % 8;
    const number = Math.floor(tag.value / 8);
    at = tag.next;
    let payload: Uint8Array | null = null;
    if (wire === WIRE_VARINT) at = readVarint(bytes, at, fileName).next;
    else if (wire === WIRE_FIXED64) at += 8;
    else if (wire === WIRE_FIXED32) at += 4;
    else if (wire === WIRE_BYTES) {
      const length = readVarint(bytes, at, fileName);
      payload = bytes.subarray(length.next, length.next + length.value);
      at = length.next + length.value;
    } else {
      throw new BackboneContractError(`${describeFile(fileName)}, byte ${start}: protobuf wire type ${wire} is not valid in an ONNX ModelProto`, fileName);
    }
    if (at > bytes.length) {
      throw new BackboneContractError(`${describeFile(fileName)}, byte ${start}: field ${number} runs past the end of the file; is it complete?`, fileName);
    }
    fields.push({ number, start, end: at, payload });
  }
  return fields;
}

/**
 * The model with `entries` as metadata_props: an entry of the same key is replaced, other
 * entries and every other field are kept byte for byte.
 */
export function setModelMetadata(bytes: Uint8Array, entries: Record<string, string>, fileName: string): Uint8Array {
  const replaced = new Set(Object.keys(entries));
  const kept = topLevelFields(bytes, fileName).filter((f) => {
    if (f.number !== METADATA_FIELD || f.payload === null) return true;
    return !replaced.has(onnx.StringStringEntryProto.decode(f.payload).key ?? '');
  });
  const added = Object.entries(entries).map(([key, value]) => {
    const entry = onnx.StringStringEntryProto.encode({ key, value }).finish();
    return Uint8Array.from([...writeVarint(METADATA_FIELD * 8 + WIRE_BYTES), ...writeVarint(entry.length), ...entry]);
  });
  const size = kept.reduce((n, f) => n + f.end - f.start, 0) + added.reduce((n, a) => n + a.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const f of kept) {
    out.set(bytes.subarray(f.start, f.end), at);
    at += f.end - f.start;
  }
  for (const a of added) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** Sources whose values annotate writes: everything a person or the data said, and the layout the graph showed. */
const written: readonly SettingSource[] = ['override', 'sidecar', 'encoding', 'metadata'];

/**
 * The gdw.* entries that record a resolved spec's settings: those given by metadata, a sidecar,
 * answers or the encoding, the layout and label slots the graph showed, and the defaults the
 * user accepted (`acceptDefaults`). A cosine schedule writes no β.
 */
export function settingsToMetadata(spec: BackboneSpec, acceptDefaults = false): Record<string, string> {
  const keep = (key: SettingKey) => written.includes(spec.sources[key]) || (acceptDefaults && spec.sources[key] === 'default');
  const out: Record<string, string> = {};
  const put = (key: SettingKey, gdwKey: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && keep(key)) out[gdwKey] = String(value);
  };
  put('family', gdwKeys.family, spec.family);
  if (keep('layout') || spec.sources.layout === 'shape') out[gdwKeys.layout] = spec.layout;
  if (spec.kind === 'diffusion') {
    put('schedule.kind', gdwKeys.schedule, spec.schedule.kind);
    put('schedule.timesteps', gdwKeys.timesteps, spec.schedule.timesteps);
    if (spec.schedule.kind === 'linear') {
      put('schedule.betaStart', gdwKeys.betaStart, spec.schedule.betaStart);
      put('schedule.betaEnd', gdwKeys.betaEnd, spec.schedule.betaEnd);
    }
    put('prediction', gdwKeys.prediction, spec.prediction);
    put('padding', gdwKeys.padding, spec.padding);
    put('staticBatch', gdwKeys.batch, spec.staticBatch);
  }
  put('numClasses', gdwKeys.numClasses, spec.numClasses);
  if (spec.labelInput && keep('nullClass')) out[gdwKeys.nullClass] = spec.nullClass === null ? 'none' : String(spec.nullClass);
  put('realGenes', gdwKeys.genes, spec.realGenes);
  put('componentsPerGene', gdwKeys.components, spec.componentsPerGene?.join(','));
  put('codecSha256', gdwKeys.codecSha256, spec.codecSha256);
  return out;
}
