// `gdw evaluate --synthetic NAME=FILE` (issue 12): a synthetic cohort from another tool (VCF(.gz),
// a PLINK .bed with its .bim/.fam, or Yelmen's .hapt with the .legend beside it) matched to the
// codec's variants and encoded through the codec, so the pipeline measures it like a backbone's
// set; and the genotype-space step (`--genotypes FILE`: the real cohort the bundle was encoded
// from), run for the imported sets and, labelled decoded, for the backbones' decoded samples.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { GeneCodec } from '../core/encode/codec';
import { readSyntheticTensor } from '../core/encode/tensorImport';
import { sha256Hex } from '../core/report/plan';
import { resolveCohortRows } from '../core/encode/transform';
import type { BundleMetadata } from '../core/encode/bundle';
import { UsageError } from '../core/errors';
import { defaultGenotypeSpaceSettings, type GenotypeSpaceReport, type GenotypeSpaceSettings } from '../core/genospace/section';
import type { HaptOneAllele } from '../core/genotype/hapt';
import { readPlink } from '../core/genotype/plink';
import { importSyntheticCohort, type SyntheticImport, type SyntheticSources } from '../core/genotype/syntheticImport';
import { readVcf } from '../core/genotype/vcf';
import type { EvaluatedLatentSet, ImportedPipelineSet, PipelineInput } from '../engines/evaluationPipeline';
import { encodedImport, genotypeSpaceReportOf, realGenotypesOf, type RealGenotypes } from '../engines/genotypeSpaceStep';
import { createFileSource, createPlinkFileSources } from '../node/fileSource';
import { optionalInteger } from './args';
import type { CliIo } from './main';

export interface SyntheticArg {
  id: string;
  path: string;
}

/** `name=FILE` or a bare FILE (named after the file). */
export function parseSyntheticArg(raw: string): SyntheticArg {
  const at = raw.indexOf('=');
  const [id, path] = at < 0 ? [basename(raw).replace(/\.(vcf(\.gz)?|bed|hapt(\.gz)?|npy)$/i, ''), raw] : [raw.slice(0, at), raw.slice(at + 1)];
  if (!id || !path) throw new UsageError(`--synthetic ${raw}: expected name=FILE (.vcf, .vcf.gz, .bed, .hapt, .npy)`);
  return { id, path };
}

/** The readers' sources for a file by its extension; a .hapt takes the .legend of the same name. */
export function syntheticSources(path: string, hapt: { one?: HaptOneAllele; chromosome?: string }): SyntheticSources {
  if (/\.vcf(\.gz)?$/i.test(path)) return { format: 'vcf', vcf: createFileSource(path) };
  if (/\.bed$/i.test(path)) return { format: 'plink', plink: createPlinkFileSources(path.slice(0, -4)) };
  if (/\.hapt(\.gz)?$/i.test(path)) {
    const legend = path.replace(/\.hapt(\.gz)?$/i, '.legend');
    const found = [legend, `${legend}.gz`].find((p) => existsSync(p));
    if (!found) throw new UsageError(`${path}: no ${basename(legend)} beside it; a .hapt needs its .legend (id position a0 a1) for the SNPs`);
    return { format: 'hapt', hapt: createFileSource(path), legend: createFileSource(found), ...hapt };
  }
  throw new UsageError(`--synthetic ${path}: expected a .vcf, .vcf.gz, .bed (with .bim and .fam), .hapt (with .legend) or tensor .npy [N, G, C] file`);
}

/** Reads, matches and encodes one synthetic file; the import keeps its genotypes for the genotype-space step. */
export async function importForPipeline(arg: SyntheticArg, codec: GeneCodec, hapt: { one?: HaptOneAllele; chromosome?: string }): Promise<{ set: ImportedPipelineSet; imported: SyntheticImport | null }> {
  if (/\.npy$/i.test(arg.path)) return { set: await tensorForPipeline(arg, codec), imported: null };
  // The codec's means are the training split's mean dosages: ALT frequency = μ / 2 (orients a minor/major .hapt).
  const imported = await importSyntheticCohort(arg.id, syntheticSources(arg.path, hapt), codec.variants, { targetAltFrequency: codec.means.map((m) => m / 2) });
  return { imported, set: encodedImport(imported, codec) };
}

/** A tensor .npy [N, G, C] already in the bundle's encoding: its genotype-space section decodes it, as a backbone's set. */
async function tensorForPipeline(arg: SyntheticArg, codec: GeneCodec): Promise<ImportedPipelineSet> {
  const bytes = new Uint8Array(await readFile(arg.path));
  const name = basename(arg.path);
  const { geneSlots: genes, componentsPerGene: channels } = codec.settings;
  const { data, count } = readSyntheticTensor(bytes, name, { genes, channels, mask: codec.mask });
  const snps = codec.variants.pos.length;
  return {
    id: arg.id, samples: data, count,
    provenance: {
      format: 'npy', files: [{ name, sha256: await sha256Hex(bytes), bytes: bytes.length }], samples: count, haptOne: null,
      variants: { matched: snps, flipped: 0, cohortUnmatched: 0, fileUnmatched: 0, inFile: snps, inCohort: snps },
    },
  };
}

/** The real train and holdout genotypes over the codec's variants, from the file the bundle was encoded from. */
export async function readRealGenotypes(path: string, bundle: BundleMetadata): Promise<RealGenotypes> {
  const table = /\.bed$/i.test(path) ? await readPlink(createPlinkFileSources(path.slice(0, -4))) : await readVcf(createFileSource(path));
  const column = new Map(table.sampleIds.map((id, i) => [id, i]));
  const absent = bundle.sampleIds.filter((id) => !column.has(id));
  if (absent.length > 0) {
    throw new UsageError(`--genotypes ${path}: ${absent.length} of the bundle's ${bundle.sampleIds.length} samples are not in it (first: '${absent[0]}'); give the file the bundle was encoded from`);
  }
  const rows = resolveCohortRows(bundle.codec, { sampleIds: table.sampleIds, variants: table.variants, dosages: table.dosages });
  const columns = (idx: Int32Array) => Array.from(idx, (i) => column.get(bundle.sampleIds[i]) as number);
  return realGenotypesOf(table, { train: columns(bundle.split.trainIdx), holdout: columns(bundle.split.holdoutIdx) }, rows);
}

/** The pipeline's genotype-space step: imported sets as read, backbones' sets decoded through the codec. */
export function genotypeSpaceStep(
  codec: GeneCodec, real: RealGenotypes, imported: Map<string, SyntheticImport>, settings: GenotypeSpaceSettings,
): (sets: EvaluatedLatentSet[], log: (line: string) => void) => Promise<GenotypeSpaceReport> {
  return async (sets, log) => genotypeSpaceReportOf(codec, real, imported, sets, settings, log);
}

/** --hapt-one: which allele a 1 in a .hapt denotes (default a1, IMPUTE2's convention; printed and recorded). */
function haptOneOf(raw: unknown): HaptOneAllele {
  if (raw === undefined || raw === 'a1') return 'a1';
  if (raw === 'a0' || raw === 'major') return raw;
  throw new UsageError(`--hapt-one ${String(raw)}: expected a1 (1 = the legend's a1 allele, IMPUTE2), a0, or major (1 = the cohort's major allele, as Yelmen et al.'s README describes their files)`);
}

/**
 * The pipeline inputs of issue 12 from the flags: the imported sets (read and encoded before the
 * run, so a bad file fails before any backbone runs) and, with --genotypes, the genotype-space step.
 */
export async function genotypeSpaceOptions(
  values: Record<string, unknown>, bundle: BundleMetadata, seed: number, io: CliIo,
): Promise<Pick<PipelineInput, 'imported' | 'genotypeSpace' | 'warnings'>> {
  const args = ((values.synthetic as string[] | undefined) ?? []).map(parseSyntheticArg);
  const hapt = { one: haptOneOf(values['hapt-one']), ...(values['legend-chrom'] ? { chromosome: values['legend-chrom'] as string } : {}) };
  const imports = new Map<string, SyntheticImport>();
  const sets: ImportedPipelineSet[] = [];
  for (const arg of args) {
    if (imports.has(arg.id)) throw new UsageError(`two synthetic sets are named '${arg.id}'; give each a name: --synthetic name=FILE`);
    const { set, imported } = await importForPipeline(arg, bundle.codec, hapt);
    const v = set.provenance.variants;
    io.stderr(`synthetic ${arg.id} (${set.provenance.files.map((f) => f.name).join(', ')}): ${set.count} samples; ${v.matched} of the codec's ${v.inCohort} variants matched`
      + ` (${v.flipped} flipped), ${v.cohortUnmatched} missing from the file, ${v.fileUnmatched} of the file's ${v.inFile} not in the codec`
      + `${imported?.haptOne ? `; a 1 in the .hapt read as ${imported.haptOne === 'major' ? 'the major allele of the real training split' : `the legend's ${imported.haptOne}`}` : ''}`
      + `${imported ? `; haplotypes ${imported.phase.phased ? 'kept' : `not kept (${imported.phase.reason})`}` : ' (a tensor in the encoding: its genotype-space section decodes it)'}\n`);
    if (imported) imports.set(arg.id, imported);
    sets.push(set);
  }
  const genotypes = values.genotypes as string | undefined;
  if (!genotypes) {
    return { ...(sets.length > 0 ? { imported: sets, warnings: ['no --genotypes FILE (the real cohort the bundle was encoded from): no genotype-space section'] } : {}) };
  }
  const real = await readRealGenotypes(genotypes, bundle);
  const maxSamples = optionalInteger(values, 'genospace-samples', defaultGenotypeSpaceSettings.maxSamples, 2);
  const settings: GenotypeSpaceSettings = {
    ...defaultGenotypeSpaceSettings, seed, maxSamples,
    ldStart: optionalInteger(values, 'ld-start', defaultGenotypeSpaceSettings.ldStart, 0),
    ldWindow: optionalInteger(values, 'ld-window', defaultGenotypeSpaceSettings.ldWindow, 2),
    ldBinBp: optionalInteger(values, 'ld-bin-bp', defaultGenotypeSpaceSettings.ldBinBp, 1),
    // Two haplotypes a person: the haplotype AATS compares as many people as the diploid one at most.
    maxHaplotypes: optionalInteger(values, 'genospace-haplotypes', 2 * maxSamples, 2),
  };
  return { ...(sets.length > 0 ? { imported: sets } : {}), genotypeSpace: genotypeSpaceStep(bundle.codec, real, imports, settings) };
}
