// A backbone's synthetic samples out of the workbench through the loaded encoding's codec: as a
// dataset bundle, or decoded to genotypes (x̂ = (s·t + m)·Wᵀ + μ, rounded and clipped to 0..2 by
// syntheticCohort, the path `gdw decode` takes) as a VCF or a PLINK fileset, zipped together with
// the labels as a phenotype TSV and the codec's genes as a BED, so the zip loads and encodes again.
import { collectZipBytes } from '../core/archive/zipChunks';
import { zipStream, type ZipChunksEntry } from '../core/archive/zipStreamWriter';
import type { GeneAssignment } from '../core/encode/assign';
import { createBundle } from '../core/encode/bundle';
import type { GeneCodec } from '../core/encode/codec';
import { sampleRoles } from '../core/encode/split';
import { syntheticCohort, syntheticSampleIds } from '../core/encode/synthetic';
import { InvalidRequestError } from '../core/errors';
import type { Cohort } from '../core/genotype/types';
import { geneBedChunks } from '../core/genotype/writeGeneBed';
import { phenotypeTsvChunks } from '../core/genotype/writePhenotype';
import { bedChunks, bimChunks, famChunks } from '../core/genotype/writePlink';
import { vcfChunks } from '../core/genotype/writeVcf';
import { zipBundleBytes } from './bundleZip';
import { syntheticExportFormats, type BundleZip, type SyntheticExportRequest } from './data';

/** The encoding the samples go out through: fitted here, or read from a bundle (no genotypes needed). */
export interface SyntheticExportCodec {
  codec: GeneCodec;
  codecSha256: string;
  classNames: string[];
  /** How SNPs were given to genes, when the encoding was fitted here (layout.json records it). */
  assignment?: GeneAssignment;
}

/** A name fit for file names and sample ids: 'builtin:unet-mlp' → 'builtin_unet-mlp'. */
export function sanitizeExportName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || 'backbone';
}

/** Sample ids are `syn_<name>_<i>`, i from 0, zero-padded to one width (as `gdw decode --prefix`). */
export const syntheticIdPrefix = (name: string): string => `syn_${sanitizeExportName(name)}_`;

const hashPrefix = (sha: string): string => `${sha.slice(0, 12)}…`;

function checkShape(request: SyntheticExportRequest, target: SyntheticExportCodec): void {
  const { geneSlots, componentsPerGene } = target.codec.settings;
  const { count, genes, channels, samples, codecSha256 } = request;
  if (!(Object.values(syntheticExportFormats) as string[]).includes(request.format)) {
    throw new InvalidRequestError(`"${request.format}" is not an export format: choose bundle, vcf or plink`);
  }
  if (codecSha256 !== null && codecSha256.toLowerCase() !== target.codecSha256.toLowerCase()) {
    throw new InvalidRequestError(`${request.name} was trained on codec ${hashPrefix(codecSha256)} but the loaded encoding `
      + `is codec ${hashPrefix(target.codecSha256)}: load the dataset bundle the backbone was trained on, then export again`);
  }
  if (genes !== geneSlots || channels !== componentsPerGene) {
    throw new InvalidRequestError(`the synthetic samples of ${request.name} are [${genes}, ${channels}] per sample but the loaded `
      + `encoding is [${geneSlots}, ${componentsPerGene}]: load or encode the dataset the backbone was trained on`);
  }
  if (!Number.isSafeInteger(count) || count < 1 || samples.length !== count * genes * channels) {
    throw new InvalidRequestError(`the synthetic set holds ${samples.length} values, not ${count} × ${genes} × ${channels}: generate it again`);
  }
}

/** Diverged sampling would decode to nonsense (and NaN to missing calls): refuse it plainly. */
function checkFinite(request: SyntheticExportRequest): void {
  let bad = 0;
  for (let k = 0; k < request.samples.length; k++) if (!Number.isFinite(request.samples[k])) bad++;
  if (bad > 0) {
    throw new InvalidRequestError(`${bad.toLocaleString('en-US')} values of ${request.name}'s synthetic samples are NaN or `
      + 'infinite (the sampling diverged): generate the set again before exporting it');
  }
}

/** The labels as the writers take them (int8, −1 none), each a class of the loaded encoding. */
function checkLabels(request: SyntheticExportRequest, classNames: string[]): Int8Array | null {
  const { labels, count } = request;
  if (!labels) return null;
  if (labels.length !== count) throw new InvalidRequestError(`${labels.length} labels for ${count} synthetic samples: generate the set again`);
  const bad = labels.findIndex((label) => label < -1 || label >= classNames.length);
  if (bad >= 0) {
    const classes = classNames.length === 0 ? 'no classes' : `classes ${classNames.map((c, i) => `${i} ${c}`).join(', ')}`;
    throw new InvalidRequestError(`sample ${bad} of ${request.name} was generated for class ${labels[bad]}, but the loaded `
      + `encoding has ${classes}: load the labelled dataset the backbone was trained on`);
  }
  return Int8Array.from(labels);
}

type ZipEntry = Pick<ZipChunksEntry, 'name' | 'chunks'>;

/** Deflates each file chunk by chunk as its writer yields it, so no file is ever held whole uncompressed. */
function zipStreams(entries: ZipEntry[]): Uint8Array {
  return collectZipBytes(zipStream(entries.map((entry): ZipChunksEntry => ({ ...entry, level: 6 }))));
}

function genotypeEntries(cohort: Cohort, format: 'vcf' | 'plink', stem: string): ZipEntry[] {
  const genotypes: ZipEntry[] = format === syntheticExportFormats.vcf
    ? [{ name: `${stem}.vcf`, chunks: vcfChunks(cohort, { source: `gene-diffusion-workbench:synthetic:${stem}` }) }]
    : [{ name: `${stem}.bed`, chunks: bedChunks(cohort) }, { name: `${stem}.bim`, chunks: bimChunks(cohort) },
      { name: `${stem}.fam`, chunks: famChunks(cohort) }];
  const phenotype = cohort.phenotype ? [{ name: `${stem}.phenotype.tsv`, chunks: phenotypeTsvChunks(cohort.sampleIds, cohort.phenotype) }] : [];
  return [...genotypes, ...phenotype, { name: `${stem}.genes.bed`, chunks: geneBedChunks(cohort.genes ?? []) }];
}

/**
 * The synthetic set as a zip. 'bundle': the dataset bundle layout with every sample in the train
 * role (synthetic genomes are for training on, as in TSTR; readBundle and the Data panel load it,
 * and a real holdout comes from the real bundle). 'vcf' / 'plink': the decoded genotypes.
 */
export async function exportSyntheticZip(request: SyntheticExportRequest, target: SyntheticExportCodec): Promise<BundleZip> {
  // 1. Every refusal before any work.
  checkShape(request, target);
  checkFinite(request);
  const labels = checkLabels(request, target.classNames);
  const { codec, classNames } = target;
  const { count, genes, channels, samples } = request;
  const stem = `synthetic-${sanitizeExportName(request.name)}`;
  const idPrefix = syntheticIdPrefix(request.name);
  // 2. A bundle keeps the tensor as it is, with the codec that decodes it.
  if (request.format === syntheticExportFormats.bundle) {
    const files = await createBundle({
      codec, sampleIds: syntheticSampleIds(idPrefix, count), labels, classNames,
      split: { roles: new Uint8Array(count).fill(sampleRoles.train) }, ...(target.assignment ? { assignment: target.assignment } : {}),
    });
    const tensor = { data: samples, shape: { batch: count, genes, channels } };
    return { fileName: `${stem}-G${codec.settings.geneSlots}-bundle.zip`, bytes: zipBundleBytes(files, tensor) };
  }
  // 3. Genotypes: decoded once, then each file streamed into the zip.
  const cohort = syntheticCohort(codec, samples, count, { idPrefix, labels, classNames });
  return { fileName: `${stem}-${request.format}.zip`, bytes: zipStreams(genotypeEntries(cohort, request.format, stem)) };
}
