// Shared by the reader tests: the committed fixtures (made by make-fixtures.sh with plink1.9,
// bcftools and bgzip) as in-memory sources with a chosen chunk size.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ParseError } from '../errors';
import { type ByteSource, createByteSource } from './byteSource';
import type { PackedDosages } from './packedDosages';
import type { PlinkSources } from './plink';

const fixtureDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(readFileSync(fixtureDir + name));
}

export function fixtureSource(name: string, chunkBytes?: number): ByteSource {
  return createByteSource(name, fixtureBytes(name), chunkBytes);
}

export function plinkFixture(prefix: string, chunkBytes?: number): PlinkSources {
  return {
    bed: fixtureSource(`${prefix}.bed`, chunkBytes),
    bim: fixtureSource(`${prefix}.bim`, chunkBytes),
    fam: fixtureSource(`${prefix}.fam`, chunkBytes),
  };
}

/** Awaits a rejection and checks it is a ParseError naming the file and the given place. */
export async function expectParseError(promise: Promise<unknown>, file: string,
  where: { line?: number; byteOffset?: number; message?: RegExp | string }): Promise<ParseError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ParseError);
  const parseError = err as ParseError;
  expect(parseError.location?.file).toBe(file);
  expect(parseError.message).toContain(file);
  if (where.line !== undefined) {
    expect(parseError.location?.line).toBe(where.line);
    expect(parseError.message).toContain(`line ${where.line.toLocaleString('en-US')} of ${file}`);
  }
  if (where.byteOffset !== undefined) expect(parseError.location?.byteOffset).toBe(where.byteOffset);
  if (where.message !== undefined) expect(parseError.message).toMatch(where.message);
  return parseError;
}

/** Dosage rows as plain arrays, for readable failures. */
export function dosageRows(dosages: PackedDosages): number[][] {
  return Array.from({ length: dosages.variants }, (_, v) => Array.from(dosages.decodeRow(v)));
}

/** Every call unpacked, variant-major [variants × samples] (tests only: 1 byte a call). */
export function unpackDosages(dosages: PackedDosages): Int8Array {
  const out = new Int8Array(dosages.variants * dosages.samples);
  for (let v = 0; v < dosages.variants; v++) out.set(dosages.decodeRow(v), v * dosages.samples);
  return out;
}
