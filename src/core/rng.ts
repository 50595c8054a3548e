// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, "Parallel random numbers:
// as easy as 1, 2, 3"). A value depends only on (seed, counter), never on call order, so the
// noise of sample i at step s is the same whatever batch it is generated in.
// Written by hand: no well-kept npm package offers a seeded counter-based generator.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO_POW_32 = 4294967296;

/** High 32 bits of the 64-bit product of two uint32 (exact, via 16-bit halves). */
function mulHi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lo = aLo * bLo;
  const mid1 = aHi * bLo;
  const mid2 = aLo * bHi;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16) + carry) >>> 0;
}

/** One Philox4x32-10 block: 4 counter words and 2 key words in, 4 random uint32 out. */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array,
): void {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let key0 = k0 >>> 0, key1 = k1 >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulHi32(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulHi32(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
    key0 = (key0 + W0) >>> 0;
    key1 = (key1 + W1) >>> 0;
  }
  out[0] = x0; out[1] = x1; out[2] = x2; out[3] = x3;
}

/** A uint32 mapped to the open interval (0, 1): never 0, so log() is safe. */
export function uint32ToUnit(u: number): number {
  return (u + 0.5) / TWO_POW_32;
}

/** Splits a non-negative integer seed (up to 2^53) into the two Philox key words. */
export function seedToKey(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  }
  return [seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0];
}

/** Identifies one independent noise stream: purpose, sample and step. */
export interface NoiseAddress {
  seed: number;
  /** Separates uses of one seed (initial noise, sampler noise, training noise …). */
  stream: number;
  /** Index of the sample in the whole request (not in its batch). */
  sampleIndex: number;
  /** Sampler step (or any second coordinate). */
  step: number;
}

/**
 * Fills out[offset .. offset+count) with standard normals for one address (Box–Muller on
 * pairs of Philox words). Element j of the address is always the same number.
 */
export function fillNormal(out: Float32Array, offset: number, count: number, address: NoiseAddress): void {
  const [k0, k1] = seedToKey(address.seed);
  const block = new Uint32Array(4);
  for (let j = 0, blockIndex = 0; j < count; blockIndex++) {
    philox4x32(blockIndex, address.step, address.sampleIndex, address.stream, k0, k1, block);
    for (let pair = 0; pair < 2 && j < count; pair++) {
      const radius = Math.sqrt(-2 * Math.log(uint32ToUnit(block[2 * pair])));
      const angle = 2 * Math.PI * uint32ToUnit(block[2 * pair + 1]);
      out[offset + j++] = radius * Math.cos(angle);
      if (j < count) out[offset + j++] = radius * Math.sin(angle);
    }
  }
}

/** A sequential generator over one Philox stream, for simulation and splits. */
export interface SequentialRng {
  nextUint32(): number;
  /** Uniform in (0, 1). */
  nextUnit(): number;
  /** Standard normal. */
  nextNormal(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
}

export function createRng(seed: number, stream = 0): SequentialRng {
  const [k0, k1] = seedToKey(seed);
  const block = new Uint32Array(4);
  let counter = 0;
  let used = 4;
  let spareNormal: number | null = null;
  const nextUint32 = (): number => {
    if (used === 4) {
      philox4x32(counter % TWO_POW_32, Math.floor(counter / TWO_POW_32), stream, 0x5eed, k0, k1, block);
      counter++;
      used = 0;
    }
    return block[used++];
  };
  const nextUnit = (): number => uint32ToUnit(nextUint32());
  return {
    nextUint32,
    nextUnit,
    nextNormal(): number {
      if (spareNormal !== null) {
        const z = spareNormal;
        spareNormal = null;
        return z;
      }
      const radius = Math.sqrt(-2 * Math.log(nextUnit()));
      const angle = 2 * Math.PI * nextUnit();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
    nextInt(n: number): number {
      return Math.floor(nextUnit() * n);
    },
  };
}
