// Export session, Import session and Forget session. An import is read and checked whole before
// anything changes: a malformed file (ParseError) or one made on other data or backbones
// (InvalidRequestError) leaves the workbench as it was.
import { InvalidRequestError, serializeError } from '../../core/errors';
import { saveFile } from '../download';
import { listSyntheticSets, putSyntheticSet, removeSyntheticSet } from '../sampleSets';
import { getSessionSnapshot, getWorkbenchState, workbenchActions } from '../store';
import type { SessionAutosave } from './autosave';
import { explainStorageFailure, getSessionStore } from './sessionDb';
import { getSessionFileName, readSessionZip, writeSessionZip, type SessionFileContents } from './sessionFile';
import { checkSessionMatches, getLoadedIdentity, getReferencedBackbones } from './sessionMatch';

const raise = (err: unknown): void => workbenchActions.errorRaised(serializeError(err));

let autosave: SessionAutosave | null = null;

/** The autosave to stop before the database is cleared. */
export function setSessionAutosave(running: SessionAutosave | null): void {
  autosave = running;
}

/** Downloads gdw-session-<date>.zip: the snapshot, the sets' samples, and the data and backbones they belong to. */
export function exportSession(): void {
  try {
    const state = getWorkbenchState();
    const sets = listSyntheticSets();
    const now = new Date();
    const bytes = writeSessionZip({
      createdAt: now.toISOString(), codecSha256: state.encoding?.codecSha256 ?? null,
      backbones: getReferencedBackbones(state, sets), snapshot: getSessionSnapshot(state), sets,
    });
    saveFile(getSessionFileName(now), bytes as Uint8Array<ArrayBuffer>, 'application/zip');
  } catch (err) {
    raise(err);
  }
}

/** A run writing sets or the comparison would mix its results with the imported ones. */
function checkIdle(fileName: string): void {
  const { generation, comparisonRun } = getWorkbenchState();
  if (generation.status === 'running' || comparisonRun.status === 'running') {
    throw new InvalidRequestError(`${fileName}: a run is generating or evaluating: wait for it or cancel it, then import the session`);
  }
}

function applyImported(contents: SessionFileContents): void {
  const imported = new Set(contents.sets.map((s) => s.backboneId));
  listSyntheticSets().filter((s) => !imported.has(s.backboneId)).forEach((s) => removeSyntheticSet(s.backboneId));
  contents.sets.forEach(putSyntheticSet);
  workbenchActions.sessionRestored(contents.snapshot, 'imported');
}

/** Reads, checks and applies a session file; every refusal is one error in the error area. */
export async function importSession(file: File): Promise<void> {
  try {
    const contents = readSessionZip(new Uint8Array(await file.arrayBuffer()), file.name);
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
