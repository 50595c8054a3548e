// Puts a session saved in this browser back: forms and results at once (the comparison shows
// without recomputing), the generated sets, then the data and the backbones loaded again. The
// demo cohort is loaded and encoded anew and its codec hash checked against the saved one.
import { InvalidRequestError, serializeError } from '../../core/errors';
import { getDisplayName } from '../../core/report/identity';
import { addUserBackboneFiles, loadBackbone } from '../effects/backbones';
import { encodeLoadedCohort, isDemoCohort, loadDemoCohort, loadPickedFiles } from '../effects/dataJobs';
import { putSyntheticSet, type SyntheticSet } from '../sampleSets';
import { getWorkbenchState, workbenchActions } from '../store';
import type { WrittenState } from './autosave';
import { explainStorageFailure } from './sessionDb';
import { SESSION_SETS_MAX_BYTES, STORED_SESSION_VERSION, type SessionData, type StoredBackbone, type StoredSession } from './sessionRecord';
import type { SessionStore } from './sessionStore';

/** A session saved in this browser, with its generated sets. */
export interface SavedSession {
  session: StoredSession;
  sets: SyntheticSet[];
}

const raise = (err: unknown): void => workbenchActions.errorRaised(serializeError(err));
const short = (sha256: string): string => `${sha256.slice(0, 12)}…`;

/** After a replay, the encoding must be the saved one; otherwise the saved results belong to other data. */
function checkRestoredEncoding(saved: string): void {
  const now = getWorkbenchState().encoding?.codecSha256 ?? null;
  if (now === saved) return;
  raise(new InvalidRequestError(`the saved session was made on encoding ${short(saved)}, but the data restored now is `
    + `${now === null ? 'not encoded' : `encoded as ${short(now)}`}: its sets and comparison belong to other data. `
    + 'Encode the cohort as before, or Forget session to start afresh'));
}

async function restoreData(store: SessionStore, data: SessionData | null): Promise<void> {
  if (!data) return;
  if (data.origin === 'demo') {
    await loadDemoCohort();
    if (!data.encoded || !isDemoCohort(getWorkbenchState().cohort)) return;
    await encodeLoadedCohort(data.encodeForm);
    if (data.codecSha256 !== null) checkRestoredEncoding(data.codecSha256);
    return;
  }
  if (data.notStored) {
    raise(new InvalidRequestError(`the encoded data of the saved session (encoding ${short(data.codecSha256)}) was not kept in this browser: `
      + `${data.notStored}. Load its bundle zip again in the Data panel`));
    return;
  }
  const bundle = await store.readBundle();
  if (!bundle || bundle.codecSha256 !== data.codecSha256) {
    raise(new InvalidRequestError(`the encoded data of the saved session (encoding ${short(data.codecSha256)}) is no longer kept `
      + 'in this browser: load it again in the Data panel'));
    return;
  }
  await loadPickedFiles([new File([bundle.bytes as Uint8Array<ArrayBuffer>], bundle.fileName, { type: 'application/zip' })]);
  checkRestoredEncoding(data.codecSha256);
}

async function restoreUserBackbone(store: SessionStore, backbone: StoredBackbone): Promise<void> {
  const stored = await store.readModel(backbone.sha256);
  if (!stored) {
    raise(new InvalidRequestError(`${backbone.fileName} (${short(backbone.sha256)}) is no longer kept in this browser: add it again in the Backbones panel`));
    return;
  }
  const asFile = (bytes: Uint8Array, name: string) => new File([bytes as Uint8Array<ArrayBuffer>], name);
  await addUserBackboneFiles([asFile(stored.model, stored.fileName), ...stored.externalData.map((f) => asFile(f.data, f.path))]);
}

/** Built-in backbones load by id once the catalogue is listed; a user's from its stored file, one at a time. */
async function restoreBackbones(store: SessionStore, backbones: StoredBackbone[], catalogListed: Promise<void>): Promise<void> {
  const builtIn = backbones.filter((b) => b.source === 'builtin');
  const loadBuiltIn = catalogListed.then(() => Promise.all(builtIn.map((b) => loadBackbone(b.id))));
  const loadUsers = (async () => {
    for (const b of backbones.filter((f) => f.source === 'file')) await restoreUserBackbone(store, b);
  })();
  await Promise.all([loadBuiltIn, loadUsers]);
}

/**
 * Restores a saved session; resolves once the data and backbones have loaded (or failed to, each
 * with its error shown). `catalogListed` resolves when the built-in catalogue is in the store.
 */
export async function restoreSavedSession(store: SessionStore, saved: SavedSession, catalogListed: Promise<void>): Promise<void> {
  // 1. Forms and results in one transition; the sets beside them. Sets too large to keep (SESSION_SETS_MAX_BYTES) are named.
  const { snapshot } = saved.session;
  const held = new Set<string>(saved.sets.map((set) => set.backboneId));
  const notKept = Object.keys(snapshot.syntheticSets).filter((id) => !held.has(id));
  const syntheticSets = Object.fromEntries(Object.entries(snapshot.syntheticSets).filter(([id]) => held.has(id)));
  workbenchActions.sessionRestored({ ...snapshot, syntheticSets });
  saved.sets.forEach((set) => putSyntheticSet(set));
  if (notKept.length > 0) {
    raise(new InvalidRequestError(`the generated sets of ${notKept.map((id) => getDisplayName({ id })).join(', ')} were not kept in this browser (the session keeps `
      + `${SESSION_SETS_MAX_BYTES / 2 ** 20} MiB of sets): generate them again, or use Export session to keep large sets in a file`));
  }
  // 2. The data and the backbones, side by side.
  await Promise.all([restoreData(store, saved.session.data), restoreBackbones(store, saved.session.backbones, catalogListed)]);
}

/** The saved session; null on first open, or when it cannot be read (said once) or was written by another version. */
export async function readSavedSession(store: SessionStore): Promise<SavedSession | null> {
  try {
    const saved = await store.read();
    if (!saved || saved.session.version === STORED_SESSION_VERSION) return saved;
    raise(new InvalidRequestError(`the session saved in this browser has version ${saved.session.version}; this workbench reads `
      + `version ${STORED_SESSION_VERSION}, so it starts afresh (Forget session clears the old one)`));
  } catch (err) {
    workbenchActions.sessionSaveFailed(serializeError(explainStorageFailure('read the saved session', err)));
  }
  return null;
}

/** What the database holds after a restore (or on first open), so the first write adds only what is new. */
export async function getWrittenState(store: SessionStore, saved: SavedSession | null): Promise<WrittenState> {
  const blobKeys = await store.listBlobKeys().catch(() => []);
  return { sets: new Map((saved?.sets ?? []).map((set) => [set.backboneId, set])), blobKeys: new Set(blobKeys), data: saved?.session.data ?? null };
}
