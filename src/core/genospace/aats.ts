// AATS in genotype space (Yelmen et al. 2021, their computeAATS; REFERENCE.md): the nearest-
// neighbour adversarial accuracy of eq. 9 with Manhattan (cityblock) distance on dosages, self
// excluded by index, strict inequality, ties counted; against the training set and against the
// holdout, privacy loss = AATS(holdout) − AATS(train); and the share of synthetic samples whose
// nearest training sample is closer than their nearest holdout sample.
import { adversarialAccuracy, type AdversarialAccuracy } from '../metrics/nnaa';
import { nearestManhattan } from './distances';
import type { GenotypeMatrix } from './matrix';

export interface GenotypeAatsSide extends Omit<AdversarialAccuracy, 'truthIndicators' | 'synIndicators'> {
  /** Real samples compared. */
  realCount: number;
}

export interface GenotypeAats {
  train: GenotypeAatsSide;
  holdout: GenotypeAatsSide;
  privacyLoss: number;
  /** Share of synthetic samples with d(s, train) < d(s, holdout) strictly (ideal ≈ 0.5 at equal sizes). */
  closerToTrain: number;
  /** Synthetic samples at equal distance to both (counted as not closer). */
  closerTies: number;
  syntheticCount: number;
}

function side(real: GenotypeMatrix, synthetic: GenotypeMatrix, synToSyn: Float64Array): { accuracy: GenotypeAatsSide; synToReal: Float64Array } {
  const synToReal = nearestManhattan(synthetic, real);
  const { aaTruth, aaSyn, aats, truthTies, synTies } = adversarialAccuracy({
    truthToSyn: nearestManhattan(real, synthetic), truthToTruth: nearestManhattan(real, real, true), synToTruth: synToReal, synToSyn,
  });
  return { accuracy: { aaTruth, aaSyn, aats, truthTies, synTies, realCount: real.samples }, synToReal };
}

/** Both comparisons on the sets as given (the caller subsamples them to equal sizes, as eq. 9 assumes). */
export function genotypeAats(train: GenotypeMatrix, holdout: GenotypeMatrix, synthetic: GenotypeMatrix): GenotypeAats {
  const synToSyn = nearestManhattan(synthetic, synthetic, true);
  const t = side(train, synthetic, synToSyn);
  const h = side(holdout, synthetic, synToSyn);
  let closer = 0;
  let ties = 0;
  for (let i = 0; i < synthetic.samples; i++) {
    if (t.synToReal[i] < h.synToReal[i]) closer++;
    else if (t.synToReal[i] === h.synToReal[i]) ties++;
  }
  return {
    train: t.accuracy, holdout: h.accuracy, privacyLoss: h.accuracy.aats - t.accuracy.aats,
    closerToTrain: closer / synthetic.samples, closerTies: ties, syntheticCount: synthetic.samples,
  };
}
