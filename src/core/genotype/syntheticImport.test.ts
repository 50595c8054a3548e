// Import of a synthetic cohort (issue 12): Yelmen's .hapt + .legend (hand-written fixtures in
// fixtures/hapt), a VCF and PLINK files, each matched to one small cohort variant table by
// chromosome, position and alleles, with flips, unmatched counts, provenance and typed errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../report/plan';
import { createByteSource, createTextSource } from './byteSource';
import { readHapt } from './hapt';
import { importSyntheticCohort, matchVariants, SyntheticImportError } from './syntheticImport';
import type { VariantTable } from './types';
import { readVcf } from './vcf';
import { plinkFileset } from './writePlink';

const here = join(__dirname, 'fixtures', 'hapt');
const fixture = (name: string) => createByteSource(name, new Uint8Array(readFileSync(join(here, name))));

/** The loaded cohort's variants (chr-prefixed, as a VCF may spell them). */
const cohortVariants: VariantTable = {
  chrom: ['chr15', 'chr15', 'chr15', 'chr15'], pos: Float64Array.of(1000, 1100, 1200, 1300),
  id: ['a', 'b', 'c', 'd'], ref: ['A', 'C', 'G', 'T'], alt: ['G', 'T', 'A', 'C'],
};

const rowsOf = (cohort: { dosages: { decodeRow(v: number): Int8Array } }, variants: number) => Array.from({ length: variants }, (_, v) => Array.from(cohort.dosages.decodeRow(v)));

async function rejection(promise: Promise<unknown>): Promise<SyntheticImportError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(SyntheticImportError);
  return err as SyntheticImportError;
}

describe('.hapt + .legend', () => {
  it('pairs X_A/X_B rows into ALT (= a1) dosages, or a0 dosages when 1 stands for a0', async () => {
    const table = await readHapt(fixture('tiny.hapt'), fixture('tiny.legend'));
    expect(table.sampleIds).toEqual(['p0', 'p1']);
    expect(table.variants.chrom).toEqual(['15', '15', '15', '15']);
    expect(table.variants.alt).toEqual(['G', 'C', 'C', 'T']);
    expect(rowsOf(table, 4)).toEqual([[2, 0], [1, 0], [1, 2], [1, 1]]);
    const reversed = await readHapt(fixture('tiny.hapt'), fixture('tiny.legend'), { one: 'a0' });
    expect(rowsOf(reversed, 4)).toEqual([[0, 2], [1, 2], [1, 0], [1, 1]]);
  });

  it('pairs rows without _A/_B ids in file order (artificial genomes written one haplotype a row: AG0, AG1, …)', async () => {
    const hapt = createTextSource('ag.hapt', 'AG AG0 1 0 1 1\nAG AG1 1 1 0 0\nAG AG2 0 0 1 0\nAG AG3 0 0 1 1\n');
    const table = await readHapt(hapt, fixture('tiny.legend'));
    expect(table.sampleIds).toEqual(['AG0+AG1', 'AG2+AG3']);
    expect(rowsOf(table, 4)).toEqual([[2, 0], [1, 0], [1, 2], [1, 1]]);
  });

  it('refuses an odd number of rows, a row of another length and a legend without its header, naming the file and line', async () => {
    const odd = await rejection(readHapt(fixture('odd.hapt'), fixture('tiny.legend')));
    expect(odd.mismatch).toBe('odd-haplotypes');
    expect(odd.location).toEqual({ file: 'odd.hapt', line: 3 });
    expect(odd.message).toMatch(/^odd\.hapt: 3 haplotype rows, an odd number: the last \('p1_A', line 3\)/);
    await expect(readHapt(createTextSource('short.hapt', 'AG x_A 1 0 1\n'), fixture('tiny.legend'))).rejects.toThrow(/line 1 of short\.hapt: expected a group tag, an id and 4 alleles/);
    await expect(readHapt(createTextSource('bad.hapt', 'AG x_A 1 0 1 2\n'), fixture('tiny.legend'))).rejects.toThrow(/line 1 of bad\.hapt: allele '2' of SNP 4 \(15:1250_A_T\) is not 0 or 1/);
    await expect(readHapt(fixture('tiny.hapt'), createTextSource('x.legend', 'snp pos ref alt\n'))).rejects.toThrow(/x\.legend: expected a header naming the columns id position a0 a1/);
    await expect(readHapt(fixture('tiny.hapt'), createTextSource('rs.legend', 'id position a0 a1\nrs1 1000 A G\n'))).rejects.toThrow(/no chromosome/);
    await expect(readHapt(createTextSource('mix.hapt', 'AG p0_A 1 0 1 1\nAG p1_B 1 0 1 1\n'), fixture('tiny.legend'))).rejects.toThrow(/'p1_B' does not pair with 'p0_A' \(line 1\)/);
  });
});

describe('matching a synthetic cohort to the loaded variants', () => {
  it('matches by chromosome, position and alleles; flips swapped alleles; counts both kinds of unmatched', async () => {
    const imported = await importSyntheticCohort('yelmen', { format: 'hapt', hapt: fixture('tiny.hapt'), legend: fixture('tiny.legend') }, cohortVariants);
    expect(imported.match).toEqual({ matched: 2, flippedCount: 1, unmatchedTarget: 2, unmatchedSource: 2, sourceVariants: 4, targetVariants: 4 });
    // 15:1000 as is; 15:1100 T/C swapped → 2 − d; 15:1200 (G/C vs G/A) and 15:1300 missing.
    expect(rowsOf(imported.cohort, 4)).toEqual([[2, 0], [1, 2], [-1, -1], [-1, -1]]);
    expect(imported.cohort.variants).toBe(cohortVariants);
    expect(imported.haptOne).toBe('a1');
    expect(imported.files.map((f) => f.name)).toEqual(['tiny.hapt', 'tiny.legend']);
    expect(imported.files[0].sha256).toBe(await sha256Hex(new Uint8Array(readFileSync(join(here, 'tiny.hapt')))));
    expect(imported.files[0].bytes).toBe(readFileSync(join(here, 'tiny.hapt')).length);
  });

  it('orients a .hapt coded minor/major by the cohort\'s ALT frequencies, and needs them', async () => {
    const sources = { format: 'hapt' as const, hapt: fixture('tiny.hapt'), legend: fixture('tiny.legend'), one: 'major' as const };
    // ALT minor at 15:1000 and 15:1100 (1 = REF there: 2 − count of 1s), major elsewhere.
    const imported = await importSyntheticCohort('y', sources, cohortVariants, { targetAltFrequency: [0.2, 0.3, 0.5, 0.9] });
    expect(rowsOf(imported.cohort, 4)).toEqual([[0, 2], [1, 2], [-1, -1], [-1, -1]]);
    expect(imported.match.flippedCount).toBe(2);
    expect(imported.haptOne).toBe('major');
    const major = await importSyntheticCohort('y', sources, cohortVariants, { targetAltFrequency: [0.7, 0.6, 0.5, 0.9] });
    expect(rowsOf(major.cohort, 4)).toEqual([[2, 0], [1, 0], [-1, -1], [-1, -1]]);
    await expect(importSyntheticCohort('y', sources, cohortVariants)).rejects.toThrow(/tiny\.hapt: a \.hapt coded minor\/major needs the cohort's ALT frequency/);
  });

  it('reads the same cohort from a VCF and from PLINK files with the same result', async () => {
    const vcf = ['##fileformat=VCFv4.2', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tp0\tp1',
      '15\t1000\t.\tA\tG\t.\t.\t.\tGT\t1|1\t0|0', '15\t1100\t.\tT\tC\t.\t.\t.\tGT\t0|1\t0|0', '15\t1200\t.\tG\tC\t.\t.\t.\tGT\t1|0\t1|1'].join('\n') + '\n';
    const fromVcf = await importSyntheticCohort('v', { format: 'vcf', vcf: createTextSource('syn.vcf', vcf) }, cohortVariants);
    expect(rowsOf(fromVcf.cohort, 4)).toEqual([[2, 0], [1, 2], [-1, -1], [-1, -1]]);
    expect(fromVcf.match.flippedCount).toBe(1);
    const files = plinkFileset(await readVcf(createTextSource('syn.vcf', vcf)));
    const fromPlink = await importSyntheticCohort('p', { format: 'plink', plink: {
      bed: createByteSource('syn.bed', files.bed), bim: createTextSource('syn.bim', files.bim), fam: createTextSource('syn.fam', files.fam) } }, cohortVariants);
    expect(rowsOf(fromPlink.cohort, 4)).toEqual(rowsOf(fromVcf.cohort, 4));
    expect(fromPlink.match).toEqual(fromVcf.match);
    expect(fromPlink.files.map((f) => f.name)).toEqual(['syn.bed', 'syn.bim', 'syn.fam']);
  });

  it('refuses a file with no variant in common and a haploid VCF, with typed errors naming the file', async () => {
    const elsewhere: VariantTable = { ...cohortVariants, chrom: ['2', '2', '2', '2'] };
    const none = await rejection(importSyntheticCohort('y', { format: 'hapt', hapt: fixture('tiny.hapt'), legend: fixture('tiny.legend') }, elsewhere));
    expect(none.mismatch).toBe('no-common-variant');
    expect(none.location?.file).toBe('tiny.hapt');
    expect(none.message).toMatch(/^tiny\.hapt: none of its 4 variants is among the cohort's 4 .*15:1000 A>G in the file, 2:1000 A>G in the cohort/);
    const haploid = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ts\n15\t1000\t.\tA\tG\t.\t.\t.\tGT\t1\n';
    const ploidy = await rejection(importSyntheticCohort('h', { format: 'vcf', vcf: createTextSource('haploid.vcf', haploid) }, cohortVariants));
    expect(ploidy.mismatch).toBe('ploidy');
    expect(ploidy.location).toMatchObject({ file: 'haploid.vcf', line: 3 });
    expect(ploidy.message).toMatch(/is haploid; expected diploid/);
  });

  it('matchVariants takes the first source row whose alleles fit when a site repeats', () => {
    const source: VariantTable = { chrom: ['15', '15'], pos: Float64Array.of(1000, 1000), id: ['m1', 'm2'], ref: ['A', 'G'], alt: ['T', 'A'] };
    const m = matchVariants(source, cohortVariants);
    expect(Array.from(m.sourceRow)).toEqual([1, -1, -1, -1]);
    expect(Array.from(m.flipped)).toEqual([1, 0, 0, 0]);
    expect(m.unmatchedSource).toBe(1);
  });
});
