// A model file of `gdw` and the side files its weights live in (ONNX external data, found in the
// model's folder by the `location` each tensor names), checked before any session opens.
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { UsageError } from '../core/errors';
import { checkExternalDataSize, readExternalLocations, type ExternalLocation } from '../engines/externalData';
import { MissingFileError } from '../engines/fileRoles';
import type { ExternalDataFile, LoadOptions } from '../engines/inference';
import { cliProviders, createCliOrtRuntime, type CliOrtRuntime, type CliProvider } from '../engines/nodeOrtRuntime';
import { WASM_MODEL_LIMIT_BYTES, wasmMemoryLimitError } from '../engines/wasmMemory';

export interface ModelFiles {
  /** The .onnx file itself. */
  bytes: Uint8Array;
  /** The side files under the names the model gives them; empty when they were checked but not read. */
  externalData: ExternalDataFile[];
  /** The model with its side files, in bytes. */
  totalBytes: number;
}

export interface ReadModelOptions {
  /** Read the side files' bytes (the WASM build needs them); native ORT opens the model's path and reads them itself. */
  sideFileData?: boolean;
}

/** Reads a whole file in chunks: fs.readFile stops at 2 GiB. */
async function readWhole(path: string, sizeBytes: number): Promise<Uint8Array> {
  const data = new Uint8Array(sizeBytes);
  const file = await open(path);
  try {
    for (let at = 0; at < sizeBytes;) {
      const { bytesRead } = await file.read(data, at, Math.min(1 << 28, sizeBytes - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
  } finally {
    await file.close();
  }
  return data;
}

/** Where a side file lies and its size; a missing one is a MissingFileError naming the model and the size it needs. */
async function findSideFile(modelPath: string, need: ExternalLocation): Promise<{ path: string; sizeBytes: number }> {
  const modelName = basename(modelPath);
  const expected = `at least ${need.bytesNeeded.toLocaleString('en-US')} bytes`;
  if (isAbsolute(need.location) || normalize(need.location).startsWith('..')) {
    throw new MissingFileError(`${modelName} names its external data '${need.location}' (${expected}) outside its own folder; ` +
      'ONNX external data must lie beside the model. Re-export it with a relative location. Nothing was loaded.');
  }
  const path = join(dirname(modelPath), need.location);
  const sizeBytes = await stat(path).then((s) => s.size, () => null);
  if (sizeBytes === null) {
    throw new MissingFileError(`${modelName} keeps its weights in the external data file ${need.location} (${expected}), ` +
      `but ${path} does not exist. Copy ${need.location} next to ${modelName}. Nothing was loaded.`);
  }
  checkExternalDataSize(modelName, need, path, sizeBytes);
  return { path, sizeBytes };
}

/** The model and every side file it names, each checked to exist and to be long enough. */
export async function readModelFiles(modelPath: string, { sideFileData = true }: ReadModelOptions = {}): Promise<ModelFiles> {
  const modelName = basename(modelPath);
  const bytes = await readFile(modelPath).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength), (err: Error) => {
    throw new MissingFileError(`cannot read the model ${modelPath}: ${err.message}`);
  });
  const sideFiles: { location: string; path: string; sizeBytes: number }[] = [];
  for (const need of readExternalLocations(bytes, modelName)) sideFiles.push({ location: need.location, ...await findSideFile(modelPath, need) });
  const totalBytes = sideFiles.reduce((n, f) => n + f.sizeBytes, bytes.byteLength);
  if (!sideFileData) return { bytes, externalData: [], totalBytes };
  // The WASM build cannot open it (measured: 2.25 GiB fails in ORT with std::bad_alloc): say so before reading gigabytes.
  if (totalBytes > WASM_MODEL_LIMIT_BYTES) throw wasmMemoryLimitError(modelName, totalBytes);
  const externalData = [];
  for (const f of sideFiles) externalData.push({ path: f.location, data: await readWhole(f.path, f.sizeBytes) });
  return { bytes, externalData, totalBytes };
}

/** A model ready for InferenceEngine.load on the runtime `--ep` and `--threads` ask for. */
export interface CliBackbone {
  runtime: CliOrtRuntime;
  bytes: Uint8Array;
  loadOptions: LoadOptions;
}

/** `--ep cpu|cuda|wasm` (default cpu: native ORT, WASM where it has no binary) and the model read for that runtime. */
export async function prepareCliBackbone(
  modelPath: string, { threads, ep }: { threads: number; ep: string | undefined }, say: (line: string) => void,
): Promise<CliBackbone> {
  const provider = ep ?? 'cpu';
  if (!(cliProviders as readonly string[]).includes(provider)) throw new UsageError(`--ep ${provider}: expected ${cliProviders.join(', ')}`);
  const runtime = await createCliOrtRuntime({ threads, provider: provider as CliProvider });
  if (runtime.fallbackReason) say(`note: ${runtime.fallbackReason}`);
  const files = await readModelFiles(modelPath, { sideFileData: !runtime.native });
  return { runtime, bytes: files.bytes, loadOptions: { fileName: basename(modelPath), modelPath, externalData: files.externalData } };
}
