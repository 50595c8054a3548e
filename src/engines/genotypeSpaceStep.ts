// The genotype-space step of an evaluation (issue 12), shared by `gdw evaluate` and the app's data
// worker: an imported synthetic cohort encoded through the codec for the latent-space metrics, and
// the genotype-space sections of every evaluated set against the real genotypes (imported sets as
// read, backbones' sets decoded through the codec and labelled decoded).
import type { GeneCodec } from '../core/encode/codec';
import { decode, encode } from '../core/encode/transform';
import { genotypeMatrixOfDecoded, genotypeMatrixOfPacked, type GenotypeMatrix } from '../core/genospace/matrix';
import {
  genotypeSetSection, genotypeSpaceReference, type GenotypeSpaceReport, type GenotypeSpaceSettings,
} from '../core/genospace/section';
import type { SyntheticImport } from '../core/genotype/syntheticImport';
import { wholeRows } from '../core/store/rowData';
import type { EvaluatedLatentSet, ImportedPipelineSet } from './evaluationPipelineTypes';

/** Real train and holdout genotypes over the codec's variants, sample-major. */
export interface RealGenotypes {
  train: GenotypeMatrix;
  holdout: GenotypeMatrix;
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

/** The genotype-space report of `sets`: imported sets as read, backbones' sets decoded through the codec. */
export function genotypeSpaceReportOf(
  codec: GeneCodec, real: RealGenotypes, imported: ReadonlyMap<string, SyntheticImport>, sets: readonly EvaluatedLatentSet[],
  settings: GenotypeSpaceSettings, log: (line: string) => void = () => {},
): GenotypeSpaceReport {
  const variants = codec.variants;
  const sections = sets.map((set) => {
    const own = set.kind === 'imported' ? imported.get(set.id) : undefined;
    const synthetic = own ? importedGenotypes(own) : genotypeMatrixOfDecoded(decode(codec, wholeRows(set.samples), set.count), set.count, variants.pos.length);
    const kind = own ? 'imported' : 'decoded';
    log(`  [${set.id}] genotype space (${kind}): ${synthetic.samples} samples × ${synthetic.snps} SNPs`);
    return genotypeSetSection({ id: set.id, kind, train: real.train, holdout: real.holdout, synthetic, variants }, settings);
  });
  return { settings, reference: genotypeSpaceReference, sets: sections };
}
