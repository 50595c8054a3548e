import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync } from 'fflate';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, GdwError, ParseError } from '../errors';
import { writeChunksToFile } from '../../node/fileSink';
import { boundedUnzip, type ZipLimits } from './boundedUnzip';
import { collectZipBlob, collectZipBytes } from './zipChunks';
import { createBlobRandomAccess, createBytesRandomAccess, readZipEntries, unzipSource, type RandomAccessSource } from './zipStreamReader';
import { zipStream, type ZipEntrySource } from './zipStreamWriter';

const MB = 2 ** 20;
const roomy: ZipLimits = { maxEntries: 100, maxEntryBytes: 256 * MB, maxTotalBytes: 512 * MB };
const folder = mkdtempSync(join(tmpdir(), 'gdw-zip-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Deterministic bytes that do not compress (a float tensor's noise) or do (text). */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
/** Every kind of entry: stored and deflated, in memory and generated, empty, a UTF-8 name; `scale` 1 is ~1 MB. */
function sampleEntries(scale = 1): { entries: ZipEntrySource[]; expected: Record<string, Uint8Array> } {
  const header = strToU8('header');
  const tensor = noise(300_000 * scale);
  const text = strToU8('chr1\t12345\trs1\tA\tG\n'.repeat(20_000 * scale));
  const entries: ZipEntrySource[] = [
    { name: 'tensor.npy', level: 0, parts: [header, tensor] },
    { name: 'variants.tsv', level: 6, parts: [text] },
    { name: 'rows.bin', level: 0, chunks: [tensor.subarray(0, 1000), tensor.subarray(1000)], sizeBytes: tensor.length },
    { name: 'made.vcf', level: 1, chunks: (function* () { yield text.subarray(0, 5); yield text.subarray(5); })() },
    { name: 'empty', level: 0, parts: [] },
    { name: 'empty-deflated', level: 9, chunks: [] },
    { name: 'gène/ünï.txt', level: 6, parts: [strToU8('é')] },
  ];
  const tensorNpy = new Uint8Array(header.length + tensor.length);
  tensorNpy.set(header);
  tensorNpy.set(tensor, header.length);
  const expected = {
    'tensor.npy': tensorNpy, 'variants.tsv': text, 'rows.bin': tensor, 'made.vcf': text, empty: new Uint8Array(0),
    'empty-deflated': new Uint8Array(0), 'gène/ünï.txt': strToU8('é'),
  };
  return { entries, expected };
}

/** What Python's zipfile reads: testzip() (every CRC) and each entry's SHA-256. */
function readWithPython(path: string): { bad: string | null; files: Record<string, string> } {
  const script = 'import sys, zipfile, hashlib, json\n'
    + 'with zipfile.ZipFile(sys.argv[1]) as z:\n'
    + '    bad = z.testzip()\n'
    + '    files = {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}\n'
    + 'print(json.dumps({"bad": bad, "files": files}))\n';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as { bad: string | null; files: Record<string, string> };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every entry handed to a sink piece by piece (each piece copied, as a consumer that keeps none must), then joined by name. */
async function unzipThroughSinks(source: RandomAccessSource, limits: ZipLimits, readBytes: number): Promise<Record<string, Uint8Array>> {
  const pieces: Record<string, Uint8Array[]> = {};
  const sinkFor = (name: string) => (piece: Uint8Array) => { (pieces[name] ??= []).push(piece.slice()); };
  for await (const entry of readZipEntries(source, limits, { readBytes, sinkFor })) throw new Error(`${entry.name} was collected, not sunk`);
  return Object.fromEntries(Object.entries(pieces).map(([name, parts]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return [name, out];
  }));
}
const hashes = (files: Record<string, Uint8Array>) => Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sha256(bytes)]));

describe('zipStream round trips', () => {
  it.each([false, true])('gives back every entry byte for byte through every reader (zip64 form: %s)', async (forceZip64) => {
    const { entries, expected } = sampleEntries();
    const zip = collectZipBytes(zipStream(entries, { forceZip64, modifiedAt: new Date(2025, 0, 31, 12, 3, 14) }));
    const want = hashes(expected);
    expect(hashes(boundedUnzip(zip, 'w.zip', roomy))).toEqual(want);
    expect(hashes(await unzipSource(createBytesRandomAccess(zip, 'w.zip'), roomy, { readBytes: 1 << 16 }))).toEqual(want);
    expect(hashes(await unzipSource(createBlobRandomAccess(new Blob([zip]), 'w.zip'), roomy))).toEqual(want);
    expect(hashes(await unzipThroughSinks(createBytesRandomAccess(zip, 'w.zip'), roomy, 4097))).toEqual(want);
    if (!forceZip64) expect(hashes(unzipSync(zip))).toEqual(want); // fflate reads no zip64
    const path = join(folder, `python-${forceZip64}.zip`);
    writeFileSync(path, zip);
    expect(readWithPython(path)).toEqual({ bad: null, files: want });
  });

  // Info-ZIP's unzip is not on every machine; where it is, it must test the zip without a warning (exit 0).
  it.runIf(existsSync('/usr/bin/unzip')).each([false, true])('passes unzip -t (zip64 form: %s)', (forceZip64) => {
    const path = join(folder, `unzip-${forceZip64}.zip`);
    writeFileSync(path, collectZipBytes(zipStream(sampleEntries(0.1).entries, { forceZip64 })));
    expect(execFileSync('/usr/bin/unzip', ['-t', path], { encoding: 'utf8' })).toContain('No errors detected');
  });

  it('writes the same bytes into a Blob, and into a file from Node, as into memory', async () => {
    const { entries } = sampleEntries();
    const options = { modifiedAt: new Date(2025, 0, 31) };
    const bytes = collectZipBytes(zipStream(entries, options));
    expect(sha256(new Uint8Array(await collectZipBlob(zipStream(sampleEntries().entries, options)).arrayBuffer()))).toBe(sha256(bytes));
    const path = join(folder, 'node.zip');
    expect(await writeChunksToFile(path, zipStream(sampleEntries().entries, options))).toBe(bytes.length);
    expect(sha256(new Uint8Array(await (await openAsBlob(path)).arrayBuffer()))).toBe(sha256(bytes));
  });

  it('stores a stored in-memory entry with its sizes in the local header, and a generated one with a data descriptor', () => {
    const zip = collectZipBytes(zipStream([{ name: 'a', level: 0, parts: [noise(10)] }, { name: 'b', level: 0, chunks: [noise(10)], sizeBytes: 10 }]));
    const view = new DataView(zip.buffer, zip.byteOffset);
    expect(view.getUint16(6, true) & 8).toBe(0);
    expect(view.getUint32(22, true)).toBe(10);
    const second = 30 + 1 + 10;
    expect(view.getUint32(second, true)).toBe(0x04034b50);
    expect(view.getUint16(second + 6, true) & 8).toBe(8);
  });

  it('refuses an entry whose chunks do not hold the bytes it declared', () => {
    const run = () => collectZipBytes(zipStream([{ name: 'a', level: 0, chunks: [noise(10)], sizeBytes: 11 }]));
    expect(run).toThrow('zip entry a declared 11 bytes but its chunks held 10');
  });
});

describe('zipStream with large entries', () => {
  it('yields no chunk over chunkBytes, and the streamed reader reads a file in slices of readBytes', async () => {
    // 64 MiB of tensor stored and 8 MiB deflated: the writer holds one chunk, never the zip.
    const tensor = new Float32Array(16 * MB);
    for (let i = 0; i < tensor.length; i += 997) tensor[i] = i;
    const tensorBytes = new Uint8Array(tensor.buffer);
    const rows = function* () {
      for (let at = 0; at < tensorBytes.length / 8; at += 2 * MB) yield tensorBytes.subarray(at, at + 2 * MB);
    };
    const chunkBytes = MB;
    let largestChunk = 0;
    let zipBytes = 0;
    const counted = function* () {
      for (const chunk of zipStream([
        { name: 'tensor.npy', level: 0, parts: [strToU8('npy header'), tensorBytes] },
        { name: 'rows.f32', level: 6, chunks: rows(), sizeBytes: tensorBytes.length / 8 },
      ], { chunkBytes })) {
        largestChunk = Math.max(largestChunk, chunk.length);
        zipBytes += chunk.length;
        yield chunk;
      }
    };
    const path = join(folder, 'large.zip');
    await writeChunksToFile(path, counted());
    expect(largestChunk).toBeLessThanOrEqual(chunkBytes);
    expect(zipBytes).toBeGreaterThan(tensorBytes.length);

    let largestRead = 0;
    const blob = createBlobRandomAccess(await openAsBlob(path), 'large.zip');
    const source: RandomAccessSource = { ...blob, read: (offset, length) => { largestRead = Math.max(largestRead, length); return blob.read(offset, length); } };
    const files = await unzipSource(source, roomy, { readBytes: 2 * MB });
    expect(largestRead).toBeLessThanOrEqual(2 * MB);
    expect(sha256(files['tensor.npy'].subarray(10))).toBe(sha256(tensorBytes));
    expect(sha256(files['rows.f32'])).toBe(sha256(tensorBytes.subarray(0, tensorBytes.length / 8)));
  });
});

describe('the streamed reader refuses what boundedUnzip refuses, with the same typed error', () => {
  const { entries } = sampleEntries(0.01);
  const zip = collectZipBytes(zipStream(entries));
  const small: ZipLimits = { maxEntries: 10, maxEntryBytes: 400_000, maxTotalBytes: 2_000_000 };

  function mutate(at: number, bit: number, kind: 'flip' | 'cut' | 'insert'): Uint8Array {
    if (kind === 'cut') return zip.slice(0, at);
    const bytes = new Uint8Array(zip.length + (kind === 'insert' ? 1 : 0));
    bytes.set(zip.subarray(0, at));
    if (kind === 'flip') {
      bytes.set(zip.subarray(at), at);
      bytes[at] ^= 1 << bit;
    } else {
      bytes[at] = bit;
      bytes.set(zip.subarray(at), at + 1);
    }
    return bytes;
  }

  const outcome = async (read: () => unknown) => {
    try {
      return { files: hashes((await read()) as Record<string, Uint8Array>) };
    } catch (err) {
      if (!(err instanceof GdwError)) throw err;
      return { error: err.message, code: err.code, file: err.location?.file };
    }
  };

  it('on byte mutations, truncations and insertions of a zip it wrote', async () => {
    const mutated = fc.tuple(fc.nat(zip.length - 1), fc.integer({ min: 0, max: 7 }), fc.constantFrom('flip', 'cut', 'insert'));
    await fc.assert(fc.asyncProperty(mutated, async ([at, bit, kind]) => {
      const bytes = mutate(at, bit, kind);
      const sync = await outcome(() => boundedUnzip(bytes, 'm.zip', small));
      const streamed = await outcome(() => unzipSource(createBytesRandomAccess(bytes, 'm.zip'), small, { readBytes: 1 << 16 }));
      expect(streamed).toEqual(sync);
      expect(await outcome(() => unzipThroughSinks(createBytesRandomAccess(bytes, 'm.zip'), small, 4097))).toEqual(sync);
    }), { numRuns: 300 });
  });

  it('names a corrupt stored entry by its CRC-32', async () => {
    const bytes = zip.slice();
    bytes[200] ^= 1;
    const error = await unzipSource(createBytesRandomAccess(bytes, 'c.zip'), roomy).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/^c\.zip: tensor\.npy fails its CRC-32 check \(the directory says 0x[0-9a-f]{8}, its bytes give 0x[0-9a-f]{8}\): the archive is corrupt$/);
    expect((error as ParseError).location).toEqual({ file: 'c.zip/tensor.npy' });
  });

  it('stops with CancelledError when its signal is aborted', async () => {
    const controller = new AbortController();
    let reads = 0;
    const reading = unzipSource(createBytesRandomAccess(zip, 'x.zip'), roomy, {
      signal: controller.signal, readBytes: 1 << 16, onProgress: () => { if (++reads === 3) controller.abort(); },
    });
    await expect(reading).rejects.toBeInstanceOf(CancelledError);
  });
});
