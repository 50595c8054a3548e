// The WASM build's memory ceiling: wasm32 addresses 4 GiB, and opening a session needs the model
// there twice (its bytes, copied in, and the initialised weights ORT builds from them), so a
// model past ~2 GiB fails with an allocation error deep inside ORT. Say that, not `bad_alloc`.
import { GdwError, errorCodes } from '../core/errors';

/** wasm32's address space: the most memory a WebAssembly instance (ORT's heap) can have. */
export const WASM32_LIMIT_BYTES = 4 * 1024 ** 3;
/** Past this a model cannot open on WASM: its bytes and its initialised weights must both fit in the heap. */
export const WASM_MODEL_LIMIT_BYTES = WASM32_LIMIT_BYTES / 2;

/** How ONNX Runtime Web, Emscripten and V8 report an allocation that did not fit. */
const allocationFailure = /bad_alloc|out of memory|Aborted\(|Array buffer allocation failed|Maximum memory size exceeded|Cannot allocate|WebAssembly\.Memory/i;

export function isAllocationFailure(err: unknown): boolean {
  return allocationFailure.test(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
}

/** A model too large for the WASM build's heap; the message says what to use instead. */
export class WasmMemoryLimitError extends GdwError {
  constructor(message: string, file: string) {
    super(errorCodes.runtime, message, { file });
    this.name = 'WasmMemoryLimitError';
  }
}

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** The error for a model that cannot open on WASM for lack of memory; `cause` is ORT's own error, if it got that far. */
export function wasmMemoryLimitError(fileName: string, modelBytes: number, cause?: unknown): WasmMemoryLimitError {
  const said = cause === undefined ? '' : ` ONNX Runtime said: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new WasmMemoryLimitError(`${fileName} (${gib(modelBytes)} with its external data) does not fit in ONNX Runtime's ` +
    `WASM heap: wasm32 addresses at most ${gib(WASM32_LIMIT_BYTES)}, and opening a session holds the model twice (its bytes ` +
    `and the initialised weights), so about ${gib(WASM_MODEL_LIMIT_BYTES)} is the practical limit. Use the WebGPU EP with the ` +
    `weights as external data (a browser with a GPU), or run \`gdw sample\` on a server (native onnxruntime-node, no such ` +
    `limit).${said}`, fileName);
}
