// gdw encode: genotype files → dataset bundle (per-gene PCA fitted on the training split;
// tensor.npy streamed chunk by chunk so only the dosages and one chunk are in memory).
import { parseArgs } from 'node:util';
import { assignSnpsToGenes } from '../core/encode/assign';
import { createBundle, tensorNpyChunks } from '../core/encode/bundle';
import { explainedVarianceReport, fitCodec, roundTripCeiling } from '../core/encode/codec';
import { splitSamples } from '../core/encode/split';
import { UsageError } from '../core/errors';
import { loadCohort, phaseText, type CohortSources } from '../core/genotype/cohort';
import { writeBundleFolder } from '../node/bundleFolder';
import { createFileSource, createPlinkFileSources } from '../node/fileSource';
import { optionalInteger, optionalNumber, requireString } from './args';
import type { CliIo } from './main';

const options = {
  vcf: { type: 'string' }, bfile: { type: 'string' }, genes: { type: 'string' }, pheno: { type: 'string' },
  pad: { type: 'string' }, holdout: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
  'variance-target': { type: 'string' }, 'nearest-gene': { type: 'boolean' }, stratified: { type: 'boolean' },
} as const;

function cohortSources(values: Record<string, unknown>): CohortSources {
  const vcf = values.vcf as string | undefined;
  const bfile = values.bfile as string | undefined;
  if (Boolean(vcf) === Boolean(bfile)) throw new UsageError('give exactly one of --vcf FILE or --bfile PREFIX');
  return {
    genotypes: vcf ? { vcf: createFileSource(vcf) } : createPlinkFileSources(bfile as string),
    geneMap: createFileSource(requireString(values, 'genes')),
    ...(values.pheno ? { phenotype: createFileSource(values.pheno as string) } : {}),
  };
}

export async function encodeCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parseArgs({ args, options, strict: true });
  const outDir = requireString(values, 'out');
  const started = performance.now();
  // 1. Read genotypes, labels and genes.
  const { cohort, report } = await loadCohort(cohortSources(values));
  io.stdout(`read ${report.samples} samples × ${report.variants} variants, missing ${(100 * report.missingRate).toFixed(2)} %, ` +
    `${report.genesCovered} of ${report.genes} genes covered\n`);
  if (report.phase) io.stdout(`  haplotypes ${phaseText(report.phase)}\n`);
  for (const note of report.notes) io.stdout(`  note: ${note}\n`);
  // 2. SNPs to genes and the seeded split.
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes ?? [], { nearestGene: Boolean(values['nearest-gene']) });
  const split = splitSamples(cohort.phenotype?.labels ?? null, cohort.sampleIds.length, {
    seed: optionalInteger(values, 'seed', 0), holdoutFraction: optionalNumber(values, 'holdout', 0.1),
    mode: values.stratified ? 'stratified' : 'balanced',
  });
  // 3. The codec, on the training split only.
  const varianceTarget = values['variance-target'] === undefined ? null : optionalNumber(values, 'variance-target', 0.99);
  const codec = fitCodec(cohort, assignment, split.trainIdx, {
    ...(values.pad === undefined ? {} : { geneSlots: optionalInteger(values, 'pad', 0, 1) }),
    ...(varianceTarget === null ? {} : { componentRule: 'variance-target' as const, varianceTarget }),
  });
  // 4. The bundle: small files from memory, tensor.npy streamed.
  const files = await createBundle({
    codec, sampleIds: cohort.sampleIds, labels: cohort.phenotype?.labels ?? null,
    classNames: cohort.phenotype?.classNames ?? [], split, assignment,
  });
  await writeBundleFolder(outDir, files, { 'tensor.npy': tensorNpyChunks(codec, cohort) });
  // 5. What the encoding keeps: explained variance and the round-trip ceiling on the holdout.
  const explained = explainedVarianceReport(codec).map((g) => g.explainedRatio);
  const ceiling = split.holdoutIdx.length > 0 ? roundTripCeiling(codec, cohort, split.holdoutIdx) : null;
  io.stdout(`encoded ${codec.genes.length} genes into [${cohort.sampleIds.length}, ${codec.settings.geneSlots}, ` +
    `${codec.settings.componentsPerGene}], train ${split.trainIdx.length} / holdout ${split.holdoutIdx.length}\n` +
    `  mean explained variance per gene ${(explained.reduce((a, b) => a + b, 0) / Math.max(1, explained.length)).toFixed(3)}\n` +
    `  round-trip ceiling (holdout genotypes recovered) ${ceiling ? ceiling.share.toFixed(4) : 'n/a (no holdout)'}\n` +
    `  wrote ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
