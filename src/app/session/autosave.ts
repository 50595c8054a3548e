// Writes the session to this browser ~500 ms after the last change, one write at a time, only
// what changed (a set or a model file is written once). A failed write (a full quota) shows one
// error until a write succeeds again; the page goes on unsaved.
import { serializeError } from '../../core/errors';
import { getEncodedBundleZip, isDemoCohort } from '../effects/dataJobs';
import { listSyntheticSets, onSyntheticSetsChanged, type SyntheticSet } from '../sampleSets';
import { withSampleArrays } from '../effects/dataJobs';
import {
  getSessionSnapshot, getWorkbenchState, sessionSnapshotFields, useWorkbench, workbenchActions, type BackboneId, type WorkbenchState,
} from '../store';
import { getUserBackboneFiles } from '../userBackboneFiles';
import { explainStorageFailure } from './sessionDb';
import { getLoadedBackboneRefs } from './sessionMatch';
import {
  STORED_SESSION_VERSION, bundleBlobKey, describeSessionData, getModelBlobKey, pickStoredSets, toStoredBackbones, type SessionData, type StoredBackbone,
  type StoredBundle, type StoredModel,
} from './sessionRecord';
import type { SessionStore, SessionWrite } from './sessionStore';

export const WRITE_DELAY_MS = 500;

/** The slices a write depends on besides the snapshot's. */
const watchedSlices = [...sessionSnapshotFields, 'lossCurves', 'cohort', 'encoding', 'backbones', 'userBackbones'] as const;

const hasChanged = (state: WorkbenchState, prev: WorkbenchState): boolean =>
  watchedSlices.some((key) => state[key] !== prev[key]) || state.dataJob.status !== prev.dataJob.status;

/** What the database holds already, so a write adds only what is new. */
export interface WrittenState {
  sets: Map<BackboneId, SyntheticSet>;
  blobKeys: Set<string>;
  /** The data the last record described (kept while a data job runs). */
  data: SessionData | null;
}

type BlobPut = SessionWrite['putBlobs'][number];

/** The bundle zip of an encoding not yet stored; null when the data changed while it was exported. */
async function exportBundleBlob(data: Extract<SessionData, { origin: 'bundle' }>): Promise<BlobPut | null> {
  const zip = await getEncodedBundleZip();
  if (getWorkbenchState().encoding?.codecSha256 !== data.codecSha256) return null;
  const value: StoredBundle = { fileName: zip.fileName, codecSha256: data.codecSha256, bytes: zip.bytes };
  return { key: bundleBlobKey, value };
}

function modelBlob(backbone: StoredBackbone): BlobPut | null {
  const files = getUserBackboneFiles(backbone.id);
  if (!files) return null;
  const value: StoredModel = { fileName: backbone.fileName, model: files.model, externalData: files.externalData };
  return { key: getModelBlobKey(backbone.sha256), value };
}

/** Builds one write from the state now; null to try again later (the data changed under the export). */
async function prepareWrite(written: WrittenState): Promise<{ write: SessionWrite; data: SessionData | null; sets: SyntheticSet[] } | null> {
  // 1. The data: kept as it was while a job runs; a new encoding that is not the demo's is exported as a bundle.
  const before = getWorkbenchState();
  const data = before.dataJob.status === 'running' ? written.data : describeSessionData(before, isDemoCohort);
  const putBlobs: BlobPut[] = [];
  const bundleStored = written.blobKeys.has(bundleBlobKey) && written.data?.codecSha256 === data?.codecSha256;
  if (data?.origin === 'bundle' && !data.notStored && !bundleStored) {
    const blob = await exportBundleBlob(data);
    if (!blob) return null;
    putBlobs.push(blob);
  }
  // 2. The loaded backbones; a user's model file is stored once, by its SHA-256.
  const state = getWorkbenchState();
  const backbones = toStoredBackbones(getLoadedBackboneRefs(state)).filter((b) => {
    if (b.source === 'builtin' || written.blobKeys.has(getModelBlobKey(b.sha256))) return true;
    const blob = modelBlob(b);
    if (blob) putBlobs.push(blob);
    return blob !== null;
  });
  // 3. The sets that are new or replaced (those that fit the session's budget), and the record.
  const sets = pickStoredSets(listSyntheticSets()).kept;
  const fileKeys = backbones.filter((b) => b.source === 'file').map((b) => getModelBlobKey(b.sha256));
  const write: SessionWrite = {
    session: { version: STORED_SESSION_VERSION, savedAtMs: Date.now(), snapshot: getSessionSnapshot(state), data, backbones },
    // A set generated into a backbone worker's store is read into one array for the write (a copy, dropped after it).
    putSets: await Promise.all(sets.filter((set) => written.sets.get(set.backboneId) !== set).map(withSampleArrays)),
    keepSetIds: sets.map((set) => set.backboneId),
    putBlobs,
    keepBlobKeys: [...(data?.origin === 'bundle' && !data.notStored ? [bundleBlobKey] : []), ...fileKeys],
  };
  return { write, data, sets };
}

export interface SessionAutosave {
  /** Stops writing (Forget session clears the database next). */
  stop(): void;
}

/** Writes now, then after every change; `written` says what the database already holds. */
export function startSessionAutosave(store: SessionStore, written: WrittenState): SessionAutosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing = false;
  let again = false;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void writeOnce();
    }, WRITE_DELAY_MS);
  };
  async function writeOnce(): Promise<void> {
    if (writing) {
      again = true;
      return;
    }
    writing = true;
    try {
      const prepared = await prepareWrite(written);
      if (!prepared) again = true;
      else if (!stopped) {
        await store.write(prepared.write);
        written.data = prepared.data;
        written.sets = new Map(prepared.sets.map((set) => [set.backboneId, set]));
        written.blobKeys = new Set(prepared.write.keepBlobKeys);
        workbenchActions.sessionSaved({ savedAtMs: prepared.write.session.savedAtMs });
      }
    } catch (err) {
      workbenchActions.sessionSaveFailed(serializeError(explainStorageFailure('save the session', err)));
    } finally {
      writing = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }
  const unsubscribeStore = useWorkbench.subscribe((state, prev) => {
    if (hasChanged(state, prev)) schedule();
  });
  const unsubscribeSets = onSyntheticSetsChanged(schedule);
  // A change still waiting for its delay is written when the page is hidden or left: the browser
  // usually lets an IndexedDB write started then finish.
  const flush = () => {
    if (timer === undefined || stopped) return;
    clearTimeout(timer);
    timer = undefined;
    void writeOnce();
  };
  const onVisibility = () => { if (document.visibilityState === 'hidden') flush(); };
  globalThis.addEventListener?.('pagehide', flush);
  globalThis.document?.addEventListener('visibilitychange', onVisibility);
  void writeOnce();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribeStore();
      unsubscribeSets();
      globalThis.removeEventListener?.('pagehide', flush);
      globalThis.document?.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
