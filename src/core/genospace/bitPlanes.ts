// Manhattan distances on dosages 32 SNPs at a time. A sample's dosages become three bit planes:
// A1 = [d ≥ 1], A2 = [d = 2] and C = [called] (all 0 for a missing call). For two called dosages
// |a − b| = a + b − 2·min(a, b) with a = A1 + A2 and min(a, b) = A1a·A1b + A2a·A2b, so over the
// SNPs both call: Σ|a − b| = pc(A1a∧Cb) + pc(A2a∧Cb) + pc(A1b∧Ca) + pc(A2b∧Ca) − 2·pc(A1a∧A1b)
// − 2·pc(A2a∧A2b), pc = population count. A missing call zeroes every term it is in. Written by
// hand: no maintained JS package does bit-sliced genotype distances; distances.ts keeps the
// plain per-SNP loop it is tested against.
import { MISSING_DOSAGE } from '../genotype/types';
import type { GenotypeMatrix } from './matrix';

export interface BitPlanes {
  samples: number;
  /** 32-bit words per sample. */
  words: number;
  /** [samples × words] each. */
  a1: Uint32Array;
  a2: Uint32Array;
  called: Uint32Array;
}

export function toBitPlanes(m: GenotypeMatrix): BitPlanes {
  const words = Math.ceil(m.snps / 32);
  const a1 = new Uint32Array(m.samples * words);
  const a2 = new Uint32Array(m.samples * words);
  const called = new Uint32Array(m.samples * words);
  const missing = MISSING_DOSAGE;
  for (let i = 0; i < m.samples; i++) {
    for (let k = 0; k < m.snps; k++) {
      const d = m.data[i * m.snps + k];
      if (d === missing) continue;
      const w = i * words + (k >>> 5);
      const bit = 1 << (k & 31);
      called[w] |= bit;
      if (d >= 1) a1[w] |= bit;
      if (d === 2) a2[w] |= bit;
    }
  }
  return { samples: m.samples, words, a1, a2, called };
}

/** Set bits of a 32-bit word (SWAR; Hacker's Delight, 2nd ed., fig. 5-2). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Σ |d_a − d_b| over the SNPs both call, for row i of `a` and row j of `b` (same SNPs). */
export function manhattanOfPlanes(a: BitPlanes, i: number, b: BitPlanes, j: number): number {
  const { a1: a1a, a2: a2a, called: ca } = a;
  const { a1: a1b, a2: a2b, called: cb } = b;
  let sum = 0;
  let shared = 0;
  for (let w = 0, s = i * a.words, t = j * b.words; w < a.words; w++, s++, t++) {
    sum += popcount(a1a[s] & cb[t]) + popcount(a2a[s] & cb[t]) + popcount(a1b[t] & ca[s]) + popcount(a2b[t] & ca[s]);
    shared += popcount(a1a[s] & a1b[t]) + popcount(a2a[s] & a2b[t]);
  }
  return sum - 2 * shared;
}
