// The page's one handle on the session database, opened on first use. A browser that refuses
// IndexedDB (a private window, storage blocked) gives null: the workbench runs, unsaved, and says so once.
import { RuntimeFailureError, serializeError } from '../../core/errors';
import { workbenchActions } from '../store';
import { openSessionStore, type SessionStore } from './sessionStore';

let opened: Promise<SessionStore | null> | null = null;

const unsavedAdvice = 'The session will not survive a reload: use Export session to keep it in a file, or free browser storage';

/** A storage operation that failed, as the error area shows it: the browser's reason, then what it means for the user. */
export function explainStorageFailure(what: string, err: unknown, advice = unsavedAdvice): RuntimeFailureError {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new RuntimeFailureError(`could not ${what} in this browser (${reason}). ${advice}`);
}

export function getSessionStore(): Promise<SessionStore | null> {
  opened ??= openSessionStore().catch((err: unknown) => {
    workbenchActions.sessionSaveFailed(serializeError(explainStorageFailure('open the session store', err)));
    return null;
  });
  return opened;
}
