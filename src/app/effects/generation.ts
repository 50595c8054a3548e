// Generate and Cancel: backbones queue up and generate one after another, each with its own
// settings, in its own worker, streaming progress into the store. Each finished set is kept for
// the comparison (sampleSets.ts); for the Gaussian demo the moments are also checked against the
// target it represents. A cancel is not an error.
import type { SampleRequest } from '../../core/diffusion/sampler';
import { InvalidRequestError, WorkerFailedError, isCancelled, serializeError } from '../../core/errors';
import type { SampleProgress } from '../../engines/progress';
import type { InferenceClient, StoredSample } from '../inferenceClient';
import type { StoredRowsReader } from '../../core/store/rowData';
import { readSetSamples } from './dataJobs';
import { heldEarlierVersions, nextSetVersion, putSyntheticSet, restoreSetVersion } from '../sampleSets';
import {
  gaussianDemoBackbone, getBackboneState, getGenerateBackboneId, getGenerateSettings, getLoadedBackbones, getWorkbenchState,
  workbenchActions, type BackboneId,
} from '../store';
import { getBackboneClient, reopenOnWasm, unloadIfWorkerless } from './backbones';
import { createGenerationReport } from './generationReport';
import { summarizeGeneration } from './generationSummary';
import { parseSampleRequest } from './sampleRequest';

/** The request for one backbone, or a typed error that names the field; checked before it runs. */
function prepareRun(backboneId: BackboneId) {
  const state = getWorkbenchState();
  const entry = getBackboneState(state, backboneId);
  const client = getBackboneClient(backboneId);
  if (entry.status !== 'loaded' || !client) throw new InvalidRequestError('no backbone is loaded: load one in the Backbones panel');
  const isGaussianDemo = backboneId === gaussianDemoBackbone.id;
  if (isGaussianDemo && !state.demoTarget) throw new InvalidRequestError('the demo target (gaussian-demo.json) is not loaded yet');
  const { spec } = entry.backbone;
  const request = parseSampleRequest(getGenerateSettings(state, backboneId), spec, state.encoding?.holdoutPerClass ?? null);
  const file = { name: spec.fileName, sha256: entry.backbone.sha256, bytes: entry.byteLength };
  return { client, spec, file, request, demoTarget: isGaussianDemo ? state.demoTarget : null };
}

/**
 * Samples into the backbone worker's store (set `setId`). When that worker loses its WebGPU device
 * the run goes on: the backbone is opened again on WASM in a new worker and the request runs there
 * from the start — the same samples, since sample i's noise depends only on (seed, i, step) — and
 * the summary says so. Returns the client that holds the set (it frees it).
 */
async function sampleWithGpuFallback(
  backboneId: BackboneId, client: InferenceClient, request: SampleRequest, setId: string, onProgress: (event: SampleProgress) => void,
): Promise<{ stored: StoredSample<StoredRowsReader>; owner: InferenceClient; fallback?: string }> {
  try {
    return { stored: await client.sampleStored(request, setId, onProgress), owner: client };
  } catch (err) {
    if (!(err instanceof WorkerFailedError) || err.reason !== 'gpu-lost') throw err;
    const wasm = await reopenOnWasm(backboneId).catch(() => null);
    if (!wasm) {
      unloadIfWorkerless(backboneId);
      throw err;
    }
    const stored = await wasm.sampleStored(request, setId, onProgress);
    return { stored, owner: wasm, fallback: `The WebGPU device was lost during this run (${err.detail}); it ran again from the start on WASM in a new worker, with the same seed.` };
  }
}

async function runGeneration(backboneId: BackboneId): Promise<void> {
  // 1. Everything needed must be there, and the backbone's settings must parse.
  let prepared;
  try {
    prepared = prepareRun(backboneId);
  } catch (err) {
    workbenchActions.generationDequeued(backboneId);
    workbenchActions.errorRaised(serializeError(err), 'generate');
    return;
  }
  // 2. Start the run (a no-op while one runs).
  const runId = getWorkbenchState().nextId;
  workbenchActions.generationStarted(backboneId);
  const generation = getWorkbenchState().generation;
  if (generation.status !== 'running' || generation.runId !== runId) return;
  // 3. Sample in the worker, keep the set, then summarise; the moment check applies to the Gaussian demo only.
  const { client, spec, file, request, demoTarget } = prepared;
  try {
    const version = nextSetVersion(backboneId);
    const { stored, owner, fallback } = await sampleWithGpuFallback(
      backboneId, client, request, `generate/${backboneId}/v${version}`, (progress) => workbenchActions.generationProgressed({ runId, progress }));
    const { result, samples, health } = stored;
    // Freed in the worker that holds it, while that worker lives; a closed tab's files are removed at the next start.
    const release = () => void owner.deleteStored(samples.storedRows.set.setId).catch(() => undefined);
    putSyntheticSet({
      backboneId, version, samples, count: result.count, genes: result.genes, channels: result.channels,
      labels: result.request.classLabels ?? null, request: result.request, executionProvider: result.executionProvider,
      elapsedMs: result.elapsedMs, spec, file,
    }, undefined, release);
    const summary = { ...summarizeGeneration(result, backboneId, spec, health), version, ...(fallback ? { fallback } : {}) };
    // The Gaussian demo's moment check reads every value (a small set; read by the data worker where spilled).
    const report = demoTarget ? createGenerationReport({ ...result, samples: await readSetSamples(samples) }, spec, demoTarget) : null;
    workbenchActions.generationFinished({ runId, summary, report, earlierVersions: heldEarlierVersions() });
  } catch (err) {
    if (isCancelled(err)) workbenchActions.generationCancelled({ runId });
    else workbenchActions.generationFailed({ runId, error: serializeError(err) });
  }
}

let draining = false;

/** Runs the queue until it is empty; one loop at a time. */
async function drainQueue(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    for (;;) {
      const { generation, generationQueue } = getWorkbenchState();
      if (generation.status === 'running' || generationQueue.length === 0) return;
      await runGeneration(generationQueue[0]);
    }
  } finally {
    draining = false;
  }
}

/** Queues the backbones (each with its own settings) and starts the queue. */
export function generateBackbones(ids: BackboneId[]): Promise<void> {
  workbenchActions.generationQueued(ids);
  return drainQueue();
}

/** The Generate button: the backbone the form shows. */
export function generate(): Promise<void> {
  const id = getGenerateBackboneId(getWorkbenchState());
  if (id === null) {
    workbenchActions.errorRaised(serializeError(new InvalidRequestError('no backbone is loaded: load one in the Backbones panel')), 'generate');
    return Promise.resolve();
  }
  return generateBackbones([id]);
}

/** Generate all: every loaded backbone, in the order listed. */
export function generateAll(): Promise<void> {
  return generateBackbones(getLoadedBackbones(getWorkbenchState()).map((b) => b.id));
}

/** Cancels one backbone: its running run, or its place in the queue. Without an id: the run and the whole queue. */
export function cancelGeneration(id?: BackboneId): void {
  const { generation, generationQueue } = getWorkbenchState();
  const targets = id === undefined ? generationQueue : [id];
  targets.forEach((q) => workbenchActions.generationDequeued(q));
  if (generation.status === 'running' && (id === undefined || generation.backboneId === id)) {
    void getBackboneClient(generation.backboneId)?.cancel();
  }
}

/** Makes an earlier version of a backbone's set its current one again (the comparison then uses it). */
export function chooseSetVersion(backboneId: BackboneId, version: number): void {
  if (restoreSetVersion(backboneId, version) === null) {
    workbenchActions.errorRaised(serializeError(new InvalidRequestError(`version ${version} of this backbone's set is no longer held`)), 'generate');
    return;
  }
  workbenchActions.setVersionRestored({ backboneId, version, earlierVersions: heldEarlierVersions() });
}
