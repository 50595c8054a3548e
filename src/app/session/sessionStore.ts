// This browser's copy of the session, in IndexedDB through `idb` (typed stores and promises over
// the raw request/event API, ~1 kB): 'session' holds one record, 'sets' one generated set per
// backbone, 'blobs' the bundle zip and the user's model files. Values are stored by structured
// clone, so typed arrays and NaN survive as they are.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { toStorableView } from '../../engines/sharedTensors';
import type { SyntheticSetArrays } from '../sampleSets';
import type { StoredBundle, StoredModel, StoredSession } from './sessionRecord';
import { bundleBlobKey, getModelBlobKey } from './sessionRecord';

export const SESSION_DB_NAME = 'gdw-workbench';
const SESSION_DB_VERSION = 1;
const SESSION_KEY = 'current';

interface WorkbenchDb extends DBSchema {
  session: { key: string; value: StoredSession };
  sets: { key: string; value: SyntheticSetArrays };
  blobs: { key: string; value: StoredBundle | StoredModel };
}

/** One write: the record, the sets and blobs that changed, and what to keep of the rest. */
export interface SessionWrite {
  session: StoredSession;
  /** Sets new since the last write, their samples read into arrays (autosave.ts). */
  putSets: SyntheticSetArrays[];
  /** Backbone ids of every set the session holds; stored sets of other ids are deleted. */
  keepSetIds: string[];
  putBlobs: { key: string; value: StoredBundle | StoredModel }[];
  /** Keys of every blob the session refers to; the others are deleted. */
  keepBlobKeys: string[];
}

export interface SessionStore {
  /** The stored session and its sets; null on first open (or after Forget). */
  read(): Promise<{ session: StoredSession; sets: SyntheticSetArrays[] } | null>;
  readBundle(): Promise<StoredBundle | null>;
  readModel(sha256: string): Promise<StoredModel | null>;
  /** Keys of the stored blobs, without reading them. */
  listBlobKeys(): Promise<string[]>;
  /** One transaction: all of it is written, or none. */
  write(write: SessionWrite): Promise<void>;
  clear(): Promise<void>;
  close(): void;
}

async function deleteOthers(store: { getAllKeys(): Promise<string[]>; delete(key: string): Promise<void> }, keep: Set<string>): Promise<void> {
  const keys = await store.getAllKeys();
  await Promise.all(keys.filter((key) => !keep.has(key)).map((key) => store.delete(key)));
}

function createSessionStore(db: IDBPDatabase<WorkbenchDb>): SessionStore {
  return {
    async read() {
      const tx = db.transaction(['session', 'sets'], 'readonly');
      const [session, sets] = await Promise.all([tx.objectStore('session').get(SESSION_KEY), tx.objectStore('sets').getAll(), tx.done]);
      return session ? { session, sets } : null;
    },
    readBundle: async () => ((await db.get('blobs', bundleBlobKey)) as StoredBundle | undefined) ?? null,
    readModel: async (sha256) => ((await db.get('blobs', getModelBlobKey(sha256))) as StoredModel | undefined) ?? null,
    listBlobKeys: () => db.getAllKeys('blobs'),
    async write({ session, putSets, keepSetIds, putBlobs, keepBlobKeys }) {
      const tx = db.transaction(['session', 'sets', 'blobs'], 'readwrite');
      const sets = tx.objectStore('sets');
      const blobs = tx.objectStore('blobs');
      await Promise.all([
        tx.objectStore('session').put(session, SESSION_KEY),
        // IndexedDB refuses shared memory: a shared set's samples are copied as it is written.
        ...putSets.map((set) => sets.put({ ...set, samples: toStorableView(set.samples) }, set.backboneId)),
        ...putBlobs.map(({ key, value }) => blobs.put(value, key)),
        deleteOthers(sets, new Set([...keepSetIds, ...putSets.map((set) => set.backboneId)])),
        deleteOthers(blobs, new Set([...keepBlobKeys, ...putBlobs.map((b) => b.key)])),
        tx.done,
      ]);
    },
    async clear() {
      const tx = db.transaction(['session', 'sets', 'blobs'], 'readwrite');
      await Promise.all([tx.objectStore('session').clear(), tx.objectStore('sets').clear(), tx.objectStore('blobs').clear(), tx.done]);
    },
    close: () => db.close(),
  };
}

/** Opens (and on first use creates) the workbench's database. */
export async function openSessionStore(): Promise<SessionStore> {
  const db = await openDB<WorkbenchDb>(SESSION_DB_NAME, SESSION_DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('session');
      database.createObjectStore('sets');
      database.createObjectStore('blobs');
    },
  });
  return createSessionStore(db);
}
