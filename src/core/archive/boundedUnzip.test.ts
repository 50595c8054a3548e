import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors';
import { boundedUnzip, type ZipLimits } from './boundedUnzip';
import { toZip64, withDeclaredSize, zeroBomb, zipWithManyEntries } from './testZips';

const MB = 2 ** 20;
const roomy: ZipLimits = { maxEntries: 100, maxEntryBytes: 64 * MB, maxTotalBytes: 128 * MB };

function parseErrorOf(read: () => unknown): ParseError {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('boundedUnzip', () => {
  it('reads stored, deflated and empty entries as fflate does, and only the kept ones', () => {
    const text = strToU8('gene\tstart\n'.repeat(500));
    const zip = zipSync({ 'a/text.tsv': text, 'a/raw.bin': [Uint8Array.of(1, 2, 3), { level: 0 }], 'a/empty': new Uint8Array(0), 'a/': new Uint8Array(0) });
    expect(boundedUnzip(zip, 'x.zip', roomy)).toEqual(unzipSync(zip));
    expect(Object.keys(boundedUnzip(zip, 'x.zip', roomy, { keep: (name) => name.endsWith('.tsv') }))).toEqual(['a/text.tsv']);
  });

  it('reads a zip64 archive (sizes and offset in the extra field, a zip64 end record)', () => {
    const text = strToU8('zip64 '.repeat(1000));
    expect(boundedUnzip(toZip64(zipSync({ 'big.txt': text })), 'x.zip', roomy)).toEqual({ 'big.txt': text });
  });

  it('refuses more entries than maxEntries from the end record, before reading the directory', () => {
    const error = parseErrorOf(() => boundedUnzip(zipWithManyEntries(5000), 'many.zip', { ...roomy, maxEntries: 4999 }));
    expect(error.message).toBe('many.zip: the archive lists 5000 entries, more than the limit of 4999 (maxEntries): this is not an archive the workbench wrote');
    expect(error.location).toEqual({ file: 'many.zip' });
  });

  it('refuses a small deflate stream of zeros that declares more than maxEntryBytes or maxTotalBytes', () => {
    const bomb = zeroBomb('zeros.bin', 20 * MB);
    expect(bomb.length).toBeLessThan(50_000);
    const entry = parseErrorOf(() => boundedUnzip(bomb, 'bomb.zip', { ...roomy, maxEntryBytes: 16 * MB }));
    expect(entry.message).toContain('bomb.zip: zeros.bin inflates to 21.0 MB, more than the 16.8 MB limit (maxEntryBytes)');
    expect(entry.location).toEqual({ file: 'bomb.zip/zeros.bin' });
    const two = zeroBomb('b.bin', 12 * MB, { 'a.bin': new Uint8Array(12 * MB) });
    const total = parseErrorOf(() => boundedUnzip(two, 'two.zip', { ...roomy, maxTotalBytes: 16 * MB }));
    expect(total.message).toContain('two.zip: b.bin brings the archive to 25.2 MB, more than the 16.8 MB limit (maxTotalBytes)');
  });

  it('stops inflating an entry whose header declares fewer bytes than its stream holds', () => {
    const liar = withDeclaredSize(zeroBomb('zeros.bin', 16 * MB), 'zeros.bin', 1000);
    const error = parseErrorOf(() => boundedUnzip(liar, 'liar.zip', roomy));
    expect(error.message).toMatch(/^liar\.zip: zeros\.bin declares 1000 bytes but inflates to more \(over \d+ bytes so far\)/);
    expect(error.location).toEqual({ file: 'liar.zip/zeros.bin' });
  });

  it('refuses an entry whose stream ends short of its declared size, or that no stream could fill', () => {
    const short = withDeclaredSize(zeroBomb('zeros.bin', 1000), 'zeros.bin', 2000);
    expect(parseErrorOf(() => boundedUnzip(short, 's.zip', roomy)).message).toContain('s.zip: zeros.bin declares 2000 bytes but inflates to 1000 bytes');
    const huge = withDeclaredSize(zeroBomb('zeros.bin', 1000), 'zeros.bin', 0xfffffff0);
    const error = parseErrorOf(() => boundedUnzip(huge, 'h.zip', { ...roomy, maxEntryBytes: 2 ** 33, maxTotalBytes: 2 ** 33 }));
    expect(error.message).toMatch(/^h\.zip is not a readable zip archive \(zeros\.bin declares 4294967280 bytes from \d+ compressed bytes/);
  });

  it('names the file for what is not a zip, with the caller\'s advice', () => {
    const zip = zipSync({ 'a.txt': strToU8('hello hello hello') });
    expect(parseErrorOf(() => boundedUnzip(strToU8('hello'), 'n.zip', roomy, { advice: 'choose another' })).message)
      .toBe('n.zip is not a readable zip archive (no end-of-central-directory record): choose another');
    expect(parseErrorOf(() => boundedUnzip(zip.subarray(0, zip.length - 10), 'cut.zip', roomy)).location?.file).toBe('cut.zip');
    const corrupt = zip.slice();
    corrupt[0] ^= 0xff; // the local header's signature
    expect(parseErrorOf(() => boundedUnzip(corrupt, 'c.zip', roomy)).location?.file).toMatch(/^c\.zip/);
  });
});
