// The genotype-space figures draw the report's numbers and nothing else: AF points as reported,
// LD triangles real below / synthetic above, boxes from the reported quantiles, PCA scores as
// reported, every set named and coloured by its identity.
import { describe, expect, it } from 'vitest';
import { defaultGenotypeSpaceSettings, genotypeSetSection, type GenotypeSpaceReport } from '../../core/genospace/section';
import { randomGenotypes } from '../../core/genospace/testMatrices';
import type { VariantTable } from '../../core/genotype/types';
import { createIdentities } from '../../core/report/identity';
import {
  createAlleleFrequencyTraces, createDistanceTraces, createLdDecayTraces, createLdHeatmapTrace, createPcaTraces, createSampleStatTraces, ldTriangles,
} from './genotypeSpaceTraces';

const snps = 24;
const variants: VariantTable = {
  chrom: Array(snps).fill('1'), pos: Float64Array.from({ length: snps }, (_, j) => 5_000 + 700 * j),
  id: Array.from({ length: snps }, (_, j) => `s${j}`), ref: Array(snps).fill('A'), alt: Array(snps).fill('G'),
};
const settings = { ...defaultGenotypeSpaceSettings, ldWindow: 6, ldBinBp: 1_000, ldBins: 4, pcaComponents: 2, maxPairs: 300 };
const train = randomGenotypes(40, snps, 1);
const holdout = randomGenotypes(30, snps, 2);
const section = (id: string, kind: 'imported' | 'decoded', seed: number) => genotypeSetSection({ id, kind, train, holdout, synthetic: randomGenotypes(25, snps, seed), variants, haplotypes: { absent: 'unphased' } }, settings);
const space: GenotypeSpaceReport = { settings, reference: 'test', sets: [section('builtin:unet', 'decoded', 3), section('yelmen', 'imported', 4)] };
const identities = createIdentities([{ id: 'builtin:unet' }, { id: 'yelmen' }]);

describe('genotype-space traces', () => {
  it('draws each set\'s allele frequencies as reported, named with r and RMSE, in its colour', () => {
    const [, unet, yelmen] = createAlleleFrequencyTraces(space, identities) as { name: string; x: number[]; y: number[]; marker: { color: string }; meta: string }[];
    expect(unet.name).toMatch(/^unet \(decoded\): r -?\d\.\d{3}, RMSE \d\.\d{3}, 24 SNPs$/);
    expect(yelmen.name.startsWith('yelmen: r ')).toBe(true);
    expect(yelmen.x).toEqual(space.sets[1].alleleFrequency.real);
    expect(yelmen.y).toEqual(space.sets[1].alleleFrequency.synthetic);
    expect([unet.marker.color, yelmen.marker.color]).toEqual([identities.get('builtin:unet')?.colour, identities.get('yelmen')?.colour]);
  });

  it('puts the real r² below the diagonal and the synthetic r² above it', () => {
    const s = space.sets[1];
    const w = s.ld.region.snps;
    const z = ldTriangles(s);
    expect(z).toHaveLength(w);
    for (let a = 0; a < w; a++) for (let b = 0; b < w; b++) {
      expect(z[a][b]).toBe(a === b ? null : a > b ? s.ld.real[a * w + b] : s.ld.synthetic[a * w + b]);
    }
    expect((createLdHeatmapTrace(s) as { z: unknown }).z).toEqual(z);
  });

  it('draws LD decay, per-sample boxes, distance boxes and PCA scores from the reported numbers', () => {
    const decay = createLdDecayTraces(space, identities) as { y: (number | null)[] }[];
    // Up to the last bin holding a pair: the window's 6 SNPs 700 bp apart span 3.5 kb, 4 bins of 1 kb.
    expect(decay[1].y).toEqual(space.sets[0].ld.decay.synthetic.slice(0, 4).map((b) => b.meanR2));
    expect(decay[0].y).toEqual(space.sets[0].ld.decay.real.slice(0, 4).map((b) => b.meanR2));
    const wide = { ...space, settings: space.settings, sets: [{ ...space.sets[0], ld: { ...space.sets[0].ld, decay: {
      real: [...space.sets[0].ld.decay.real, { lowerBp: 4000, upperBp: 5000, meanR2: null, pairs: 0 }], synthetic: space.sets[0].ld.decay.synthetic,
    } } }] };
    expect((createLdDecayTraces(wide, identities)[0] as { x: number[] }).x).toEqual([0.5, 1.5, 2.5, 3.5]);
    const het = createSampleStatTraces(space, identities, 'heterozygosity') as { median: number[]; q1: number[]; upperfence: number[]; name: string }[];
    expect(het[3]).toMatchObject({ name: 'yelmen', median: [space.sets[1].heterozygosity.synthetic.median], q1: [space.sets[1].heterozygosity.synthetic.q25], upperfence: [space.sets[1].heterozygosity.synthetic.q95] });
    const distances = createDistanceTraces(space, identities) as { median: number[]; mean: number[] }[];
    expect(distances).toHaveLength(6);
    expect(distances[4]).toMatchObject({ median: [space.sets[1].distances.withinSynthetic.quantiles[2]], mean: [space.sets[1].distances.withinSynthetic.mean] });
    const [real, synthetic] = createPcaTraces(space.sets[1], identities) as { x: number[]; y: number[]; name: string }[];
    expect([real.x, real.y]).toEqual(space.sets[1].pca.real.slice(0, 2));
    expect([synthetic.x, synthetic.y]).toEqual(space.sets[1].pca.synthetic.slice(0, 2));
    expect(synthetic.name).toContain(`W₁ PC1 ${space.sets[1].pca.wasserstein[0].toFixed(2)}`);
  });
});
