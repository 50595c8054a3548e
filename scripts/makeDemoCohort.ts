// Writes the demo cohort into public/demo/cohort/ (run: npx tsx scripts/makeDemoCohort.ts).
// The output is committed; src/core/sim/demo.test.ts fails when it no longer matches the code.

import { fileURLToPath } from 'node:url';
import { simulateCohort } from '../src/core/sim/cohort';
import { demoCohortParams, demoCohortPath } from '../src/core/sim/demo';
import { writeCohortFiles } from '../src/node/writeCohortFiles';

const outDir = fileURLToPath(new URL(`../public/${demoCohortPath}/`, import.meta.url));
const result = simulateCohort(demoCohortParams);
const written = await writeCohortFiles(outDir, result);
const { cohort, truth } = result;
console.log(`demo cohort: ${cohort.sampleIds.length} samples, ${cohort.variants.pos.length} SNPs, ` +
  `${cohort.genes?.length ?? 0} genes, ${truth.caseCount} cases, into ${outDir}`);
for (const file of written) console.log(`  ${file.name.padEnd(16)} ${(file.bytes / 1024).toFixed(1).padStart(8)} KiB`);
console.log(`  total            ${(written.reduce((a, f) => a + f.bytes, 0) / 1024).toFixed(1).padStart(8)} KiB`);
