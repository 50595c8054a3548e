// Comlink's default 'throw' handler keeps only message and stack; ours keeps the typed error's
// name, code and location so the UI can tell a cancel from a failure (STYLE.md 5).
// Install it on both sides of every worker boundary.
import * as Comlink from 'comlink';
import { reviveError, serializeError, type SerializedError } from '../core/errors';

interface ThrownValue {
  value: unknown;
}

let installed = false;

export function installTypedErrorTransfer(): void {
  if (installed) return;
  const builtIn = Comlink.transferHandlers.get('throw');
  if (!builtIn) throw new Error('comlink has no throw handler to extend');
  const typed: Comlink.TransferHandler<ThrownValue, SerializedError> = {
    // Comlink does not export its throw marker, so reuse its own test for "a thrown value".
    canHandle: (value: unknown): value is ThrownValue => builtIn.canHandle(value),
    serialize: ({ value }) => [serializeError(value), []],
    deserialize: (data) => {
      throw reviveError(data);
    },
  };
  Comlink.transferHandlers.set('throw', typed as Comlink.TransferHandler<unknown, unknown>);
  installed = true;
}
