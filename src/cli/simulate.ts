// gdw simulate: a cohort with known truth (causal genes, effects) written as VCF(.gz), PLINK
// bed/bim/fam, a phenotype TSV, a gene BED and truth.json — for demos, tests and benchmarks.
import { parseArgs } from 'node:util';
import { simulateCohort } from '../core/sim/cohort';
import type { CohortSimParams } from '../core/sim/params';
import { writeCohortFiles } from '../node/writeCohortFiles';
import { optionalInteger, optionalNumber, requireString } from './args';
import type { CliIo } from './main';

const options = {
  out: { type: 'string' }, seed: { type: 'string' }, samples: { type: 'string' }, genes: { type: 'string' },
  chromosomes: { type: 'string' }, fst: { type: 'string' }, h2: { type: 'string' }, prevalence: { type: 'string' },
  'causal-genes': { type: 'string' }, missing: { type: 'string' }, prefix: { type: 'string' },
  'no-gzip': { type: 'boolean' },
} as const;

export async function simulateCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const outDir = requireString(values, 'out');
  const params: Partial<CohortSimParams> = {};
  const integer = (name: string, key: 'seed' | 'sampleCount' | 'geneCount' | 'chromosomeCount' | 'causalGeneCount', min: number) => {
    if (values[name as keyof typeof values] !== undefined) params[key] = optionalInteger(values, name, 0, min);
  };
  const real = (name: string, key: 'fst' | 'heritability' | 'prevalence' | 'missingRate') => {
    if (values[name as keyof typeof values] !== undefined) params[key] = optionalNumber(values, name, 0);
  };
  integer('seed', 'seed', 0);
  integer('samples', 'sampleCount', 2);
  integer('genes', 'geneCount', 1);
  integer('chromosomes', 'chromosomeCount', 1);
  integer('causal-genes', 'causalGeneCount', 0);
  real('fst', 'fst');
  real('h2', 'heritability');
  real('prevalence', 'prevalence');
  real('missing', 'missingRate');

  const started = performance.now();
  const result = simulateCohort(params);
  const written = await writeCohortFiles(outDir, result, { prefix: values.prefix, gzipVcf: !values['no-gzip'] });
  const { cohort, truth } = result;
  io.stdout(`simulated ${cohort.sampleIds.length} samples × ${cohort.variants.pos.length} SNPs in ` +
    `${cohort.genes?.length ?? 0} genes (${truth.caseCount} cases), seed ${truth.seed}, ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  for (const file of written) io.stdout(`  ${file.path}  ${(file.bytes / 1024).toFixed(1)} KiB\n`);
}
