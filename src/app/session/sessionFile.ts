// The session file: a zip holding session.json (format 'gdw-session', version 1: the snapshot,
// the data's codec hash, the backbones it refers to, and each generated set's description) and
// each set's samples as raw little-endian float32 (sets/<i>.f32) with its labels (sets/<i>.labels.i32).
// The zip itself is written and read in the archive worker (sessionTransfer.ts); here are its
// entries and their checks, and in-memory versions of both for tests.
import { strFromU8, strToU8 } from 'fflate';
import { boundedUnzip, type ZipLimits } from '../../core/archive/boundedUnzip';
import { collectZipBytes } from '../../core/archive/zipChunks';
import { getZipBytesBound, zipStream, type ZipPartsEntry } from '../../core/archive/zipStreamWriter';
import { ParseError } from '../../core/errors';
import type { BackboneSpec } from '../../core/backbone/spec';
import type { SampleRequest } from '../../core/diffusion/sampler';
import type { ExecutionProviderName } from '../../engines/inference';
import type { SyntheticSetArrays } from '../sampleSets';
import type { BackboneId, SessionSnapshot } from '../store';
import { FieldChecker } from './fieldChecker';
import { checkSessionSnapshot } from './snapshotCheck';
import { fromTaggedJson, toTaggedJson } from './taggedJson';
import type { SessionBackboneRef } from './sessionMatch';

export const SESSION_FORMAT = 'gdw-session';
export const SESSION_VERSION = 1;
const SESSION_JSON = 'session.json';
const gibibyte = 2 ** 30;

/**
 * A session holds one samples entry and one labels entry per generated set; a set may be as large
 * as the paper's cohort (10,405 × 18,432 × 8 float32 = 6.1 GB), and a few sets fit the total.
 */
export const sessionZipLimits: ZipLimits = { maxEntries: 4096, maxEntryBytes: 8 * gibibyte, maxTotalBytes: 32 * gibibyte };

/** What the user can do when the chosen file is not a zip at all. */
export const sessionZipAdvice = 'choose a gdw-session-….zip that Export session wrote';

type Unzipped = Record<string, Uint8Array>;

/** What a session file holds, read back. */
export interface SessionFileContents {
  /** ISO 8601. */
  createdAt: string;
  /** The encoding the sets and results were made on; null when nothing was encoded. */
  codecSha256: string | null;
  /** Every backbone the session refers to: loaded, with a set, or in the comparison. */
  backbones: SessionBackboneRef[];
  snapshot: SessionSnapshot;
  sets: SyntheticSetArrays[];
}

/** A set in session.json: everything but its arrays, which are entries of their own. */
interface SetDescription {
  backboneId: BackboneId;
  version: number;
  samplesEntry: string;
  labelsEntry: string | null;
  count: number;
  genes: number;
  channels: number;
  request: SampleRequest;
  executionProvider: ExecutionProviderName;
  elapsedMs: number;
  spec: BackboneSpec;
  file: { name: string; sha256: string; bytes: number };
}

/** `gdw-session-2025-01-31.zip`, in local time. */
export function getSessionFileName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `gdw-session-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.zip`;
}

const bytesOf = (array: Float32Array | Int32Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
const samplesEntryOf = (i: number): string => `sets/${i}.f32`;
const labelsEntryOf = (i: number): string => `sets/${i}.labels.i32`;

/**
 * The session's zip entries: session.json, then each set's samples and labels as views of the
 * sets' own arrays. Samples are stored, not deflated: float noise hardly compresses.
 */
export function getSessionZipEntries(contents: SessionFileContents): ZipPartsEntry[] {
  const arrays: ZipPartsEntry[] = [];
  const sets: SetDescription[] = contents.sets.map((set, i) => {
    const { samples, labels, ...rest } = set;
    const samplesEntry = samplesEntryOf(i);
    const labelsEntry = labels ? labelsEntryOf(i) : null;
    arrays.push({ name: samplesEntry, level: 0, parts: [bytesOf(samples)] });
    if (labels && labelsEntry) arrays.push({ name: labelsEntry, level: 0, parts: [bytesOf(labels)] });
    return { ...rest, samplesEntry, labelsEntry };
  });
  const json = {
    format: SESSION_FORMAT, version: SESSION_VERSION, createdAt: contents.createdAt, codecSha256: contents.codecSha256,
    backbones: contents.backbones, snapshot: toTaggedJson(contents.snapshot), sets: toTaggedJson(sets),
  };
  return [{ name: SESSION_JSON, level: 6, parts: [strToU8(`${JSON.stringify(json, null, 1)}\n`)] }, ...arrays];
}

/**
 * Gives each set its arrays back once the archive worker returned the bytes lent to it: the same
 * values in the returned buffers. The set objects stay the same, so nothing sees them as changed.
 */
export function returnLentArrays(sets: readonly SyntheticSetArrays[], returned: ReadonlyMap<string, Uint8Array>): void {
  sets.forEach((set, i) => {
    const samples = returned.get(samplesEntryOf(i));
    const labels = returned.get(labelsEntryOf(i));
    if (samples) set.samples = new Float32Array(samples.buffer, samples.byteOffset, samples.byteLength / 4);
    if (labels) set.labels = new Int32Array(labels.buffer, labels.byteOffset, labels.byteLength / 4);
  });
}

/** The session as zip bytes, in memory (tests; the page writes it in the archive worker). */
export function writeSessionZip(contents: SessionFileContents): Uint8Array {
  const entries = getSessionZipEntries(contents);
  return collectZipBytes(zipStream(entries), getZipBytesBound(entries));
}

function unzip(bytes: Uint8Array, fileName: string, limits: ZipLimits): Unzipped {
  return boundedUnzip(bytes, fileName, limits, { advice: sessionZipAdvice });
}

function parseSessionJson(entries: Unzipped, fileName: string): unknown {
  const entry = entries[SESSION_JSON];
  if (!entry) {
    throw new ParseError(`${fileName}: ${SESSION_JSON} is missing: this is not a workbench session file (Export session writes one)`,
      { file: fileName });
  }
  try {
    return JSON.parse(strFromU8(entry));
  } catch (err) {
    throw new ParseError(`${fileName}: ${SESSION_JSON} is not valid JSON: ${(err as Error).message}`, { file: `${fileName}/${SESSION_JSON}` });
  }
}

/** An entry's bytes as a typed array of `length` elements: a view of the entry (its own aligned buffer as the unzippers give it), else a copy. */
function readArrayEntry<T extends Float32Array | Int32Array>(
  c: FieldChecker, entries: Unzipped, name: unknown, path: string, length: number, make: (buffer: ArrayBuffer, byteOffset: number) => T,
): T {
  const entryName = c.string(name, path);
  const entry = entries[entryName];
  if (!entry) c.fail(path, `an entry of the archive (${entryName} is missing)`, entryName);
  if (entry.byteLength !== length * 4) c.fail(path, `${length * 4} bytes in ${entryName} (${length} values)`, `${entry.byteLength} bytes`);
  return entry.byteOffset % 4 === 0 ? make(entry.buffer as ArrayBuffer, entry.byteOffset) : make(entry.slice().buffer, 0);
}

function readSet(c: FieldChecker, entries: Unzipped, value: unknown, path: string): SyntheticSetArrays {
  const d = c.object(value, path);
  const count = c.integer(d.count, `${path}.count`, 1);
  const genes = c.integer(d.genes, `${path}.genes`, 1);
  const channels = c.integer(d.channels, `${path}.channels`, 1);
  const samples = readArrayEntry(c, entries, d.samplesEntry, `${path}.samplesEntry`, count * genes * channels, (b, at) => new Float32Array(b, at, count * genes * channels));
  const labels = c.nullable(d.labelsEntry, `${path}.labelsEntry`, (v, p) => readArrayEntry(c, entries, v, p, count, (b, at) => new Int32Array(b, at, count)));
  const file = c.object(d.file, `${path}.file`);
  c.object(d.spec, `${path}.spec`);
  c.object(d.request, `${path}.request`);
  return {
    backboneId: c.string(d.backboneId, `${path}.backboneId`) as BackboneId,
    // Files written before sets had versions hold version 1 of each.
    version: d.version === undefined ? 1 : c.integer(d.version, `${path}.version`, 1), samples, count, genes, channels, labels,
    request: d.request as SampleRequest, executionProvider: c.string(d.executionProvider, `${path}.executionProvider`) as ExecutionProviderName,
    elapsedMs: c.number(d.elapsedMs, `${path}.elapsedMs`), spec: d.spec as BackboneSpec,
    file: { name: c.string(file.name, `${path}.file.name`), sha256: c.sha256(file.sha256, `${path}.file.sha256`), bytes: c.integer(file.bytes, `${path}.file.bytes`) },
  };
}

function readBackboneRef(c: FieldChecker, value: unknown, path: string): SessionBackboneRef {
  const ref = c.object(value, path);
  return { id: c.string(ref.id, `${path}.id`) as BackboneId, fileName: c.string(ref.fileName, `${path}.fileName`), sha256: c.sha256(ref.sha256, `${path}.sha256`) };
}

/** Reads and checks a session file in memory (tests; the page unzips it in the archive worker). */
export function readSessionZip(bytes: Uint8Array, fileName: string, limits = sessionZipLimits): SessionFileContents {
  return readSessionEntries(unzip(bytes, fileName, limits), fileName);
}

/** Checks a session file's entries; any fault is a ParseError naming the file and the entry or field. */
export function readSessionEntries(entries: Unzipped, fileName: string): SessionFileContents {
  const where = `${fileName}: ${SESSION_JSON}`;
  const c = new FieldChecker(where, `${fileName}/${SESSION_JSON}`);
  const root = c.object(fromTaggedJson(parseSessionJson(entries, fileName)), '$');
  if (root.format !== SESSION_FORMAT) c.fail('format', `"${SESSION_FORMAT}" (a workbench session)`, root.format);
  if (root.version !== SESSION_VERSION) c.fail('version', `${SESSION_VERSION} (a newer workbench may read this file)`, root.version);
  const snapshot = checkSessionSnapshot(c, root.snapshot, where);
  const sets = c.array(root.sets, 'sets').map((v, i) => readSet(c, entries, v, `sets[${i}]`));
  const held = new Set(sets.map((s) => s.backboneId));
  const missing = Object.keys(snapshot.syntheticSets).find((id) => !held.has(id as BackboneId));
  if (missing !== undefined) c.fail(`snapshot.syntheticSets["${missing}"]`, 'a set with its samples in sets', 'none');
  return {
    createdAt: c.string(root.createdAt, 'createdAt'),
    codecSha256: c.nullable(root.codecSha256, 'codecSha256', (v, p) => c.sha256(v, p)),
    backbones: c.array(root.backbones, 'backbones').map((v, i) => readBackboneRef(c, v, `backbones[${i}]`)),
    snapshot,
    sets,
  };
}
