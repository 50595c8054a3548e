// Export session, Import session and Forget session. The zip is written and read in the archive
// worker: an export posts it the sets' shared buffers as they are and lends it any others (given
// back with the zip), an import hands it the File, which it reads by slices. An import is read and
// checked whole before anything changes: a malformed file (ParseError) or one made on other data
// or backbones (InvalidRequestError) leaves the workbench as it was.
import { InvalidRequestError, serializeError } from '../../core/errors';
import { createArchiveClient } from '../archiveClient';
import { createWorkerSlot } from '../effects/workerSlot';
import { listSyntheticSets, putSyntheticSet, removeSyntheticSet } from '../sampleSets';
import { withSampleArrays } from '../effects/dataJobs';
import { getSessionSnapshot, getWorkbenchState, workbenchActions } from '../store';
import type { SessionAutosave } from './autosave';
import { explainStorageFailure, getSessionStore } from './sessionDb';
import {
  getSessionFileName, getSessionZipEntries, readSessionEntries, returnLentArrays, sessionZipAdvice, sessionZipLimits,
  type SessionFileContents,
} from './sessionFile';
import { checkSessionMatches, getLoadedIdentity, getReferencedBackbones } from './sessionMatch';

const archiveWorker = createWorkerSlot(createArchiveClient);

const raise = (err: unknown): void => workbenchActions.errorRaised(serializeError(err));

let autosave: SessionAutosave | null = null;

/** The autosave to stop before the database is cleared. */
export function setSessionAutosave(running: SessionAutosave | null): void {
  autosave = running;
}

/** A run writing sets or the comparison would mix its results with the session's (and reads the sets an export lends out). */
function checkIdle(what: string): void {
  const { generation, comparisonRun } = getWorkbenchState();
  if (generation.status === 'running' || comparisonRun.status === 'running') {
    throw new InvalidRequestError(`${what}: a run is generating or evaluating: wait for it or cancel it, then try again`);
  }
}

/** Saves a Blob as a file through a temporary object URL: nothing is sent anywhere. */
function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Downloads gdw-session-<date>.zip: the snapshot, the sets' samples, and the data and backbones
 * they belong to. Arrays in shared memory are read by the archive worker where they are; any
 * others are lent to it while it writes (they are empty here meanwhile, hence the idle check) and
 * put back in the same set objects.
 */
export async function exportSession(): Promise<void> {
  try {
    checkIdle('Export session');
    const state = getWorkbenchState();
    const held = listSyntheticSets();
    // A set generated into a backbone worker's store is read into one array (a copy, dropped after the write).
    const sets = await Promise.all(held.map(withSampleArrays));
    const now = new Date();
    const entries = getSessionZipEntries({
      createdAt: now.toISOString(), codecSha256: state.encoding?.codecSha256 ?? null,
      backbones: getReferencedBackbones(state, held), snapshot: getSessionSnapshot(state), sets,
    });
    const blob = await archiveWorker.get().writeZip(entries, (returned) => {
      returnLentArrays(sets, new Map([...returned].map(([name, [bytes]]) => [name, bytes])));
    });
    downloadBlob(getSessionFileName(now), blob);
  } catch (err) {
    raise(err);
  }
}

function applyImported(contents: SessionFileContents): void {
  // The file's sets replace every set held, earlier versions included (those live in the tab only).
  listSyntheticSets().forEach((s) => removeSyntheticSet(s.backboneId));
  contents.sets.forEach((set) => putSyntheticSet(set));
  workbenchActions.sessionRestored(contents.snapshot, 'imported');
}

/** Reads (in the archive worker, by slices), checks and applies a session file; every refusal is one error in the error area. */
export async function importSession(file: File): Promise<void> {
  try {
    const entries = await archiveWorker.get().readZip({ file, fileName: file.name, limits: sessionZipLimits, advice: sessionZipAdvice });
    const contents = readSessionEntries(entries, file.name);
    checkIdle(file.name);
    checkSessionMatches(file.name, contents, getLoadedIdentity(getWorkbenchState()));
    applyImported(contents);
  } catch (err) {
    raise(err);
  }
}

/** Clears this browser's copy of the session and reloads the page to its first-open state. */
export async function forgetSession(): Promise<void> {
  autosave?.stop();
  autosave = null;
  try {
    await (await getSessionStore())?.clear();
  } catch (err) {
    raise(explainStorageFailure('forget the session', err, 'Clear this site\'s data in the browser settings instead'));
    return;
  }
  window.location.reload();
}
