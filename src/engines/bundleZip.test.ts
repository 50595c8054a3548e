// The bundle loader's limits on how far a zip may expand, on crafted zip bombs.
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { withDeclaredSize, zeroBomb, zipWithManyEntries } from '../core/archive/testZips';
import type { ZipLimits } from '../core/archive/boundedUnzip';
import { ParseError } from '../core/errors';
import { createByteSource } from '../core/genotype/byteSource';
import { bundleZipLimits, loadBundleZip } from './bundleZip';
import { fileRoles } from './fileRoles';
import { createSmallBundleZip } from './testBundleZip';

const MB = 2 ** 20;

function load(name: string, bytes: Uint8Array, zipLimits?: ZipLimits) {
  return loadBundleZip(createByteSource(name, bytes), {
    cohortId: 1, file: { name, sizeBytes: bytes.length, role: fileRoles.bundle, reason: 'test' }, signal: new AbortController().signal,
    onProgress: () => undefined, now: () => 0, zipLimits,
  });
}

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
