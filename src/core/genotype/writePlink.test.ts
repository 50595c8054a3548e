import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isToolPresent, requireTool } from '../../testing/interop';
import { simulateCohort } from '../sim/cohort';
import { PackedDosages } from './packedDosages';
import type { Cohort } from './types';
import { concatChunks } from './writeChunks';
import { bedChunks, plinkFileset } from './writePlink';
import { vcfBytes } from './writeVcf';

function tinyCohort(): Cohort {
  return {
    sampleIds: ['a', 'b', 'c'],
    variants: { chrom: ['1', '1'], pos: Float64Array.of(100, 200), id: ['v1', 'v2'], ref: ['A', 'C'], alt: ['G', 'T'] },
    // v1: a = 2 ALT, b = 1, c = 0; v2: a missing, b = 0, c = 2.
    dosages: PackedDosages.fromDosages(Int8Array.of(2, 1, 0, -1, 0, 2), 3),
    phenotype: { labels: Int8Array.of(0, 1, -1), classNames: ['control', 'case'] },
  };
}

const itWithPlink = requireTool('plink1.9', isToolPresent('plink1.9'));

describe('PLINK writer', () => {
  it('packs a 3-sample × 2-SNP cohort into the hand-computed .bed bytes', () => {
    // v1: codes 00 (2 = hom A1), 10 (het), 11 (0 = hom A2), low bits first → 0b00_11_10_00 = 0x38.
    // v2: codes 01 (missing), 11, 00 → 0b00_00_11_01 = 0x0d. Unused high bits are 0.
    expect(Array.from(concatChunks(bedChunks(tinyCohort())))).toEqual([0x6c, 0x1b, 0x01, 0x38, 0x0d]);
  });

  it('crosses byte boundaries: 5 samples take two bytes per SNP', () => {
    const cohort: Cohort = { ...tinyCohort(), sampleIds: ['a', 'b', 'c', 'd', 'e'], phenotype: undefined,
      variants: { chrom: ['1'], pos: Float64Array.of(5), id: ['v'], ref: ['A'], alt: ['C'] },
      dosages: PackedDosages.fromDosages(Int8Array.of(0, 1, 2, -1, 2), 5) };
    // 11, 10, 00, 01 → 0b01_00_10_11 = 0x4b; then 00 → 0x00.
    expect(Array.from(concatChunks(bedChunks(cohort)))).toEqual([0x6c, 0x1b, 0x01, 0x4b, 0x00]);
  });

  it('writes .bim with A1 = ALT, A2 = REF and .fam with 1/2/−9 phenotypes', () => {
    const { bim, fam } = plinkFileset(tinyCohort());
    expect(bim).toBe('1\tv1\t0\t100\tG\tA\n1\tv2\t0\t200\tT\tC\n');
    expect(fam).toBe('a a 0 0 0 1\nb b 0 0 0 2\nc c 0 0 0 -9\n');
  });

  it('writes −9 for every sample when the phenotype has more than two classes', () => {
    const cohort = { ...tinyCohort(), phenotype: { labels: Int8Array.of(0, 1, 2), classNames: ['x', 'y', 'z'] } };
    expect(plinkFileset(cohort).fam).toBe('a a 0 0 0 -9\nb b 0 0 0 -9\nc c 0 0 0 -9\n');
  });

  it('rejects sample ids with spaces (they would shift the .fam columns)', () => {
    expect(() => plinkFileset({ ...tinyCohort(), sampleIds: ['a', 'b c', 'd'] })).toThrow(/sample id "b c"/);
  });

  itWithPlink('matches the .bed and .bim that plink1.9 makes from our VCF', () => {
    const { cohort } = simulateCohort({ sampleCount: 37, geneCount: 6, chromosomeCount: 2, seed: 5 });
    const dir = mkdtempSync(join(tmpdir(), 'gdw-plink-'));
    try {
      writeFileSync(join(dir, 'c.vcf'), vcfBytes(cohort));
      execFileSync('plink1.9', ['--vcf', join(dir, 'c.vcf'), '--keep-allele-order', '--double-id', '--make-bed',
        '--out', join(dir, 'p')], { stdio: 'ignore' });
      const ours = plinkFileset(cohort);
      expect(new Uint8Array(readFileSync(join(dir, 'p.bed')))).toEqual(ours.bed);
      expect(readFileSync(join(dir, 'p.bim'), 'utf8')).toBe(ours.bim);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
