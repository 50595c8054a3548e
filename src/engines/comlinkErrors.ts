// Comlink's default 'throw' handler keeps only message and stack; ours keeps the typed error's
// name, code and location so the UI can tell a cancel from a failure (STYLE.md 5), and a
// TranslationError's `problem` so the app can say which setting was refused.
// Install it on both sides of every worker boundary.
import * as Comlink from 'comlink';
import { reviveError, serializeError, type GdwError, type SerializedError } from '../core/errors';
import { TranslationError, translationProblems, type TranslationProblem } from '../core/translate/errors';

interface ThrownValue {
  value: unknown;
}

/** A serialized error with the subclass fields that must survive the boundary. */
export interface TransferredError extends SerializedError {
  problem?: TranslationProblem;
}

const knownProblems = new Set<string>(Object.values(translationProblems));

export function serializeTransferredError(value: unknown): TransferredError {
  const data: TransferredError = serializeError(value);
  if (value instanceof TranslationError) data.problem = value.problem;
  return data;
}

/** The typed error again: a TranslationError with its problem, else reviveError's GdwError. */
export function reviveTransferredError(data: TransferredError): GdwError {
  if (data.name === 'TranslationError' && data.problem !== undefined && knownProblems.has(data.problem)) {
    return new TranslationError(data.problem, data.message);
  }
  return reviveError(data);
}

let installed = false;

export function installTypedErrorTransfer(): void {
  if (installed) return;
  const builtIn = Comlink.transferHandlers.get('throw');
  if (!builtIn) throw new Error('comlink has no throw handler to extend');
  const typed: Comlink.TransferHandler<ThrownValue, TransferredError> = {
    // Comlink does not export its throw marker, so reuse its own test for "a thrown value".
    canHandle: (value: unknown): value is ThrownValue => builtIn.canHandle(value),
    serialize: ({ value }) => [serializeTransferredError(value), []],
    deserialize: (data) => {
      throw reviveTransferredError(data);
    },
  };
  Comlink.transferHandlers.set('throw', typed as Comlink.TransferHandler<unknown, unknown>);
  installed = true;
}
