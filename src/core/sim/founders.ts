// The model of one block: K founder haplotypes shared by all subpopulations (genealogy.ts),
// subpopulation-specific founder frequencies, and mutation calibrated to the allele frequencies.
//
// Spectrum: a SNP's MAF is first drawn log-uniform on [minMaf, 0.5] (density ∝ 1/p, the
// neutral spectrum's excess of rare variants). Below 1/(2K) it is a private variant that no
// founder carries (p = that MAF); otherwise it sits on a branch of the founder tree, carried
// by i founders, with p uniform in ((i − ½)/K, (i + ½)/K) so frequencies are not lumped at i/K.
// With probability altAncestralShare ALT is the ancestral allele (carriers complemented).
// Differentiation (Balding & Nichols 1995, p_k ~ Beta(p(1−F)/F, (1−p)(1−F)/F)): subpopulation
// k copies founder f with weight w_kf, w_k ~ Dirichlet((1−F)/(F·K), …); by the aggregation
// property the carriers' share q_k ~ Beta(q(1−F)/F, (1−q)(1−F)/F) exactly, and LD patterns
// stay shared across subpopulations. Mutation after copying (Li & Stephens 2003) closes the
// gap from the founder frequency q to p: a copied REF turns ALT with r = (p − q)/(1 − q) when
// q < p, a copied ALT turns REF with s = (q − p)/q when q > p; each subpopulation draws its
// own r_k ~ BN(r, F) and 1 − s_k ~ BN(1 − s, F), so private variants differentiate too.

import { drawBeta, drawGamma } from './distributions';
import { countCarriers, drawBranchMask, drawGenealogy, fullFounderMask, type FounderGenealogy } from './genealogy';
import type { CohortSimParams } from './params';
import type { AddressedRng } from './streams';

const TWO_POW_32 = 4294967296;

export interface SubpopulationPanel {
  /** Cumulative copying weights of the founders (ends at 1). */
  founderCumulativeWeight: Float64Array;
  /** Per SNP: a copied REF allele turns ALT when a uniform uint32 is below this. */
  gainThreshold: Float64Array;
  /** Per SNP: a copied ALT allele turns REF when a uniform uint32 is below this. */
  lossThreshold: Float64Array;
  /** Per SNP: the expected ALT frequency p_k in this subpopulation. */
  altFrequency: Float64Array;
}

export interface BlockModel {
  firstVariant: number;
  snpCount: number;
  /** Positions of the block's SNPs (1-based bp), for the recombination switches. */
  positionsBp: Float64Array;
  founderCount: number;
  /** Per SNP: bit f set when founder f carries ALT. */
  founderAlt: Uint32Array;
  /** Per SNP: the ancestral ALT frequency p. */
  ancestralAltFrequency: Float64Array;
  panels: SubpopulationPanel[];
}

/** Ancestral ALT frequency p and founder carriers of one SNP, by the spectrum above. */
function drawSnpOrigin(params: CohortSimParams, genealogy: FounderGenealogy, rng: AddressedRng): { p: number; mask: number } {
  const k = genealogy.founderCount;
  // minMaf · (0.5 / minMaf)^U is log-uniform on [minMaf, 0.5].
  const maf = params.minMaf * Math.pow(0.5 / params.minMaf, rng.nextUnit());
  let p = maf;
  let mask = 0;
  if (maf * k >= 0.5) {
    mask = drawBranchMask(genealogy, rng);
    p = (countCarriers(mask) - 0.5 + rng.nextUnit()) / k;
  }
  if (rng.nextUnit() < params.altAncestralShare) return { p: 1 - p, mask: (fullFounderMask(k) ^ mask) >>> 0 };
  return { p, mask };
}

/** Balding–Nichols draw around ancestral frequency p (p itself when F = 0 or p is 0 or 1). */
function drawBaldingNichols(p: number, fst: number, rng: AddressedRng): number {
  if (fst === 0 || p <= 0 || p >= 1) return p;
  const scale = (1 - fst) / fst;
  return drawBeta(rng, p * scale, (1 - p) * scale, p);
}

/** Cumulative founder weights of one subpopulation, Dirichlet((1−F)/(F·K)) (uniform when F = 0). */
function drawFounderWeights(founderCount: number, fst: number, rng: AddressedRng): Float64Array {
  const alpha = fst > 0 ? (1 - fst) / (fst * founderCount) : 0;
  const raw = Float64Array.from({ length: founderCount }, () => (alpha > 0 ? drawGamma(rng, alpha) : 1));
  const total = raw.reduce((a, w) => a + w, 0);
  let sum = 0;
  const cumulative = total > 0 ? raw.map((w) => (sum += w / total)) : raw.map((_, f) => (f + 1) / founderCount);
  cumulative[founderCount - 1] = 1;
  return cumulative;
}

/** Share of a subpopulation's copying weight that falls on the founders in `mask`. */
function carrierWeight(cumulative: Float64Array, mask: number): number {
  let weight = 0;
  for (let f = 0; f < cumulative.length; f++) {
    if ((mask >>> f) & 1) weight += cumulative[f] - (f > 0 ? cumulative[f - 1] : 0);
  }
  return weight;
}

function emptyPanel(snpCount: number, founderCumulativeWeight: Float64Array): SubpopulationPanel {
  return {
    founderCumulativeWeight,
    gainThreshold: new Float64Array(snpCount),
    lossThreshold: new Float64Array(snpCount),
    altFrequency: new Float64Array(snpCount),
  };
}

/** Per-subpopulation mutation rates for SNP j with ancestral p and founder frequency q. */
function setMutation(panel: SubpopulationPanel, j: number, p: number, q: number, mask: number, fst: number,
  rng: AddressedRng): void {
  const gain = q < p ? drawBaldingNichols((p - q) / (1 - q), fst, rng) : 0;
  const loss = q > p ? 1 - drawBaldingNichols(1 - (q - p) / q, fst, rng) : 0;
  const carried = carrierWeight(panel.founderCumulativeWeight, mask);
  panel.gainThreshold[j] = gain * TWO_POW_32;
  panel.lossThreshold[j] = loss * TWO_POW_32;
  panel.altFrequency[j] = carried * (1 - loss) + (1 - carried) * gain;
}

/** The model of one block; `rng` must already point at the block's blockModel stream. */
export function createBlockModel(params: CohortSimParams, positionsBp: Float64Array, firstVariant: number,
  rng: AddressedRng): BlockModel {
  const snpCount = positionsBp.length;
  const founderCount = params.founderCount;
  const genealogy = drawGenealogy(founderCount, rng);
  const panels = params.subpopulationShares.map(() =>
    emptyPanel(snpCount, drawFounderWeights(founderCount, params.fst, rng)));
  const founderAlt = new Uint32Array(snpCount);
  const ancestralAltFrequency = new Float64Array(snpCount);
  for (let j = 0; j < snpCount; j++) {
    const { p, mask } = drawSnpOrigin(params, genealogy, rng);
    const q = countCarriers(mask) / founderCount;
    founderAlt[j] = mask;
    ancestralAltFrequency[j] = p;
    for (const panel of panels) setMutation(panel, j, p, q, mask, params.fst, rng);
  }
  return { firstVariant, snpCount, positionsBp, founderCount, founderAlt, ancestralAltFrequency, panels };
}
