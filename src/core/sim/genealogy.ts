// The genealogy of a block's founder haplotypes: a Kingman coalescent tree (Kingman 1982) over
// K founders. A common SNP's derived allele arises on one branch, picked in proportion to the
// branch's length as mutations fall on a tree, and is carried by the founders under it. Long
// branches near the root carry many SNPs in perfect or strong LD (a haplotype block), and the
// derived-allele frequencies i/K follow the neutral spectrum E[ξ_i] ∝ 1/i (Fu 1995).

import type { AddressedRng } from './streams';

/** The branches of one tree: founder bit masks with cumulative lengths, for drawing one. */
export interface FounderGenealogy {
  founderCount: number;
  branchMasks: Uint32Array;
  cumulativeLengths: Float64Array;
}

/** Number of founders in a carrier mask. */
export function countCarriers(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) n++;
  return n;
}

/** Mask with all K founders set. */
export function fullFounderMask(founderCount: number): number {
  return founderCount === 32 ? 0xffffffff : 2 ** founderCount - 1;
}

/** A Kingman tree's branches (every node but the root) with their lengths in coalescent time. */
export function drawGenealogy(founderCount: number, rng: AddressedRng): FounderGenealogy {
  const lineages = Array.from({ length: founderCount }, (_, f) => ({ mask: (2 ** f) >>> 0, bornAt: 0 }));
  const masks: number[] = [];
  const lengths: number[] = [];
  let time = 0;
  while (lineages.length > 1) {
    // With k lineages the next coalescence waits Exp(k(k−1)/2) and joins a uniform pair.
    const k = lineages.length;
    time += -Math.log(rng.nextUnit()) / ((k * (k - 1)) / 2);
    const a = lineages.splice(rng.nextInt(k), 1)[0];
    const b = lineages.splice(rng.nextInt(k - 1), 1)[0];
    masks.push(a.mask, b.mask);
    lengths.push(time - a.bornAt, time - b.bornAt);
    lineages.push({ mask: (a.mask | b.mask) >>> 0, bornAt: time });
  }
  let sum = 0;
  return {
    founderCount,
    branchMasks: Uint32Array.from(masks),
    cumulativeLengths: Float64Array.from(lengths, (l) => (sum += l)),
  };
}

/** The carrier mask of one branch drawn in proportion to branch length. */
export function drawBranchMask(genealogy: FounderGenealogy, rng: AddressedRng): number {
  const cumulative = genealogy.cumulativeLengths;
  const u = rng.nextUnit() * cumulative[cumulative.length - 1];
  let i = 0;
  while (i < cumulative.length - 1 && cumulative[i] <= u) i++;
  return genealogy.branchMasks[i];
}
