// The labelled point set an embedding is drawn from: real train, real holdout and each
// backbone's samples stacked into one [n, slots] matrix, with where every row came from. A set
// larger than `maxPerSet` is subsampled with a seeded draw that depends only on (seed, set), so
// adding or reordering sets never changes which samples another set contributes.

import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import { isInMemory, readRowRange, valueCountOf, type RowData } from '../store/rowData';

/** Where a point came from. */
export type PointOrigin =
  | { kind: 'real-train' }
  | { kind: 'real-holdout' }
  | { kind: 'backbone'; backboneId: string };

/** One stable string per origin: 'real-train', 'real-holdout' or 'backbone:<id>'. */
export function originKey(origin: PointOrigin): string {
  return origin.kind === 'backbone' ? `backbone:${origin.backboneId}` : origin.kind;
}

/** One sample set offered to the embedding. */
export interface SampleSetInput {
  origin: PointOrigin;
  /** [count, genes·channels] row-major, in memory or in a store. */
  vectors: RowData;
  count: number;
  /** One id per sample; default '<origin key>#<row>'. */
  sampleIds?: readonly string[];
  /** One class label per sample; a negative label means unlabelled. */
  labels?: Int32Array | null;
}

export interface PointMeta {
  origin: PointOrigin;
  /** Class label, null when the sample has none. */
  label: number | null;
  sampleId: string;
  /** Row of the sample in its own set. */
  sourceIndex: number;
}

/** How many samples of a set were used, of how many offered. */
export interface PointSetSummary {
  origin: PointOrigin;
  key: string;
  used: number;
  total: number;
}

export interface PointSet {
  /** [count, slots] row-major, padded slots dropped. */
  vectors: Float32Array;
  count: number;
  /** Values per point: the real slots of the mask, or every slot without one. */
  slots: number;
  meta: PointMeta[];
  sets: PointSetSummary[];
  seed: number;
  /** The cap per set, null for no cap. */
  maxPerSet: number | null;
}

export interface AssembleOptions {
  /** Seed of the per-set subsample. */
  seed: number;
  /** At most this many samples per set (seeded, without replacement); all when absent. */
  maxPerSet?: number | null;
  /** [genes·channels] 1 = real slot, 0 = padded: padded slots are dropped. */
  mask?: Uint8Array | null;
}

/** FNV-1a 32-bit of a string: the Philox stream of a set's subsample. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** `used` of 0 … total−1 without replacement (partial Fisher–Yates), ascending. */
export function seededSubsample(total: number, used: number, seed: number, stream: number): Int32Array {
  const order = Int32Array.from({ length: total }, (_, i) => i);
  if (used >= total) return order;
  const rng = createRng(seed, stream);
  for (let j = 0; j < used; j++) {
    const pick = j + rng.nextInt(total - j);
    [order[j], order[pick]] = [order[pick], order[j]];
  }
  return order.slice(0, used).sort();
}

function checkSet(set: SampleSetInput, dims: number, key: string): void {
  if (!(Number.isInteger(set.count) && set.count >= 1)) throw new InvalidRequestError(`set ${key} has ${set.count} samples; expected at least 1`);
  if (valueCountOf(set.vectors) !== set.count * dims) {
    throw new InvalidRequestError(`set ${key} holds ${valueCountOf(set.vectors)} values for ${set.count} samples; expected ${set.count} × ${dims}`);
  }
  if (set.sampleIds && set.sampleIds.length !== set.count) {
    throw new InvalidRequestError(`set ${key} has ${set.sampleIds.length} sample ids for ${set.count} samples; expected one each`);
  }
  if (set.labels && set.labels.length !== set.count) {
    throw new InvalidRequestError(`set ${key} has ${set.labels.length} labels for ${set.count} samples; expected one each`);
  }
}

function realSlotIndices(mask: Uint8Array | null | undefined, dims: number): Int32Array {
  if (!mask) return Int32Array.from({ length: dims }, (_, d) => d);
  if (mask.length !== dims) throw new InvalidRequestError(`the padding mask has ${mask.length} slots; the samples have ${dims}`);
  const slots = Int32Array.from({ length: dims }, (_, d) => d).filter((d) => mask[d] === 1);
  if (slots.length === 0) throw new InvalidRequestError('the padding mask marks no slot as real');
  return slots;
}

/** Stacks the sets (in the order given) into one labelled point set. */
export function assemblePoints(sets: readonly SampleSetInput[], options: AssembleOptions): PointSet {
  if (sets.length === 0) throw new InvalidRequestError('no sample sets to embed; expected at least one');
  const { seed, maxPerSet = null, mask = null } = options;
  if (maxPerSet !== null && !(Number.isInteger(maxPerSet) && maxPerSet >= 1)) {
    throw new InvalidRequestError(`at most ${maxPerSet} samples per set; expected an integer ≥ 1`);
  }
  const dims = mask ? mask.length : valueCountOf(sets[0].vectors) / sets[0].count;
  if (!(Number.isInteger(dims) && dims >= 1)) {
    throw new InvalidRequestError(`set ${originKey(sets[0].origin)} holds ${valueCountOf(sets[0].vectors)} values for ${sets[0].count} samples; expected a whole number per sample`);
  }
  const keys = sets.map((s) => originKey(s.origin));
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw new InvalidRequestError(`two sample sets are both '${duplicate}'; expected one set per origin`);
  sets.forEach((s, i) => checkSet(s, dims, keys[i]));
  const slots = realSlotIndices(mask, dims);
  const chosen = sets.map((s, i) => seededSubsample(s.count, Math.min(s.count, maxPerSet ?? s.count), seed, hashKey(keys[i])));
  const count = chosen.reduce((n, rows) => n + rows.length, 0);
  const vectors = new Float32Array(count * slots.length);
  const meta: PointMeta[] = [];
  const row = new Float32Array(dims);
  sets.forEach((set, i) => {
    for (const source of chosen[i]) {
      const values = readRowRange(set.vectors, dims, source, source + 1, isInMemory(set.vectors) ? undefined : row);
      const out = meta.length * slots.length;
      for (let s = 0; s < slots.length; s++) vectors[out + s] = values[slots[s]];
      const label = set.labels ? set.labels[source] : -1;
      meta.push({
        origin: set.origin,
        label: label >= 0 ? label : null,
        sampleId: set.sampleIds ? set.sampleIds[source] : `${keys[i]}#${source}`,
        sourceIndex: source,
      });
    }
  });
  return {
    vectors, count, slots: slots.length, meta, seed, maxPerSet,
    sets: sets.map((s, i) => ({ origin: s.origin, key: keys[i], used: chosen[i].length, total: s.count })),
  };
}
