import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { CancelledError } from '../errors';
import { createByteSource, createTextSource } from './byteSource';
import { dosageRows, expectParseError, fixtureBytes, fixtureSource, unpackDosages } from './testFixtures';
import { readVcf } from './vcf';

// small.vcf by hand: haploid ALT = 2, ./1 missing, '.' missing, rs3 (A,C) skipped by default.
const smallDosages = [
  [0, 1, 2, -1, 1, 1], // rs1
  [2, 0, 1, -1, 2, 0], // rs2 GT:DP:GQ, trailing fields dropped, ./1
  [0, 0, 0, 1, 0, -1], // rs4 GT:DP with '.'
  [2, 2, 1, 2, 2, 1], // rs5
  [0, 0, 0, 0, 0, 0], // rs6
  [1, -1, 1, 2, 0, 1], // rs7
  [2, 0, 1, 2, -1, 0], // rs8 chrX, haploid 1 and 0
  [0, 2, 2, 0, 1, -1], // rs9 chrX
];

const header = (samples: string[]) =>
  `##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${samples.join('\t')}\n`;
const row = (fields: string) => `${fields.split(' ').join('\t')}\n`;

describe('readVcf on small.vcf', () => {
  it('reads samples, variants and ALT dosages with our conventions', async () => {
    const table = await readVcf(fixtureSource('small.vcf'));
    expect(table.sampleIds).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    expect(table.variants.id).toEqual(['rs1', 'rs2', 'rs4', 'rs5', 'rs6', 'rs7', 'rs8', 'rs9']);
    expect(table.variants.chrom.slice(0, 2)).toEqual(['chr1', 'chr1']);
    expect(Array.from(table.variants.pos)).toEqual([1100, 1250, 3000, 500, 900, 1800, 2000, 2600]);
    expect(table.variants.ref[0]).toBe('A');
    expect(table.variants.alt[0]).toBe('G');
    expect(table.multiallelicSkipped).toBe(1);
    expect(table.multiallelicSplit).toBe(0);
    expect(dosageRows(table.dosages)).toEqual(smallDosages);
  });

  it('splits a multi-allelic site into one row per ALT when asked', async () => {
    const table = await readVcf(fixtureSource('small.vcf'), { multiallelic: 'split' });
    expect(table.multiallelicSplit).toBe(1);
    expect(table.multiallelicSkipped).toBe(0);
    expect(table.variants.id.slice(2, 4)).toEqual(['rs3', 'rs3']);
    expect(table.variants.alt.slice(2, 4)).toEqual(['A', 'C']);
    const rows = dosageRows(table.dosages);
    // GT 0/1 1/2 2/2 0/0 0/0 0/1: a row counts copies of its own ALT only (bcftools norm -m-).
    expect(rows[2]).toEqual([1, 1, 0, 0, 0, 1]);
    expect(rows[3]).toEqual([0, 1, 2, 0, 0, 0]);
  });

  it('gives the same table for every chunk size from 1 to 7 bytes, plain and bgzip', async () => {
    const expected = await readVcf(fixtureSource('small.vcf'));
    for (const name of ['small.vcf', 'small.vcf.gz']) {
      for (let chunk = 1; chunk <= 7; chunk++) {
        const table = await readVcf(fixtureSource(name, chunk));
        expect(unpackDosages(table.dosages)).toEqual(unpackDosages(expected.dosages));
        expect(table.variants).toEqual(expected.variants);
      }
    }
  });

  it('reads bgzip, bcftools -Oz and concatenated plain gzip members alike', async () => {
    const expected = await readVcf(fixtureSource('small.vcf'));
    for (const name of ['small.vcf.gz', 'small.bcftools.vcf.gz', 'small.concat.vcf.gz']) {
      const table = await readVcf(fixtureSource(name, 37));
      expect(unpackDosages(table.dosages), name).toEqual(unpackDosages(expected.dosages));
      expect(table.variants.id, name).toEqual(expected.variants.id);
    }
  });
});

describe('readVcf on a multi-block bgzip file', () => {
  it('reads all six BGZF members of big.vcf.gz (101 samples × 700 variants)', async () => {
    const bytes = fixtureBytes('big.vcf.gz');
    const whole = await readVcf(createByteSource('big.vcf.gz', bytes, 1 << 20));
    expect(whole.sampleIds).toHaveLength(101);
    expect(whole.variants.pos).toHaveLength(700);
    expect(whole.sampleIds[100]).toBe('smp101');
    const small = await readVcf(createByteSource('big.vcf.gz', bytes, 997));
    expect(unpackDosages(small.dosages)).toEqual(unpackDosages(whole.dosages));
  });

  it('raises a ParseError naming the file for a bgzip file cut short or cut at a block boundary', async () => {
    const bytes = fixtureBytes('big.vcf.gz');
    // Inside a block, inside a header, inside a trailer, and exactly before the EOF block.
    for (const cut of [5000, bytes.length - 28 - 30, bytes.length - 28 - 3, 12]) {
      await expectParseError(readVcf(createByteSource('big.vcf.gz', bytes.subarray(0, cut), 4096)), 'big.vcf.gz',
        { message: /gzip|line/ });
    }
  });

  it('raises a ParseError for a corrupted CRC-32', async () => {
    const bytes = fixtureBytes('small.vcf.gz').slice();
    const firstBlockSize = (bytes[16] | (bytes[17] << 8)) + 1;
    bytes[firstBlockSize - 8] ^= 0xff; // first byte of the first member's CRC-32
    await expectParseError(readVcf(createByteSource('small.vcf.gz', bytes)), 'small.vcf.gz',
      { byteOffset: firstBlockSize, message: /CRC-32/ });
  });
});

describe('readVcf details', () => {
  it('finds GT when it is not the first FORMAT key, and treats a FORMAT without GT as missing', async () => {
    const text = header(['A', 'B']) + row('1 10 . A T . . . DP:GT 4:0/1 7:1|1') + row('1 20 . C G . . . DP 4 7');
    const table = await readVcf(createTextSource('t.vcf', text));
    expect(dosageRows(table.dosages)).toEqual([[1, 2], [-1, -1]]);
  });

  it('reads VCF 4.4 prefixed phasing (/0|1, |1|1, |0, /1), as the same calls without the prefix', async () => {
    const text = header(['A', 'B', 'C', 'D', 'E']).replace('VCFv4.2', 'VCFv4.4') +
      row('1 10 . A T . . . GT /0|1 |1|1 |0 /1 |./.') + row('1 20 . C G . . . GT:DP |0/1:3 /.|. 0|1 1 /1/0');
    const table = await readVcf(createTextSource('t.vcf', text));
    expect(dosageRows(table.dosages)).toEqual([[1, 2, 0, 2, -1], [1, -1, 1, 2, 1]]);
  });

  it.each(['||0', '/', '0||1', '0|'])('refuses the malformed GT %s', async (gt) => {
    await expectParseError(readVcf(createTextSource('x.vcf', header(['A']) + row(`1 5 . A T . . . GT ${gt}`))), 'x.vcf',
      { line: 3, message: /is not a genotype/ });
  });

  it('accepts CRLF line ends, blank lines, ALT "." and a sites-only file', async () => {
    const text = (header(['A']) + row('1 10 . A . . . . GT 0/0')).replace(/\n/g, '\r\n') + '\n';
    const table = await readVcf(createTextSource('t.vcf', text));
    expect(table.variants.alt).toEqual(['.']);
    expect(Array.from(unpackDosages(table.dosages))).toEqual([0]);
    const sites = await readVcf(createTextSource('s.vcf', '##fileformat=VCFv4.1\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n1\t5\t.\tA\tC\t.\t.\t.\n'));
    expect(sites.sampleIds).toEqual([]);
    expect(sites.variants.pos).toHaveLength(1);
  });

  it('names file, line and what was expected for a line with the wrong field count', async () => {
    const text = header(['A', 'B', 'C']) + row('1 10 . A T . . . GT 0/0 0/1 1/1') + row('1 20 . A T . GT');
    await expectParseError(readVcf(createTextSource('cohort.vcf', text, 3)), 'cohort.vcf',
      { line: 4, byteOffset: text.indexOf('1\t20'), message: 'line 4 of cohort.vcf: expected 12 tab-separated fields (9 fixed + 3 samples), found 7' });
  });

  it.each([
    ['a missing fileformat line', '#CHROM\tPOS\n', 1, /expected '##fileformat=VCFv4.x'/],
    ['VCF 3', '##fileformat=VCFv3.3\n', 1, /VCFv4/],
    ['data before the header', '##fileformat=VCFv4.2\n1\t2\n', 2, /#CHROM header line/],
    ['a space-separated header', '##fileformat=VCFv4.2\n#CHROM POS ID\n', 2, /tab-separated/],
    ['a duplicate sample', header(['A', 'A']), 2, /'A' appears twice \(columns 10 and 11\)/],
    ['a bad POS', header(['A']) + row('1 x . A T . . . GT 0/1'), 3, /POS 'x'/],
    ['a bad GT', header(['A', 'B']) + row('1 5 . A T . . . GT 0/1 0-1'), 3, /sample 'B' \(column 11\): GT '0-1' is not a genotype/],
    ['a triploid GT', header(['A']) + row('1 5 . A T . . . GT 0/1/1'), 3, /more than two alleles/],
    ['an allele beyond ALT', header(['A']) + row('1 5 . A T . . . GT 0/2'), 3, /allele 2 but the site has 1 ALT/],
    ['a header line after #CHROM', header(['A']) + '##INFO=<ID=X>\n', 3, /header line after the #CHROM/],
  ])('raises a located ParseError for %s', async (_, text, line, message) => {
    await expectParseError(readVcf(createTextSource('x.vcf', text, 5)), 'x.vcf', { line, message });
  });

  it('raises a ParseError for an empty file and for a file with no #CHROM line', async () => {
    await expectParseError(readVcf(createTextSource('e.vcf', '')), 'e.vcf', { message: /empty/ });
    await expectParseError(readVcf(createTextSource('h.vcf', '##fileformat=VCFv4.2\n##x=1\n')), 'h.vcf', { message: /no #CHROM/ });
  });

  it('reads a gzip file written by another library', async () => {
    const text = header(['A']) + row('2 7 rs9 G C . . . GT 1/1');
    const table = await readVcf(createByteSource('g.vcf.gz', gzipSync(new TextEncoder().encode(text)), 3));
    expect(Array.from(unpackDosages(table.dosages))).toEqual([2]);
  });
});

describe('readVcf progress and cancellation', () => {
  it('reports non-decreasing raw bytes ending at the file size', async () => {
    const source = fixtureSource('big.vcf.gz', 4096);
    const seen: number[] = [];
    await readVcf(source, { onProgress: (bytesRead, bytesTotal) => {
      expect(bytesTotal).toBe(source.size);
      seen.push(bytesRead);
    } });
    expect(seen.every((b, i) => i === 0 || b >= seen[i - 1])).toBe(true);
    expect(seen[seen.length - 1]).toBe(source.size);
  });

  it('rejects with CancelledError when aborted before or during the read', async () => {
    const before = new AbortController();
    before.abort();
    await expect(readVcf(fixtureSource('small.vcf'), { signal: before.signal })).rejects.toBeInstanceOf(CancelledError);
    const during = new AbortController();
    const read = readVcf(fixtureSource('big.vcf.gz', 1024), {
      signal: during.signal,
      onProgress: (bytesRead) => {
        if (bytesRead > 8192) during.abort();
      },
    });
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });
});
