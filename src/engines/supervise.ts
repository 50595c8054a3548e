// Worker supervision (DESIGN.md "Supervised workers"): a worker that dies (an uncaught error, a
// message the page cannot read, its WebGPU device lost) would leave its comlink calls pending
// forever. Calls made through the supervisor reject with a WorkerFailedError instead, the worker
// is ended, and its owner hears once, so it can mark its state and start a fresh worker on next use.
import { CancelledError, WorkerFailedError, isCancelled, type WorkerFailureReason } from '../core/errors';

/** What supervision needs of a Worker: its events and terminate(). */
export interface SupervisedWorker extends EventTarget {
  terminate(): void;
}

/** Why a worker stopped, as the worker itself or its events tell it. */
export interface WorkerFailure {
  reason: WorkerFailureReason;
  detail: string;
}

/** The message a worker posts when it cannot go on (comlink ignores messages without its id). */
export interface WorkerFailureMessage {
  gdwWorkerFailure: WorkerFailure;
}

/** Called once when a worker fails; pendingCalls is 0 when no job was waiting on it to show the error. */
export type OnWorkerFailed = (error: WorkerFailedError, pendingCalls: number) => void;

export interface SupervisorOptions {
  /** Names the worker in messages, e.g. "the inference worker for unet.onnx"; read when it fails. */
  describe(): string;
  /** What the user does next, e.g. "load the backbone again to retry". */
  retryAdvice(reason: WorkerFailureReason): string;
  /** Called once, after the pending calls were rejected. */
  onFailed: OnWorkerFailed;
}

export interface SupervisedRemote<R> {
  /** Starts a call on the remote; it rejects with the WorkerFailedError once the worker has failed. */
  call<T>(start: (remote: R) => Promise<T>): Promise<T>;
  /** Tells the worker to cancel; one that stopped or stops meanwhile has nothing left to cancel, so this resolves. */
  cancel(start: (remote: R) => Promise<void>): Promise<void>;
  /** The error the worker failed with, or null while it works. */
  readonly failure: WorkerFailedError | null;
  /** Ends the worker on purpose: nothing is reported, and calls still pending reject as cancelled. */
  terminate(): void;
}

const stoppedPhrase: Record<WorkerFailureReason, string> = {
  error: 'stopped',
  messageerror: 'sent a message the page could not read',
  'gpu-lost': 'lost its GPU',
};

/** "<worker> stopped: <detail>. The job was ended; <advice>." (without the job part when none was running). */
export function createWorkerFailedError(describe: string, failure: WorkerFailure, advice: string, jobEnded: boolean): WorkerFailedError {
  const detail = failure.detail.trim().replace(/\.+$/, '') || 'no reason given';
  const next = jobEnded ? `The job was ended; ${advice}` : `${advice.charAt(0).toUpperCase()}${advice.slice(1)}`;
  return new WorkerFailedError(`${describe} ${stoppedPhrase[failure.reason]}: ${detail}. ${next}.`, failure.reason, detail);
}

/** An `error` event's text: an ErrorEvent's message, or what a bare Event (a script that failed to start) means. */
function errorEventDetail(event: Event): string {
  const { message, filename, lineno } = event as Partial<ErrorEvent>;
  if (!message) return 'the worker crashed or could not start, without a message';
  return filename ? `${message} (${filename}:${lineno ?? 0})` : message;
}

export function readWorkerFailureMessage(data: unknown): WorkerFailure | null {
  if (typeof data !== 'object' || data === null || !('gdwWorkerFailure' in data)) return null;
  const failure = (data as WorkerFailureMessage).gdwWorkerFailure;
  return failure && typeof failure.detail === 'string' && failure.reason in stoppedPhrase ? failure : null;
}

export function superviseWorker<R>(worker: SupervisedWorker, remote: R, options: SupervisorOptions): SupervisedRemote<R> {
  const pending = new Set<(err: Error) => void>();
  let failure: WorkerFailedError | null = null;
  let ended = false;

  const rejectPending = (err: Error): number => {
    const count = pending.size;
    for (const reject of pending) reject(err);
    pending.clear();
    return count;
  };
  const fail = (cause: WorkerFailure): void => {
    if (failure || ended) return;
    failure = createWorkerFailedError(options.describe(), cause, options.retryAdvice(cause.reason), pending.size > 0);
    stopListening();
    worker.terminate();
    options.onFailed(failure, rejectPending(failure));
  };
  // preventDefault: the failure is reported here, not again as an uncaught error of the page.
  const onError = (event: Event) => {
    event.preventDefault();
    fail({ reason: 'error', detail: errorEventDetail(event) });
  };
  const onMessageError = () => fail({ reason: 'messageerror', detail: 'a message from it could not be deserialized' });
  const onMessage = (event: Event) => {
    const told = readWorkerFailureMessage((event as MessageEvent).data);
    if (told) fail(told);
  };
  function stopListening(): void {
    worker.removeEventListener('error', onError);
    worker.removeEventListener('messageerror', onMessageError);
    worker.removeEventListener('message', onMessage);
  }
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);
  worker.addEventListener('message', onMessage);

  function call<T>(start: (r: R) => Promise<T>): Promise<T> {
    if (failure) return Promise.reject(failure);
    if (ended) return Promise.reject(new CancelledError(`a call to ${options.describe()}`));
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      const settle = () => pending.delete(reject);
      try {
        start(remote).then((value) => { settle(); resolve(value); }, (err: unknown) => { settle(); reject(err); });
      } catch (err) {
        settle();
        reject(err);
      }
    });
  }

  return {
    call,
    async cancel(start) {
      if (failure || ended) return;
      try {
        await call(start);
      } catch (err) {
        if (!(err instanceof WorkerFailedError || (ended && isCancelled(err)))) throw err;
      }
    },
    get failure() {
      return failure;
    },
    terminate() {
      if (ended) return;
      ended = true;
      stopListening();
      worker.terminate();
      rejectPending(new CancelledError(`a call to ${options.describe()}`));
    },
  };
}

/** What gpu-lost watching needs of a GPUDevice. */
export interface LosableDevice {
  lost: Promise<{ reason: string; message: string }>;
}

/**
 * In a worker: posts a gpu-lost failure when the WebGPU device is lost for any reason but our own
 * destroy(). `device` is what onnxruntime-web exposes as `ort.env.webgpu.device` once a session runs
 * on WebGPU: typed as a promise, though 1.30 returns the device itself.
 */
export function reportGpuLoss(device: Promise<LosableDevice> | LosableDevice, post: (message: WorkerFailureMessage) => void): void {
  void Promise.resolve(device).then((d) => d.lost).then((info) => {
    if (info.reason === 'destroyed') return;
    post({ gdwWorkerFailure: { reason: 'gpu-lost', detail: `the WebGPU device was lost (${info.message || info.reason})` } });
  }, () => undefined);
}
