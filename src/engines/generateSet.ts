// How the evaluation pipeline generates a set: streamed into a sample store part by part, so that
// a set larger than memory spills to the store's file — the pipeline's own store (the CLI), or the
// store of the backbone's worker (the app: the set stays there, posted by reference), or else in
// one engine call.
import type { SampleRequest } from '../core/diffusion/sampler';
import type { RowData } from '../core/store/rowData';
import type { PipelineInference } from './evaluationPipelineTypes';
import type { Run } from './pipelineRun';
import type { SampleResult } from './inference';
import { wholeSetProgress, type SampleProgress } from './progress';
import type { SampleStore } from './sampleStore';

/**
 * Generates `request.count` samples: whole without a store, else in parts of about one store
 * chunk (whole batches), each appended to a new set of the store and freed, so a set larger
 * than memory spills to the store's file. `firstSample` gives each part its rows' own noise, so
 * the set equals the one generated whole (sampler.ts).
 */
export async function generateSet(
  engine: PipelineInference, request: SampleRequest, store: SampleStore | undefined, setId: string, onProgress: (event: SampleProgress) => void,
  run: Pick<Run, 'log' | 'onFinish'>,
): Promise<{ samples: RowData; result: Omit<SampleResult, 'samples'> }> {
  const log = (line: string) => run.log(line);
  // Into the worker's store (the app's backbones): freed when the run ends.
  if (!store && engine.sampleStored) {
    const stored = await engine.sampleStored(request, setId, onProgress);
    const { deleteStored } = engine;
    if (deleteStored) run.onFinish(() => deleteStored(setId));
    log(`  store: ${setId}, ${request.count} samples in the backbone's worker`);
    return stored;
  }
  // One engine call.
  if (!store) {
    const { samples, ...result } = await engine.sample(request, onProgress);
    return { samples, result };
  }
  const dims = request.genes * request.channels;
  const partRows = Math.max(1, Math.floor(store.chunkBytes / (4 * dims * request.batchSize))) * request.batchSize;
  if (store.has(setId)) await store.delete(setId);
  const set = store.createSet(setId, { dims, expectedRows: request.count });
  let last: SampleResult | null = null;
  let elapsedMs = 0;
  const parts = Math.ceil(request.count / partRows);
  for (let first = 0; first < request.count; first += partRows) {
    const count = Math.min(partRows, request.count - first);
    const part = { first, count, total: request.count, index: first / partRows, parts, elapsedBeforeMs: elapsedMs };
    last = await engine.sample(
      { ...request, count, firstSample: (request.firstSample ?? 0) + first, classLabels: request.classLabels?.subarray(first, first + count) ?? null },
      (e) => onProgress(wholeSetProgress(e, part)),
    );
    await set.append(last.samples);
    elapsedMs += last.elapsedMs;
  }
  set.finish();
  const { bytesInMemory, bytesOnDisk } = set.stats();
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  log(`  store: ${setId}, ${request.count} samples, ${mib(bytesInMemory)} in memory, ${mib(bytesOnDisk)} spilled to disk`);
  const { executionProvider, genes, channels, loop, loopFallbackReason } = last!;
  return { samples: set, result: { executionProvider, genes, channels, loop, loopFallbackReason, count: request.count, elapsedMs, request } };
}
