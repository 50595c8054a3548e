// tensor.npy streamed from a bundle zip into a file-backed sample store with a small memory budget:
// the same bits as the whole-file path (readBundle on the unzipped files), stored or deflated, in
// read slices of odd sizes, whatever order the zip lists its files in; the whole-file path's errors,
// with no set left behind by a failed or cancelled load; and the memory a 64 MiB tensor takes.
import { createHash } from 'node:crypto';
import { mkdtempSync, openAsBlob, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withDeclaredSize } from '../core/archive/testZips';
import { createBlobRandomAccess, createBytesRandomAccess, unzipSource, type RandomAccessSource } from '../core/archive/zipStreamReader';
import { readBundle } from '../core/encode/bundle';
import type { BundleFiles } from '../core/encode/codecFiles';
import { npyHeader } from '../core/encode/npy';
import { CancelledError, ParseError } from '../core/errors';
import { createNodeSpillBackend, type NodeSpillBackend } from '../node/syncFileHandle';
import { bundleZipLimits, loadBundleZip, zipBundleBytes, type BundleLoadRun } from './bundleZip';
import { fileRoles } from './fileRoles';
import { createSampleStore, type SampleSet, type SampleStore } from './sampleStore';
import { createBundleFilesWithoutTensor } from './testBundleZip';

const MiB = 2 ** 20;
type Shape = { batch: number; genes: number; channels: number };

const backends: NodeSpillBackend[] = [];
afterEach(() => backends.splice(0).forEach((b) => b.dispose()));

/** A store whose chunks of 1 MiB spill to a fresh folder past `memoryBudgetBytes`. */
function fileStore(memoryBudgetBytes: number): { store: SampleStore; spill: NodeSpillBackend } {
  const spill = createNodeSpillBackend();
  backends.push(spill);
  return { store: createSampleStore({ memoryBudgetBytes, chunkBytes: MiB, spill }), spill };
}

/** Floats with every byte pattern busy (no zero padding to hide a misplaced row). */
function noiseTensor(length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.sin(i * 12.9898) * 43758.5453;
  return out;
}

const bytesOf = (data: Float32Array) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The set's rows hashed in ranges of 64 rows, never read whole. */
function setSha256(set: SampleSet): string {
  const hash = createHash('sha256');
  for (let row = 0; row < set.rows; row += 64) hash.update(bytesOf(set.readRows(row, Math.min(row + 64, set.rows))));
  return hash.digest('hex');
}

function tensorNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const header = npyHeader('<f4', shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header);
  out.set(bytesOf(data), header.length);
  return out;
}

interface ZipLayout { level: 0 | 6; tensorFirst?: boolean; folder?: string }

/** The bundle as a zip: the small files deflated, tensor.npy at `level`, listed first or last, optionally in one folder. */
function zipOf(files: BundleFiles, npy: Uint8Array, { level, tensorFirst = false, folder = '' }: ZipLayout): Uint8Array {
  const small: Zippable = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [folder + name, [bytes, { level: 6 }]]));
  const tensor: Zippable = { [`${folder}tensor.npy`]: [npy, { level }] };
  return zipSync(tensorFirst ? { ...tensor, ...small } : { ...small, ...tensor });
}

function loadRun(store: SampleStore, name: string, extra: Partial<BundleLoadRun> = {}): BundleLoadRun {
  return {
    cohortId: 1, file: { name, sizeBytes: 0, role: fileRoles.bundle, reason: 'test' }, signal: new AbortController().signal,
    onProgress: () => undefined, now: () => 0, store, setId: 'new', ...extra,
  };
}

/** The error of the whole-file path as loadBundleZip had it: every entry unzipped, then readBundle, named in the zip. */
async function wholeFileError(zip: Uint8Array, name: string): Promise<string> {
  const files = await unzipSource(createBytesRandomAccess(zip, name), bundleZipLimits).catch((err: Error) => err);
  if (files instanceof Error) return files.message;
  const err = await readBundle(files).then(() => null, (e: Error) => e);
  return `${name}: ${err?.message}`;
}

describe('tensor.npy streamed into the store', () => {
  // 300 × 613 × 8 float32: 5.9 MB, rows of 19,616 bytes, so 4 MiB blocks and 4,097-byte reads cut rows anywhere.
  let files: BundleFiles;
  let shape: Shape;
  let tensor: Float32Array;
  beforeAll(async () => {
    ({ files, shape } = await createBundleFilesWithoutTensor(300, 613));
    tensor = noiseTensor(shape.batch * shape.genes * shape.channels);
  });

  it.each<[string, ZipLayout, number | undefined]>([
    ['stored', { level: 0 }, undefined],
    ['deflated', { level: 6 }, undefined],
    ['stored, 4,097-byte reads, tensor.npy listed first, in one folder', { level: 0, tensorFirst: true, folder: 'cohort/' }, 4097],
    ['deflated, 4,097-byte reads, tensor.npy listed first', { level: 6, tensorFirst: true }, 4097],
  ])('gives the whole-file path\'s bits (%s)', async (_, layout, readBytes) => {
    const npy = tensorNpy(tensor, [shape.batch, shape.genes, shape.channels]);
    const zip = zipOf(files, npy, layout);
    const whole = await readBundle({ ...files, 'tensor.npy': npy });
    const { store } = fileStore(2 * MiB);
    const loaded = await loadBundleZip(createBlobRandomAccess(new Blob([zip as Uint8Array<ArrayBuffer>]), 'b.zip'), loadRun(store, 'b.zip', { readBytes }));
    expect(loaded.tensor.shape).toEqual(whole.tensor.shape);
    expect(loaded.tensor.set.rows).toBe(shape.batch);
    expect(setSha256(loaded.tensor.set)).toBe(sha256(bytesOf(whole.tensor.data)));
    expect(Object.keys(loaded.files).sort()).toEqual(Object.keys(files).sort());
    for (const [name, bytes] of Object.entries(files)) expect(sha256(loaded.files[name])).toBe(sha256(bytes));
    expect(loaded.bundle.sampleIds).toEqual(whole.sampleIds);
    expect(loaded.summary.encoding.tensorBytes).toBe(tensor.byteLength);
    // The budget held two chunks; the rest went to the file.
    const [stats] = store.stats().sets;
    expect(stats.chunksInMemory).toBe(2);
    expect(stats.chunksOnDisk).toBeGreaterThan(0);
  });

  const cut = (bytes: Uint8Array, by: number) => bytes.subarray(0, bytes.length - by);
  const flipAt = (zip: Uint8Array, at: number) => {
    const out = zip.slice();
    out[at] ^= 0x40;
    return out;
  };
  const failures: [string, () => Uint8Array][] = [
    ['a tensor.npy of another shape', () => zipOf(files, tensorNpy(tensor, [shape.batch, shape.genes * shape.channels]), { level: 6 })],
    ['a tensor.npy of fewer samples', () => zipOf(files, tensorNpy(tensor.subarray(0, tensor.length / 2), [shape.batch / 2, shape.genes, shape.channels]), { level: 0 })],
    ['a tensor.npy cut 1,001 bytes short of its data', () => zipOf(files, cut(tensorNpy(tensor, [shape.batch, shape.genes, shape.channels]), 1001), { level: 6 })],
    ['no tensor.npy', () => zipSync(files)],
    ['a tensor.npy entry that inflates to less than it declares', () => {
      const npy = tensorNpy(tensor, [shape.batch, shape.genes, shape.channels]);
      return withDeclaredSize(zipOf(files, npy, { level: 6 }), 'tensor.npy', npy.length + 4096);
    }],
    ['a stored tensor.npy with one byte changed (CRC-32)', () => {
      const zip = zipOf(files, tensorNpy(tensor, [shape.batch, shape.genes, shape.channels]), { level: 0, tensorFirst: true });
      return flipAt(zip, 3 * MiB);
    }],
  ];
  it.each(failures)('refuses %s with the whole-file path\'s ParseError and keeps the store as it was', async (_, make) => {
    const zip = make();
    const { store, spill } = fileStore(2 * MiB);
    const old = store.createSet('old', { dims: 4 });
    await old.append(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    old.finish();
    const err = await loadBundleZip(createBytesRandomAccess(zip, 'm.zip'), loadRun(store, 'm.zip', { readBytes: 4097 })).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).message).toBe(await wholeFileError(zip, 'm.zip'));
    expect(store.stats().sets.map((s) => s.setId)).toEqual(['old']);
    expect(Array.from(store.get('old').readRows(0, 2))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(readdirSync(spill.dir)).toEqual([]);
  });

  it('a cancel mid-tensor ends in CancelledError and deletes the set, spill file included', async () => {
    const zip = zipOf(files, tensorNpy(tensor, [shape.batch, shape.genes, shape.channels]), { level: 0 });
    const { store, spill } = fileStore(MiB);
    const controller = new AbortController();
    const onProgress = (e: { status: string; bytesRead?: number }) => { if ((e.bytesRead ?? 0) > 4 * MiB) controller.abort(); };
    const loading = loadBundleZip(createBytesRandomAccess(zip, 'c.zip'), loadRun(store, 'c.zip', { signal: controller.signal, onProgress, readBytes: MiB }));
    await expect(loading).rejects.toBeInstanceOf(CancelledError);
    expect(controller.signal.aborted).toBe(true);
    expect(store.stats().sets).toEqual([]);
    expect(readdirSync(spill.dir)).toEqual([]);
  });
});

/** V8's collector, callable from a test, sweeping ArrayBuffers at once: their bytes then count what is live, not garbage. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  setFlagsFromString('--no-concurrent-array-buffer-sweeping');
  return runInNewContext('gc') as () => void;
}

describe('memory while loading a 64 MiB tensor', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gdw-bundle-stream-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('holds a few MiB of ArrayBuffers through a 4 MiB store budget, where reading tensor.npy whole holds all of it', async () => {
    const gc = exposeGc();
    const { files, shape } = await createBundleFilesWithoutTensor(1024, 2048);
    const tensorBytes = shape.batch * shape.genes * shape.channels * 4;
    expect(tensorBytes).toBeGreaterThanOrEqual(64 * MiB);
    const path = join(folder, 'big.zip');
    const expectedSha = (() => {
      const tensor = noiseTensor(tensorBytes / 4);
      writeFileSync(path, zipBundleBytes(files, { data: tensor, shape }));
      return sha256(bytesOf(tensor));
    })();
    const source: RandomAccessSource = createBlobRandomAccess(await openAsBlob(path), 'big.zip');
    /** Peak live ArrayBuffer bytes above the level before, sampled after every read. */
    const measure = async (work: (sample: () => void) => Promise<unknown>): Promise<number> => {
      // Backing stores are freed by a concurrent sweep after the collection: let it finish before the baseline.
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const baseline = process.memoryUsage().arrayBuffers;
      let peak = 0;
      const result = await work(() => {
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
      });
      expect(result).toBeTruthy();
      return peak;
    };
    const { store } = fileStore(4 * MiB);
    let loadedSha = '';
    const streamedPeak = await measure(async (sample) => {
      const loaded = await loadBundleZip(source, loadRun(store, 'big.zip', { onProgress: sample }));
      loadedSha = setSha256(loaded.tensor.set);
      return loaded;
    });
    await store.delete('new');
    const wholePeak = await measure((sample) => unzipSource(source, bundleZipLimits, { onProgress: () => sample() }));
    console.log(`64 MiB tensor.npy: peak live ArrayBuffers +${(streamedPeak / MiB).toFixed(1)} MiB streamed into the store, `
      + `+${(wholePeak / MiB).toFixed(1)} MiB unzipped whole`);
    expect(loadedSha).toBe(expectedSha);
    // A 4 MiB read slice (8 MiB live: Node's Blob read alone measures that), a 4 MiB block of rows, the
    // store's 4 MiB budget, and slack for collection timing; reading whole holds the 64 MiB entry.
    expect(streamedPeak).toBeLessThan(24 * MiB);
    expect(wholePeak).toBeGreaterThan(tensorBytes);
  });
});
