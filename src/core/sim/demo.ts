// The demo cohort shipped in public/demo/cohort/ and loaded by default in the app. Regenerate
// with `npx tsx scripts/makeDemoCohort.ts`; demo.test.ts checks the files match byte for byte.

import type { CohortSimParams } from './params';

/** Folder of the demo cohort, relative to the site root (public/ in the repository). */
export const demoCohortPath = 'demo/cohort';

/** About 500 samples × 84 genes × 2,000 SNPs, balanced cases and controls. */
export const demoCohortParams: Partial<CohortSimParams> = {
  seed: 20_251,
  sampleCount: 500,
  geneCount: 84,
  chromosomeCount: 4,
};
