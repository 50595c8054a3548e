// Random-number stream ids of the metrics (rng.ts `createRng(seed, stream)`): one per purpose,
// so one user seed drives every draw and no two purposes share a sequence.

/** Philox stream of each random draw the metrics make. */
export const metricStreams = {
  /** Seeded subsample of the real training set. */
  subsampleTrain: 0x3e70,
  /** Seeded subsample of the real holdout set. */
  subsampleHoldout: 0x3e71,
  /** Seeded subsample of a synthetic set. */
  subsampleSynthetic: 0x3e72,
  /** Seeded subsample of a generic second set (NN test D2). */
  subsampleOther: 0x3e73,
  /** Bootstrap resampling. */
  bootstrap: 0x3e80,
  /** Gaussian random-projection matrix (one address per input slot). */
  projection: 0x3e90,
  /** Pairs on which a projection's distortion is measured. */
  distortionPairs: 0x3e91,
} as const;
