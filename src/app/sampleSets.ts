// Generated sample sets, one per backbone, held on the main thread next to the store: they are
// typed arrays (the store holds plain data only) and each set's summary lives in the store
// (`syntheticSets`). A new run of a backbone replaces its set; unloading a backbone keeps it,
// so the comparison can still use what was generated. Samples live in shared memory when the page
// is cross-origin isolated (the inference worker allocates them there), so each set is held once
// and reaches every worker by reference (sharedTensors.ts).
import type { BackboneSpec } from '../core/backbone/spec';
import type { SampleRequest } from '../core/diffusion/sampler';
import type { ExecutionProviderName } from '../engines/inference';
import { toSharedFloat32 } from '../engines/sharedTensors';
import type { BackboneId } from './store';

export interface SyntheticSet {
  backboneId: BackboneId;
  /** [count, genes, channels] row-major; padded slots are exactly 0. A view over a SharedArrayBuffer when the page may share memory. */
  samples: Float32Array;
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

const sets = new Map<BackboneId, SyntheticSet>();
const listeners = new Set<() => void>();

/**
 * Holds the set. Samples not yet in shared memory (a set restored or imported) are moved there,
 * in place, so the set object stays the one its caller has (autosave compares by identity).
 */
export function putSyntheticSet(set: SyntheticSet): void {
  set.samples = toSharedFloat32(set.samples);
  sets.set(set.backboneId, set);
  listeners.forEach((listener) => listener());
}

export function getSyntheticSet(id: BackboneId): SyntheticSet | null {
  return sets.get(id) ?? null;
}

export function removeSyntheticSet(id: BackboneId): void {
  if (sets.delete(id)) listeners.forEach((listener) => listener());
}

/** Every held set, in the order they were first generated. */
export function listSyntheticSets(): SyntheticSet[] {
  return [...sets.values()];
}

/** Called after every change (persistence writes the sets it has not stored yet). */
export function onSyntheticSetsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
