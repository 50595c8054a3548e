// The bundle loader's limits on how far a zip may expand, on crafted zip bombs; the bundle zip
// written from the held tensor and read back entry by entry from a Blob.
import { createSampleStore } from './sampleStore';
import { wholeRows } from '../core/store/rowData';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedUnzip } from '../core/archive/boundedUnzip';
import { withDeclaredSize, zeroBomb, zipWithManyEntries } from '../core/archive/testZips';
import type { ZipLimits } from '../core/archive/boundedUnzip';
import { ParseError } from '../core/errors';
import { createByteSource } from '../core/genotype/byteSource';
import { bundleZipLimits, createBundleZipSource, deflateTensorBelowBytes, loadBundleZip, zipBundleBytes, zipLoadedBundle } from './bundleZip';
import { fileRoles } from './fileRoles';
import { createSmallBundleZip } from './testBundleZip';

const MB = 2 ** 20;

function load(name: string, bytes: Uint8Array | Blob, zipLimits?: ZipLimits) {
  const sizeBytes = bytes instanceof Blob ? bytes.size : bytes.length;
  const source = bytes instanceof Blob ? createBundleZipSource({ name, data: bytes }) : createByteSource(name, bytes);
  return loadBundleZip(source, {
    cohortId: 1, file: { name, sizeBytes, role: fileRoles.bundle, reason: 'test' }, signal: new AbortController().signal,
    onProgress: () => undefined, now: () => 0, zipLimits, store: createSampleStore({ memoryBudgetBytes: Number.MAX_SAFE_INTEGER }), setId: 'test',
  });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bytesOf = (data: Float32Array) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

async function parseErrorOf(loading: Promise<unknown>): Promise<ParseError> {
  const err = await loading.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ParseError);
  return err as ParseError;
}

describe('loading a bundle zip within limits', () => {
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    files = unzipSync(await createSmallBundleZip());
  });

  it('admits a paper-scale tensor (10,405 × 18,432 × 8 float32) by default', () => {
    expect(bundleZipLimits.maxEntryBytes).toBeGreaterThan(10_405 * 18_432 * 8 * 4 + 128);
    expect(bundleZipLimits.maxTotalBytes).toBeGreaterThan(bundleZipLimits.maxEntryBytes);
  });

  it('refuses more entries than bundleZipLimits.maxEntries, folders and archiver noise included', async () => {
    const error = await parseErrorOf(load('many.zip', zipWithManyEntries(bundleZipLimits.maxEntries, files)));
    expect(error.message).toContain(`many.zip: the archive lists ${bundleZipLimits.maxEntries + Object.keys(files).length} entries, `
      + `more than the limit of ${bundleZipLimits.maxEntries} (maxEntries)`);
  });

  it('refuses a stream of zeros past the limits it is given, and loads the same zip within the defaults', async () => {
    const bomb = zeroBomb('extra.bin', 8 * MB, files);
    expect((await load('bomb.zip', bomb)).summary.samples).toBe(12);
    const error = await parseErrorOf(load('bomb.zip', bomb, { ...bundleZipLimits, maxEntryBytes: 4 * MB }));
    expect(error.message).toContain('bomb.zip: extra.bin inflates to 8.4 MB, more than the 4.2 MB limit (maxEntryBytes)');
    expect(error.location).toEqual({ file: 'bomb.zip/extra.bin' });
  });

  it('refuses a tensor.npy whose header declares fewer bytes than it inflates to', async () => {
    const liar = withDeclaredSize(zeroBomb('tensor.npy', MB, files), 'tensor.npy', 1000);
    const error = await parseErrorOf(load('liar.zip', liar));
    expect(error.message).toMatch(/^liar\.zip: tensor\.npy declares 1000 bytes but inflates to more/);
    expect(error.location).toEqual({ file: 'liar.zip/tensor.npy' });
  });
});

describe('the bundle zip written from the held tensor', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gdw-bundle-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads back from a Blob, entry by entry, with the same tensor bits and files; Python\'s zipfile reads it too', async () => {
    const first = await load('small.zip', await createSmallBundleZip());
    const again = zipLoadedBundle(first);
    const loaded = await load('again.zip', new Blob([again.bytes as Uint8Array<ArrayBuffer>]));
    expect(sha256(bytesOf(wholeRows(loaded.tensor.set)))).toBe(sha256(bytesOf(wholeRows(first.tensor.set))));
    expect(loaded.tensor.shape).toEqual(first.tensor.shape);
    expect(Object.keys(loaded.files).sort()).toEqual(Object.keys(first.files).sort());
    for (const [name, bytes] of Object.entries(first.files)) expect(sha256(loaded.files[name])).toBe(sha256(bytes));
    const path = join(folder, 'again.zip');
    writeFileSync(path, again.bytes);
    const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.testzip(), len(z.read("tensor.npy")))';
    const npyBytes = unzipSync(again.bytes)['tensor.npy'].length;
    expect(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }).trim()).toBe(`None ${npyBytes}`);
  });

  it('stores a large tensor, in one buffer of the zip\'s size: no second copy of the tensor or of the zip', () => {
    const tensor = new Float32Array(deflateTensorBelowBytes / 4 + 1024);
    tensor.forEach((_, i) => { tensor[i] = Math.sin(i); });
    const shape = { batch: tensor.length / 1024, genes: 128, channels: 8 };
    const zip = zipBundleBytes({ 'layout.json': new TextEncoder().encode('{}\n'.repeat(1000)) }, { data: tensor, shape });
    expect(zip.buffer.byteLength - zip.length).toBeLessThan(4096);
    const files = boundedUnzip(zip, 'big.zip', bundleZipLimits);
    expect(files['tensor.npy'].length).toBe(128 + tensor.byteLength);
    expect(sha256(files['tensor.npy'].subarray(128))).toBe(sha256(bytesOf(tensor)));
    // Stored: the tensor's bytes lie in the zip as they are.
    expect(zip.length).toBeGreaterThan(tensor.byteLength);
  });
});
