// Reads a TensorBoard event file (`events.out.tfevents.*`) into the MetricsLog that
// lightningMetrics produces, so the loss-curve figure draws either. The file is TFRecord framing
// (uint64 LE length, masked CRC-32C of it, data, masked CRC-32C of the data) around `Event`
// protobufs (tensorflow/core/util/event.proto, tensorboard/compat/proto/summary.proto). Scalars come
// from `simple_value` (TF1, PyTorch) or from a one-element float/double tensor (TF2, tensorboardX).
import protobuf from 'protobufjs/minimal.js';
import { ParseError } from '../errors';
import { crc32c, maskCrc32c } from './crc32c';
import type { MetricsLog, ScalarSeries } from './lightningMetrics';

// protobufjs is CommonJS: Node's ESM loader exposes it only as the default export (see onnxProto.ts).
const { Reader } = protobuf;
type ProtoReader = InstanceType<typeof Reader>;

/** uint64 length + uint32 masked CRC-32C of those 8 bytes. */
const HEADER_BYTES = 12;
/** uint32 masked CRC-32C of the data. */
const FOOTER_BYTES = 4;

/** Wire types (protobuf encoding spec). */
const wire = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
/** TensorProto dtypes that hold a scalar loss (tensorflow/core/framework/types.proto). */
const dtypes = { float: 1, double: 2 } as const;
/** The TensorBoard plugin that owns scalar summaries; a tensor of another plugin is not a scalar. */
const SCALARS_PLUGIN = 'scalars';

export interface TfRecord {
  /** Where the record's header starts in the file. */
  byteOffset: number;
  data: Uint8Array;
}

const hex = (crc: number): string => `0x${crc.toString(16).padStart(8, '0')}`;

function readRecordAt(bytes: Uint8Array, view: DataView, at: number, file: string): TfRecord {
  const left = bytes.length - at;
  if (left < HEADER_BYTES) {
    throw new ParseError(`byte ${at} of ${file}: expected a ${HEADER_BYTES}-byte record header (length and its CRC-32C), `
      + `found ${left} bytes; the file is truncated`, { file, byteOffset: at });
  }
  const storedLengthCrc = view.getUint32(at + 8, true);
  const lengthCrc = maskCrc32c(crc32c(bytes, at, at + 8));
  if (storedLengthCrc !== lengthCrc) {
    throw new ParseError(`byte ${at + 8} of ${file}: the record length's CRC-32C is ${hex(storedLengthCrc)}, expected `
      + `${hex(lengthCrc)}; the file is corrupt or not a TensorBoard event file`, { file, byteOffset: at + 8 });
  }
  const length = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  const dataAt = at + HEADER_BYTES;
  if (length + FOOTER_BYTES > bytes.length - dataAt) {
    throw new ParseError(`byte ${dataAt} of ${file}: expected a ${length}-byte record and its CRC-32C, found `
      + `${bytes.length - dataAt} bytes; the file is truncated`, { file, byteOffset: dataAt });
  }
  const crcAt = dataAt + length;
  const storedDataCrc = view.getUint32(crcAt, true);
  const dataCrc = maskCrc32c(crc32c(bytes, dataAt, crcAt));
  if (storedDataCrc !== dataCrc) {
    throw new ParseError(`byte ${crcAt} of ${file}: the CRC-32C of the ${length}-byte record at byte ${dataAt} is `
      + `${hex(dataCrc)}, expected ${hex(storedDataCrc)}; the record is corrupt`, { file, byteOffset: crcAt });
  }
  return { byteOffset: at, data: bytes.subarray(dataAt, crcAt) };
}

/** Splits a TFRecord file into its records, checking every length and CRC. */
export function readTfRecords(bytes: Uint8Array, file: string): TfRecord[] {
  if (bytes.length === 0) {
    throw new ParseError(`${file} is empty; expected TensorBoard event records (events.out.tfevents.*)`, { file, byteOffset: 0 });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: TfRecord[] = [];
  for (let at = 0; at < bytes.length;) {
    const record = readRecordAt(bytes, view, at, file);
    records.push(record);
    at += HEADER_BYTES + record.data.length + FOOTER_BYTES;
  }
  return records;
}

/** True when the bytes open with a TFRecord header whose length CRC checks: a sniff, not a full read. */
export function hasTfRecordHeader(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint32(8, true) === maskCrc32c(crc32c(bytes, 0, 8));
}

// ---- Event protobuf, decoded field by field with protobufjs's Reader ----

/** One summary value that may hold a scalar; `value` is null when it holds something else. */
interface TaggedValue {
  tag: string;
  value: number | null;
  /** `metadata.plugin_data.plugin_name`, which TensorBoard writes only with a tag's first value. */
  plugin: string | null;
}

/** int64 fields read as Long objects where protobufjs finds the `long` package (Node), else as numbers. */
const int64ToNumber = (value: number | { low: number; high: number }): number =>
  typeof value === 'number' ? value : value.high * 2 ** 32 + (value.low >>> 0);

/** The end of the length-delimited field under the reader. */
function messageEnd(reader: ProtoReader): number {
  const end = reader.uint32() + reader.pos;
  if (end > reader.len) throw new RangeError(`a field of ${end - reader.pos} bytes runs past the record's end`);
  return end;
}

/** Calls `onField` for each field up to `end`; fields it does not take (returns false) are skipped. */
function readFields(reader: ProtoReader, end: number, onField: (field: number, wireType: number) => boolean): void {
  while (reader.pos < end) {
    const key = reader.uint32();
    if (!onField(key >>> 3, key & 7)) reader.skipType(key & 7);
  }
  if (reader.pos !== end) throw new RangeError('a field runs past the end of its message');
}

/** Appends float_val (5) or double_val (6), packed or one per field. */
function readRepeatedReal(reader: ProtoReader, wireType: number, isDouble: boolean, into: number[]): void {
  const readOne = () => into.push(isDouble ? reader.double() : reader.float());
  if (wireType !== wire.bytes) return void readOne();
  const end = messageEnd(reader);
  while (reader.pos < end) readOne();
}

/** TensorShapeProto: the element count (product of dim sizes), or NaN for an unknown rank. */
function readElementCount(reader: ProtoReader): number {
  let count = 1;
  readFields(reader, messageEnd(reader), (field, wireType) => {
    if (field === 3 && wireType === wire.varint) count = reader.bool() ? NaN : count;
    else if (field === 2 && wireType === wire.bytes) {
      readFields(reader, messageEnd(reader), (dimField, dimWire) => {
        if (dimField !== 1 || dimWire !== wire.varint) return false;
        count *= int64ToNumber(reader.int64());
        return true;
      });
    } else return false;
    return true;
  });
  return count;
}

/** TensorProto: its value when it is one float32 or float64, else null. */
function readScalarTensor(reader: ProtoReader): number | null {
  let dtype = 0;
  let count = 1;
  let content: Uint8Array | null = null;
  const floats: number[] = [];
  const doubles: number[] = [];
  readFields(reader, messageEnd(reader), (field, wireType) => {
    if (field === 1 && wireType === wire.varint) dtype = reader.int32();
    else if (field === 2 && wireType === wire.bytes) count = readElementCount(reader);
    else if (field === 4 && wireType === wire.bytes) content = reader.bytes();
    else if (field === 5 && (wireType === wire.bytes || wireType === wire.fixed32)) readRepeatedReal(reader, wireType, false, floats);
    else if (field === 6 && (wireType === wire.bytes || wireType === wire.fixed64)) readRepeatedReal(reader, wireType, true, doubles);
    else return false;
    return true;
  });
  if (count !== 1 || (dtype !== dtypes.float && dtype !== dtypes.double)) return null;
  const bytes = content as Uint8Array | null;
  const width = dtype === dtypes.float ? 4 : 8;
  if (bytes && bytes.length === width) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, width);
    return dtype === dtypes.float ? view.getFloat32(0, true) : view.getFloat64(0, true);
  }
  const values = dtype === dtypes.float ? floats : doubles;
  return values.length === 1 ? values[0] : null;
}

/** SummaryMetadata → plugin_data (1) → plugin_name (1). */
function readPluginName(reader: ProtoReader): string | null {
  let name: string | null = null;
  readFields(reader, messageEnd(reader), (field, wireType) => {
    if (field !== 1 || wireType !== wire.bytes) return false;
    readFields(reader, messageEnd(reader), (pluginField, pluginWire) => {
      if (pluginField !== 1 || pluginWire !== wire.bytes) return false;
      name = reader.string();
      return true;
    });
    return true;
  });
  return name;
}

/** Summary.Value: tag (1), simple_value (2), tensor (8), metadata (9). */
function readValue(reader: ProtoReader): TaggedValue {
  const value: TaggedValue = { tag: '', value: null, plugin: null };
  let simple: number | null = null;
  readFields(reader, messageEnd(reader), (field, wireType) => {
    if (field === 1 && wireType === wire.bytes) value.tag = reader.string();
    else if (field === 2 && wireType === wire.fixed32) simple = reader.float();
    else if (field === 8 && wireType === wire.bytes) value.value = readScalarTensor(reader);
    else if (field === 9 && wireType === wire.bytes) value.plugin = readPluginName(reader);
    else return false;
    return true;
  });
  if (simple !== null) value.value = simple;
  return value;
}

/** Event: step (2) and summary (5) → value (1); wall_time, file_version, graphs and logs are skipped. */
function readEvent(data: Uint8Array): { step: number; values: TaggedValue[] } {
  const reader = Reader.create(data);
  let step = 0;
  const values: TaggedValue[] = [];
  readFields(reader, reader.len, (field, wireType) => {
    if (field === 2 && wireType === wire.varint) step = int64ToNumber(reader.int64());
    else if (field === 5 && wireType === wire.bytes) {
      readFields(reader, messageEnd(reader), (summaryField, summaryWire) => {
        if (summaryField !== 1 || summaryWire !== wire.bytes) return false;
        values.push(readValue(reader));
        return true;
      });
    } else return false;
    return true;
  });
  return { step, values };
}

/** Collects every scalar: tag → step → value (a repeated step keeps the last, as TensorBoard does). */
function collectScalars(records: TfRecord[], file: string): Map<string, Map<number, number>> {
  const byTag = new Map<string, Map<number, number>>();
  const pluginOf = new Map<string, string>();
  for (const record of records) {
    let event: ReturnType<typeof readEvent>;
    try {
      event = readEvent(record.data);
    } catch (err) {
      throw new ParseError(`byte ${record.byteOffset} of ${file}: expected a TensorBoard Event protobuf in the `
        + `${record.data.length}-byte record (${err instanceof Error ? err.message : String(err)})`, { file, byteOffset: record.byteOffset });
    }
    for (const { tag, value, plugin } of event.values) {
      if (plugin !== null && !pluginOf.has(tag)) pluginOf.set(tag, plugin);
      const owner = pluginOf.get(tag);
      if (value === null || (owner !== undefined && owner !== '' && owner !== SCALARS_PLUGIN)) continue;
      const steps = byTag.get(tag) ?? new Map<number, number>();
      byTag.set(tag, steps);
      steps.set(event.step, value);
    }
  }
  return byTag;
}

/** One series per scalar tag, tags in the order they first appear; non-scalar summaries are left out. */
export function parseTfEvents(bytes: Uint8Array, file: string): MetricsLog {
  const byTag = collectScalars(readTfRecords(bytes, file), file);
  const series: Record<string, ScalarSeries> = {};
  const allSteps = new Set<number>();
  for (const [name, byStep] of byTag) {
    const steps = [...byStep.keys()].sort((a, b) => a - b);
    steps.forEach((s) => allSteps.add(s));
    series[name] = { name, steps, values: steps.map((s) => byStep.get(s)!) };
  }
  return { file, columns: [...byTag.keys()], series, steps: [...allSteps].sort((a, b) => a - b) };
}
