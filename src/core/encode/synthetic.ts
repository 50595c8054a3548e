// Synthetic genomes back to genotypes: a gene tensor [N, G, C] decoded with the codec
// (x̂ = (s·t + m)·Wᵀ + μ, then round and clip to 0..2) into a Cohort that the VCF and PLINK
// writers take, over the codec's variants.
import { InvalidRequestError } from '../errors';
import type { Cohort } from '../genotype/types';
import { decode, packHardGenotypes, type GeneCodec } from './codec';

export interface SyntheticCohortOptions {
  /** Sample ids are `${idPrefix}${i}`; default 'syn'. */
  idPrefix?: string;
  /** Class per sample (−1 none), e.g. the labels a class-conditional backbone generated. */
  labels?: Int8Array | null;
  classNames?: string[];
}

/** `${prefix}${i}` for i = 0 … count − 1, zero-padded to one width so the ids sort in order. */
export function syntheticSampleIds(prefix: string, count: number): string[] {
  const digits = String(Math.max(0, count - 1)).length;
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(digits, '0')}`);
}

export function syntheticCohort(codec: GeneCodec, tensor: ArrayLike<number>, count: number, options: SyntheticCohortOptions = {}): Cohort {
  const { geneSlots, componentsPerGene } = codec.settings;
  if (tensor.length !== count * geneSlots * componentsPerGene) {
    throw new InvalidRequestError(
      `the tensor has ${tensor.length} values; expected ${count} × ${geneSlots} × ${componentsPerGene} for this codec`);
  }
  if (options.labels && options.labels.length !== count) {
    throw new InvalidRequestError(`${options.labels.length} labels for ${count} synthetic samples`);
  }
  return {
    sampleIds: syntheticSampleIds(options.idPrefix ?? 'syn', count),
    variants: codec.variants,
    dosages: packHardGenotypes(decode(codec, tensor, count), count),
    phenotype: options.labels ? { labels: options.labels, classNames: options.classNames ?? [] } : undefined,
    genes: codec.genes.map(({ chrom, start, end, name }) => ({ chrom, start, end, name })),
  };
}
