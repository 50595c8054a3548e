// Load and Unload of backbones, one inference worker each (terminating it frees the backbone's
// memory): the built-in catalogue with each trained backbone's loss curve, and the user's own
// ONNX files, identified by SHA-256 and loaded with the answers remembered for them.
import type { EncodingContext, SidecarSettings } from '../../core/backbone/resolveSettings';
import { settingsToMetadata } from '../../core/backbone/annotate';
import { readBackboneSpec } from '../../core/backbone/readBackbone';
import { isSidecarName, parseSidecar, sidecarNameFor } from '../../core/backbone/sidecar';
import type { BackboneOverrides } from '../../core/backbone/spec';
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import { InvalidRequestError, RuntimeFailureError, serializeError, type SerializedError, type WorkerFailedError } from '../../core/errors';
import { sha256Hex } from '../../core/report/plan';
import type { ExternalDataFile, LoadOptions, LoadedBackbone } from '../../engines/inference';
import { saveFile } from '../download';
import { createInferenceClient, type InferenceClient } from '../inferenceClient';
import {
  createUserBackboneId, getBackboneState, getExecutionProviderChoice, getLoadedBackbones, getUserBackbone, getWorkbenchState,
  workbenchActions, type BackboneId, type BuiltInBackbone, type ErrorOrigin, type ExecutionProviderChoice,
} from '../store';
import { deleteUserBackboneFiles, getUserBackboneFiles, putUserBackboneFiles, type UserBackboneFiles } from '../userBackboneFiles';
import { parseBackboneIndex } from './backboneIndex';
import { recallBackboneSettings, rememberBackboneSettings, type SettingsStorage } from './backboneOverrides';
import { storeBudgetFromUrl } from './dataJobs';

/** The catalogue of the trained demo backbones, served from models/demo (scripts/demoBackbones.ts). */
export const backboneIndexUrl = '/demo/backbones/index.json';

const clients = new Map<BackboneId, InferenceClient>();
/** Backbones whose worker lost its WebGPU device: they load on WASM from then on. */
const gpuLostBackbones = new Set<BackboneId>();

/** The worker holding a loaded backbone. */
export const getBackboneClient = (id: BackboneId): InferenceClient | null => clients.get(id) ?? null;

export async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(path);
  if (!response.ok) throw new RuntimeFailureError(`could not fetch ${path}: HTTP ${response.status} ${response.statusText}`);
  return response;
}

/** Shows the error in the error area, and on the row or panel part it came from. */
const raise = (err: unknown, origin?: ErrorOrigin): void => workbenchActions.errorRaised(serializeError(err), origin);

/** localStorage, or null where the browser refuses it; answers then last for this page only. */
function settingsStorage(): SettingsStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** This page's answers, by SHA-256: they hold even where localStorage refuses to keep them. */
const answersThisPage = new Map<string, BackboneOverrides>();
const recallAnswers = (sha256: string): BackboneOverrides | null =>
  answersThisPage.get(sha256) ?? recallBackboneSettings(settingsStorage(), sha256);

const isGenerating = (id: BackboneId): boolean => {
  const { generation } = getWorkbenchState();
  return generation.status === 'running' && generation.backboneId === id;
};

/** Where a listed backbone's bytes come from, and the answers it loads with. */
interface BackboneSource {
  fileName: string;
  read(): Promise<UserBackboneFiles>;
  overrides?: BackboneOverrides;
}

function findSource(id: BackboneId): BackboneSource | null {
  const state = getWorkbenchState();
  const builtIn = state.builtInBackbones.find((b) => b.id === id);
  if (builtIn) {
    const read = async () => ({ model: new Uint8Array(await (await fetchOk(builtIn.url)).arrayBuffer()), externalData: [] });
    return { fileName: builtIn.fileName, read };
  }
  const user = getUserBackbone(state, id);
  const files = getUserBackboneFiles(id);
  if (!user || !files) return null;
  return { fileName: user.fileName, read: async () => files, overrides: recallAnswers(user.sha256) ?? undefined };
}

/** The loaded encoding's shape and padding mask: a settings source for backbones shaped like it. */
function loadedEncodingContext(): EncodingContext | null {
  const { encoding } = getWorkbenchState();
  if (!encoding?.componentsByGene) return null;
  return {
    name: 'the loaded encoding', genes: encoding.geneSlots, channels: encoding.componentsPerGene,
    realGenes: encoding.realGenes, componentsPerGene: encoding.componentsByGene,
  };
}

/**
 * A backbone's worker failed (supervise.ts). The job it ran has ended with the error, or, when none
 * ran, the error shows here; the backbone is unloaded so that Load starts a fresh worker.
 */
function onWorkerFailed(id: BackboneId, client: InferenceClient, error: WorkerFailedError, pendingCalls: number): void {
  if (error.reason === 'gpu-lost') gpuLostBackbones.add(id);
  // A worker still loading fails its load instead; one already replaced is nothing to do with the backbone now.
  if (clients.get(id) !== client) return;
  clients.delete(id);
  if (pendingCalls === 0) raise(error, `backbone:${id}`);
  // After the failed run's own rejection has ended it (a macrotask later): a running run's backbone is never unloaded.
  setTimeout(() => {
    if (!clients.has(id)) workbenchActions.backboneUnloaded(id);
  }, 0);
}

/** The EP to force for a backbone: WASM after its GPU was lost, else its row's choice; none for 'auto'. */
function forcedExecutionProvider(id: BackboneId): Pick<LoadOptions, 'executionProvider'> {
  if (gpuLostBackbones.has(id)) return { executionProvider: 'wasm' };
  const choice = getExecutionProviderChoice(getWorkbenchState(), id);
  return choice === 'auto' ? {} : { executionProvider: choice };
}

/** Opens a model in a new worker on its EP (forcedExecutionProvider); when that fails the worker ends and the error goes on. */
async function openInWorker(
  id: BackboneId, files: UserBackboneFiles, options: LoadOptions,
): Promise<{ client: InferenceClient; backbone: LoadedBackbone }> {
  const client: InferenceClient = createInferenceClient((error, pendingCalls) => onWorkerFailed(id, client, error, pendingCalls));
  const setsBudget = storeBudgetFromUrl(globalThis.location?.search ?? '', 'setsBudgetMiB');
  if (setsBudget !== null) void client.setSetsMemoryBudget(setsBudget);
  const context = { sidecar: files.sidecar ?? null, encoding: loadedEncodingContext() };
  const ep = forcedExecutionProvider(id);
  try {
    return { client, backbone: await client.load(files.model, { ...options, ...ep, context, externalData: files.externalData }) };
  } catch (err) {
    client.terminate();
    throw err;
  }
}

/**
 * The backbone of a running generation whose worker lost its GPU, opened again on WASM in a new
 * worker (openInWorker: its GPU was lost), so the run can finish there. Null when it cannot be.
 */
export async function reopenOnWasm(id: BackboneId): Promise<InferenceClient | null> {
  const source = findSource(id);
  if (!source || !gpuLostBackbones.has(id) || clients.has(id)) return null;
  const files = await source.read();
  const { client, backbone } = await openInWorker(id, files, { fileName: source.fileName, overrides: source.overrides });
  clients.set(id, client);
  workbenchActions.backboneReopened({ id, backbone, byteLength: files.model.byteLength });
  return client;
}

/** After a run that could not reopen its backbone: a backbone left without a worker is unloaded. */
export function unloadIfWorkerless(id: BackboneId): void {
  if (!clients.has(id)) workbenchActions.backboneUnloaded(id);
}

/**
 * Loads a listed backbone into a new worker; on failure that worker ends and nothing else changes.
 * A user's backbone whose metadata leaves settings open opens the metadata dialog. Null when it did not load.
 */
export async function loadBackbone(id: BackboneId): Promise<LoadedBackbone | null> {
  const source = findSource(id);
  const status = getBackboneState(getWorkbenchState(), id).status;
  if (!source || status === 'loading' || status === 'loaded') return null;
  workbenchActions.backboneLoadStarted(id);
  try {
    const files = await source.read();
    const { client, backbone } = await openInWorker(id, files, { fileName: source.fileName, overrides: source.overrides });
    clients.set(id, client);
    workbenchActions.backboneLoaded({ id, backbone, byteLength: files.model.byteLength });
    if (getUserBackbone(getWorkbenchState(), id) && backbone.spec.missing.length > 0) workbenchActions.metadataDialogOpened(id);
    return backbone;
  } catch (err) {
    workbenchActions.backboneLoadFailed({ id, fileName: source.fileName, error: serializeError(err) });
    return null;
  }
}

/** Ends a backbone's worker, freeing everything it held. */
function endWorker(id: BackboneId): void {
  clients.get(id)?.terminate();
  clients.delete(id);
}

/** Ends the backbone's worker. Refused while a run samples from it: cancel that first. */
export function unloadBackbone(id: BackboneId): void {
  if (isGenerating(id)) {
    raise(new InvalidRequestError('this backbone is generating; cancel the run before unloading it'), `backbone:${id}`);
    return;
  }
  endWorker(id);
  workbenchActions.backboneUnloaded(id);
}

/**
 * Chooses where a backbone runs. A loaded one is opened again on it at once (unload, then load: its
 * worker restarts); refused while it generates.
 */
export async function chooseExecutionProvider(id: BackboneId, choice: ExecutionProviderChoice): Promise<void> {
  if (isGenerating(id)) {
    raise(new InvalidRequestError('this backbone is generating; cancel the run before moving it to another EP'), `backbone:${id}`);
    return;
  }
  workbenchActions.executionProviderChosen({ id, choice });
  // A lost GPU forced WASM until now; an explicit choice replaces that.
  gpuLostBackbones.delete(id);
  if (getBackboneState(getWorkbenchState(), id).status !== 'loaded') return;
  unloadBackbone(id);
  await loadBackbone(id);
}

const isModelFile = (file: File): boolean => file.name.toLowerCase().endsWith('.onnx');

/** The sidecar added for a model: `<stem>.gdw.json`, or the only sidecar given with the only model. */
function sidecarFor(model: File, models: readonly File[], sidecars: readonly SidecarSettings[]): SidecarSettings | null {
  const named = sidecars.find((s) => s.fileName === sidecarNameFor(model.name) || s.fileName === `${model.name}.gdw.json`);
  return named ?? (models.length === 1 && sidecars.length === 1 ? sidecars[0] : null);
}

async function readFile(file: File): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    throw new RuntimeFailureError(`could not read ${file.name}: ${(err as Error).message}`);
  }
}

/** Lists one model file and loads it; a file refused on its first load leaves the list again. */
async function addUserModel(file: File, externalData: ExternalDataFile[], sidecar: SidecarSettings | null): Promise<void> {
  // 1. Identify it by its SHA-256: the same file added twice is one backbone, and one already loaded
  //    (yours or a built-in) is refused, naming it; a listed one that is not loaded loads.
  const model = await readFile(file);
  const sha256 = await sha256Hex(model);
  const id = createUserBackboneId(sha256);
  const state = getWorkbenchState();
  const known = getUserBackbone(state, id);
  const loadedTwin = getLoadedBackbones(state).find((b) => b.backbone.sha256 === sha256);
  const twinName = loadedTwin?.name ?? (getBackboneState(state, id).status === 'loading' ? known?.fileName : undefined);
  if (twinName !== undefined) {
    raise(new InvalidRequestError(`${file.name} is already loaded as ${twinName} (same SHA-256 ${sha256.slice(0, 12)}…): it is not added twice`), 'backbones');
    return;
  }
  // 2. List it; its bytes stay on this thread so Unload → Load needs no new pick.
  putUserBackboneFiles(id, { model, externalData, sidecar });
  const remembered = recallAnswers(sha256) !== null;
  workbenchActions.userBackboneAdded({
    id, fileName: file.name, sha256, byteLength: model.byteLength, externalDataFiles: externalData.map((f) => f.path),
    settingsAnsweredBy: known?.settingsAnsweredBy ?? (remembered ? 'remembered' : null),
  });
  // 3. Load it; the error area says why a refused file was refused.
  if (!(await loadBackbone(id)) && !known) {
    workbenchActions.userBackboneRemoved(id);
    deleteUserBackboneFiles(id);
  }
}

/**
 * Adds the user's ONNX backbones: each .onnx file given is a model, every other file a side file
 * its weights may live in (ONNX external data). Errors show in the error area.
 */
export async function addUserBackboneFiles(files: readonly File[]): Promise<void> {
  try {
    const models = files.filter(isModelFile);
    if (models.length === 0) {
      const names = files.map((f) => f.name).join(', ') || 'no file';
      throw new InvalidRequestError(`${names}: none is an .onnx model. Choose the model, with its external-data files if it has any.`);
    }
    // A settings sidecar (*.gdw.json) is read and checked before anything loads.
    const sidecars = await Promise.all(files.filter((f) => isSidecarName(f.name))
      .map(async (f) => parseSidecar(new TextDecoder().decode(await readFile(f)), f.name)));
    const sideFiles = files.filter((f) => !isModelFile(f) && !isSidecarName(f.name));
    const externalData = await Promise.all(sideFiles.map(async (f) => ({ path: f.name, data: await readFile(f) })));
    // One model at a time: each is read and opened before the next.
    for (const file of models) await addUserModel(file, externalData, sidecarFor(file, models, sidecars));
  } catch (err) {
    raise(err, 'backbones');
  }
}

/** Unloads a user's backbone, takes it off the list and forgets its bytes. */
export function removeUserBackbone(id: BackboneId): void {
  if (isGenerating(id)) {
    raise(new InvalidRequestError('this backbone is generating; cancel the run before removing it'), `backbone:${id}`);
    return;
  }
  endWorker(id);
  workbenchActions.userBackboneRemoved(id);
  deleteUserBackboneFiles(id);
}

/**
 * Reopens a loaded user backbone with the dialog's answers and remembers them for its file.
 * Returns the error for the dialog to show; a refused answer keeps the backbone as it was.
 */
export async function applyBackboneSettings(id: BackboneId, overrides: BackboneOverrides): Promise<SerializedError | null> {
  const user = getUserBackbone(getWorkbenchState(), id);
  const files = getUserBackboneFiles(id);
  const isLoaded = () => getBackboneState(getWorkbenchState(), id).status === 'loaded';
  if (!user || !files || !isLoaded()) return serializeError(new InvalidRequestError('load the backbone before answering its settings'));
  const generating = serializeError(new InvalidRequestError(`${user.fileName} is generating; cancel the run before changing its settings`));
  if (isGenerating(id)) return generating;
  try {
    // 1. Open it with the answers in a new worker, beside the loaded one.
    const { client, backbone } = await openInWorker(id, files, { fileName: user.fileName, overrides });
    // 2. Swap workers, unless it was unloaded or started generating meanwhile.
    if (!isLoaded() || isGenerating(id)) {
      client.terminate();
      return isLoaded() ? generating : null;
    }
    clients.get(id)?.terminate();
    clients.set(id, client);
    workbenchActions.backboneSettingsApplied({ id, backbone, byteLength: files.model.byteLength, answeredBy: 'user' });
    // 3. Remember them for this file.
    answersThisPage.set(user.sha256, overrides);
    rememberBackboneSettings(settingsStorage(), user.sha256, overrides);
    return null;
  } catch (err) {
    return serializeError(err);
  }
}

/**
 * Downloads the answers as the model's sidecar `<model>.gdw.json` (the settings resolved with them,
 * as gdw annotate --write-sidecar writes them), to keep beside the model for the app and for gdw.
 * Returns the error for the dialog to show.
 */
export function saveBackboneSidecar(id: BackboneId, overrides: BackboneOverrides): SerializedError | null {
  const user = getUserBackbone(getWorkbenchState(), id);
  const files = getUserBackboneFiles(id);
  if (!user || !files) return serializeError(new InvalidRequestError('add the backbone before saving its settings'));
  try {
    const context = { sidecar: files.sidecar ?? null, encoding: loadedEncodingContext() };
    const spec = readBackboneSpec(files.model, user.fileName, overrides, context);
    const entries = settingsToMetadata(spec);
    saveFile(sidecarNameFor(user.fileName), `${JSON.stringify(entries, null, 2)}\n`, 'application/json');
    return null;
  } catch (err) {
    return serializeError(err);
  }
}

async function loadLossCurve(builtIn: BuiltInBackbone, metricsUrl: string): Promise<void> {
  try {
    const text = await (await fetchOk(metricsUrl)).text();
    const log = parseLightningMetrics(text, `${builtIn.family}/${metricsUrl.slice(metricsUrl.lastIndexOf('/') + 1)}`);
    workbenchActions.lossCurveLoaded({ backboneId: builtIn.id, family: builtIn.family, log });
  } catch (err) {
    raise(err);
  }
}

/** Lists the trained demo backbones and reads their loss curves; a failure shows in the error area. */
export async function loadBuiltInCatalog(): Promise<void> {
  let listed: BuiltInBackbone[];
  try {
    listed = parseBackboneIndex(await (await fetchOk(backboneIndexUrl)).text(), backboneIndexUrl);
  } catch (err) {
    raise(err);
    return;
  }
  workbenchActions.builtInBackbonesListed(listed);
  await Promise.all(listed.flatMap((b) => (b.metricsUrl ? [loadLossCurve(b, b.metricsUrl)] : [])));
}
