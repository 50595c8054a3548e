// Random streams addressed by (purpose, block, individual). A simulated individual's genotypes
// in a block depend only on that address, so the ascertainment pass (causal genes only, many
// candidates) and the final pass (every gene, kept samples) regenerate the same person exactly,
// and a gene can be simulated without simulating the genes before it.

import { philox4x32, seedToKey, uint32ToUnit, type SequentialRng } from '../rng';

/** What a stream is used for; one Philox counter word each, so streams never overlap. */
export const streamPurposes = {
  /** Chromosomes, gene sizes, positions, alleles. */
  layout: 1,
  /** Allele frequencies and founder panels of one block. */
  blockModel: 2,
  /** Subpopulation of one candidate individual. */
  ancestry: 3,
  /** Founder copying and mutation of one individual in one block. */
  haplotypes: 4,
  /** Missing calls of one individual in one block. */
  missing: 5,
  /** Environmental part of one individual's liability. */
  environment: 6,
  /** Causal genes, causal SNPs and their effects. */
  effects: 7,
} as const;
export type StreamPurpose = (typeof streamPurposes)[keyof typeof streamPurposes];

/**
 * A sequential generator that can be re-pointed at another address without allocating
 * (the final pass resets it once per individual and block: millions of times at scale).
 */
export class AddressedRng implements SequentialRng {
  private readonly key0: number;
  private readonly key1: number;
  private readonly words = new Uint32Array(4);
  private used = 4;
  private counter = 0;
  private purpose = 0;
  private block = 0;
  private individual = 0;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    [this.key0, this.key1] = seedToKey(seed);
  }

  /** Points the generator at the start of the stream (purpose, block, individual). */
  reset(purpose: StreamPurpose, block: number, individual: number): this {
    this.purpose = purpose;
    this.block = block >>> 0;
    this.individual = individual >>> 0;
    this.counter = 0;
    this.used = 4;
    this.spareNormal = null;
    return this;
  }

  nextUint32(): number {
    if (this.used === 4) {
      philox4x32(this.counter, this.individual, this.block, this.purpose, this.key0, this.key1, this.words);
      this.counter = (this.counter + 1) >>> 0;
      this.used = 0;
    }
    return this.words[this.used++];
  }

  nextUnit(): number {
    return uint32ToUnit(this.nextUint32());
  }

  nextNormal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(this.nextUnit()));
    const angle = 2 * Math.PI * this.nextUnit();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  nextInt(n: number): number {
    return Math.floor(this.nextUnit() * n);
  }
}
