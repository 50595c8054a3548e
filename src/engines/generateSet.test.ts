// A set generated into a store in parts (the backbone worker's `sampleStored`: the Generate
// panel's sets and TSTR's): the rows are those of the set generated whole, the progress counts
// the whole set (steps and samples over all parts, one `done` at the end), and the set's health,
// read where it lies (spilled), equals the health of the whole array.
import { afterEach, describe, expect, it } from 'vitest';
import type { SampleRequest } from '../core/diffusion/sampler';
import { sampleHealth } from '../core/diffusion/sampleHealth';
import { isInMemory, wholeRows } from '../core/store/rowData';
import { createNodeSpillBackend, type NodeSpillBackend } from '../node/syncFileHandle';
import { generateSet } from './generateSet';
import type { PipelineInference } from './evaluationPipelineTypes';
import { progressFraction, type SampleProgress } from './progress';
import { createSampleStore } from './sampleStore';

const [genes, channels] = [3, 2];
const dims = genes * channels;
const steps = 4;
/** Row r of the set: a value per slot that depends on (r, slot) only, one NaN in row 3 and padding 0 in slot 5. */
const valueAt = (row: number, slot: number): number => (row === 3 && slot === 1 ? NaN : slot === 5 ? 0 : Math.sin(row * 7 + slot) * (row + 1));

/** An engine that samples row r as valueAt(r, ·) wherever the part starts, reporting each step as ortInferenceEngine does. */
function fakeEngine(parts: string[]): PipelineInference {
  return {
    async sample(request, onProgress) {
      const first = request.firstSample ?? 0;
      parts.push(`${first}+${request.count}`);
      onProgress({ status: 'initiate', backbone: 'a', stepsTotal: steps, samplesTotal: request.count });
      for (let s = 1; s <= steps; s++) {
        onProgress({ status: 'progress', backbone: 'a', stepsDone: s, stepsTotal: steps, samplesDone: Math.round((request.count * s) / steps), samplesTotal: request.count, elapsedMs: 10 * s, etaMs: null });
      }
      onProgress({ status: 'done', backbone: 'a', stepsTotal: steps, samplesTotal: request.count, elapsedMs: 10 * steps });
      const samples = new Float32Array(request.count * dims).map((_, i) => valueAt(first + Math.floor(i / dims), i % dims));
      return { samples, count: request.count, genes, channels, elapsedMs: 10 * steps, executionProvider: 'cpu', request };
    },
    reconstructionCurve: () => { throw new Error('not used'); },
    validationLoss: () => { throw new Error('not used'); },
    cancel: () => undefined,
  };
}

const backends: NodeSpillBackend[] = [];
afterEach(() => backends.splice(0).forEach((b) => b.dispose()));

describe('generateSet into a store (the Generate panel\'s sets)', () => {
  it('writes the rows of the whole set, counts progress over the whole set, and its health read from the spill file equals the array\'s', async () => {
    const spill = createNodeSpillBackend();
    backends.push(spill);
    // 2 rows a chunk (48 bytes), 2 rows in memory: the rest of the 7 rows spill.
    const store = createSampleStore({ chunkBytes: 2 * dims * 4, memoryBudgetBytes: 2 * dims * 4, spill, sharedMemory: false });
    const request: SampleRequest = { count: 7, genes, channels, sampler: 'ddim', steps, seed: 1, batchSize: 2, mask: Uint8Array.from([1, 1, 1, 1, 1, 0]) };
    const parts: string[] = [];
    const events: SampleProgress[] = [];
    const { samples, result } = await generateSet(fakeEngine(parts), request, store, 'generate/a/v1', (e) => events.push(e), { log: () => undefined, onFinish: () => undefined });
    expect(parts).toEqual(['0+2', '2+2', '4+2', '6+1']);
    expect(isInMemory(samples)).toBe(false);
    expect(store.stats().bytesOnDisk).toBeGreaterThan(0);
    const whole = new Float32Array(7 * dims).map((_, i) => valueAt(Math.floor(i / dims), i % dims));
    expect(Array.from(wholeRows(samples))).toEqual(Array.from(whole));
    expect(result).toMatchObject({ count: 7, genes, channels, elapsedMs: 4 * 10 * steps });

    // One initiate first, one done last (the whole set), steps and samples never going back, fractions in [0, 1].
    expect(events[0]).toEqual({ status: 'initiate', backbone: 'a', stepsTotal: 4 * steps, samplesTotal: 7 });
    expect(events.filter((e) => e.status === 'initiate')).toHaveLength(1);
    expect(events.filter((e) => e.status === 'done')).toEqual([{ status: 'done', backbone: 'a', stepsTotal: 4 * steps, samplesTotal: 7, elapsedMs: 4 * 10 * steps }]);
    expect(events[events.length - 1].status).toBe('done');
    const progress = events.filter((e): e is Extract<SampleProgress, { status: 'progress' }> => e.status === 'progress');
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].stepsDone).toBeGreaterThanOrEqual(progress[i - 1].stepsDone);
      expect(progress[i].samplesDone).toBeGreaterThanOrEqual(progress[i - 1].samplesDone);
      expect(progress[i].elapsedMs).toBeGreaterThanOrEqual(progress[i - 1].elapsedMs);
    }
    expect(progress[progress.length - 1]).toMatchObject({ stepsDone: 4 * steps, samplesDone: 7, samplesTotal: 7 });
    expect(events.map(progressFraction).every((f) => f >= 0 && f <= 1)).toBe(true);

    // Health on the stored set (read block by block, partly from the file) against the array, and by brute force.
    const health = sampleHealth(samples, 7, dims, request.mask!);
    expect(health).toEqual(sampleHealth(whole, 7, dims, request.mask!));
    let sum = 0;
    let n = 0;
    whole.forEach((x, i) => { if (Number.isFinite(x) && i % dims !== 5) { sum += x * x; n++; } });
    expect(health.nonFiniteCount).toBe(1);
    expect(health.realSlotRms).toBeCloseTo(Math.sqrt(sum / n), 12);
    await store.close();
  });

  it('a cancelled part ends the whole set as cancelled, with steps counted over the parts before it', async () => {
    const store = createSampleStore({ chunkBytes: 2 * dims * 4, memoryBudgetBytes: 1 << 20, sharedMemory: false });
    const engine = fakeEngine([]);
    const events: SampleProgress[] = [];
    let calls = 0;
    const sample = engine.sample;
    engine.sample = async (request, onProgress) => {
      if (++calls === 2) {
        onProgress({ status: 'cancelled', backbone: 'a', stepsDone: 1, stepsTotal: steps, elapsedMs: 5 });
        throw Object.assign(new Error('cancelled'), { name: 'CancelledError' });
      }
      return sample(request, onProgress);
    };
    const request: SampleRequest = { count: 6, genes, channels, sampler: 'ddim', steps, seed: 1, batchSize: 2 };
    await expect(generateSet(engine, request, store, 's', (e) => events.push(e), { log: () => undefined, onFinish: () => undefined })).rejects.toThrow('cancelled');
    expect(events[events.length - 1]).toEqual({ status: 'cancelled', backbone: 'a', stepsTotal: 3 * steps, stepsDone: steps + 1, elapsedMs: 10 * steps + 5 });
    await store.close();
  });
});
