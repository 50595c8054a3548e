// One individual's genotypes in one block: two haplotypes, each a mosaic copied from the
// block's founders (Li & Stephens 2003 copying model). Recombination switches form a Poisson
// process along the sequence (exponential gaps in bp, `switchesPerMb` per megabase); at a
// switch the copied founder is redrawn from the subpopulation's founder weights (it may stay
// the same). Then the calibrated mutation of founders.ts, then missing calls.
// This loop is the simulator's hot path.

import { MISSING_DOSAGE } from '../genotype/types';
import { drawGeometricSkip } from './distributions';
import type { BlockModel, SubpopulationPanel } from './founders';
import type { AddressedRng } from './streams';

/** A founder index drawn from cumulative weights (K ≤ 32: a linear scan is fastest). */
function drawFounder(cumulative: Float64Array, rng: AddressedRng): number {
  const u = rng.nextUnit();
  let f = 0;
  while (f < cumulative.length - 1 && cumulative[f] <= u) f++;
  return f;
}

/** Adds one haplotype's ALT alleles (0/1 per SNP) to out[offset + j·stride]. */
function addHaplotype(model: BlockModel, panel: SubpopulationPanel, meanSwitchGapBp: number, rng: AddressedRng,
  out: Int8Array, offset: number, stride: number): void {
  const { founderCumulativeWeight, gainThreshold, lossThreshold } = panel;
  const { founderAlt, positionsBp: positions } = model;
  let founder = drawFounder(founderCumulativeWeight, rng);
  let nextSwitchBp = positions[0] - meanSwitchGapBp * Math.log(rng.nextUnit());
  for (let j = 0; j < model.snpCount; j++) {
    while (positions[j] >= nextSwitchBp) {
      founder = drawFounder(founderCumulativeWeight, rng);
      nextSwitchBp -= meanSwitchGapBp * Math.log(rng.nextUnit());
    }
    let allele = (founderAlt[j] >>> founder) & 1;
    if (allele === 0) {
      if (gainThreshold[j] > 0 && rng.nextUint32() < gainThreshold[j]) allele = 1;
    } else if (lossThreshold[j] > 0 && rng.nextUint32() < lossThreshold[j]) {
      allele = 0;
    }
    out[offset + j * stride] += allele;
  }
}

/**
 * Writes the true dosages (0/1/2 copies of ALT) of one individual of subpopulation `subpop`
 * into out[offset + j·stride] for the block's SNPs j. `rng` must point at the individual's
 * haplotypes stream for this block.
 */
export function fillTrueDosages(model: BlockModel, subpop: number, switchesPerMb: number, rng: AddressedRng,
  out: Int8Array, offset: number, stride: number): void {
  const panel = model.panels[subpop];
  const meanSwitchGapBp = switchesPerMb > 0 ? 1e6 / switchesPerMb : Number.POSITIVE_INFINITY;
  for (let j = 0; j < model.snpCount; j++) out[offset + j * stride] = 0;
  addHaplotype(model, panel, meanSwitchGapBp, rng, out, offset, stride);
  addHaplotype(model, panel, meanSwitchGapBp, rng, out, offset, stride);
}

/** Marks calls missing independently with probability `missingRate`, by geometric skips. */
export function maskMissing(snpCount: number, missingRate: number, rng: AddressedRng,
  out: Int8Array, offset: number, stride: number): void {
  for (let j = drawGeometricSkip(rng, missingRate); j < snpCount; j += 1 + drawGeometricSkip(rng, missingRate)) {
    out[offset + j * stride] = MISSING_DOSAGE;
  }
}
