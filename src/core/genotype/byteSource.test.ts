import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors';
import { createBlobSource, createTextSource, progressForEach, readChunks } from './byteSource';
import { forEachLine } from './lines';
import { createFileSource } from '../../node/fileSource';
import { fixtureBytes } from './testFixtures';
import { readVcf } from './vcf';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of chunks) out.push(...chunk);
  return out;
}

describe('byte sources', () => {
  it('a Blob source and a Node file source stream the same bytes as the file', async () => {
    const bytes = fixtureBytes('small.vcf.gz');
    const blob = createBlobSource(new Blob([bytes]), 'small.vcf.gz');
    expect(blob.size).toBe(bytes.length);
    expect(await collect(blob.chunks())).toEqual(Array.from(bytes));
    const file = createFileSource(fileURLToPath(new URL('./fixtures/small.vcf.gz', import.meta.url)), 100);
    expect([file.name, file.size]).toEqual(['small.vcf.gz', bytes.length]);
    expect(await collect(file.chunks())).toEqual(Array.from(bytes));
    expect((await readVcf(file)).variants.id).toHaveLength(8);
  });

  it('splits lines across chunks with numbers and byte offsets, CRLF and a last line without newline', async () => {
    const lines: [string, number, number][] = [];
    const source = createTextSource('t.txt', 'ab\r\n\ncde\nf', 2);
    const count = await forEachLine(readChunks(source), (line, n, at) => lines.push([new TextDecoder().decode(line), n, at]));
    expect(count).toBe(4);
    expect(lines).toEqual([['ab', 1, 0], ['', 2, 4], ['cde', 3, 5], ['f', 4, 9]]);
  });

  it('sums progress over files against their total size', () => {
    const reports: [number, number | undefined][] = [];
    const [a, b] = progressForEach([{ size: 10 }, { size: 5 }], { onProgress: (r, t) => reports.push([r, t]) });
    a.onProgress?.(4);
    a.onProgress?.(10);
    b.onProgress?.(5);
    expect(reports).toEqual([[4, 15], [10, 15], [15, 15]]);
    const [unknown] = progressForEach([{}], { onProgress: (r, t) => reports.push([r, t]) });
    unknown.onProgress?.(3);
    expect(reports[3]).toEqual([3, undefined]);
  });
});

describe('createFileSource', () => {
  it('raises a UsageError for a missing file', () => {
    expect(() => createFileSource('/no/such/cohort.vcf')).toThrow(UsageError);
    expect(() => createFileSource('/no/such/cohort.vcf')).toThrow('cannot read /no/such/cohort.vcf: no such file');
  });
});
