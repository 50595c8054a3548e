import { describe, expect, it } from 'vitest';
import { createTextSource } from './byteSource';
import { readPhenotypeTable } from './phenotype';
import { expectParseError, fixtureSource } from './testFixtures';

const read = (name: string, text: string, options = {}) => readPhenotypeTable(createTextSource(name, text, 5), options);

describe('readPhenotypeTable', () => {
  it('reads a CSV with a header, keeps label names and puts control first', async () => {
    const table = await read('p.csv', 'sample_id,age,diagnosis\nS1,40,ALS\nS2,51,control\nS3,38,NA\nS4,60,ALS\n');
    expect(table.sampleIds).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(table.classNames).toEqual(['control', 'ALS']);
    expect(Array.from(table.labels)).toEqual([1, 0, -1, 1]);
    expect([table.idColumn, table.labelColumn]).toEqual(['sample_id', 'diagnosis']);
  });

  it('reads a TSV without a header as id and label', async () => {
    const table = await read('p.tsv', 'S1\tcase\nS2\tcontrol\n');
    expect(table.classNames).toEqual(['control', 'case']);
    expect(Array.from(table.labels)).toEqual([1, 0]);
    expect(table.labelColumn).toBe('column 2');
  });

  it('reads the PLINK pheno file of the fixtures (FID IID 1/2/-9, whitespace, no header)', async () => {
    const table = await readPhenotypeTable(fixtureSource('small.pheno.txt'));
    expect(table.sampleIds).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    expect(table.classNames).toEqual(['control', 'case']);
    expect(Array.from(table.labels)).toEqual([1, 0, 1, -1, 0, 0]);
  });

  it('reads 0/1 codes as control/case and a #-prefixed header', async () => {
    const table = await read('p.txt', '#IID status\na 0\nb 1\n# a comment\nc 1\n');
    expect(table.sampleIds).toEqual(['a', 'b', 'c']);
    expect(Array.from(table.labels)).toEqual([0, 1, 1]);
  });

  it('detects a header from text above numbers', async () => {
    const table = await read('n.tsv', 'name\tscore\nS1\t1\nS2\t2\n');
    expect(table.sampleIds).toEqual(['S1', 'S2']);
    expect(Array.from(table.labels)).toEqual([0, 1]);
  });

  it('honours quoted CSV fields', async () => {
    const table = await read('q.csv', 'id;label\n"x;1";"ALS, sporadic"\ny;control\n');
    expect(table.sampleIds).toEqual(['x;1', 'y']);
    expect(table.classNames).toEqual(['control', 'ALS, sporadic']);
  });

  it('takes columns by name or index and a fixed class order', async () => {
    const text = 'a,b,c\n1,S1,yes\n2,S2,no\n';
    const byName = await read('c.csv', text, { idColumn: 'B', labelColumn: 'c', classNames: ['no', 'yes'] });
    expect(byName.sampleIds).toEqual(['S1', 'S2']);
    expect(Array.from(byName.labels)).toEqual([1, 0]);
    const byIndex = await read('c.csv', text, { idColumn: 1, labelColumn: 2 });
    expect(byIndex.classNames).toEqual(['no', 'yes']);
  });

  it('keeps the FID column of a PLINK-layout file (FID IID value), so FID_IID ids can be matched', async () => {
    const headerless = await read('p.txt', 'f1 1 2\nf2 1 1\n');
    expect(headerless.sampleIds).toEqual(['1', '1']);
    expect(headerless.familyIds).toEqual(['f1', 'f2']);
    const named = await read('p.tsv', 'FID\tIID\tstatus\nf1\ta\t2\nf2\tb\t1\n');
    expect(named.familyIds).toEqual(['f1', 'f2']);
    expect((await read('p.csv', 'id,label\nS1,case\n')).familyIds).toBeUndefined();
  });

  it('reads a .fam given as the label file: IID, FID and column 6', async () => {
    const table = await read('people.fam', 'per0 per0 0 0 1 2\nper1 per1 0 0 2 1\nper2 per2 0 0 0 -9\n');
    expect(table.sampleIds).toEqual(['per0', 'per1', 'per2']);
    expect(table.familyIds).toEqual(['per0', 'per1', 'per2']);
    expect(table.classNames).toEqual(['control', 'case']);
    expect(Array.from(table.labels)).toEqual([1, 0, -1]);
    expect(table.labelColumn).toBe('column 6');
  });

  it.each([
    ['a ragged row', 'id,label\nS1,case\nS2\n', {}, 3, /expected 2 fields like the first row, found 1/],
    ['a repeated id', 'id,label\nS1,case\nS1,control\n', {}, 3, /'S1' appears twice \(lines 2 and 3\)/],
    ['a quantitative column', 'id,label\nS1,1.5\nS2,3\n', {}, 2, /looks quantitative/],
    ['an unknown column', 'id,label\nS1,case\n', { labelColumn: 'status' }, 1, /no label column named 'status'; the columns are 'id', 'label'/],
    ['a label outside the classes', 'id,label\nS1,case\nS2,other\n', { classNames: ['control', 'case'] }, 3, /'other' is not one of the classes/],
    ['a single column', 'S1\nS2\n', {}, 1, /at least two columns/],
  ])('names the line of %s', async (_, text, options, line, message) => {
    await expectParseError(read('p.csv', text, options), 'p.csv', { line, message });
  });
});
