// The demo cohort shipped in public/demo/cohort/ and loaded by default in the app. Regenerate
// with `npx tsx scripts/makeDemoCohort.ts`; demo.test.ts checks the files match byte for byte.

import type { CohortSimParams } from './params';

/** Folder of the demo cohort, relative to the site root (public/ in the repository). */
export const demoCohortPath = 'demo/cohort';

/**
 * About 1,000 samples × 84 genes × 2,000 SNPs, balanced cases and controls. h² = 0.9 on the
 * liability scale: at 500 samples and h² = 0.6 an MLP was not clearly above chance on a 10 %
 * holdout (balanced accuracy 0.58 [0.44, 0.72]), so the demo could not show what TSTR measures.
 */
export const demoCohortParams: Partial<CohortSimParams> = {
  seed: 20_251,
  sampleCount: 1000,
  geneCount: 84,
  chromosomeCount: 4,
  heritability: 0.9,
};
