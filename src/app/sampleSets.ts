// Generated sample sets, held on the main thread next to the store: they are typed arrays (the
// store holds plain data only) and each set's summary lives in the store (`syntheticSets`, and
// `earlierSets` for the versions kept). Each run of a backbone makes a new version of its set, the
// current one; the last few earlier versions are kept in this tab (not saved with the session)
// while they fit, so a result can say which version it used and a researcher can go back to one.
// Unloading a backbone keeps its sets, so the comparison can still use what was generated. A set
// generated here lives in its backbone worker's sample store (shared memory to a budget, the rest
// on OPFS): the page holds its descriptor, and every worker reads it by reference (storedRows.ts).
// A set restored or imported is an array, moved to shared memory when the page may share it. A
// set no longer held is released (its owner frees the memory and the file).
import type { BackboneSpec } from '../core/backbone/spec';
import type { SampleRequest } from '../core/diffusion/sampler';
import type { ExecutionProviderName } from '../engines/inference';
import { isInMemory, valueCountOf, type RowData } from '../core/store/rowData';
import { toSharedFloat32 } from '../engines/sharedTensors';
import type { BackboneId } from './store';

export interface SyntheticSet {
  backboneId: BackboneId;
  /** 1, 2, … per backbone in this tab: each run makes the next version. */
  version: number;
  /**
   * [count, genes, channels] row-major; padded slots are exactly 0. Rows of the backbone worker's
   * store (StoredRowsReader: the page reads only the chunks in memory), or an array (a view over
   * a SharedArrayBuffer when the page may share memory).
   */
  samples: RowData;
  count: number;
  genes: number;
  channels: number;
  /** The class each sample was generated for; null for an unconditional backbone. */
  labels: Int32Array | null;
  /** The request as run (seed, sampler, steps, η, batch size, mask). */
  request: SampleRequest;
  executionProvider: ExecutionProviderName;
  elapsedMs: number;
  /** The backbone as it was when it generated the set (it may be unloaded since). */
  spec: BackboneSpec;
  file: { name: string; sha256: string; bytes: number };
}

/** A set with its samples as one array: as a session file and the browser's session store keep it. */
export type SyntheticSetArrays = Omit<SyntheticSet, 'samples'> & { samples: Float32Array };

/** Earlier versions kept per backbone, besides the current one. */
export const EARLIER_VERSIONS_KEPT = 2;
/** Earlier versions of all backbones together stay under this many bytes; the oldest go first. */
export const EARLIER_VERSIONS_BYTES = 512 * 2 ** 20;

const sets = new Map<BackboneId, SyntheticSet>();
/** Earlier versions per backbone, newest first. */
const earlier = new Map<BackboneId, SyntheticSet[]>();
const listeners = new Set<() => void>();
/** When each set was first held, in puts: the oldest earlier versions go first when they do not fit. */
const heldSince = new WeakMap<SyntheticSet, number>();
/** How to free a set's rows where they live (its backbone worker's store), for sets generated into one. */
const releasers = new WeakMap<SyntheticSet, () => void>();
let puts = 0;

const notify = () => listeners.forEach((listener) => listener());

/** The same samples: the same seeded request on the same backbone and execution provider. */
function sameRun(a: SyntheticSet, b: SyntheticSet): boolean {
  const key = (s: SyntheticSet) => JSON.stringify([s.file.sha256, s.executionProvider, s.count, s.request.sampler, s.request.steps ?? null,
    s.request.eta ?? null, s.request.seed, s.request.batchSize ?? null, s.labels ? Array.from(s.labels) : null]);
  return key(a) === key(b);
}

/** Drops the oldest earlier versions past the per-backbone count, then past the byte budget. */
function trimEarlier(budgetBytes: number): void {
  for (const [id, list] of earlier) earlier.set(id, list.slice(0, EARLIER_VERSIONS_KEPT));
  const newestFirst = [...earlier.values()].flat().sort((a, b) => (heldSince.get(b) ?? 0) - (heldSince.get(a) ?? 0));
  let bytes = 0;
  const kept = new Set<SyntheticSet>();
  for (const set of newestFirst) {
    bytes += samplesBytes(set);
    if (bytes <= budgetBytes) kept.add(set);
  }
  for (const [id, list] of earlier) {
    const left = list.filter((s) => kept.has(s));
    if (left.length > 0) earlier.set(id, left);
    else earlier.delete(id);
  }
}

/** Bytes of a set's samples, wherever they lie. */
export const samplesBytes = (set: Pick<SyntheticSet, 'samples'>): number => valueCountOf(set.samples) * 4;

/** Every set held: the current ones and their earlier versions. */
const allHeld = (): SyntheticSet[] => [...sets.values(), ...[...earlier.values()].flat()];

/** Frees the rows of sets no longer held (once each). */
function releaseUnheld(candidates: SyntheticSet[]): void {
  const held = new Set(allHeld());
  for (const set of candidates) {
    if (held.has(set)) continue;
    releasers.get(set)?.();
    releasers.delete(set);
  }
}

/** The version the next run of this backbone makes. */
export function nextSetVersion(id: BackboneId): number {
  const versions = [sets.get(id), ...(earlier.get(id) ?? [])].map((s) => s?.version ?? 0);
  return Math.max(0, ...versions) + 1;
}

/**
 * Holds the set as the backbone's current one; the one it replaces becomes an earlier version
 * (unless it holds the same samples, or is this very set). Samples not yet in shared memory (a
 * set restored or imported) are moved there, in place, so the set object stays the one its
 * caller has (autosave compares by identity). Earlier versions beyond `budgetBytes` together
 * are dropped, oldest first. Returns the earlier versions kept, newest first.
 */
export function putSyntheticSet(set: SyntheticSet, budgetBytes = EARLIER_VERSIONS_BYTES, release?: () => void): number[] {
  if (!heldSince.has(set)) heldSince.set(set, ++puts);
  if (release) releasers.set(set, release);
  if (isInMemory(set.samples)) set.samples = toSharedFloat32(set.samples);
  const before = allHeld();
  // Sets saved in this browser before sets had versions are version 1.
  if (!Number.isInteger(set.version)) set.version = 1;
  const previous = sets.get(set.backboneId);
  const older = (earlier.get(set.backboneId) ?? []).filter((s) => s.version !== set.version && !sameRun(s, set));
  if (previous && previous !== set && previous.version !== set.version && !sameRun(previous, set)) older.unshift(previous);
  earlier.set(set.backboneId, older);
  sets.set(set.backboneId, set);
  trimEarlier(budgetBytes);
  releaseUnheld(before);
  notify();
  return listEarlierVersions(set.backboneId);
}

/**
 * Makes an earlier version current again; the current one becomes an earlier version. Returns
 * the earlier versions kept, or null when that version is not held (any more).
 */
export function restoreSetVersion(id: BackboneId, version: number): number[] | null {
  const list = earlier.get(id) ?? [];
  const chosen = list.find((s) => s.version === version);
  if (!chosen) return null;
  earlier.set(id, list.filter((s) => s !== chosen));
  return putSyntheticSet(chosen);
}

export function getSyntheticSet(id: BackboneId): SyntheticSet | null {
  return sets.get(id) ?? null;
}

/** The versions of this backbone's set kept besides the current one, newest first. */
export function listEarlierVersions(id: BackboneId): number[] {
  return (earlier.get(id) ?? []).map((s) => s.version);
}

/** The earlier versions held of every backbone, newest first: one backbone's run may drop another's (the byte budget is shared). */
export function heldEarlierVersions(): Partial<Record<BackboneId, number[]>> {
  return Object.fromEntries([...earlier.keys()].map((id) => [id, listEarlierVersions(id)]));
}

/** Removes a backbone's set and every earlier version of it. */
export function removeSyntheticSet(id: BackboneId): void {
  const dropped = [sets.get(id), ...(earlier.get(id) ?? [])].filter((s): s is SyntheticSet => s !== undefined);
  sets.delete(id);
  earlier.delete(id);
  releaseUnheld(dropped);
  if (dropped.length > 0) notify();
}

/** Every held current set, in the order they were first generated. */
export function listSyntheticSets(): SyntheticSet[] {
  return [...sets.values()];
}

/** Called after every change (persistence writes the sets it has not stored yet). */
export function onSyntheticSetsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
