// Set versions (issue 15, "sets versioned rather than overwritten"): each run makes the next
// version; the last few earlier ones stay while they fit; one can be made current again.
import { afterEach, describe, expect, it } from 'vitest';
import {
  EARLIER_VERSIONS_BYTES, EARLIER_VERSIONS_KEPT, getSyntheticSet, heldEarlierVersions, listEarlierVersions, nextSetVersion, putSyntheticSet, removeSyntheticSet,
  restoreSetVersion, type SyntheticSet, type SyntheticSetArrays,
} from './sampleSets';
import { createSetFixture } from './session/testSession';
import type { BackboneId } from './store';

const id = 'builtin:unet-mlp' as BackboneId;
/** A run of `id` with this seed: sets of different seeds hold different samples. */
function run(seed: number, count = 3): SyntheticSetArrays {
  const set = createSetFixture(id);
  return { ...set, version: nextSetVersion(id), count, samples: new Float32Array(count * set.genes * set.channels), request: { ...set.request, seed } };
}

afterEach(() => {
  removeSyntheticSet(id);
  removeSyntheticSet('builtin:gan' as BackboneId);
});

describe('releasing sets no longer held', () => {
  it('frees a stored set once, when no version of it is held: not while it is an earlier version, nor when restored', () => {
    const released: number[] = [];
    const put = (seed: number) => {
      const set = run(seed);
      putSyntheticSet(set, undefined, () => released.push(set.version));
      return set;
    };
    put(1);
    put(2);
    put(3);
    expect(released).toEqual([]); // v1 and v2 are earlier versions
    expect(restoreSetVersion(id, 1)).toEqual([3, 2]);
    expect(released).toEqual([]);
    put(4); // keeps v1 (now earlier) and v3: v2 is dropped
    expect(listEarlierVersions(id)).toEqual([1, 3].slice(0, EARLIER_VERSIONS_KEPT));
    expect(released).toEqual([2]);
    removeSyntheticSet(id);
    expect(released.sort()).toEqual([1, 2, 3, 4]);
    removeSyntheticSet(id);
    expect(released).toHaveLength(4);
  });
});

describe('set versions', () => {
  it('numbers runs 1, 2, 3 and keeps the last earlier ones, newest first', () => {
    expect(putSyntheticSet(run(1))).toEqual([]);
    expect(putSyntheticSet(run(2))).toEqual([1]);
    expect(putSyntheticSet(run(3))).toEqual([2, 1].slice(0, EARLIER_VERSIONS_KEPT));
    const fourth = run(4);
    expect(fourth.version).toBe(4);
    expect(putSyntheticSet(fourth)).toEqual([3, 2].slice(0, EARLIER_VERSIONS_KEPT));
    expect(getSyntheticSet(id)).toBe(fourth);
  });

  it('keeps one version of the same samples: a run again with the same settings replaces it', () => {
    putSyntheticSet(run(1));
    putSyntheticSet(run(2));
    expect(putSyntheticSet(run(1))).toEqual([2]);
  });

  it('makes an earlier version current again, the current one earlier; a version not held is null', () => {
    const first = run(1);
    putSyntheticSet(first);
    putSyntheticSet(run(2));
    expect(restoreSetVersion(id, 1)).toEqual([2]);
    expect(getSyntheticSet(id)).toBe(first);
    expect(restoreSetVersion(id, 7)).toBeNull();
    expect(nextSetVersion(id)).toBe(3);
  });

  it('drops the oldest earlier versions of all backbones past the byte budget, never a current set', () => {
    const gan = 'builtin:gan' as BackboneId;
    const ofGan = (seed: number): SyntheticSetArrays => ({ ...run(seed), backboneId: gan, version: nextSetVersion(gan) });
    const budget = 2 * run(0).samples.byteLength; // two earlier sets of three samples fit, three do not
    putSyntheticSet(run(1), budget);
    putSyntheticSet(ofGan(1), budget);
    putSyntheticSet(run(2), budget);
    putSyntheticSet(ofGan(2), budget);
    expect([listEarlierVersions(id), listEarlierVersions(gan)]).toEqual([[1], [1]]);
    putSyntheticSet(run(3), budget); // unet v2 becomes earlier: the oldest, unet v1, goes
    expect([listEarlierVersions(id), listEarlierVersions(gan)]).toEqual([[2], [1]]);
    expect(heldEarlierVersions()).toEqual({ [id]: [2], [gan]: [1] });
    expect([getSyntheticSet(id)?.version, getSyntheticSet(gan)?.version]).toEqual([3, 2]);
    expect(EARLIER_VERSIONS_BYTES).toBe(512 * 2 ** 20);
  });

  it('reads a set saved before versions as version 1', () => {
    const old = { ...run(1) } as Partial<SyntheticSet>;
    delete old.version;
    putSyntheticSet(old as SyntheticSet);
    expect(getSyntheticSet(id)?.version).toBe(1);
    expect(nextSetVersion(id)).toBe(2);
  });
});
