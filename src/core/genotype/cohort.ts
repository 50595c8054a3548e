// Assembles a Cohort from a genotype source (VCF or PLINK), optional labels and an optional gene
// map, and reports what was loaded. Samples are matched by id across files; every mismatch is
// reported, no sample is dropped. A load builds a new Cohort and mutates nothing, so a failed
// load leaves whatever the caller loaded before untouched.
import { ParseError } from '../errors';
import { type ByteSource, type ReadOptions, progressForEach } from './byteSource';
import type { GenotypeTable } from './genotypeTable';
import { type GeneMapReadOptions, readGeneMap } from './geneMap';
import { formatCount } from './lines';
import { type LoadReport, dosageStats, geneCoverage } from './loadReport';
import type { PhaseStatus } from './phase';
import { type PhenotypeReadOptions, type PhenotypeTable, phenotypeFromFam, readPhenotypeTable } from './phenotype';
import { type PlinkSources, type PlinkTable, readPlink } from './plink';
import { type SampleIdRule, matchSampleIds } from './sampleIds';
import type { Cohort, GeneInterval, Phenotype } from './types';
import { type MultiallelicMode, readVcf } from './vcf';

export interface CohortExtras {
  /** Labels from a phenotype file; they take precedence over a .fam phenotype column. */
  phenotype?: PhenotypeTable;
  genes?: GeneInterval[];
}

export interface LoadedCohort {
  cohort: Cohort;
  report: LoadReport;
}

/** Builds the cohort and its report from tables already read. */
export function assembleCohort(genotypes: GenotypeTable | PlinkTable, extras: CohortExtras = {}): LoadedCohort {
  const labels = attachLabels(genotypes, extras.phenotype);
  const cohort: Cohort = {
    sampleIds: genotypes.sampleIds,
    variants: genotypes.variants,
    dosages: genotypes.dosages,
    ...(genotypes.phase ? { phase: genotypes.phase } : {}),
    ...(genotypes.unphasedReason ? { unphasedReason: genotypes.unphasedReason } : {}),
    ...(genotypes.familyIds ? { familyIds: genotypes.familyIds } : {}),
    ...(labels.phenotype ? { phenotype: labels.phenotype } : {}),
    ...(extras.genes ? { genes: extras.genes } : {}),
  };
  const samples = genotypes.sampleIds.length;
  const variants = genotypes.variants.pos.length;
  const phase: PhaseStatus = genotypes.phase ? { phased: true } : { phased: false, reason: genotypes.unphasedReason ?? 'the genotype file holds no phase' };
  const classCounts = new Array<number>(labels.phenotype?.classNames.length ?? 0).fill(0);
  labels.phenotype?.labels.forEach((label) => {
    if (label >= 0) classCounts[label]++;
  });
  const report: LoadReport = {
    samples,
    variants,
    multiallelicSkipped: genotypes.multiallelicSkipped,
    multiallelicSplit: genotypes.multiallelicSplit,
    ...dosageStats(genotypes.dosages),
    ...geneCoverage(genotypes.variants, extras.genes ?? []),
    phenotypeSource: labels.source,
    classCounts,
    unmatchedSampleIds: labels.unmatchedSampleIds,
    samplesWithoutLabel: labels.samplesWithoutLabel,
    sampleIdMatches: labels.sampleIdMatches,
    phase,
    notes: labels.notes,
  };
  if (extras.genes && extras.genes.length > 0 && report.genesCovered === 0 && variants > 0) {
    report.notes.push('no variant falls inside any gene of the gene map: check that both use the same genome build');
  }
  return { cohort, report };
}

/** The load report's line on phase: whether the haplotypes were kept, and why not. */
export function phaseText(phase: PhaseStatus): string {
  return phase.phased ? 'kept: every call is phased (haplotype AATS in the genotype-space section)'
    : `not kept: ${phase.reason} (the genotype-space section has no haplotype AATS)`;
}

interface AttachedLabels {
  phenotype?: Phenotype;
  source: LoadReport['phenotypeSource'];
  unmatchedSampleIds: string[];
  samplesWithoutLabel: string[];
  sampleIdMatches: Record<SampleIdRule, number>;
  notes: string[];
}

const noMatches = (): Record<SampleIdRule, number> => ({ exact: 0, fidIid: 0, doubleId: 0 });

/** How each non-exact rule reads in a note. */
const ruleNotes: Record<Exclude<SampleIdRule, 'exact'>, string> = {
  fidIid: 'FID_IID ↔ IID (plink --recode vcf)',
  doubleId: 'IID_IID ↔ IID (plink --double-id)',
};

function attachLabels(genotypes: GenotypeTable | PlinkTable, table: PhenotypeTable | undefined): AttachedLabels {
  const fam = 'fam' in genotypes ? genotypes.fam : undefined;
  const fromFam = fam ? phenotypeFromFam(fam) : {};
  const notes = fromFam.note ? [fromFam.note] : [];
  if (table) {
    if (fromFam.phenotype) notes.push(`labels come from ${table.file}; the .fam phenotype column was not used`);
    return matchLabels(genotypes, table, notes);
  }
  if (!fromFam.phenotype) return { source: 'none', unmatchedSampleIds: [], samplesWithoutLabel: [], sampleIdMatches: noMatches(), notes };
  const samplesWithoutLabel = genotypes.sampleIds.filter((_, i) => fromFam.phenotype?.labels[i] === -1);
  const sampleIdMatches = { ...noMatches(), exact: genotypes.sampleIds.length };
  return { phenotype: fromFam.phenotype, source: 'fam', unmatchedSampleIds: [], samplesWithoutLabel, sampleIdMatches, notes };
}

/** Aligns a phenotype table to the genotype samples by id (also PLINK's FID_IID and --double-id forms). */
function matchLabels(genotypes: GenotypeTable, table: PhenotypeTable, notes: string[]): AttachedLabels {
  const { rowOfSample, counts } = matchSampleIds({ ids: genotypes.sampleIds, familyIds: genotypes.familyIds },
    { file: table.file, ids: table.sampleIds, familyIds: table.familyIds });
  const used = new Uint8Array(table.sampleIds.length);
  const labels = new Int8Array(genotypes.sampleIds.length).fill(-1);
  rowOfSample.forEach((row, i) => {
    if (row < 0) return;
    labels[i] = table.labels[row];
    used[row] = 1;
  });
  for (const rule of ['fidIid', 'doubleId'] as const) {
    if (counts[rule] > 0) notes.push(`${formatCount(counts[rule])} samples matched ${table.file} as ${ruleNotes[rule]}`);
  }
  const unmatchedSampleIds = table.sampleIds.filter((_, row) => used[row] === 0);
  // A label file that labels no sample is the wrong file (or the wrong id column): refuse it rather
  // than load a cohort with every label missing.
  if (unmatchedSampleIds.length === table.sampleIds.length && table.sampleIds.length > 0 && genotypes.sampleIds.length > 0) {
    throw new ParseError(`no sample id in ${table.file} (id column ${table.idColumn}) matches a genotype sample: ` +
      `e.g. '${table.sampleIds[0]}' vs '${genotypes.sampleIds[0]}'; expected the genotype file's sample ids (or PLINK's FID_IID or IID_IID forms)`, { file: table.file });
  }
  return {
    phenotype: { labels, classNames: table.classNames },
    source: 'file',
    unmatchedSampleIds,
    samplesWithoutLabel: genotypes.sampleIds.filter((_, i) => labels[i] === -1),
    sampleIdMatches: counts,
    notes,
  };
}

/** The files of one cohort: genotypes as a VCF or a PLINK fileset, labels and genes optional. */
export interface CohortSources {
  genotypes: { vcf: ByteSource } | PlinkSources;
  phenotype?: ByteSource;
  geneMap?: ByteSource;
}

export interface LoadCohortOptions extends ReadOptions {
  multiallelic?: MultiallelicMode;
  phenotype?: Omit<PhenotypeReadOptions, keyof ReadOptions>;
  geneMap?: Omit<GeneMapReadOptions, keyof ReadOptions>;
}

/**
 * Reads every file of a cohort and assembles it. The small files go first so a bad label file
 * or gene map fails in a moment rather than after a long genotype read. Progress is in bytes
 * over all files together.
 */
export async function loadCohort(sources: CohortSources, options: LoadCohortOptions = {}): Promise<LoadedCohort> {
  // 1. Split progress over the files, in reading order; a PLINK fileset counts as one file.
  const genotypeFiles = 'vcf' in sources.genotypes ? [sources.genotypes.vcf]
    : [sources.genotypes.fam, sources.genotypes.bim, sources.genotypes.bed];
  const genotypeBytes = genotypeFiles.every((f) => f.size !== undefined)
    ? genotypeFiles.reduce((sum, f) => sum + (f.size ?? 0), 0) : undefined;
  const small = [sources.geneMap, sources.phenotype].filter((s): s is ByteSource => s !== undefined);
  const perFile = progressForEach([...small, { size: genotypeBytes }], options);
  let next = 0;
  // 2. Gene map and labels.
  const genes = sources.geneMap ? await readGeneMap(sources.geneMap, { ...options.geneMap, ...perFile[next++] }) : undefined;
  const phenotype = sources.phenotype ? await readPhenotypeTable(sources.phenotype, { ...options.phenotype, ...perFile[next++] }) : undefined;
  // 3. Genotypes.
  const genotypes = 'vcf' in sources.genotypes
    ? await readVcf(sources.genotypes.vcf, { ...perFile[next], multiallelic: options.multiallelic })
    : await readPlink(sources.genotypes, perFile[next]);
  // 4. Assemble.
  return assembleCohort(genotypes, { genes, phenotype });
}
