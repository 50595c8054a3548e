// The sample-set store in Node: every row range read back exactly from memory, file and mixed
// chunks; the budget's spill point; sharing by reference with a worker thread; moving by
// transfer; a full disk or quota keeping what was saved; a set larger than memory streamed.
import { readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { errorCodes, StorageFullError } from '../core/errors';
import { createNodeSpillBackend, type NodeSpillBackend } from '../node/syncFileHandle';
import { createSampleStore, type SampleSet, type SpillBackend, type SyncFileHandle } from './sampleStore';

/** Exact in float32 while row × 1000 + col < 2^24. */
const valueAt = (row: number, col: number) => row * 1000 + col + 0.5;

function rowsOf(start: number, end: number, dims: number): Float32Array {
  const out = new Float32Array((end - start) * dims);
  for (let r = start; r < end; r++) for (let c = 0; c < dims; c++) out[(r - start) * dims + c] = valueAt(r, c);
  return out;
}

/** Appends rows from set.rows on, in batches of the sizes given; returns the rows held after. */
async function writeBatches(set: SampleSet, sizes: number[]): Promise<number> {
  let row = set.rows;
  for (const size of sizes) {
    const labels = Array.from({ length: size }, (_, i) => (row + i) % 3);
    const ids = Array.from({ length: size }, (_, i) => `s${row + i}`);
    await set.append(rowsOf(row, row + size, set.dims), { labels: set.hasLabels ? labels : undefined, ids: set.hasIds ? ids : undefined });
    row += size;
  }
  return row;
}

/** A spill backend over in-memory files whose writes fail once `capacityBytes` are stored. */
function memorySpill(capacityBytes = Infinity, failure: () => unknown = () => Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) {
  const files = new Map<string, Uint8Array>();
  let used = 0;
  const backend: SpillBackend = {
    async open(name, mode) {
      if (mode === 'create' || !files.has(name)) files.set(name, new Uint8Array(0));
      const handle: SyncFileHandle = {
        read(buffer, options) {
          const file = files.get(name)!;
          const at = options?.at ?? 0;
          const got = Math.max(0, Math.min(buffer.byteLength, file.length - at));
          new Uint8Array(buffer.buffer, buffer.byteOffset, got).set(file.subarray(at, at + got));
          return got;
        },
        write(buffer, options) {
          const at = options?.at ?? 0;
          let file = files.get(name)!;
          const grow = Math.max(0, at + buffer.byteLength - file.length);
          if (used + grow > capacityBytes) throw failure();
          if (grow) {
            const bigger = new Uint8Array(file.length + grow);
            bigger.set(file);
            files.set(name, (file = bigger));
            used += grow;
          }
          file.set(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), at);
          return buffer.byteLength;
        },
        truncate(size) {
          const file = files.get(name)!;
          used -= file.length - size;
          files.set(name, file.slice(0, size));
        },
        getSize: () => files.get(name)!.length, flush: () => undefined, close: () => undefined,
      };
      return { handle, shareable: true };
    },
    async remove(name) {
      used -= files.get(name)?.length ?? 0;
      files.delete(name);
    },
  };
  return { backend, files };
}

const backends: NodeSpillBackend[] = [];
const nodeSpill = () => backends[backends.push(createNodeSpillBackend()) - 1];
afterEach(() => backends.splice(0).forEach((b) => b.dispose()));

describe('rows in, rows out', () => {
  const dims = 5;
  const chunkBytes = 7 * dims * 4; // 7 rows a chunk
  const batches = [1, 6, 13, 2, 20, 8]; // 50 rows, crossing chunk edges at odd places
  it.each([
    ['memory', Infinity, 8],
    ['file', 0, 0],
    ['memory then file', 3 * chunkBytes, 3],
  ])('every range [start, end) reads back exactly (%s chunks)', async (_, memoryBudgetBytes, chunksInMemory) => {
    const store = createSampleStore({ memoryBudgetBytes, chunkBytes, spill: nodeSpill() });
    const set = store.createSet('train', { dims, labels: true, ids: true });
    const rows = await writeBatches(set, batches);
    expect(set.rows).toBe(50);
    expect(store.stats().sets[0]).toMatchObject({ chunksInMemory, chunksOnDisk: 8 - chunksInMemory });
    const expected = rowsOf(0, rows, dims);
    const into = new Float32Array(60 * dims).fill(-1);
    for (let start = 0; start <= rows; start++) {
      for (let end = start; end <= rows; end++) {
        expect(set.readRows(start, end)).toEqual(expected.subarray(start * dims, end * dims));
        const view = set.readRows(start, end, into);
        expect(view.buffer).toBe(into.buffer);
        expect(view).toEqual(expected.subarray(start * dims, end * dims));
      }
    }
    expect(Array.from(set.readLabels(10, 14))).toEqual([1, 2, 0, 1]);
    expect(set.readIds(48, 50)).toEqual(['s48', 's49']);
    const seen: number[] = [];
    for (const chunk of set.chunks()) {
      expect(chunk.rows).toEqual(expected.subarray(chunk.startRow * dims, chunk.endRow * dims));
      expect(Array.from(chunk.labels!)).toEqual(Array.from(set.readLabels(chunk.startRow, chunk.endRow)));
      seen.push(chunk.startRow, chunk.endRow);
    }
    expect(seen).toEqual([0, 7, 7, 14, 14, 21, 21, 28, 28, 35, 35, 42, 42, 49, 49, 50]);
    await store.close();
  });
});

describe('memory budget', () => {
  it('keeps chunks in memory up to the budget, spills the rest, and delete frees both', async () => {
    const spill = nodeSpill();
    const store = createSampleStore({ memoryBudgetBytes: 2 * 160, chunkBytes: 160, spill }); // 10 rows of 4 a chunk
    const set = store.createSet('big', { dims: 4, expectedRows: 35 });
    await writeBatches(set, [9, 9, 9, 8]);
    expect(store.stats().sets[0]).toMatchObject({ rows: 35, chunksInMemory: 2, chunksOnDisk: 2, bytesInMemory: 320, bytesOnDisk: 160 + 5 * 16, ownership: 'owned' });
    expect(store.stats()).toMatchObject({ bytesInMemory: 320, bytesOnDisk: 240 });
    expect(set.readRows(0, 35)).toEqual(rowsOf(0, 35, 4));
    expect(readdirSync(spill.dir)).toHaveLength(1);

    await store.delete('big');
    expect(readdirSync(spill.dir)).toHaveLength(0);
    expect(store.stats()).toMatchObject({ bytesInMemory: 0, bytesOnDisk: 0, sets: [] });
    const next = store.createSet('next', { dims: 4 });
    await writeBatches(next, [10]);
    expect(store.stats().sets[0]).toMatchObject({ chunksInMemory: 1, chunksOnDisk: 0 });
  });

  it('a chunk growing past the budget moves its rows to the file', async () => {
    const store = createSampleStore({ memoryBudgetBytes: 6 * 16, chunkBytes: 10 * 16, spill: nodeSpill() });
    const set = store.createSet('grow', { dims: 4 });
    await writeBatches(set, [3, 3, 3, 3, 3]); // capacity 3 → 6 → (12 > budget: file)
    expect(store.stats().sets[0]).toMatchObject({ chunksInMemory: 0, chunksOnDisk: 2, bytesInMemory: 0 });
    expect(set.readRows(0, 15)).toEqual(rowsOf(0, 15, 4));
  });

  it('without a spill backend the budget ends in StorageFullError, keeping the rows', async () => {
    const store = createSampleStore({ memoryBudgetBytes: 160, chunkBytes: 160 });
    const set = store.createSet('small', { dims: 4, expectedRows: 10 });
    await writeBatches(set, [10]);
    const err = await set.append(rowsOf(10, 11, 4)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect(err).toMatchObject({ code: errorCodes.storageFull, setId: 'small', rowsKept: 10 });
    expect(set.readRows(0, 10)).toEqual(rowsOf(0, 10, 4));
  });
});

describe('typed errors', () => {
  it('names the set and what was wrong', async () => {
    const store = createSampleStore({ chunkBytes: 64 });
    const set = store.createSet('holdout', { dims: 4, labels: true });
    await set.append(rowsOf(0, 3, 4), { labels: [0, 1, 0] });
    const invalid = { code: errorCodes.invalidRequest };
    expect(() => set.readRows(2, 4)).toThrow(/rows 2–4 are outside its 3 rows/);
    expect(() => set.readRows(-1, 1)).toThrow(expect.objectContaining(invalid));
    expect(() => set.readRows(0.5, 1)).toThrow(expect.objectContaining(invalid));
    expect(() => set.readRows(0, 3, new Float32Array(11))).toThrow(/need 12 floats/);
    await expect(set.append(new Float32Array(6), { labels: [0] })).rejects.toThrow(/not whole rows of 4/);
    await expect(set.append(new Float32Array(8))).rejects.toThrow(/2 rows need 2 labels, got none/);
    expect(() => store.createSet('holdout', { dims: 4 })).toThrow(/already exists/);
    expect(() => store.createSet('x', { dims: 0 })).toThrow(/dims must be a positive integer/);
    expect(() => store.get('nope')).toThrow(/no sample set 'nope' in this store \(it holds holdout\)/);
    await store.delete('holdout');
    expect(() => set.readRows(0, 1)).toThrow(/'holdout' was deleted/);
    await store.close();
    expect(() => store.stats()).not.toThrow();
    expect(() => store.createSet('y', { dims: 4 })).toThrow(expect.objectContaining({ code: errorCodes.invalidRequest, message: 'the sample store was closed' }));
  });
});

describe('storage full', () => {
  it.each([
    ['Node ENOSPC', () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })],
    ['OPFS QuotaExceededError', () => new DOMException('The operation failed because it would cause the application to exceed its storage quota.', 'QuotaExceededError')],
  ])('%s is a StorageFullError and the rows saved stay readable', async (_, failure) => {
    const dims = 4;
    const { backend, files } = memorySpill(25 * dims * 4, failure); // room for 25 rows
    const store = createSampleStore({ memoryBudgetBytes: 0, chunkBytes: 10 * dims * 4, spill: backend });
    const set = store.createSet('synthetic/unet', { dims, labels: true });
    const err = await writeBatches(set, [8, 8, 8, 8]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    // The last batch (rows 24–31) goes into chunk 2 (rows 20–29), past the 25 rows of room: rows 0–23 are kept.
    expect(err).toMatchObject({ code: 'storage-full', setId: 'synthetic/unet', rowsKept: 24 });
    expect((err as Error).message).toMatch(/sample set 'synthetic\/unet': 24 rows were kept/);
    expect(set.rows).toBe(24);
    expect(set.readRows(0, 24)).toEqual(rowsOf(0, 24, dims));
    expect(Array.from(set.readLabels(0, 24))).toEqual(Array.from({ length: 24 }, (_, i) => i % 3));
    expect([...files.values()][0].length).toBe(24 * dims * 4); // the partial tail was given back
    await store.delete('synthetic/unet');
    expect(files.size).toBe(0);
  });
});

describe('moving and sharing between workers', () => {
  it('detach moves unshared memory by transfer: the sender keeps nothing', async () => {
    const from = createSampleStore({ sharedMemory: false, chunkBytes: 10 * 16 });
    const set = from.createSet('moved', { dims: 4, labels: true, expectedRows: 25 });
    await writeBatches(set, [25]);
    expect(() => from.share('moved')).toThrow(/move it with detach\(\)/);
    const { descriptor, transfer } = from.detach('moved');
    const received = structuredClone(descriptor, { transfer });
    expect(transfer.every((buffer) => buffer.byteLength === 0)).toBe(true); // detached here
    expect(from.stats()).toMatchObject({ bytesInMemory: 0, sets: [] });
    const to = createSampleStore({ sharedMemory: false });
    const moved = await to.open(received);
    expect(moved.readRows(0, 25)).toEqual(rowsOf(0, 25, 4));
    expect(Array.from(moved.readLabels(0, 4))).toEqual([0, 1, 2, 0]);
    expect(to.stats().sets[0]).toMatchObject({ ownership: 'owned', chunksInMemory: 3 });
    await moved.append(rowsOf(25, 27, 4), { labels: [1, 2] });
    expect(moved.readRows(0, 27)).toEqual(rowsOf(0, 27, 4));
  });

  it('a worker thread reads a shared set by reference: memory and file, with later writes visible', async () => {
    const dims = 8;
    const spill = nodeSpill();
    const store = createSampleStore({ memoryBudgetBytes: 100 * dims * 4, chunkBytes: 100 * dims * 4, spill });
    const set = store.createSet('shared', { dims, expectedRows: 150 });
    await writeBatches(set, [50]);
    const first = store.share('shared');
    expect(first.chunks[0].memory).toBeInstanceOf(SharedArrayBuffer);
    const worker = startReader(spill.dir);
    try {
      expect(await worker.ask({ descriptor: first, rows: [0, 50] })).toEqual({ sum: sumOf(rowsOf(0, 50, dims)), ownership: 'shared', bytesInMemory: 0 });
      await writeBatches(set, [100]); // rows 50–99 land in the already shared chunk, 100–149 in the file
      expect(store.stats().sets[0]).toMatchObject({ chunksInMemory: 1, chunksOnDisk: 1 });
      // The first descriptor's memory now holds rows the owner wrote after posting it: no copy was made.
      expect(await worker.ask({ rawRows: [50, 100] })).toEqual({ sum: sumOf(rowsOf(50, 100, dims)) });
      set.finish();
      expect(await worker.ask({ descriptor: store.share('shared'), rows: [0, 150] })).toEqual({ sum: sumOf(rowsOf(0, 150, dims)), ownership: 'shared', bytesInMemory: 0 });
    } finally {
      await worker.stop();
    }
  });
});

const sumOf = (values: Float32Array) => values.reduce((sum, v) => sum + v, 0);

/** A worker_threads reader that opens descriptors in its own store (TypeScript through tsx). */
function startReader(spillDir: string) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      (await import('tsx/esm/api')).register();
      const { createSampleStore } = await import(workerData.storeUrl);
      const { createNodeSpillBackend } = await import(workerData.spillUrl);
      let store = null, raw = null;
      parentPort.on('message', async (m) => {
        if (m.descriptor) {
          await store?.close();
          store = createSampleStore({ spill: createNodeSpillBackend(workerData.spillDir) });
          const set = await store.open(m.descriptor);
          raw = new Float32Array(m.descriptor.chunks[0].memory);
          const sum = set.readRows(m.rows[0], m.rows[1]).reduce((s, v) => s + v, 0);
          const stats = store.stats();
          parentPort.postMessage({ sum, ownership: stats.sets[0].ownership, bytesInMemory: stats.bytesInMemory });
        } else {
          const dims = 8;
          parentPort.postMessage({ sum: raw.subarray(m.rawRows[0] * dims, m.rawRows[1] * dims).reduce((s, v) => s + v, 0) });
        }
      });
      parentPort.postMessage('ready');
    })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  const worker = new Worker(code, {
    eval: true,
    workerData: { storeUrl: new URL('./sampleStore.ts', import.meta.url).href, spillUrl: new URL('../node/syncFileHandle.ts', import.meta.url).href, spillDir },
  });
  const next = () => new Promise<unknown>((resolve, reject) => {
    worker.once('message', (m) => (m?.error ? reject(new Error(m.error)) : resolve(m)));
    worker.once('error', reject);
  });
  const ready = next();
  return {
    ask: async (message: unknown) => {
      await ready;
      const reply = next();
      worker.postMessage(message);
      return reply;
    },
    stop: () => worker.terminate(),
  };
}

describe('a set larger than the memory budget', () => {
  it('streams 307 MB through a 64 MiB budget: checksum-equal, RSS bounded', async () => {
    const dims = 18_432 * 8; // the paper's G × C: 576 KiB a row
    const rows = 520;
    const batchRows = 16;
    const budgetBytes = 64 * 1024 * 1024;
    const store = createSampleStore({ memoryBudgetBytes: budgetBytes, spill: nodeSpill() });
    const set = store.createSet('paper-scale', { dims, expectedRows: rows });
    const batch = new Float32Array(batchRows * dims);
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampleRss = () => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

    let written = 0x811c9dc5;
    for (let start = 0; start < rows; start += batchRows) {
      const view = batch.subarray(0, (Math.min(rows, start + batchRows) - start) * dims);
      for (let i = 0; i < view.length; i++) view[i] = ((start * dims + i) * 2_654_435_761) % 16_777_213;
      written = fnv(written, view);
      await set.append(view);
      sampleRss();
    }
    set.finish();
    const writePeakRss = peakRss;
    const stats = store.stats();
    expect(stats.bytesInMemory).toBeLessThanOrEqual(budgetBytes);
    expect(stats.bytesInMemory + stats.bytesOnDisk).toBe(rows * dims * 4);

    let readBack = 0x811c9dc5;
    for (let start = 0; start < rows; start += batchRows) {
      readBack = fnv(readBack, set.readRows(start, Math.min(rows, start + batchRows), batch));
      sampleRss();
    }
    let iterated = 0x811c9dc5;
    for (const chunk of set.chunks()) {
      iterated = fnv(iterated, chunk.rows);
      sampleRss();
    }
    expect(readBack).toBe(written);
    expect(iterated).toBe(written);
    // Bounds: the budget's chunk and the batch while writing, plus one chunk of scratch for chunks();
    // 32 MiB of slack for the runtime. The set itself is 292 MiB.
    const slackBytes = 32 * 2 ** 20;
    const chunkBytes = 113 * dims * 4;
    expect(writePeakRss - baselineRss).toBeLessThan(budgetBytes + batch.byteLength + slackBytes);
    expect(peakRss - baselineRss).toBeLessThan(budgetBytes + chunkBytes + batch.byteLength + slackBytes);
    const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    console.info(`${mib(rows * dims * 4)} MiB set, ${mib(budgetBytes)} MiB budget: ${stats.sets[0].chunksInMemory} chunk in memory, `
      + `${stats.sets[0].chunksOnDisk} on disk; peak RSS +${mib(writePeakRss - baselineRss)} MiB writing, +${mib(peakRss - baselineRss)} MiB reading`);
    await store.delete('paper-scale');
  });
});

/** FNV-1a over the float bits, chained across calls. */
function fnv(hash: number, values: Float32Array): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 16_777_619);
  return hash >>> 0;
}
