// Load and Unload of backbones, one inference worker each (terminating it frees the backbone's
// memory), and the built-in catalogue with each trained backbone's loss curve.
import { parseLightningMetrics } from '../../core/curves/lightningMetrics';
import { InvalidRequestError, RuntimeFailureError, serializeError } from '../../core/errors';
import { createInferenceClient, type InferenceClient } from '../inferenceClient';
import { getBackboneState, getWorkbenchState, workbenchActions, type BackboneId, type BuiltInBackbone } from '../store';
import { parseBackboneIndex } from './backboneIndex';

/** The catalogue of the trained demo backbones, served from models/demo (scripts/demoBackbones.ts). */
export const backboneIndexUrl = '/demo/backbones/index.json';

const clients = new Map<BackboneId, InferenceClient>();

/** The worker holding a loaded backbone. */
export const getBackboneClient = (id: BackboneId): InferenceClient | null => clients.get(id) ?? null;

export async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(path);
  if (!response.ok) throw new RuntimeFailureError(`could not fetch ${path}: HTTP ${response.status} ${response.statusText}`);
  return response;
}

const findBuiltIn = (id: BackboneId): BuiltInBackbone | undefined => getWorkbenchState().builtInBackbones.find((b) => b.id === id);

/** Fetches the model into a new worker; on failure the worker ends and nothing else changes. */
export async function loadBackbone(id: BackboneId): Promise<void> {
  const builtIn = findBuiltIn(id);
  const status = getBackboneState(getWorkbenchState(), id).status;
  if (!builtIn || status === 'loading' || status === 'loaded') return;
  workbenchActions.backboneLoadStarted(id);
  try {
    const bytes = new Uint8Array(await (await fetchOk(builtIn.url)).arrayBuffer());
    const client = createInferenceClient();
    try {
      const backbone = await client.load(bytes, { fileName: builtIn.fileName });
      clients.set(id, client);
      workbenchActions.backboneLoaded({ id, backbone, byteLength: bytes.byteLength });
    } catch (err) {
      client.terminate();
      throw err;
    }
  } catch (err) {
    workbenchActions.backboneLoadFailed({ id, fileName: builtIn.fileName, error: serializeError(err) });
  }
}

/** Ends the backbone's worker. Refused while a run samples from it: cancel that first. */
export function unloadBackbone(id: BackboneId): void {
  const { generation } = getWorkbenchState();
  if (generation.status === 'running' && generation.backboneId === id) {
    workbenchActions.errorRaised(serializeError(new InvalidRequestError('this backbone is generating; cancel the run before unloading it')));
    return;
  }
  clients.get(id)?.terminate();
  clients.delete(id);
  workbenchActions.backboneUnloaded(id);
}

async function loadLossCurve(builtIn: BuiltInBackbone, metricsUrl: string): Promise<void> {
  try {
    const text = await (await fetchOk(metricsUrl)).text();
    const log = parseLightningMetrics(text, `${builtIn.family}/${metricsUrl.slice(metricsUrl.lastIndexOf('/') + 1)}`);
    workbenchActions.lossCurveLoaded({ backboneId: builtIn.id, family: builtIn.family, log });
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
  }
}

/** Lists the trained demo backbones and reads their loss curves; a failure shows in the error area. */
export async function loadBuiltInCatalog(): Promise<void> {
  let listed: BuiltInBackbone[];
  try {
    listed = parseBackboneIndex(await (await fetchOk(backboneIndexUrl)).text(), backboneIndexUrl);
  } catch (err) {
    workbenchActions.errorRaised(serializeError(err));
    return;
  }
  workbenchActions.builtInBackbonesListed(listed);
  await Promise.all(listed.flatMap((b) => (b.metricsUrl ? [loadLossCurve(b, b.metricsUrl)] : [])));
}
