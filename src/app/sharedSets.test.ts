// Issue 11, "tensors held once": a set in shared memory reaches every worker by reference (no
// byte copied, none transferred); any other set is copied and the copy transferred. The clients
// run against a fake Worker that records what comlink posts.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lendEntries } from '../engines/archive';
import { isSharedView, movableView, toSharedFloat32, toStorableView } from '../engines/sharedTensors';
import { labelledSetOf, realSetsOf } from '../engines/evaluationCohort';
import { createEvaluationClient } from './evaluationClient';
import { createInferenceClient } from './inferenceClient';
import { putSyntheticSet, removeSyntheticSet, getSyntheticSet, samplesBytes, type SyntheticSetArrays } from './sampleSets';
import { createDataClient } from './dataClient';
import { createSampleStore } from '../engines/sampleStore';
import { readStoredRows } from '../core/store/rowData';
import { createNodeSpillBackend } from '../node/syncFileHandle';
import { openSessionStore } from './session/sessionStore';
import { createSetFixture, createSnapshotFixture, codecSha } from './session/testSession';
import { STORED_SESSION_VERSION, type StoredSession } from './session/sessionRecord';
import { createTrainingClient } from './trainingClient';

interface Posted { message: unknown; transfer: Transferable[] }

/** Answers every comlink request with `undefined` and keeps what was posted. */
class FakeWorker extends EventTarget {
  static posted: Posted[] = [];

  postMessage(message: { id?: string }, transfer: Transferable[] = []): void {
    FakeWorker.posted.push({ message, transfer });
    if (message.id) queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: { id: message.id, type: 'RAW', value: undefined } })));
  }

  terminate(): void {}
}

/** Bytes of the posted arrays by how they cross: shared (by reference), transferred (moved), cloned (copied by postMessage). */
function crossingBytes({ message, transfer }: Posted): { shared: number; transferred: number; cloned: number; views: ArrayBufferView[] } {
  const out = { shared: 0, transferred: 0, cloned: 0, views: [] as ArrayBufferView[] };
  const seen = new Set<unknown>();
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      out.views.push(value);
      if (isSharedView(value)) out.shared += value.byteLength;
      else if (transfer.includes(value.buffer as ArrayBuffer)) out.transferred += value.byteLength;
      else out.cloned += value.byteLength;
      return;
    }
    Object.values(value).forEach(walk);
  };
  walk(message);
  return out;
}

const lastPost = (): Posted => FakeWorker.posted[FakeWorker.posted.length - 1];
const onFailed = () => {};

function sharedOf(values: number[]): Float32Array {
  return toSharedFloat32(Float32Array.from(values));
}

beforeEach(() => {
  FakeWorker.posted = [];
  vi.stubGlobal('Worker', FakeWorker);
});
afterEach(() => vi.unstubAllGlobals());

describe('evaluation client', () => {
  it('posts a shared synthetic set as it is: 0 bytes copied or transferred, the same memory', async () => {
    const data = sharedOf([1, 2, 3, 4, 5, 6]);
    await createEvaluationClient(onFailed).putSyntheticSet('a', { data, count: 2, labels: null });
    const crossing = crossingBytes(lastPost());
    expect(crossing).toMatchObject({ shared: 24, transferred: 0, cloned: 0 });
    expect(crossing.views[0].buffer).toBe(data.buffer);
  });

  it('copies an unshared set and transfers the copy: the caller keeps its own', async () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const labels = Int32Array.from([0, 1]);
    await createEvaluationClient(onFailed).putSyntheticSet('a', { data, count: 2, labels });
    const crossing = crossingBytes(lastPost());
    expect(crossing).toMatchObject({ shared: 0, transferred: 24 + 8, cloned: 0 });
    expect(crossing.views.every((v) => v.buffer !== data.buffer && v.buffer !== labels.buffer)).toBe(true);
    expect(data.length).toBe(6);
  });

  it('posts shared real sets by reference and copies the others', async () => {
    const train = { data: sharedOf([1, 2, 3, 4]), count: 2 };
    const holdout = { data: Float32Array.from([5, 6]), count: 1 };
    await createEvaluationClient(onFailed).setRealSets({ train, holdout, genes: 1, channels: 2, mask: null });
    expect(crossingBytes(lastPost())).toMatchObject({ shared: 16, transferred: 8, cloned: 0 });
  });
});

describe('the encoded cohort in shared memory reaches the workers once', () => {
  /** A 6-sample cohort like the data worker's, its tensor in shared memory; rows 2 and 4 are the holdout. */
  const cohort = () => {
    const [genes, channels] = [2, 2];
    const tensor = sharedOf(Array.from({ length: 6 * genes * channels }, (_, i) => i));
    return {
      tensor, shape: { batch: 6, genes, channels }, mask: Uint8Array.from([1, 1, 1, 1]), sampleIds: ['a', 'b', 'c', 'd', 'e', 'f'],
      labels: Int8Array.from([0, 1, 1, 0, -1, 1]), classNames: ['control', 'case'], roles: Uint8Array.from([0, 0, 1, 0, 1, 2]),
      codecSha256: 'ab'.repeat(32), realGenes: 2,
    };
  };

  it('posts the real sets as index lists over the shared tensor: no sample value copied or transferred', async () => {
    const encoded = cohort();
    await createEvaluationClient(onFailed).setRealSets(realSetsOf(encoded));
    const crossing = crossingBytes(lastPost());
    // The tensor by reference (one view, shared by both sets); beside it the index lists (4 bytes a row) and small arrays.
    expect(crossing.views.filter((v) => v.buffer === encoded.tensor.buffer)).toEqual([encoded.tensor]);
    const floatsCrossingByValue = crossing.views.filter((v) => v instanceof Float32Array && !isSharedView(v));
    expect(floatsCrossingByValue).toEqual([]);
    expect(crossing.transferred).toBe((3 + 2) * 4); // the labels of train (3) and holdout (2), copied for the worker
    expect(crossing.cloned).toBe((3 + 2) * 4 + 4); // their row indices, and the mask
  });

  it('posts TSTR\'s real sets the same way, the labelled holdout rows included', async () => {
    const encoded = cohort();
    const real = realSetsOf(encoded);
    const set = (s: typeof real.train) => labelledSetOf(s, encoded);
    await createTrainingClient(onFailed).tstr({ realTrain: set(real.train), holdout: set(real.holdout), synthetic: [] } as never, () => {});
    const crossing = crossingBytes(lastPost());
    expect(crossing.views.filter((v) => v.buffer === encoded.tensor.buffer)).toEqual([encoded.tensor]);
    expect(crossing.views.filter((v) => v instanceof Float32Array && !isSharedView(v))).toEqual([]);
  });
});

describe('a generated set held in its backbone worker\'s store reaches the other workers by its descriptor', () => {
  /** A set of 5 rows in a store like the inference worker's: 2 rows in shared memory, 3 spilled to its file. */
  async function storedSet() {
    const dims = 4;
    const spill = createNodeSpillBackend();
    const store = createSampleStore({ chunkBytes: 2 * dims * 4, memoryBudgetBytes: 2 * dims * 4, spill });
    const set = store.createSet('generate/a/v1', { dims, expectedRows: 5 });
    await set.append(Float32Array.from({ length: 5 * dims }, (_, i) => i));
    set.finish();
    const rows = readStoredRows({ storedRows: { set: store.share('generate/a/v1'), rows: null } });
    return { rows, dims, close: async () => { await store.close(); spill.dispose(); } };
  }

  it('the data worker\'s export and genotype space, the evaluation worker: only the shared chunk\'s reference and the file\'s name cross', async () => {
    const { rows, close } = await storedSet();
    const chunk = rows.storedRows.set.chunks.find((c) => c.memory)!.memory!;
    const data = createDataClient(onFailed);
    await data.exportSynthetic({ name: 'a', format: 'bundle', samples: rows, count: 5, genes: 2, channels: 2, labels: null, codecSha256: null });
    await data.genotypeSpace([{ id: 'a', kind: 'backbone', samples: rows, count: 5 }], {} as never);
    await createEvaluationClient(onFailed).putSyntheticSet('a', { data: rows, count: 5, labels: null });
    const references = (value: unknown, target: unknown): boolean =>
      value === target || (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && Object.values(value).some((v) => references(v, target)));
    for (const post of FakeWorker.posted.slice(-3)) {
      // No array of values crosses: the descriptor holds the chunk's SharedArrayBuffer itself and the spill file's name.
      expect(crossingBytes(post)).toMatchObject({ shared: 0, transferred: 0, cloned: 0 });
      expect(references(post.message, chunk)).toBe(true);
      expect(references(post.message, rows.storedRows.set.file!.name)).toBe(true);
    }
    await close();
  });

  it('the page reads the chunk in memory and refuses the spilled rows by name; the bytes it counts are the whole set\'s', async () => {
    const { rows, dims, close } = await storedSet();
    expect(Array.from(rows.readRows(0, 2))).toEqual(Array.from({ length: 2 * dims }, (_, i) => i));
    expect(() => rows.readRows(1, 3)).toThrow(/rows 2–3 of 'generate\/a\/v1' were spilled to the browser's disk store \(OPFS\)/);
    expect(samplesBytes({ samples: rows })).toBe(5 * dims * 4);
    await close();
  });
});

describe('training client', () => {
  it('posts the TSTR sets: shared samples by reference, small labels and masks copied', async () => {
    const set = (data: Float32Array) => ({ data, shape: { batch: 2, genes: 2, channels: 1 }, labels: Int8Array.from([0, 1]), mask: Uint8Array.from([1, 1]) });
    const synthetic = sharedOf([1, 2, 3, 4]);
    await createTrainingClient(onFailed).tstr({
      realTrain: set(Float32Array.from([1, 2, 3, 4])), holdout: set(Float32Array.from([1, 2, 3, 4])),
      synthetic: [{ id: 'a', set: set(synthetic) }],
    } as never, () => {});
    const crossing = crossingBytes(lastPost());
    expect(crossing.shared).toBe(16);
    expect(crossing.views.filter((v) => v.buffer === synthetic.buffer)).toHaveLength(1);
    expect(crossing.transferred).toBe(2 * 16 + 3 * (2 + 2));
    expect(crossing.cloned).toBe(0);
  });
});

describe('inference client', () => {
  it('posts the curves\' holdout by reference when shared, else a transferred copy (never a clone)', async () => {
    const client = createInferenceClient(onFailed);
    const shape = { batch: 1, genes: 2, channels: 1 };
    await client.validationLoss({ x0: sharedOf([1, 2]), shape, mask: null }, {} as never);
    expect(crossingBytes(lastPost())).toMatchObject({ shared: 8, transferred: 0, cloned: 0 });
    const own = Float32Array.from([1, 2]);
    await client.reconstructionCurve({ x0: own, shape, mask: null }, {} as never, () => {});
    expect(crossingBytes(lastPost())).toMatchObject({ shared: 0, transferred: 8, cloned: 0 });
    expect(own.length).toBe(2);
  });
});

describe('held sets', () => {
  it('moves a restored (unshared) set into shared memory in place, keeping the set object', () => {
    const set = { backboneId: 'b', samples: Float32Array.from([1, 2]), count: 1, genes: 2, channels: 1, labels: null } as unknown as SyntheticSetArrays;
    putSyntheticSet(set);
    expect(getSyntheticSet(set.backboneId)).toBe(set);
    expect(isSharedView(set.samples)).toBe(true);
    expect([...set.samples]).toEqual([1, 2]);
    removeSyntheticSet(set.backboneId);
  });

  it('copies a shared set only where it must: IndexedDB (toStorableView) and a worker\'s unshared answer (moved, not copied)', () => {
    const shared = sharedOf([1, 2]);
    expect(isSharedView(toStorableView(shared))).toBe(false);
    const own = Float32Array.from([1, 2]);
    expect(toStorableView(own)).toBe(own);
    const transfer: Transferable[] = [];
    expect(movableView(own, transfer)).toBe(own);
    expect(transfer).toEqual([own.buffer]);
    expect(movableView(shared, [])).toBe(shared);
  });

  it('an export lends only unshared buffers to the archive worker; shared parts come back as they were', () => {
    const shared = new Uint8Array(sharedOf([1, 2]).buffer);
    const own = Uint8Array.from([7, 8, 9]);
    const lent = lendEntries([{ name: 's', level: 0, parts: [shared] }, { name: 'o', level: 0, parts: [own] }]);
    expect(lent.buffers).toEqual([own.buffer]);
    const back = lent.giveBack([new Uint8Array([7, 8, 9]).buffer]);
    expect(back.get('s')?.[0]).toBe(shared);
    expect([...back.get('o')![0]]).toEqual([7, 8, 9]);
  });
});

describe('autosave', () => {
  it('writes a shared set to IndexedDB as an unshared copy; the held set stays shared', async () => {
    const set = createSetFixture();
    set.samples = toSharedFloat32(set.samples);
    const store = await openSessionStore();
    const session: StoredSession = {
      version: STORED_SESSION_VERSION, savedAtMs: 1, snapshot: createSnapshotFixture([set]),
      data: { origin: 'bundle', codecSha256: codecSha }, backbones: [],
    };
    await store.write({ session, putSets: [set], keepSetIds: [set.backboneId], putBlobs: [], keepBlobKeys: [] });
    const stored = (await store.read())?.sets[0];
    expect(stored && isSharedView(stored.samples)).toBe(false);
    expect(stored && [...stored.samples]).toEqual([...set.samples]);
    expect(isSharedView(set.samples)).toBe(true);
    await store.clear();
    store.close();
  });
});
