// Node file sources for the CLI and tests; the readers never import this (it needs node:fs),
// so the same readers run in the browser on File.stream().
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { UsageError } from '../core/errors';
import type { ByteSource } from '../core/genotype/byteSource';

/**
 * A source streaming a file from disk in chunks of `chunkBytes` (default 64 KiB). A path that
 * cannot be read raises UsageError at once, before any reader starts.
 */
export function createFileSource(path: string, chunkBytes = 1 << 16): ByteSource {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((err as Error).message);
    throw new UsageError(`cannot read ${path}: ${reason}`);
  }
  return {
    name: basename(path),
    size,
    chunks: () => createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Uint8Array>,
  };
}

/** The .bed, .bim and .fam of a PLINK prefix ('data/cohort' → data/cohort.bed …). */
export function createPlinkFileSources(prefix: string, chunkBytes?: number): { bed: ByteSource; bim: ByteSource; fam: ByteSource } {
  return {
    bed: createFileSource(`${prefix}.bed`, chunkBytes),
    bim: createFileSource(`${prefix}.bim`, chunkBytes),
    fam: createFileSource(`${prefix}.fam`, chunkBytes),
  };
}
