// A tiny encoded cohort for the evaluation pipeline's tests and the app's comparison tests.
import type { EvaluationCohort } from './evaluationCohort';

// 6 samples of [2, 2]: roles train, train, holdout, train, holdout, excluded; labels 0 1 1 0 -1 -1.
export const tinyCohort: EvaluationCohort & { tensor: Float32Array } = {
  tensor: Float32Array.from({ length: 24 }, (_, i) => i),
  shape: { batch: 6, genes: 2, channels: 2 },
  mask: Uint8Array.from([1, 1, 1, 0]),
  sampleIds: ['a', 'b', 'c', 'd', 'e', 'f'],
  labels: Int8Array.from([0, 1, 1, 0, -1, -1]),
  classNames: ['control', 'case'],
  roles: Uint8Array.from([0, 0, 1, 0, 1, 2]),
  codecSha256: 'ab'.repeat(32),
  realGenes: 2,
};
