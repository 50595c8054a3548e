// Haplotypes kept through the readers (phase.ts): a VCF whose every call is phased gives back the
// haplotypes its GT strings spell (also at a split multi-allelic site); one unphased, missing or
// haploid call gives none, and the load report says which call; a .hapt keeps its rows; an import
// flips the haplotypes of swapped alleles; a PLINK .bed has no phase.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haplotypeMatrixOfPacked } from '../genospace/matrix';
import { createByteSource, createTextSource } from './byteSource';
import { loadCohort } from './cohort';
import { readHapt } from './hapt';
import type { PackedDosages } from './packedDosages';
import type { HetPhase } from './phase';
import { importSyntheticCohort } from './syntheticImport';
import type { VariantTable } from './types';
import { readVcf } from './vcf';
import { plinkFileset } from './writePlink';

const header = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\tc\n';
const site = (pos: number, alt: string, calls: string[]) => `1\t${pos}\t.\tA\t${alt}\t.\tPASS\t.\tGT:DP\t${calls.map((gt) => `${gt}:7`).join('\t')}\n`;
/** Three people, four sites; the third is multi-allelic (split into ALT C and ALT T rows). */
const calls = [['0|1', '1|0', '1|1'], ['1|0', '0|0', '0|1'], ['1|2', '2|0', '0|1'], ['0|0', '1|1', '1|0']];
const phasedVcf = header + site(100, 'G', calls[0]) + site(200, 'G', calls[1]) + site(300, 'C,T', calls[2]) + site(400, 'G', calls[3]);

/** Haplotype rows (2k, 2k + 1 = person k) of a table, as nested arrays. */
function haplotypes(table: { dosages: PackedDosages; phase?: HetPhase; sampleIds: string[] }): number[][] {
  if (!table.phase) throw new Error('no phase');
  const variants = table.dosages.variants;
  const m = haplotypeMatrixOfPacked(table.dosages, table.phase, table.sampleIds.map((_, i) => i), Array.from({ length: variants }, (_, v) => v));
  return Array.from({ length: m.samples }, (_, r) => Array.from(m.data.subarray(r * m.snps, (r + 1) * m.snps)));
}

/** The haplotypes the GT strings spell: per row, 1 where the allele is that row's ALT. */
function spelled(): number[][] {
  const rows = [[0, 1], [1, 1], [2, 1], [2, 2], [3, 1]] as const; // [site, ALT index] per variant row
  return [0, 1, 2].flatMap((person) => [0, 1].map((h) => rows.map(([s, alt]) => (Number(calls[s][person].split('|')[h]) === alt ? 1 : 0))));
}

describe('phase kept by the readers', () => {
  it('gives the haplotypes the GT strings spell when every call is phased, a split site included', async () => {
    const table = await readVcf(createTextSource('phased.vcf', phasedVcf), { multiallelic: 'split' });
    expect(table.unphasedReason).toBeUndefined();
    expect(haplotypes(table)).toEqual(spelled());
    // One bit a call: ⌈3 / 8⌉ byte for each of the 5 variant rows.
    expect(table.phase?.byteLength).toBe(5);
    const { cohort, report } = await loadCohort({ genotypes: { vcf: createTextSource('phased.vcf', phasedVcf) } });
    expect(report.phase).toEqual({ phased: true });
    expect(cohort.phase).toBeDefined();
  });

  it('keeps no haplotypes when one call is unphased, missing or haploid, and says which call', async () => {
    const cases: [string, RegExp][] = [
      ['1/0', /^not every call is phased: line 4, sample 'b': GT '1\/0' is unphased$/],
      ['.|.', /^not every call is phased: line 4, sample 'b': GT '\.\|\.' is missing$/],
      ['1', /^not every call is phased: line 4, sample 'b': GT '1' is haploid$/],
    ];
    for (const [gt, reason] of cases) {
      const vcf = phasedVcf.replace(site(200, 'G', calls[1]), site(200, 'G', ['1|0', gt, '0|1']));
      const table = await readVcf(createTextSource('one.vcf', vcf));
      expect(table.phase, gt).toBeUndefined();
      expect(table.unphasedReason).toMatch(reason);
      const { cohort, report } = await loadCohort({ genotypes: { vcf: createTextSource('one.vcf', vcf) } });
      expect(cohort.phase).toBeUndefined();
      expect(report.phase).toEqual({ phased: false, reason: table.unphasedReason });
    }
  });

  it('keeps the rows of a .hapt as its haplotypes, ALT = a1 (or a0 when 1 stands for a0)', async () => {
    const rows = ['1 0 1 1', '1 1 0 0', '0 0 1 0', '0 0 1 1'];
    const here = join(__dirname, 'fixtures', 'hapt');
    const fixture = (name: string) => createByteSource(name, new Uint8Array(readFileSync(join(here, name))));
    const asRows = rows.map((r) => r.split(' ').map(Number));
    expect(haplotypes(await readHapt(fixture('tiny.hapt'), fixture('tiny.legend')))).toEqual(asRows);
    expect(haplotypes(await readHapt(fixture('tiny.hapt'), fixture('tiny.legend'), { one: 'a0' }))).toEqual(asRows.map((r) => r.map((x) => 1 - x)));
  });

  it('flips the haplotypes of swapped alleles on import, and records why a set has none', async () => {
    // The cohort has G as REF and A as ALT at 200: the file's haplotypes there read 1 − h.
    const target: VariantTable = { chrom: ['1', '1'], pos: Float64Array.of(100, 200), id: ['x', 'y'], ref: ['A', 'G'], alt: ['G', 'A'] };
    const vcf = header + site(100, 'G', calls[0]) + site(200, 'G', calls[1]);
    const imported = await importSyntheticCohort('syn', { format: 'vcf', vcf: createTextSource('syn.vcf', vcf) }, target);
    expect(imported.phase).toEqual({ phased: true });
    const file = spelled().map((h) => h.slice(0, 2));
    expect(haplotypes(imported.cohort)).toEqual(file.map(([a, b]) => [a, 1 - b]));
    const unphased = await importSyntheticCohort('syn', { format: 'vcf', vcf: createTextSource('u.vcf', vcf.replace('0|1:7\n', '0/1:7\n')) }, target);
    expect(unphased.cohort.phase).toBeUndefined();
    expect(unphased.phase).toEqual({ phased: false, reason: "not every call is phased: line 4, sample 'c': GT '0/1' is unphased" });
  });

  it('has no phase from a PLINK .bed', async () => {
    const files = plinkFileset(await readVcf(createTextSource('phased.vcf', phasedVcf)));
    const { cohort, report } = await loadCohort({ genotypes: { bed: createByteSource('x.bed', files.bed), bim: createTextSource('x.bim', files.bim), fam: createTextSource('x.fam', files.fam) } });
    expect(cohort.phase).toBeUndefined();
    expect(report.phase).toEqual({ phased: false, reason: 'a PLINK .bed holds dosages only, no phase' });
  });
});
