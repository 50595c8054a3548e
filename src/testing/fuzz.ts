// Shared by the reader fuzz tests: mutations of a valid file (bit flips, truncation, inserted bytes
// and tokens, deleted and repeated runs) or random text, and a tally per reader that fails on any
// error but the project's typed ones (GdwError) and prints how many cases parsed or were refused.
import fc from 'fast-check';
import { expect } from 'vitest';
import { GdwError, ParseError } from '../core/errors';

/** Cases each reader gets per run. */
export const FUZZ_RUNS = 10_000;

export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number };

/** Bytes that matter to the parsers: tab, LF, CR, separators, digits, '.', '#', quote, NUL, 0xff. */
const interestingBytes = [0x09, 0x0a, 0x0d, 0x2c, 0x2f, 0x7c, 0x2e, 0x3a, 0x3b, 0x23, 0x30, 0x31, 0x32, 0x20, 0x22, 0x3d, 0x00, 0xff];

/** Fields and numbers that sit at the edge of what a reader accepts. */
const tokens = [
  '\t', '\n', '\r\n', ',', '"', '#', '##', '.', '-', '-1', '-9', '0', '2', '3', 'NA', 'nan', 'inf', '1e309', '-0', '0x1f',
  '9007199254740993', '99999999999', '4294967296', '1.5', '0/1', '1|1', './.', '2/3', 'A', 'G,T', '<DEL>', 'GT:DS', 'chrX', 'MT',
  'gene_id "G";', 'ID=;', 'Name=%ZZ', '%3B', '\u00e9', '\ufffd', '{', '}', '[', ']', ':', 'null', 'true', '"x"', '1e5', '-1e-7',
].map((t) => new TextEncoder().encode(t));

const position = fc.nat();
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('insert' as const), at: position,
    bytes: fc.oneof(
      fc.constantFrom(...interestingBytes).map((b) => Uint8Array.of(b)),
      fc.integer({ min: 0, max: 255 }).map((b) => Uint8Array.of(b)),
      fc.constantFrom(...tokens),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: position, length: fc.integer({ min: 1, max: 24 }) }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

/** The original with the mutations applied in order; positions wrap to the current length. */
export function mutate(original: Uint8Array, list: readonly Mutation[]): Uint8Array<ArrayBuffer> {
  let bytes = Uint8Array.from(original);
  for (const m of list) {
    const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
    if (m.kind === 'flip' && at < bytes.length) bytes[at] ^= 1 << m.bit;
    if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    if (m.kind === 'insert') bytes = concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
    if (m.kind === 'delete') bytes = concat(bytes.subarray(0, at), bytes.subarray(at + m.length));
    if (m.kind === 'repeat') bytes = concat(bytes.subarray(0, at + m.length), bytes.subarray(at));
  }
  return bytes;
}

/** Random short text made of the characters and tokens the text readers split on. */
export const randomText: fc.Arbitrary<Uint8Array> = fc.array(
  fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 6 }).map((s) => new TextEncoder().encode(s))),
  { maxLength: 40 },
).map((parts) => concat(...parts));

/**
 * JSON values at the edges of what a field checker accepts, and objects JSON.parse can make that
 * break String() and Number() (own toString/valueOf that are not functions, an own __proto__ key).
 */
const edgeJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(-1, 0, 1, 1.5, 2 ** 31, 2 ** 53, 1e308, -1e-300, null, '', 'x', true, [], {}, [0], [null], ['a', 'b'], { a: 1 }),
  fc.constantFrom('{"toString":0,"valueOf":0}', '[{"toString":0,"valueOf":0}]', '{"__proto__":{"length":1e9}}', '{"constructor":1}', '"NaN"')
    .map((text) => JSON.parse(text) as unknown),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Replaces the value at one node (pre-order index, wrapped) of a JSON document. */
export interface JsonEdit {
  at: number;
  value: unknown;
  /** Delete the member or element instead of replacing it. */
  remove: boolean;
}

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.record({ at: fc.nat(), value: edgeJsonValue, remove: fc.boolean() });

/** The document with the edits applied; text that is not JSON comes back unchanged. */
export function applyJsonEdits(text: string, edits: readonly JsonEdit[]): string {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return text;
  }
  for (const edit of edits) {
    const slots: [Record<string, unknown> | unknown[], string | number][] = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, Array.isArray(node) ? Number(key) : key]);
        walk((node as Record<string, unknown>)[key]);
      }
    };
    walk(root);
    if (slots.length === 0) continue;
    const [parent, key] = slots[edit.at % slots.length];
    if (!edit.remove) (parent as Record<string | number, unknown>)[key] = structuredClone(edit.value);
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  }
  return JSON.stringify(root);
}

/** Counts one reader's cases: a result, a typed error, or a failure of the property. */
export class FuzzTally {
  cases = 0;
  typedErrors = 0;
  parsed = 0;

  constructor(readonly reader: string) {}

  /** Runs `read`; a GdwError counts (a ParseError must name its file), any other error fails. */
  async run<T>(read: () => Promise<T> | T, check: (result: T) => void = () => {}): Promise<void> {
    this.cases++;
    let result: T;
    try {
      result = await read();
    } catch (err) {
      if (!(err instanceof GdwError)) throw err;
      if (err instanceof ParseError) expect(err.location?.file).toBeTruthy();
      this.typedErrors++;
      return;
    }
    this.parsed++;
    check(result);
  }

  /** Prints the counts and checks the run reached FUZZ_RUNS cases. */
  report(): void {
    console.log(`fuzz ${this.reader}: ${this.cases} cases, ${this.typedErrors} typed errors, ${this.parsed} parsed`);
    expect(this.cases).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }
}

/**
 * fast-check settings for one reader: FUZZ_RUNS cases, a fixed seed per reader (offset by FC_SEED
 * when set, to explore others), a per-case timeout against hangs.
 */
export const fuzzSettings = (seed: number) => ({ numRuns: FUZZ_RUNS, seed: seed + Number(process.env.FC_SEED ?? 0), timeout: 2000 });
