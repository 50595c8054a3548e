// The cohorts the app offers without any file of the user's: the simulated demo (known ground truth)
// and a real one, 1000 Genomes phase 3 people at Yelmen et al.'s 805 SNPs. The real demo's files and
// their provenance come from scripts/makeRealDemo.py; builtInDemos.test.ts checks these fields
// against the shipped public/demo/real1000g/source.json.
import { InvalidRequestError } from '../errors';
import { demoCohortPath } from './demo';

/** Whether a demo's genotypes were simulated here or observed in real people. */
export const demoKinds = {
  /** Simulated by src/core/sim with a known causal truth. */
  simulated: 'simulated',
  /** Real human genotypes from a public release. */
  real: 'real',
} as const;
export type DemoKind = (typeof demoKinds)[keyof typeof demoKinds];

export interface BuiltInDemo {
  id: 'simulated' | 'real1000g';
  kind: DemoKind;
  title: string;
  /** Sizes and what the labels mean. */
  summary: string;
  /** Files under the site root, in the order the data worker reads them. */
  files: readonly string[];
  /** Where the genotypes come from. */
  source: string;
  /** Terms of use, as the source states them. */
  licence: string;
}

/** Folder of the real-data demo, relative to the site root (public/ in the repository). */
export const realDemoPath = 'demo/real1000g';

export const builtInDemos: readonly BuiltInDemo[] = [
  {
    id: 'simulated',
    kind: demoKinds.simulated,
    title: 'Simulated cohort',
    summary: '1,000 people × 2,082 SNPs in 84 genes; case/control from 5 causal genes (truth.json)',
    files: [`/${demoCohortPath}/cohort.vcf.gz`, `/${demoCohortPath}/phenotype.tsv`, `/${demoCohortPath}/genes.bed`],
    source: 'simulated by this workbench (src/core/sim, seed 20251)',
    licence: 'no real person: free to use',
  },
  {
    id: 'real1000g',
    kind: demoKinds.real,
    title: '1000 Genomes phase 3, 805 SNPs',
    summary: '2,504 people × 805 SNPs genome-wide (GRCh37) in 109 blocks of ≤ 8 SNPs (not genes); '
      + 'labels = super-population (AFR, AMR, EAS, EUR, SAS), not disease',
    files: [`/${realDemoPath}/cohort.vcf.gz`, `/${realDemoPath}/labels.tsv`, `/${realDemoPath}/regions.bed`],
    source: 'The 1000 Genomes Project Consortium, phase 3 (2015), as subset by Yelmen et al., PLOS Genetics 17(2): '
      + 'e1009303 (2021): 805_SNP_1000G_real.hapt of gitlab.inria.fr/ml_genetics/public/artificial_genomes',
    licence: '1000 Genomes data: no restrictions on use (IGSR data reuse statement); Yelmen et al.\'s article is CC BY 4.0',
  },
];

export function getBuiltInDemo(id: BuiltInDemo['id']): BuiltInDemo {
  const demo = builtInDemos.find((d) => d.id === id);
  if (!demo) throw new InvalidRequestError(`no built-in demo '${id}': expected one of ${builtInDemos.map((d) => d.id).join(', ')}`);
  return demo;
}
