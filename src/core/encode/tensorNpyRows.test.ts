// NpyRowStream: a .npy fed in pieces of any size (a byte at a time through the header, odd sizes
// after) hands on whole rows only, the same floats readNpy gives, in blocks of the size asked;
// a bad or short file fails with readNpy's error.
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { createRng } from '../rng';
import { npyHeader, readNpy, writeNpy, type NpyHeader } from './npy';
import { NpyRowStream } from './tensorNpyRows';

const rowFloats = 7 * 3;

/** Streams `bytes` cut at `cuts`, gathering every block handed on. */
async function stream(bytes: Uint8Array, cuts: number[], blockBytes: number, checkHeader: (h: NpyHeader) => void = () => undefined) {
  const blocks: Float32Array[] = [];
  const rows = new NpyRowStream({ file: 'tensor.npy', blockBytes, checkHeader, onRows: async (block) => { blocks.push(block.slice()); } });
  const edges = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  for (let i = 1; i < edges.length; i++) await rows.write(bytes.subarray(edges[i - 1], edges[i]));
  await rows.end();
  return blocks;
}

function randomCuts(length: number, seed: number): number[] {
  const rng = createRng(seed, 3);
  const cuts = Array.from({ length: 128 }, (_, i) => i); // a byte at a time through the header
  for (let at = 128; at < length; at += 1 + rng.nextInt(997)) cuts.push(at);
  return cuts;
}

describe('NpyRowStream', () => {
  const data = Float32Array.from({ length: 50 * rowFloats }, (_, i) => Math.cos(i) * 1e3);
  const npy = writeNpy(data, [50, 7, 3]);

  it.each([1, 2, 3])('hands on whole rows in blocks of 4 rows, the floats readNpy gives (cuts seed %i)', async (seed) => {
    const blocks = await stream(npy, randomCuts(npy.length, seed), 4 * rowFloats * 4 + 13);
    expect(blocks.map((b) => b.length)).toEqual([...new Array<number>(12).fill(4 * rowFloats), 2 * rowFloats]);
    const joined = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
    blocks.reduce((at, b) => (joined.set(b, at), at + b.length), 0);
    expect(Array.from(joined)).toEqual(Array.from(readNpy(npy).data));
  });

  it('reads a version 2.0 header (4-byte length) as readNpy does', async () => {
    // Same dict, re-framed: magic, 2.0, a 4-byte length, the dict padded so the data stays 16-aligned.
    const dict = new TextDecoder().decode(npy.subarray(10, npyHeader('<f4', [50, 7, 3]).length)).trimEnd();
    const text = dict.padEnd(128 - 12 - 1, ' ') + '\n';
    const header = new Uint8Array(128);
    header.set(npy.subarray(0, 6));
    header[6] = 2;
    new DataView(header.buffer).setUint32(8, text.length, true);
    header.set(new TextEncoder().encode(text), 12);
    const file = new Uint8Array(128 + data.byteLength);
    file.set(header);
    file.set(new Uint8Array(data.buffer), 128);
    const blocks = await stream(file, [5, 11, 300], 1 << 20);
    expect(Array.from(blocks[0])).toEqual(Array.from(data));
  });

  it('checks the header before any row moves, and fails a short file with readNpy\'s error', async () => {
    const refuse = () => { throw new ParseError('tensor.npy: refused', { file: 'tensor.npy' }); };
    await expect(stream(npy, [], 1 << 20, refuse)).rejects.toThrow('tensor.npy: refused');
    const short = npy.subarray(0, npy.length - 6);
    const expected = (() => { try { readNpy(short, 'tensor.npy'); } catch (err) { return (err as Error).message; } })();
    expect(expected).toMatch(/needs 4200 data bytes, the file has 4194$/);
    await expect(stream(short, randomCuts(short.length, 4), 1 << 20)).rejects.toThrow(expected);
    const headless = npy.subarray(0, 40);
    const headerError = (() => { try { readNpy(headless, 'tensor.npy'); } catch (err) { return (err as Error).message; } })();
    await expect(stream(headless, [7], 1 << 20)).rejects.toThrow(headerError);
    await expect(stream(new TextEncoder().encode('PK\x03\x04 not a .npy at all'), [3], 1 << 20)).rejects.toThrow('not a .npy file');
  });
});
