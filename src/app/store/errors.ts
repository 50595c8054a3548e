// The one error area: typed errors (name, code, message), newest first, each dismissable.
import type { SerializedError } from '../../core/errors';
import type { WorkbenchState } from './state';

/** The error area keeps this many; older ones drop off the end. */
export const MAX_SHOWN_ERRORS = 5;

export function errorRaised(state: WorkbenchState, error: SerializedError): Partial<WorkbenchState> {
  const shown = { name: error.name, code: error.code, message: error.message, location: error.location, id: state.nextId };
  return { errors: [shown, ...state.errors].slice(0, MAX_SHOWN_ERRORS), nextId: state.nextId + 1 };
}

export function errorDismissed(state: WorkbenchState, id: number): Partial<WorkbenchState> {
  if (!state.errors.some((e) => e.id === id)) return state;
  return { errors: state.errors.filter((e) => e.id !== id) };
}
