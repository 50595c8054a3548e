// The genotype-space step of an evaluation (issue 12), shared by `gdw evaluate` and the app's data
// worker: an imported synthetic cohort encoded through the codec for the latent-space metrics, and
// the genotype-space sections of every evaluated set against the real genotypes (imported sets as
// read, backbones' sets decoded through the codec and labelled decoded), with the haplotype AATS
// where the real cohort and the set keep their haplotypes.
import type { GeneCodec } from '../core/encode/codec';
import { decode, encode } from '../core/encode/transform';
import {
  createGenotypeMatrix, genotypeMatrixOfDecoded, genotypeMatrixOfPacked, haplotypeMatrixOfPacked, type GenotypeMatrix,
} from '../core/genospace/matrix';
import {
  genotypeSetSection, genotypeSpaceReference, type GenotypeSpaceReport, type GenotypeSpaceSettings, type HaplotypeInput,
} from '../core/genospace/section';
import type { PackedDosages } from '../core/genotype/packedDosages';
import type { HetPhase } from '../core/genotype/phase';
import type { SyntheticImport } from '../core/genotype/syntheticImport';
import { forEachRowBlock, type RowData } from '../core/store/rowData';
import type { EvaluatedLatentSet, ImportedPipelineSet } from './evaluationPipelineTypes';

/** Real train and holdout genotypes over the codec's variants, sample-major. */
export interface RealGenotypes {
  train: GenotypeMatrix;
  holdout: GenotypeMatrix;
  /** Their haplotypes (two rows a person), or why the cohort has none. */
  haplotypes: { train: GenotypeMatrix; holdout: GenotypeMatrix } | { absent: string };
}

/**
 * The real genotypes of the training and holdout columns at the codec's variant rows, and their
 * haplotypes when the cohort was read phased (`phase`; else `unphasedReason` says why not).
 */
export function realGenotypesOf(
  cohort: { dosages: PackedDosages; phase?: HetPhase; unphasedReason?: string }, columns: { train: ArrayLike<number>; holdout: ArrayLike<number> }, rows: ArrayLike<number>,
): RealGenotypes {
  const { dosages, phase } = cohort;
  return {
    train: genotypeMatrixOfPacked(dosages, columns.train, rows), holdout: genotypeMatrixOfPacked(dosages, columns.holdout, rows),
    haplotypes: phase
      ? { train: haplotypeMatrixOfPacked(dosages, phase, columns.train, rows), holdout: haplotypeMatrixOfPacked(dosages, phase, columns.holdout, rows) }
      : { absent: `the real cohort has no haplotypes: ${cohort.unphasedReason ?? 'it was not read phased'}` },
  };
}

/** The haplotype sets of one synthetic set, or why it has none. */
function haplotypesOf(real: RealGenotypes, own: SyntheticImport | undefined): HaplotypeInput {
  if ('absent' in real.haplotypes) return real.haplotypes;
  if (!own) return { absent: 'decoded through the codec: dosages only, no haplotypes' };
  const { cohort, phase } = own;
  if (!cohort.phase) return { absent: `the set has no haplotypes: ${phase.phased ? 'its phase was not kept' : phase.reason}` };
  const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  return { ...real.haplotypes, synthetic: haplotypeMatrixOfPacked(cohort.dosages, cohort.phase, all(cohort.sampleIds.length), all(cohort.variants.pos.length)) };
}

/** An import encoded through the codec, with its provenance as the report records it. */
export function encodedImport(imported: SyntheticImport, codec: GeneCodec): ImportedPipelineSet {
  const tensor = encode(codec, imported.cohort);
  const m = imported.match;
  return {
    id: imported.name, samples: tensor.data, count: tensor.shape.batch,
    provenance: {
      format: imported.format, files: imported.files, samples: imported.cohort.sampleIds.length, haptOne: imported.haptOne,
      variants: { matched: m.matched, flipped: m.flippedCount, cohortUnmatched: m.unmatchedTarget, fileUnmatched: m.unmatchedSource, inFile: m.sourceVariants, inCohort: m.targetVariants },
    },
  };
}

/** An import's own genotypes over the codec's variants (missing where unmatched), sample-major. */
export function importedGenotypes(imported: SyntheticImport): GenotypeMatrix {
  const { cohort } = imported;
  return genotypeMatrixOfPacked(cohort.dosages, Array.from({ length: cohort.sampleIds.length }, (_, i) => i), Array.from({ length: cohort.variants.pos.length }, (_, v) => v));
}

/**
 * Hard genotypes of `n` latent rows decoded through the codec, sample-major, a block of rows at a
 * time (`blockRows`, default 32 MiB of rows): a set in a store is never read whole, and the float
 * decode holds one block (the paper's 1,040 rows are 585 MiB of latents, 200 MiB decoded).
 */
export function decodedGenotypes(codec: GeneCodec, data: RowData, n: number, blockRows?: number): GenotypeMatrix {
  const { geneSlots, componentsPerGene } = codec.settings;
  const snps = codec.variants.pos.length;
  const out = createGenotypeMatrix(n, snps);
  forEachRowBlock(data, geneSlots * componentsPerGene, n, (block, start, end) => {
    out.data.set(genotypeMatrixOfDecoded(decode(codec, block, end - start), end - start, snps).data, start * snps);
  }, blockRows);
  return out;
}

/** The genotype-space report of `sets`: imported sets as read, backbones' sets decoded through the codec. */
export function genotypeSpaceReportOf(
  codec: GeneCodec, real: RealGenotypes, imported: ReadonlyMap<string, SyntheticImport>, sets: readonly EvaluatedLatentSet[],
  settings: GenotypeSpaceSettings, log: (line: string) => void = () => {},
): GenotypeSpaceReport {
  const variants = codec.variants;
  const sections = sets.map((set) => {
    const own = set.kind === 'imported' ? imported.get(set.id) : undefined;
    const synthetic = own ? importedGenotypes(own) : decodedGenotypes(codec, set.samples, set.count);
    const kind = own ? 'imported' : 'decoded';
    log(`  [${set.id}] genotype space (${kind}): ${synthetic.samples} samples × ${synthetic.snps} SNPs`);
    return genotypeSetSection({ id: set.id, kind, train: real.train, holdout: real.holdout, synthetic, variants, haplotypes: haplotypesOf(real, own) }, settings);
  });
  return { settings, reference: genotypeSpaceReference, sets: sections };
}
