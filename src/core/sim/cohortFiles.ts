// The files of a simulated cohort (VCF.gz, PLINK bed/bim/fam, phenotype TSV, gene BED,
// truth.json) as lazy chunk streams. Runs anywhere; writeCohortFiles.ts puts them on disk.

import { bedChunks, bimChunks, famChunks } from '../genotype/writePlink';
import { geneBedChunks } from '../genotype/writeGeneBed';
import { encodeLines } from '../genotype/writeChunks';
import { phenotypeTsvChunks } from '../genotype/writePhenotype';
import { vcfChunks } from '../genotype/writeVcf';
import type { SimulatedCohort, SimulationTruth } from './cohort';

export interface CohortFileOptions {
  /** File name stem of the VCF and PLINK files; default "cohort". */
  prefix?: string;
  /** Gzip the VCF (default true). */
  gzipVcf?: boolean;
}

/** File names of each part, e.g. { vcf: 'cohort.vcf.gz', bed: 'cohort.bed', … }. */
export interface CohortFileNames {
  vcf: string;
  bed: string;
  bim: string;
  fam: string;
  phenotype: string;
  genes: string;
  truth: string;
}

export interface CohortFile {
  name: string;
  /** Produces the file's bytes; called once per write. */
  chunks: () => Iterable<Uint8Array>;
}

export function cohortFileNames(options: CohortFileOptions = {}): CohortFileNames {
  const prefix = options.prefix ?? 'cohort';
  return {
    vcf: `${prefix}.vcf${options.gzipVcf === false ? '' : '.gz'}`,
    bed: `${prefix}.bed`,
    bim: `${prefix}.bim`,
    fam: `${prefix}.fam`,
    phenotype: 'phenotype.tsv',
    genes: 'genes.bed',
    truth: 'truth.json',
  };
}

/** truth.json text: the truth object, two-space indented, numeric arrays on one line. */
export function truthJson(truth: SimulationTruth): string {
  const { subpopulations, ...rest } = truth;
  const text = JSON.stringify({ ...rest, subpopulations: '@subpopulations@' }, null, 2);
  return `${text.replace('"@subpopulations@"', JSON.stringify(subpopulations))}\n`;
}

/** Every file of the cohort, in a fixed order. */
export function cohortFiles(result: SimulatedCohort, options: CohortFileOptions = {}): CohortFile[] {
  const { cohort, truth } = result;
  const names = cohortFileNames(options);
  const phenotype = cohort.phenotype ?? { labels: new Int8Array(cohort.sampleIds.length).fill(-1), classNames: [] };
  return [
    { name: names.vcf, chunks: () => vcfChunks(cohort, { gzip: options.gzipVcf !== false, source: 'gdw-simulate' }) },
    { name: names.bed, chunks: () => bedChunks(cohort) },
    { name: names.bim, chunks: () => bimChunks(cohort) },
    { name: names.fam, chunks: () => famChunks(cohort) },
    { name: names.phenotype, chunks: () => phenotypeTsvChunks(cohort.sampleIds, phenotype) },
    { name: names.genes, chunks: () => geneBedChunks(cohort.genes ?? []) },
    { name: names.truth, chunks: () => encodeLines([truthJson(truth)]) },
  ];
}
