// A backbone's set decoded to genotypes a block of rows at a time (the app's data worker reads a
// set in a store where it lies, never whole): the same hard genotypes as the whole set decoded at
// once, for any block size, in memory or read through a reader.
import { describe, expect, it } from 'vitest';
import { assignSnpsToGenes } from '../core/encode/assign';
import { decode, encode, fitCodec } from '../core/encode/codec';
import { splitSamples } from '../core/encode/split';
import { makeCohort } from '../core/encode/testFixtures';
import { genotypeMatrixOfDecoded } from '../core/genospace/matrix';
import { rowsView } from '../core/store/rowData';
import { decodedGenotypes } from './genotypeSpaceStep';

describe('decodedGenotypes', () => {
  it('equals the whole set decoded at once, for blocks of 1, 7 and all rows, from an array or a reader', () => {
    const cohort = makeCohort({ samples: 40, genes: [{ name: 'A', snps: 9 }, { name: 'B', snps: 14 }, { name: 'C', snps: 3 }], founders: 4, missingRate: 0.02, seed: 5 });
    const split = splitSamples(cohort.phenotype!.labels, 40, { seed: 1 });
    const codec = fitCodec(cohort, assignSnpsToGenes(cohort.variants, cohort.genes!), split.trainIdx, { geneSlots: 4 });
    // Latents off the encoded rows (noise), so rounding sees values between dosages too.
    const latents = encode(codec, cohort).data.map((x, i) => x + Math.sin(i) * 0.7);
    const snps = codec.variants.pos.length;
    const whole = genotypeMatrixOfDecoded(decode(codec, latents, 40), 40, snps);
    expect(whole.data.some((g) => g === 1)).toBe(true);
    const dims = codec.settings.geneSlots * codec.settings.componentsPerGene;
    const reader = rowsView(latents, dims, Int32Array.from({ length: 40 }, (_, i) => i));
    for (const blockRows of [1, 7, 40, undefined]) {
      expect(Array.from(decodedGenotypes(codec, latents, 40, blockRows).data)).toEqual(Array.from(whole.data));
      expect(Array.from(decodedGenotypes(codec, reader, 40, blockRows).data)).toEqual(Array.from(whole.data));
    }
  });
});
