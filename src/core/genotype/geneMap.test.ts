import { describe, expect, it } from 'vitest';
import { createTextSource } from './byteSource';
import { readGeneMap } from './geneMap';
import { expectParseError } from './testFixtures';

const read = (name: string, text: string, options = {}) => readGeneMap(createTextSource(name, text, 6), options);

describe('readGeneMap', () => {
  it('reads BED as 0-based half-open, skipping track, browser and comment lines', async () => {
    const genes = await read('g.bed', 'track name=genes\nbrowser position chr1\n# comment\nchr1\t100\t200\tSOD1\t0\t+\nchr2\t5\t9\n');
    expect(genes).toEqual([
      { chrom: 'chr1', start: 100, end: 200, name: 'SOD1' },
      { chrom: 'chr2', start: 5, end: 9, name: 'chr2:5-9' },
    ]);
  });

  it('reads GTF gene lines only, 1-based closed → half-open, gene_name before gene_id', async () => {
    const gtf = [
      '#!genome-build GRCh38',
      '21\tensembl\tgene\t31659666\t31668931\t.\t+\t.\tgene_id "ENSG00000142168"; gene_name "SOD1"; gene_biotype "protein_coding";',
      '21\tensembl\ttranscript\t31659666\t31668931\t.\t+\t.\tgene_id "ENSG00000142168"; transcript_id "T1";',
      '9\tensembl\tgene\t27546545\t27573866\t.\t-\t.\tgene_id "ENSG00000147894";',
    ].join('\n');
    expect(await read('a.gtf', gtf)).toEqual([
      { chrom: '21', start: 31659665, end: 31668931, name: 'SOD1' },
      { chrom: '9', start: 27546544, end: 27573866, name: 'ENSG00000147894' },
    ]);
  });

  it('reads GFF3 gene lines with Name or ID, %-escapes, and stops at ##FASTA', async () => {
    const gff = [
      '##gff-version 3',
      'chr21\t.\tgene\t10\t20\t.\t+\t.\tID=gene:1;Name=SOD%3B1',
      'chr21\t.\tmRNA\t10\t20\t.\t+\t.\tID=t1;Parent=gene:1',
      'chr21\t.\tgene\t30\t40\t.\t+\t.\tID=gene:2',
      '##FASTA',
      '>chr21',
      'ACGT',
    ].join('\n');
    // Named .txt: the format is sniffed from the ##gff-version line.
    expect(await read('genes.txt', gff)).toEqual([
      { chrom: 'chr21', start: 9, end: 20, name: 'SOD;1' },
      { chrom: 'chr21', start: 29, end: 40, name: 'gene:2' },
    ]);
  });

  it.each([
    ['g.bed', 'chr1\t100\n', 1, /expected at least 3 BED columns/],
    ['g.bed', 'chr1\t100\t200\tA\nchr1\t-5\t10\tB\n', 2, /start '-5'/],
    ['g.bed', 'chr1\t300\t200\tA\n', 1, /end '200' \(column 3\) is not an integer ≥ start \(300\)/],
    ['g.gtf', '1\tx\tgene\t0\t10\t.\t+\t.\tgene_id "A";\n', 1, /start '0' \(column 4\) is not a positive integer/],
    ['g.gtf', '1\tx\tgene\t5\t10\t.\t+\t.\ttranscript_id "A";\n', 1, /none of the attributes gene_name, gene_id/],
    ['g.gff3', '1\tx\tgene\t5\t10\n', 1, /expected 9 tab-separated GFF3 columns, found 5/],
  ])('names the line of a bad %s', async (file, text, line, message) => {
    await expectParseError(read(file, text), file, { line, message });
  });

  it('refuses a file with no gene lines at all', async () => {
    await expectParseError(read('e.bed', '# nothing\n'), 'e.bed', { message: /no gene lines/ });
  });
});
