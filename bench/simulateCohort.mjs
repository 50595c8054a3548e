// Benchmark input: a simulated cohort as PLINK bed/bim/fam, phenotype.tsv, genes.bed and
// truth.json — what `gdw simulate` writes minus the VCF, which encode --bfile never reads and
// which at 10,000 × 100,000 would be ~20 GB of text through gzip before the benchmark starts.
//   node bench/simulateCohort.mjs --out DIR --samples N --snps V [--seed K]
// --snps is a target: genes = round(V / expected SNPs per gene) (src/core/sim/params.ts).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { register } from 'tsx/esm/api';

register();
const { resolveSimParams, expectedSnpCount } = await import('../src/core/sim/params.ts');
const { simulateCohort } = await import('../src/core/sim/cohort.ts');
const { cohortFiles } = await import('../src/core/sim/cohortFiles.ts');
const { writeChunksToFile } = await import('../src/node/fileSink.ts');

/** Gene count whose expected SNP total is the target (≈ 24.7 SNPs per gene on the defaults). */
function geneCountForSnps(snpTarget) {
  const defaults = resolveSimParams();
  const snpsPerGene = expectedSnpCount(defaults) / defaults.geneCount;
  return Math.max(1, Math.round(snpTarget / snpsPerGene));
}

const { values } = parseArgs({
  options: { out: { type: 'string' }, samples: { type: 'string' }, snps: { type: 'string' }, seed: { type: 'string', default: '1' } },
  strict: true,
});
if (!values.out || !values.samples || !values.snps) {
  console.error('usage: node bench/simulateCohort.mjs --out DIR --samples N --snps V [--seed K]');
  process.exit(2);
}
const started = performance.now();
const geneCount = geneCountForSnps(Number(values.snps));
const result = simulateCohort({ sampleCount: Number(values.samples), geneCount, seed: Number(values.seed) });
for (const file of cohortFiles(result)) {
  if (file.name.endsWith('.vcf.gz')) continue;
  await writeChunksToFile(join(values.out, file.name), file.chunks());
}
// One JSON line for the caller.
console.log(JSON.stringify({
  samples: result.cohort.sampleIds.length, snps: result.cohort.variants.pos.length, genes: geneCount,
  seed: Number(values.seed), seconds: (performance.now() - started) / 1000,
}));
