// Worker supervision with a fake worker (an EventTarget with terminate()) and calls that never
// settle on their own, as comlink's do when the worker is gone: every pending call rejects with the
// typed error on `error`, `messageerror` and a posted gpu-lost, later calls reject at once, the
// owner hears once, and a deliberate terminate reports nothing.
import { describe, expect, it, vi } from 'vitest';
import { WorkerFailedError, errorCodes, isCancelled, type WorkerFailureReason } from '../core/errors';
import { reportGpuLoss, superviseWorker, type WorkerFailureMessage } from './supervise';

class FakeWorker extends EventTarget {
  terminated = 0;
  terminate(): void {
    this.terminated += 1;
  }
}

/** A remote whose calls stay pending until the test says otherwise. */
function fakeRemote() {
  const resolvers: ((value: number) => void)[] = [];
  return {
    resolvers,
    remote: { work: () => new Promise<number>((resolve) => resolvers.push(resolve)) },
  };
}

function setUp() {
  const worker = new FakeWorker();
  const { remote, resolvers } = fakeRemote();
  const onFailed = vi.fn<(error: WorkerFailedError, pendingCalls: number) => void>();
  const supervised = superviseWorker(worker, remote, {
    describe: () => 'the inference worker for unet.onnx',
    retryAdvice: (reason: WorkerFailureReason) => (reason === 'gpu-lost' ? 'load the backbone again (it loads on WASM)' : 'load the backbone again to retry'),
    onFailed,
  });
  return { worker, supervised, onFailed, resolvers };
}

/** An `error` event as a worker's uncaught error fires it (Node has no ErrorEvent). */
function errorEvent(message: string): Event {
  return Object.assign(new Event('error', { cancelable: true }), { message });
}

/** Settles to the rejection reason, or fails the test if the promise resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => { throw new Error('expected a rejection'); }, (err: unknown) => err);
}

const failures: [string, (worker: FakeWorker) => void, WorkerFailureReason, string][] = [
  ['error', (w) => w.dispatchEvent(errorEvent('Uncaught RuntimeError: Aborted(OOM)')),
    'error', 'the inference worker for unet.onnx stopped: Uncaught RuntimeError: Aborted(OOM). The job was ended; load the backbone again to retry.'],
  ['messageerror', (w) => w.dispatchEvent(new MessageEvent('messageerror')),
    'messageerror', 'the inference worker for unet.onnx sent a message the page could not read: a message from it could not be deserialized. The job was ended; load the backbone again to retry.'],
  ['a posted gpu-lost', (w) => w.dispatchEvent(new MessageEvent('message', { data: { gdwWorkerFailure: { reason: 'gpu-lost', detail: 'the WebGPU device was lost (unknown)' } } })),
    'gpu-lost', 'the inference worker for unet.onnx lost its GPU: the WebGPU device was lost (unknown). The job was ended; load the backbone again (it loads on WASM).'],
];

describe('superviseWorker', () => {
  it.each(failures)('on %s rejects every pending call with the typed error, ends the worker and reports once', async (_, kill, reason, message) => {
    const { worker, supervised, onFailed } = setUp();
    const calls = [supervised.call((r) => r.work()), supervised.call((r) => r.work()), supervised.call((r) => r.work())];
    kill(worker);
    kill(worker);
    const errors = await Promise.all(calls.map(rejectionOf));
    for (const err of errors) {
      expect(err).toBeInstanceOf(WorkerFailedError);
      expect(err).toMatchObject({ name: 'WorkerFailedError', code: errorCodes.workerFailed, reason, message });
    }
    expect(onFailed).toHaveBeenCalledTimes(1);
    expect(onFailed).toHaveBeenCalledWith(errors[0], 3);
    expect(worker.terminated).toBe(1);
    expect(supervised.failure).toBe(errors[0]);
    // A call after the failure rejects at once, with the same error, and never reaches the remote.
    const start = vi.fn(() => Promise.resolve(1));
    await expect(supervised.call(start)).rejects.toBe(errors[0]);
    expect(start).not.toHaveBeenCalled();
    expect(onFailed).toHaveBeenCalledTimes(1);
  });

  it('passes results and errors of calls that settle through, and reports an idle failure with no pending call', async () => {
    const { worker, supervised, onFailed, resolvers } = setUp();
    const call = supervised.call((r) => r.work());
    resolvers[0](7);
    await expect(call).resolves.toBe(7);
    await expect(supervised.call(() => Promise.reject(new Error('bad input')))).rejects.toThrow('bad input');
    await expect(supervised.call(() => { throw new Error('thrown'); })).rejects.toThrow('thrown');
    const event = errorEvent('boom');
    worker.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(onFailed).toHaveBeenCalledTimes(1);
    expect(onFailed.mock.calls[0][1]).toBe(0);
    // No job was running: the message says what to do, not that a job ended.
    expect(supervised.failure?.message).toBe('the inference worker for unet.onnx stopped: boom. Load the backbone again to retry.');
  });

  it('ignores comlink messages, and a bare error event (a worker that could not start) still names what happened', async () => {
    const { worker, supervised, onFailed } = setUp();
    worker.dispatchEvent(new MessageEvent('message', { data: { id: 'abc', type: 'RETURN' } }));
    expect(onFailed).not.toHaveBeenCalled();
    const pending = supervised.call((r) => r.work());
    worker.dispatchEvent(new Event('error'));
    await expect(pending).rejects.toThrow('the inference worker for unet.onnx stopped: the worker crashed or could not start, without a message.');
  });

  it('a deliberate terminate cancels the pending calls and reports nothing, even if an error follows', async () => {
    const { worker, supervised, onFailed } = setUp();
    const pending = supervised.call((r) => r.work());
    supervised.terminate();
    expect(isCancelled(await rejectionOf(pending))).toBe(true);
    worker.dispatchEvent(errorEvent('late'));
    expect(onFailed).not.toHaveBeenCalled();
    expect(isCancelled(await rejectionOf(supervised.call((r) => r.work())))).toBe(true);
    expect(worker.terminated).toBe(1);
  });
});

describe('reportGpuLoss', () => {
  it('posts a gpu-lost failure when the device is lost, and nothing when it was destroyed on purpose', async () => {
    const posted: WorkerFailureMessage[] = [];
    reportGpuLoss(Promise.resolve({ lost: Promise.resolve({ reason: 'unknown', message: 'GPU process crashed' }) }), (m) => posted.push(m));
    reportGpuLoss(Promise.resolve({ lost: Promise.resolve({ reason: 'destroyed', message: '' }) }), (m) => posted.push(m));
    reportGpuLoss({ lost: Promise.resolve({ reason: 'unknown', message: '' }) }, (m) => posted.push(m));
    reportGpuLoss(Promise.reject(new Error('no device')), (m) => posted.push(m));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted).toEqual([
      { gdwWorkerFailure: { reason: 'gpu-lost', detail: 'the WebGPU device was lost (GPU process crashed)' } },
      { gdwWorkerFailure: { reason: 'gpu-lost', detail: 'the WebGPU device was lost (unknown)' } },
    ]);
  });
});

describe('SupervisedRemote.cancel', () => {
  it('resolves when the worker stopped before or while the cancel was under way', async () => {
    const { worker, supervised } = setUp();
    const cancelling = supervised.cancel((r) => r.work().then(() => undefined));
    worker.dispatchEvent(errorEvent('boom'));
    await expect(cancelling).resolves.toBeUndefined();
    await expect(supervised.cancel(() => Promise.reject(new Error('never called')))).resolves.toBeUndefined();
  });
});
