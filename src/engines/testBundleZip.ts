// A small valid dataset bundle zip (12 samples, 2 genes in 4 slots) for the tests of the bundle
// loader: limits on its expansion and the fuzzing of its reader; and the files of a larger bundle
// whose tensor.npy a test writes itself (any floats: the reader checks its shape, not its values).
import { zipSync } from 'fflate';
import { assignSnpsToGenes } from '../core/encode/assign';
import { createBundle } from '../core/encode/bundle';
import type { BundleFiles } from '../core/encode/codecFiles';
import { encode, fitCodec } from '../core/encode/codec';
import { splitSamples } from '../core/encode/split';
import { makeCohort } from '../core/encode/testFixtures';

export async function createSmallBundleZip(): Promise<Uint8Array> {
  const cohort = makeCohort({ samples: 12, genes: [{ name: 'A', snps: 3 }, { name: 'B', snps: 6 }], founders: 2, seed: 5 });
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes!);
  const split = splitSamples(cohort.phenotype!.labels, 12, { seed: 1 });
  const codec = fitCodec(cohort, assignment, split.trainIdx, { geneSlots: 4 });
  const files = await createBundle({
    codec, tensor: encode(codec, cohort), sampleIds: cohort.sampleIds, labels: cohort.phenotype!.labels,
    classNames: ['control', 'case'], split, assignment,
  });
  return zipSync(files);
}

/** Every file of a valid bundle of `samples` samples (2 genes in `geneSlots` slots) but tensor.npy, and the shape that tensor must have. */
export async function createBundleFilesWithoutTensor(samples: number, geneSlots: number): Promise<{ files: BundleFiles; shape: { batch: number; genes: number; channels: number } }> {
  const cohort = makeCohort({ samples, genes: [{ name: 'A', snps: 3 }, { name: 'B', snps: 6 }], founders: 2, seed: 5 });
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes!);
  const split = splitSamples(cohort.phenotype!.labels, samples, { seed: 1 });
  const codec = fitCodec(cohort, assignment, split.trainIdx, { geneSlots });
  const files = await createBundle({
    codec, sampleIds: cohort.sampleIds, labels: cohort.phenotype!.labels, classNames: ['control', 'case'], split, assignment,
  });
  return { files, shape: { batch: samples, genes: geneSlots, channels: codec.settings.componentsPerGene } };
}
