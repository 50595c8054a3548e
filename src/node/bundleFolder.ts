// Dataset bundles as folders on disk: every file of the {name → bytes} map, plus tensor.npy
// streamed chunk by chunk when the cohort is too large for one buffer.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleFiles } from '../core/encode/codecFiles';
import { UsageError } from '../core/errors';
import { writeChunksToFile } from './fileSink';

export async function writeBundleFolder(
  dir: string, files: BundleFiles, streamed: Record<string, Iterable<Uint8Array>> = {},
): Promise<{ name: string; bytes: number }[]> {
  const written: { name: string; bytes: number }[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    written.push({ name, bytes: await writeChunksToFile(join(dir, name), [bytes]) });
  }
  for (const [name, chunks] of Object.entries(streamed)) {
    written.push({ name, bytes: await writeChunksToFile(join(dir, name), chunks) });
  }
  return written;
}

/** Reads every file of a bundle folder; `skip` names files not needed (e.g. a large tensor.npy). */
export async function readBundleFolder(dir: string, skip: readonly string[] = []): Promise<BundleFiles> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UsageError(`${dir}: not a readable bundle folder`);
  }
  const files: BundleFiles = {};
  for (const name of names) {
    if (!skip.includes(name)) files[name] = new Uint8Array(await readFile(join(dir, name)));
  }
  return files;
}
