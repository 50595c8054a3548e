// Shared plumbing of the writers: they yield Uint8Array chunks (so a large cohort never becomes
// one string), optionally through a streaming gzip, and tests concatenate the chunks.

import { Gzip } from 'fflate';
import { InvalidRequestError } from '../errors';
import type { Cohort } from './types';

/** The chunk size writers aim for; a single line longer than this becomes its own chunk. */
export const targetChunkBytes = 1 << 16;

const encoder = new TextEncoder();

/** Batches text lines (each ending in "\n" already) into UTF-8 chunks of about targetChunkBytes. */
export function* encodeLines(lines: Iterable<string>): Generator<Uint8Array> {
  let batch: string[] = [];
  let length = 0;
  for (const line of lines) {
    batch.push(line);
    length += line.length;
    if (length >= targetChunkBytes) {
      yield encoder.encode(batch.join(''));
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield encoder.encode(batch.join(''));
}

export interface GzipChunkOptions {
  /** Deflate level 0–9; default 6. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * One gzip member over the chunks, streamed through fflate. The header's mtime is 0 so the
 * same input always gives the same bytes (the demo cohort is checked byte for byte).
 */
export function* gzipChunks(chunks: Iterable<Uint8Array>, options: GzipChunkOptions = {}): Generator<Uint8Array> {
  const pending: Uint8Array[] = [];
  const gzip = new Gzip({ level: options.level ?? 6, mtime: 0 }, (data) => pending.push(data));
  for (const chunk of chunks) {
    gzip.push(chunk, false);
    yield* pending.splice(0);
  }
  gzip.push(new Uint8Array(0), true);
  yield* pending.splice(0);
}

/** All chunks in one array (tests, small files, Blob-free environments). */
export function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** All chunks decoded as one UTF-8 string. */
export function chunksToText(chunks: Iterable<Uint8Array>): string {
  return new TextDecoder().decode(concatChunks(chunks));
}

/** Rejects a name that would break a tab- or space-separated line (sample ids, variant ids). */
export function checkFieldText(what: string, value: string, forbidden: RegExp): void {
  if (value.length === 0 || forbidden.test(value)) {
    throw new InvalidRequestError(`cannot write ${what} ${JSON.stringify(value)}: it is empty or contains whitespace`);
  }
}

/** Rejects a cohort whose arrays disagree in length (every packed call is −1, 0, 1 or 2 by construction). */
export function checkCohortShape(cohort: Cohort): void {
  const n = cohort.sampleIds.length;
  const v = cohort.variants.pos.length;
  const { chrom, id, ref, alt } = cohort.variants;
  if ([chrom, id, ref, alt].some((column) => column.length !== v)) {
    throw new InvalidRequestError(`cohort variant table columns differ in length (expected ${v} variants)`);
  }
  const { samples, variants } = cohort.dosages;
  if (samples !== n || variants !== v) {
    throw new InvalidRequestError(`cohort has dosages of ${variants} variants × ${samples} samples, expected ${v} variants × ${n} samples`);
  }
}
