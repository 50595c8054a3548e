import { describe, expect, it } from 'vitest';
import { createBlockModel } from './founders';
import { countCarriers, drawGenealogy } from './genealogy';
import { fillTrueDosages } from './haplotypes';
import { resolveSimParams } from './params';
import { AddressedRng, streamPurposes } from './streams';

describe('founder genealogy', () => {
  it('has 2K − 2 branches whose leaf sets are nested or disjoint (a tree)', () => {
    const tree = drawGenealogy(16, new AddressedRng(3).reset(streamPurposes.blockModel, 0, 0));
    const masks = Array.from(tree.branchMasks);
    expect(masks).toHaveLength(30);
    for (const a of masks) {
      for (const b of masks) {
        const both = (a & b) >>> 0;
        expect(both === 0 || both === a || both === b).toBe(true);
      }
    }
    expect(masks.filter((m) => countCarriers(m) === 1)).toHaveLength(16);
  });
});

describe('block model and haplotype copying', () => {
  it('gives each subpopulation the allele frequencies its panel promises (within 4 SE)', () => {
    const params = resolveSimParams({ seed: 8 });
    const positions = Float64Array.from({ length: 40 }, (_, j) => 5_000 + 700 * j);
    const rng = new AddressedRng(params.seed);
    const model = createBlockModel(params, positions, 0, rng.reset(streamPurposes.blockModel, 0, 0));
    const individuals = 3000;
    for (let k = 0; k < model.panels.length; k++) {
      const sums = new Float64Array(model.snpCount);
      const out = new Int8Array(model.snpCount);
      for (let i = 0; i < individuals; i++) {
        fillTrueDosages(model, k, params.switchesPerMb, rng.reset(streamPurposes.haplotypes, 0, i), out, 0, 1);
        out.forEach((d, j) => (sums[j] += d));
      }
      for (let j = 0; j < model.snpCount; j++) {
        const p = model.panels[k].altFrequency[j];
        const se = Math.sqrt((p * (1 - p)) / (2 * individuals));
        expect(Math.abs(sums[j] / (2 * individuals) - p)).toBeLessThan(4 * se + 1e-9);
      }
    }
  });
});
