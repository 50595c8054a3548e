// simulate → write → read gives back the same cohort, through both genotype formats and the
// phenotype and gene files, for many random settings (fast-check).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createByteSource } from '../genotype/byteSource';
import { loadCohort } from '../genotype/cohort';
import { PackedDosages } from '../genotype/packedDosages';
import { readPlink } from '../genotype/plink';
import { unpackDosages } from '../genotype/testFixtures';
import type { Cohort } from '../genotype/types';
import { readVcf } from '../genotype/vcf';
import { concatChunks } from '../genotype/writeChunks';
import { geneBedChunks } from '../genotype/writeGeneBed';
import { phenotypeTsvChunks } from '../genotype/writePhenotype';
import { bedChunks, bimChunks, famChunks } from '../genotype/writePlink';
import { vcfChunks } from '../genotype/writeVcf';
import { simulateCohort } from './cohort';
import { InvalidRequestError } from '../errors';

const smallSimulation = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 40 }),
  sampleCount: fc.integer({ min: 4, max: 23 }),
  geneCount: fc.integer({ min: 1, max: 6 }),
  missingRate: fc.constantFrom(0, 0.05, 0.5),
  fst: fc.constantFrom(0, 0.1),
  chromosomeCount: fc.integer({ min: 1, max: 3 }),
}).map((s) => ({ ...s, chromosomeCount: Math.min(s.chromosomeCount, s.geneCount), causalGeneCount: 1, caseShare: null }));
/**
 * Tiny cohorts can leave every causal SNP monomorphic, which the simulator refuses with a typed
 * error by design; such draws say nothing about the writers and readers, so they are skipped.
 */
function simulateOrSkip(settings: Parameters<typeof simulateCohort>[0]): ReturnType<typeof simulateCohort> {
  try {
    return simulateCohort(settings);
  } catch (err) {
    fc.pre(!(err instanceof InvalidRequestError));
    throw err;
  }
}

/** Read chunk sizes: 1 byte stresses every boundary, 4 KiB is ordinary. */
const chunkBytes = fc.constantFrom(1, 7, 4096);

function plinkSources(cohort: Cohort, readChunkBytes: number) {
  return {
    bed: createByteSource('sim.bed', concatChunks(bedChunks(cohort)), readChunkBytes),
    bim: createByteSource('sim.bim', concatChunks(bimChunks(cohort)), readChunkBytes),
    fam: createByteSource('sim.fam', concatChunks(famChunks(cohort)), readChunkBytes),
  };
}

function expectSameGenotypes(read: Pick<Cohort, 'sampleIds' | 'variants' | 'dosages'>, cohort: Cohort): void {
  expect(read.sampleIds).toEqual(cohort.sampleIds);
  expect(read.variants.chrom).toEqual(cohort.variants.chrom);
  expect(Array.from(read.variants.pos)).toEqual(Array.from(cohort.variants.pos));
  expect(read.variants.id).toEqual(cohort.variants.id);
  expect(read.variants.ref).toEqual(cohort.variants.ref);
  expect(read.variants.alt).toEqual(cohort.variants.alt);
  expect(unpackDosages(read.dosages)).toEqual(unpackDosages(cohort.dosages));
  expect(read.dosages.byteLength).toBe(Math.ceil(cohort.sampleIds.length / 4) * cohort.variants.pos.length);
}

describe('simulate → write → read round trip', () => {
  it('VCF (plain and gzip) gives back the same samples, variants and genotypes', async () => {
    await fc.assert(fc.asyncProperty(smallSimulation, fc.boolean(), chunkBytes, async (settings, gzip, readChunkBytes) => {
      const { cohort } = simulateOrSkip(settings);
      const bytes = concatChunks(vcfChunks(cohort, { gzip }));
      const table = await readVcf(createByteSource(gzip ? 'sim.vcf.gz' : 'sim.vcf', bytes, readChunkBytes));
      expectSameGenotypes(table, cohort);
    }), { numRuns: 40 });
  });

  it('PLINK bed/bim/fam gives back the same samples, variants, genotypes and labels', async () => {
    await fc.assert(fc.asyncProperty(smallSimulation, chunkBytes, async (settings, readChunkBytes) => {
      const { cohort } = simulateOrSkip(settings);
      const table = await readPlink(plinkSources(cohort, readChunkBytes));
      expectSameGenotypes(table, cohort);
      const codes = Array.from(cohort.phenotype!.labels, (l) => String(l + 1));
      expect(table.fam.phenotypeCodes).toEqual(codes);
    }), { numRuns: 40 });
  });

  it('the phenotype TSV and gene BED load back with the genotypes into the same cohort', async () => {
    await fc.assert(fc.asyncProperty(smallSimulation, async (settings) => {
      const { cohort } = simulateOrSkip(settings);
      const loaded = await loadCohort({
        genotypes: { vcf: createByteSource('sim.vcf', concatChunks(vcfChunks(cohort))) },
        phenotype: createByteSource('phenotype.tsv', concatChunks(phenotypeTsvChunks(cohort.sampleIds, cohort.phenotype!))),
        geneMap: createByteSource('genes.bed', concatChunks(geneBedChunks(cohort.genes!))),
      });
      expectSameGenotypes(loaded.cohort, cohort);
      expect(loaded.cohort.genes).toEqual(cohort.genes);
      const named = (c: Cohort) => Array.from(c.phenotype!.labels, (l) => (l < 0 ? 'NA' : c.phenotype!.classNames[l]));
      expect(named(loaded.cohort)).toEqual(named(cohort));
    }), { numRuns: 25 });
  });

  it('PLINK round-trips arbitrary dosage matrices, every sample count mod 4', async () => {
    const matrix = fc.record({ samples: fc.integer({ min: 1, max: 13 }), variants: fc.integer({ min: 1, max: 9 }) })
      .chain(({ samples, variants }) => fc.record({
        samples: fc.constant(samples),
        dosages: fc.array(fc.integer({ min: -1, max: 2 }), { minLength: samples * variants, maxLength: samples * variants }),
      }));
    await fc.assert(fc.asyncProperty(matrix, async ({ samples, dosages }) => {
      const variants = dosages.length / samples;
      const cohort: Cohort = {
        sampleIds: Array.from({ length: samples }, (_, i) => `id${i}`),
        variants: {
          chrom: new Array(variants).fill('7'),
          pos: Float64Array.from({ length: variants }, (_, v) => 10 * (v + 1)),
          id: Array.from({ length: variants }, (_, v) => `v${v}`),
          ref: new Array(variants).fill('A'),
          alt: new Array(variants).fill('G'),
        },
        dosages: PackedDosages.fromDosages(dosages, samples),
      };
      expectSameGenotypes(await readPlink(plinkSources(cohort, 3)), cohort);
      expectSameGenotypes(await readVcf(createByteSource('m.vcf', concatChunks(vcfChunks(cohort)), 5)), cohort);
    }), { numRuns: 100 });
  });
});
