// Write → read round trips with the writers of this folder: any cohort the writers accept comes
// back from the readers with the same samples, variants and dosages, in any chunk size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createByteSource, createTextSource } from './byteSource';
import { PackedDosages } from './packedDosages';
import { readPlink } from './plink';
import { unpackDosages } from './testFixtures';
import type { Cohort } from './types';
import { readVcf } from './vcf';
import { plinkFileset } from './writePlink';
import { vcfBytes } from './writeVcf';

const cohortArb: fc.Arbitrary<Cohort> = fc
  .record({ samples: fc.integer({ min: 1, max: 13 }), variants: fc.integer({ min: 0, max: 9 }) })
  .chain(({ samples, variants }) => fc.record({
    dosages: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: samples * variants, maxLength: samples * variants }),
    positions: fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: variants, maxLength: variants }),
    alleles: fc.array(fc.constantFrom(['A', 'G'], ['C', 'T'], ['AT', 'A'], ['G', 'GCC']), { minLength: variants, maxLength: variants }),
  }).map(({ dosages, positions, alleles }) => ({
    sampleIds: Array.from({ length: samples }, (_, i) => `id${i + 1}`),
    variants: {
      chrom: positions.map((p) => String(1 + (p % 3))),
      pos: Float64Array.from(positions),
      id: positions.map((p) => `rs${p}`),
      ref: alleles.map((a) => a[0]),
      alt: alleles.map((a) => a[1]),
    },
    dosages: PackedDosages.fromDosages(dosages, samples),
  })));

describe('write → read round trips', () => {
  it('VCF (plain and gzip) and PLINK give back the same genotypes', async () => {
    await fc.assert(fc.asyncProperty(cohortArb, fc.integer({ min: 1, max: 50 }), fc.boolean(), async (cohort, chunk, gzip) => {
      const vcf = await readVcf(createByteSource(gzip ? 'rt.vcf.gz' : 'rt.vcf', vcfBytes(cohort, { gzip }), chunk));
      expect(vcf.sampleIds).toEqual(cohort.sampleIds);
      expect(vcf.variants).toEqual(cohort.variants);
      expect(unpackDosages(vcf.dosages)).toEqual(unpackDosages(cohort.dosages));
      expect(vcf.dosages.byteLength).toBe(Math.ceil(cohort.sampleIds.length / 4) * cohort.variants.pos.length);
      const files = plinkFileset(cohort);
      const plink = await readPlink({
        bed: createByteSource('rt.bed', files.bed, chunk),
        bim: createTextSource('rt.bim', files.bim, chunk),
        fam: createTextSource('rt.fam', files.fam, chunk),
      });
      expect(plink.sampleIds).toEqual(cohort.sampleIds);
      expect(plink.variants).toEqual(cohort.variants);
      expect(unpackDosages(plink.dosages)).toEqual(unpackDosages(cohort.dosages));
      expect(plink.dosages.byteLength).toBe(files.bed.length - 3);
    }), { numRuns: 300, seed: 7 });
  });
});
