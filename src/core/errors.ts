// Typed errors shared by every layer. They cross the worker boundary as {name, code, message,
// detail} and are rebuilt on the other side (STYLE.md 5), so the UI can switch on `code`.

/** Every error code the workbench raises; the UI and tests switch on these. */
export const errorCodes = {
  /** An operation was cancelled by the user: shown as "cancelled", never as a failure. */
  cancelled: 'cancelled',
  /** A file could not be parsed: the message names the file, line or byte and what was expected. */
  parse: 'parse',
  /** An ONNX model does not meet the backbone contract (DESIGN.md). */
  backboneContract: 'backbone-contract',
  /** A request is inconsistent with the loaded data or model (shapes, labels, steps). */
  invalidRequest: 'invalid-request',
  /** The runtime (ONNX Runtime, WebGPU, a worker) failed underneath us. */
  runtime: 'runtime',
  /** A command-line argument is missing or malformed. */
  usage: 'usage',
  /** A worker stopped (crashed, sent a message that could not be read, lost its GPU): its job ended. */
  workerFailed: 'worker-failed',
  /** A write ran out of disk or storage quota; what was saved before stays readable. */
  storageFull: 'storage-full',
} as const;

export type GdwErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

/** Where in a file an error was found, for messages and for the UI. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  byteOffset?: number;
}

export class GdwError extends Error {
  readonly code: GdwErrorCode;
  readonly location?: ErrorLocation;

  constructor(code: GdwErrorCode, message: string, location?: ErrorLocation) {
    super(message);
    this.name = 'GdwError';
    this.code = code;
    this.location = location;
  }
}

export class CancelledError extends GdwError {
  constructor(what = 'operation') {
    super(errorCodes.cancelled, `${what} cancelled`);
    this.name = 'CancelledError';
  }
}

export class ParseError extends GdwError {
  constructor(message: string, location: ErrorLocation) {
    super(errorCodes.parse, message, location);
    this.name = 'ParseError';
  }
}

export class BackboneContractError extends GdwError {
  constructor(message: string, file?: string) {
    super(errorCodes.backboneContract, message, file ? { file } : undefined);
    this.name = 'BackboneContractError';
  }
}

export class InvalidRequestError extends GdwError {
  constructor(message: string) {
    super(errorCodes.invalidRequest, message);
    this.name = 'InvalidRequestError';
  }
}

export class RuntimeFailureError extends GdwError {
  constructor(message: string) {
    super(errorCodes.runtime, message);
    this.name = 'RuntimeFailureError';
  }
}

export class UsageError extends GdwError {
  constructor(message: string) {
    super(errorCodes.usage, message);
    this.name = 'UsageError';
  }
}

/** How a worker stopped: an uncaught error, a message the page could not read, or its WebGPU device lost. */
export type WorkerFailureReason = 'error' | 'messageerror' | 'gpu-lost';

export class WorkerFailedError extends GdwError {
  readonly reason: WorkerFailureReason;
  /** What the worker or its events said, without the message's worker name and advice. */
  readonly detail: string;

  constructor(message: string, reason: WorkerFailureReason, detail = message) {
    super(errorCodes.workerFailed, message);
    this.name = 'WorkerFailedError';
    this.reason = reason;
    this.detail = detail;
  }
}

/** The plain-object form of an error that crosses a worker boundary. */
export interface SerializedError {
  name: string;
  code: GdwErrorCode;
  message: string;
  location?: ErrorLocation;
}

const knownCodes = new Set<string>(Object.values(errorCodes));

export function serializeError(err: unknown): SerializedError {
  if (err instanceof GdwError) {
    return { name: err.name, code: err.code, message: err.message, location: err.location };
  }
  if (err instanceof Error) {
    const abort = err.name === 'AbortError';
    return { name: err.name, code: abort ? errorCodes.cancelled : errorCodes.runtime, message: err.message };
  }
  return { name: 'Error', code: errorCodes.runtime, message: String(err) };
}

export function reviveError(data: SerializedError): GdwError {
  const code = knownCodes.has(data.code) ? data.code : errorCodes.runtime;
  const err = new GdwError(code, data.message, data.location);
  err.name = data.name;
  return err;
}

export function isCancelled(err: unknown): boolean {
  return err instanceof GdwError && err.code === errorCodes.cancelled;
}

/** Throws CancelledError when the signal has fired; loops call this between steps. */
export function throwIfCancelled(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CancelledError(what);
}

/**
 * The check a long loop makes between two units of work. Checking the signal alone is not enough
 * in a worker: a loop whose awaits resolve as microtasks never lets it read the cancel message, so
 * at most every `yieldEveryMs` the check first yields to the message loop (often enough for Cancel
 * to act within a second, rarely enough that the browsers' 4 ms timer clamp costs nothing measurable).
 */
export function createCancellationPoint(signal: AbortSignal | undefined, what: string, yieldEveryMs: number): () => Promise<void> {
  let lastYieldMs = Date.now();
  return async () => {
    if (signal && Date.now() - lastYieldMs >= yieldEveryMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYieldMs = Date.now();
    }
    throwIfCancelled(signal, what);
  };
}

/** The disk or the browser's storage quota is full: `rowsKept` rows of the set stay readable. */
export class StorageFullError extends GdwError {
  readonly setId: string;
  readonly rowsKept: number;

  constructor(setId: string, rowsKept: number, cause: string) {
    super(errorCodes.storageFull, `storage full while saving sample set '${setId}': ${rowsKept.toLocaleString('en-US')} rows were kept `
      + `and stay readable; free disk space or browser storage (or delete other sets) and generate the rest again (${cause})`);
    this.name = 'StorageFullError';
    this.setId = setId;
    this.rowsKept = rowsKept;
  }
}
