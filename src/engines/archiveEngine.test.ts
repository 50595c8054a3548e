// The ArchiveEngine as the archive worker runs it, in Node: a zip written into a Blob and read back
// by slices, the lent buffers handed back across a real transfer, typed errors on a bad zip.
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { boundedUnzip } from '../core/archive/boundedUnzip';
import type { ZipPartsEntry } from '../core/archive/zipStreamWriter';
import { ParseError, errorCodes } from '../core/errors';
import { lendEntries } from './archive';
import { createArchiveEngine } from './archiveEngine';

const limits = { maxEntries: 10, maxEntryBytes: 2 ** 24, maxTotalBytes: 2 ** 25 };

/** Two parts in one buffer (at offsets), a part of its own, a deflated text. */
function createEntries(): { entries: ZipPartsEntry[]; copies: Record<string, Uint8Array> } {
  const shared = new Float32Array(1000).map((_, i) => Math.sin(i));
  const a = new Uint8Array(shared.buffer, 0, 1600);
  const b = new Uint8Array(shared.buffer, 1600, 2400);
  const own = Int32Array.from({ length: 50 }, (_, i) => i - 25);
  const text = strToU8('gene\tstart\n'.repeat(300));
  const entries: ZipPartsEntry[] = [
    { name: 'session.json', level: 6, parts: [text] },
    { name: 'sets/0.f32', level: 0, parts: [a, b] },
    { name: 'sets/0.labels.i32', level: 0, parts: [new Uint8Array(own.buffer)] },
  ];
  const join = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
  return { entries, copies: Object.fromEntries(entries.map((e) => [e.name, join([...e.parts])])) };
}

describe('ArchiveEngine', () => {
  const engine = createArchiveEngine();

  it('writes a zip Blob from lent buffers, hands the buffers back across a transfer, and reads the Blob back entry by entry', async () => {
    const { entries, copies } = createEntries();
    const lent = lendEntries(entries);
    expect(lent.buffers).toHaveLength(3);
    // 1. Page → worker: the buffers move, the page's views are emptied.
    const inWorker = structuredClone(entries, { transfer: lent.buffers });
    expect(entries[1].parts[0].byteLength).toBe(0);
    // 2. The worker writes and answers with the buffers; worker → page moves them back.
    const result = await engine.writeZip(inWorker, { modifiedAt: new Date(2025, 0, 31) });
    expect(result.error).toBeNull();
    const answer = structuredClone(result, { transfer: result.lent });
    const returned = lent.giveBack(answer.lent);
    expect(Object.fromEntries([...returned].map(([name, parts]) => [name, Uint8Array.from(parts.flatMap((p) => Array.from(p)))]))).toEqual(copies);
    expect(returned.get('sets/0.f32')![1].byteOffset).toBe(1600);
    expect(returned.get('sets/0.f32')![0].buffer).toBe(returned.get('sets/0.f32')![1].buffer);
    // 3. The Blob reads back, by slices, as boundedUnzip reads its bytes.
    const blob = answer.blob!;
    expect(blob.type).toBe('application/zip');
    const files = await engine.readZip({ file: blob, fileName: 's.zip', limits });
    expect(files).toEqual(copies);
    expect(files).toEqual(boundedUnzip(new Uint8Array(await blob.arrayBuffer()), 's.zip', limits));
  });

  it('answers a write it cannot make with the error and the lent buffers', async () => {
    const part = new Uint8Array(8);
    const result = await engine.writeZip([{ name: '', level: 0, parts: [part] }]);
    expect(result.blob).toBeNull();
    expect(result.error).toMatchObject({ code: errorCodes.runtime, message: expect.stringContaining('zip entry name') });
    expect(result.lent).toEqual([part.buffer]);
  });

  it('refuses a cut zip with the ParseError boundedUnzip gives, naming the file', async () => {
    const { entries } = createEntries();
    const blob = (await engine.writeZip(entries)).blob!;
    const cut = blob.slice(0, blob.size - 30);
    const error = await engine.readZip({ file: cut, fileName: 'cut.zip', limits, advice: 'choose another' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toBe('cut.zip is not a readable zip archive (no end-of-central-directory record): choose another');
  });
});
