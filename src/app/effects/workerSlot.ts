// One lazily started, supervised worker client: created on first use, and again on the next use
// after its worker failed. A failure while a job waited on it ends that job (the job shows the
// error); a failure while idle shows in the error area here.
import { serializeError } from '../../core/errors';
import type { OnWorkerFailed } from '../../engines/supervise';
import { workbenchActions } from '../store';

export interface WorkerSlot<Client> {
  /** The client, starting a worker when there is none (first use, or the last one failed). */
  get(): Client;
  /** The client if a worker runs, without starting one (for Cancel). */
  peek(): Client | null;
}

export function createWorkerSlot<Client>(create: (onFailed: OnWorkerFailed) => Client): WorkerSlot<Client> {
  let current: Client | null = null;
  return {
    get() {
      if (current) return current;
      const client = create((error, pendingCalls) => {
        if (current === client) current = null;
        if (pendingCalls === 0) workbenchActions.errorRaised(serializeError(error));
      });
      current = client;
      return client;
    },
    peek: () => current,
  };
}
