// The IndexedDB layer against fake-indexeddb (an in-memory IndexedDB for Node that clones values
// by the same structured-clone rules as a browser), so typed arrays and NaN are checked to survive.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORED_SESSION_VERSION, bundleBlobKey, getModelBlobKey, type StoredSession } from './sessionRecord';
import { openSessionStore, type SessionStore } from './sessionStore';
import { codecSha, createSetFixture, createSnapshotFixture, userSha } from './testSession';

function createSession(savedAtMs: number): StoredSession {
  return {
    version: STORED_SESSION_VERSION, savedAtMs, snapshot: createSnapshotFixture([createSetFixture()]),
    data: { origin: 'bundle', codecSha256: codecSha }, backbones: [],
  };
}

describe('the session store', () => {
  let store: SessionStore;
  beforeEach(async () => {
    store = await openSessionStore();
  });
  afterEach(async () => {
    await store.clear();
    store.close();
  });

  it('reads nothing before the first write', async () => {
    expect(await store.read()).toBeNull();
  });

  it('gives back the record and the sets as written, typed arrays and NaN included', async () => {
    const set = createSetFixture();
    const bundle = { fileName: 'c.zip', codecSha256: codecSha, bytes: Uint8Array.from([80, 75, 3, 4]) };
    await store.write({ session: createSession(1), putSets: [set], keepSetIds: [set.backboneId], putBlobs: [{ key: bundleBlobKey, value: bundle }], keepBlobKeys: [] });
    const read = await store.read();
    expect(read?.session).toEqual(createSession(1));
    expect(read?.sets).toEqual([set]);
    expect(read?.sets[0].samples).toBeInstanceOf(Float32Array);
    expect(await store.readBundle()).toEqual(bundle);
  });

  it('deletes the sets and blobs a write no longer keeps, and keeps the rest without rewriting them', async () => {
    const [a, b] = [createSetFixture(), createSetFixture('builtin:gaussian-demo')];
    const model = { fileName: 'mine.onnx', model: new Uint8Array(16), externalData: [] };
    await store.write({
      session: createSession(1), putSets: [a, b], keepSetIds: [], putBlobs: [{ key: getModelBlobKey(userSha), value: model }], keepBlobKeys: [],
    });
    await store.write({ session: createSession(2), putSets: [], keepSetIds: [b.backboneId], putBlobs: [], keepBlobKeys: [getModelBlobKey(userSha)] });
    expect((await store.read())?.sets.map((s) => s.backboneId)).toEqual([b.backboneId]);
    expect(await store.readModel(userSha)).toEqual(model);
    await store.write({ session: createSession(3), putSets: [], keepSetIds: [], putBlobs: [], keepBlobKeys: [] });
    expect(await store.listBlobKeys()).toEqual([]);
    expect((await store.read())?.session.savedAtMs).toBe(3);
  });

  it('forgets everything on clear', async () => {
    await store.write({ session: createSession(1), putSets: [createSetFixture()], keepSetIds: [], putBlobs: [], keepBlobKeys: [] });
    await store.clear();
    expect(await store.read()).toBeNull();
  });
});
