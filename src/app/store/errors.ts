// The one error area: typed errors (name, code, message), newest first, each dismissable.
import type { SerializedError } from '../../core/errors';
import type { ErrorOrigin, ShownError, WorkbenchState } from './state';

/** The error area keeps this many; older ones drop off the end. */
export const MAX_SHOWN_ERRORS = 5;

/** `origin`: the panel, card or backbone that caused it, where it also shows (getErrorsFrom). */
export function errorRaised(state: WorkbenchState, error: SerializedError, origin?: ErrorOrigin): Partial<WorkbenchState> {
  const shown: ShownError = {
    name: error.name, code: error.code, message: error.message, location: error.location, id: state.nextId, ...(origin ? { origin } : {}),
  };
  return { errors: [shown, ...state.errors].slice(0, MAX_SHOWN_ERRORS), nextId: state.nextId + 1 };
}

/** The shown errors that came from one panel, card or backbone, newest first. */
export const getErrorsFrom = (errors: readonly ShownError[], origin: ErrorOrigin): ShownError[] => errors.filter((e) => e.origin === origin);

export function errorDismissed(state: WorkbenchState, id: number): Partial<WorkbenchState> {
  if (!state.errors.some((e) => e.id === id)) return state;
  return { errors: state.errors.filter((e) => e.id !== id) };
}
