// Synthetic cohorts imported from files beside the backbones (issue 12), held by the data engine:
// each read by the project's readers, matched to the codec's variants and encoded through the
// codec, or a tensor .npy already in the encoding; dropped when the encoding changes. A failed
// import leaves every held set as it was.
import type { GeneCodec } from '../core/encode/codec';
import { readSyntheticTensor } from '../core/encode/tensorImport';
import { resolveCohortRows } from '../core/encode/transform';
import { InvalidRequestError } from '../core/errors';
import type { GenotypeSpaceReport, GenotypeSpaceSettings } from '../core/genospace/section';
import type { ByteSource } from '../core/genotype/byteSource';
import type { HaptOneAllele } from '../core/genotype/hapt';
import { importSyntheticCohort, type SyntheticImport, type SyntheticSources } from '../core/genotype/syntheticImport';
import type { Cohort } from '../core/genotype/types';
import { sha256Hex } from '../core/report/plan';
import type { ImportedSetReport } from '../core/report/types';
import type { DataFileInput } from './data';
import type { EvaluatedLatentSet, ImportedPipelineSet } from './evaluationPipelineTypes';
import { encodedImport, genotypeSpaceReportOf, realGenotypesOf, type RealGenotypes } from './genotypeSpaceStep';

/** What the page learns of an imported set: its name, provenance and the codec it was encoded with. */
export interface SyntheticImportSummary extends Omit<ImportedSetReport, 'id' | 'metrics'> {
  name: string;
  codecSha256: string;
}

export interface SyntheticImportOptions {
  /** Which legend allele a 1 in a .hapt denotes (default a1, IMPUTE2). */
  haptOne?: HaptOneAllele;
  /** The chromosome of a legend without a chrom column whose ids are not CHR:POS. */
  legendChromosome?: string;
}

/** The codec of the held encoding and, when genotypes are loaded, the cohort and split it was fitted on. */
export interface ImportTarget {
  codec: GeneCodec;
  codecSha256: string;
  genotypes: { cohort: Cohort; trainIdx: Int32Array; holdoutIdx: Int32Array } | null;
}

const formatsText = 'a .vcf or .vcf.gz, a .bed with its .bim and .fam, a .hapt with its .legend, or a tensor .npy [N, G, C]';

/** Whether the files chosen for one set are a tensor .npy. */
export const isTensorImport = (files: readonly { name: string }[]): boolean => files.length === 1 && /\.npy$/i.test(files[0].name);

/** The reader inputs of the files chosen for one set, by extension. */
export function syntheticSourcesOf(files: DataFileInput[], toSource: (f: DataFileInput) => ByteSource, options: SyntheticImportOptions): SyntheticSources {
  const find = (pattern: RegExp) => files.find((f) => pattern.test(f.name));
  const names = files.map((f) => f.name).join(', ');
  const vcf = find(/\.vcf(\.b?gz)?$/i);
  if (vcf) return { format: 'vcf', vcf: toSource(vcf) };
  const hapt = find(/\.hapt(\.gz)?$/i);
  if (hapt) {
    const legend = find(/\.legend(\.gz)?$/i);
    if (!legend) throw new InvalidRequestError(`${hapt.name}: no .legend chosen with it; a .hapt needs its .legend (header id position a0 a1) to name its SNPs`);
    return {
      format: 'hapt', hapt: toSource(hapt), legend: toSource(legend),
      ...(options.haptOne ? { one: options.haptOne } : {}), ...(options.legendChromosome ? { chromosome: options.legendChromosome } : {}),
    };
  }
  const bed = find(/\.bed$/i);
  if (bed) {
    const stem = bed.name.slice(0, -4);
    const bim = find(new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.bim$`, 'i')) ?? find(/\.bim$/i);
    const fam = find(/\.fam$/i);
    const absent = [bim ? '' : `${stem}.bim`, fam ? '' : `${stem}.fam`].filter(Boolean);
    if (!bim || !fam) throw new InvalidRequestError(`${bed.name}: ${absent.join(' and ')} not chosen with it; a PLINK .bed needs its .bim and .fam`);
    return { format: 'plink', plink: { bed: toSource(bed), bim: toSource(bim), fam: toSource(fam) } };
  }
  throw new InvalidRequestError(`${names || 'no file'}: expected ${formatsText}`);
}

function summaryOf(set: ImportedPipelineSet, codecSha256: string): SyntheticImportSummary {
  return { name: set.id, codecSha256, ...set.provenance };
}

/** The imported sets one data engine holds, for one encoding at a time. */
export function createSyntheticImports() {
  /** `imported`: the genotypes as read; null for a tensor .npy (its genotype-space section decodes it, as a backbone's). */
  const held = new Map<string, { imported: SyntheticImport | null; set: ImportedPipelineSet; codecSha256: string }>();

  /** Drops the sets of another encoding than `codecSha256`. */
  const keepCodec = (codecSha256: string) => {
    for (const [name, entry] of held) if (entry.codecSha256 !== codecSha256) held.delete(name);
  };

  /**
   * The real genotypes as one byte a call, built for each genotype-space step and dropped after it:
   * at the paper's size they are ~0.5 GB beside the 2-bit cohort, too much to keep between
   * evaluations (issue 11); building them takes seconds.
   */
  function realGenotypes(target: ImportTarget): RealGenotypes {
    const g = target.genotypes;
    if (!g) throw new InvalidRequestError('the loaded dataset bundle holds no genotypes: load the VCF or PLINK files it was encoded from for the genotype-space section');
    return realGenotypesOf(g.cohort, { train: g.trainIdx, holdout: g.holdoutIdx }, resolveCohortRows(target.codec, g.cohort));
  }

  /** A new set's name, checked: valid and not taken. */
  function freeName(name: string, target: ImportTarget): string {
    const trimmed = name.trim();
    if (!/^[\w.+-]{1,40}$/.test(trimmed)) throw new InvalidRequestError(`synthetic set name '${name}': use 1 to 40 letters, digits, '.', '+', '-' or '_'`);
    keepCodec(target.codecSha256);
    if (held.has(trimmed)) throw new InvalidRequestError(`a synthetic set is already named '${trimmed}': remove it first or choose another name`);
    return trimmed;
  }

  return {
    /** A tensor .npy [N, G, C] in the held encoding (tensorImport.ts refuses any other). */
    async addTensor(name: string, file: { name: string; bytes: Uint8Array }, target: ImportTarget): Promise<SyntheticImportSummary> {
      const id = freeName(name, target);
      const { codec } = target;
      const { geneSlots: genes, componentsPerGene: channels } = codec.settings;
      const { data, count } = readSyntheticTensor(file.bytes, file.name, { genes, channels, mask: codec.mask });
      const snps = codec.variants.pos.length;
      const set: ImportedPipelineSet = {
        id, samples: data, count,
        provenance: {
          format: 'npy', files: [{ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }], samples: count, haptOne: null,
          variants: { matched: snps, flipped: 0, cohortUnmatched: 0, fileUnmatched: 0, inFile: snps, inCohort: snps },
        },
      };
      held.set(id, { imported: null, set, codecSha256: target.codecSha256 });
      return summaryOf(set, target.codecSha256);
    },
    async add(name: string, sources: SyntheticSources, target: ImportTarget, signal: AbortSignal): Promise<SyntheticImportSummary> {
      const trimmed = freeName(name, target);
      const { codec } = target;
      const imported = await importSyntheticCohort(trimmed, sources, codec.variants, { signal, targetAltFrequency: codec.means.map((m) => m / 2) });
      const set = encodedImport(imported, codec);
      held.set(trimmed, { imported, set, codecSha256: target.codecSha256 });
      return summaryOf(set, target.codecSha256);
    },
    remove(name: string): void {
      held.delete(name);
    },
    /** The sets of the encoding `codecSha256`, for the evaluation pipeline (copies the caller owns). */
    pipelineSets(codecSha256: string): ImportedPipelineSet[] {
      keepCodec(codecSha256);
      return [...held.values()].map(({ set }) => ({ ...set, samples: Float32Array.from(set.samples as Float32Array) }));
    },
    list(codecSha256: string): SyntheticImportSummary[] {
      keepCodec(codecSha256);
      return [...held.values()].map(({ set }) => summaryOf(set, codecSha256));
    },
    genotypeSpace(sets: readonly EvaluatedLatentSet[], settings: GenotypeSpaceSettings, target: ImportTarget): GenotypeSpaceReport {
      keepCodec(target.codecSha256);
      const imported = new Map([...held].flatMap(([name, entry]) => (entry.imported ? [[name, entry.imported] as const] : [])));
      return genotypeSpaceReportOf(target.codec, realGenotypes(target), imported, sets, settings);
    },
  };
}
