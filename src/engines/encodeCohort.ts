// The encode the Data panel runs, as numbered steps over the core codec (src/core/encode):
// SNPs to genes, a seeded balanced split, the per-gene PCA fitted on the training split, every
// sample encoded chunk by chunk, and the round-trip ceiling on the holdout.
import { assignSnpsToGenes, type GeneAssignment } from '../core/encode/assign';
import {
  encodeInChunks, explainedVarianceReport, fitCodec, roundTripCeiling, type EncodedTensor, type GeneCodec,
} from '../core/encode/codec';
import { codecSha256, codecToFiles } from '../core/encode/codecFiles';
import { splitSamples, type SampleSplit } from '../core/encode/split';
import { InvalidRequestError, throwIfCancelled } from '../core/errors';
import type { Cohort } from '../core/genotype/types';
import type { EncodeSettings, EncodeSummary } from './data';
import type { DataProgress } from './dataProgress';
import type { SampleSet, SampleStore } from './sampleStore';

/**
 * The encoded tensor as the data engine holds it: the rows of a set in its sample store (chunks in
 * shared memory up to the store's budget, the rest spilled to its file), never one array.
 */
export interface StoredTensor {
  set: SampleSet;
  shape: EncodedTensor['shape'];
  mask: EncodedTensor['mask'];
}

export interface EncodedCohort {
  codec: GeneCodec;
  assignment: GeneAssignment;
  split: SampleSplit;
  tensor: StoredTensor;
  summary: EncodeSummary;
}

export interface EncodeRun {
  signal: AbortSignal;
  onProgress: (event: DataProgress) => void;
  now: () => number;
  /** Samples per encode chunk; the engine yields to its message loop between chunks. */
  chunkSamples?: number;
  /** Where the tensor's rows go, and the new set's id (the caller deletes the set it replaces). */
  store: SampleStore;
  setId: string;
}

/** Lets a worker handle a cancel message between steps; fitCodec itself runs without a pause. */
const yieldToMessages = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function checkpoint(signal: AbortSignal): Promise<void> {
  await yieldToMessages();
  throwIfCancelled(signal, 'encode');
}

function checkSettings(cohort: Cohort, settings: EncodeSettings): void {
  if (!cohort.genes || cohort.genes.length === 0) {
    throw new InvalidRequestError('the loaded cohort has no gene map: load a BED, GTF or GFF gene map together with the genotypes to encode per gene');
  }
  if (!Number.isSafeInteger(settings.splitSeed) || settings.splitSeed < 0) {
    throw new InvalidRequestError(`split seed = ${settings.splitSeed}; expected a whole number ≥ 0`);
  }
}

/**
 * Every sample into a new set of the store, chunk by chunk: the evaluation and training workers
 * read its shared memory and spill file, never a copy. A failed or cancelled encode deletes it.
 */
async function encodeAll(codec: GeneCodec, cohort: Cohort, run: EncodeRun): Promise<StoredTensor> {
  const n = cohort.sampleIds.length;
  const { geneSlots, componentsPerGene } = codec.settings;
  const set = run.store.createSet(run.setId, { dims: geneSlots * componentsPerGene, expectedRows: n });
  try {
    run.onProgress({ status: 'encoding', samplesDone: 0, samplesTotal: n });
    for (const { offset, tensor } of encodeInChunks(codec, cohort, undefined, run.chunkSamples ?? 256)) {
      await set.append(tensor.data);
      run.onProgress({ status: 'encoding', samplesDone: offset + tensor.shape.batch, samplesTotal: n });
      await checkpoint(run.signal);
    }
    set.finish();
  } catch (err) {
    await run.store.delete(run.setId);
    throw err;
  }
  return { set, shape: { batch: n, genes: geneSlots, channels: componentsPerGene }, mask: codec.mask };
}

function describeComponents(codec: GeneCodec): Pick<EncodeSummary, 'componentsHistogram' | 'componentsByGene' | 'meanExplainedVariance'> {
  const histogram = new Array<number>(codec.settings.componentsPerGene + 1).fill(0);
  for (const gene of codec.genes) histogram[gene.components]++;
  const explained = explainedVarianceReport(codec).map((g) => g.explainedRatio);
  return {
    componentsHistogram: histogram,
    componentsByGene: codec.genes.map((g) => g.components),
    meanExplainedVariance: explained.length > 0 ? explained.reduce((a, b) => a + b, 0) / explained.length : 0,
  };
}

export async function encodeCohort(cohort: Cohort, cohortId: number, settings: EncodeSettings, run: EncodeRun): Promise<EncodedCohort> {
  const startMs = run.now();
  // 1. Settings that only make sense with this cohort.
  checkSettings(cohort, settings);
  // 2. SNPs to genes, and the seeded split (balanced over classes when there are labels).
  const assignment = assignSnpsToGenes(cohort.variants, cohort.genes ?? [], { nearestGene: settings.nearestGene });
  const labels = cohort.phenotype?.labels ?? null;
  const split = splitSamples(labels, cohort.sampleIds.length, { seed: settings.splitSeed, holdoutFraction: settings.holdoutFraction });
  await checkpoint(run.signal);
  // 3. The codec, on the training split only.
  const codec = fitCodec(cohort, assignment, split.trainIdx, {
    componentRule: settings.componentRule,
    varianceTarget: settings.varianceTarget,
    ...(settings.geneSlots === null ? {} : { geneSlots: settings.geneSlots }),
    signal: run.signal,
    onProgress: (p) => run.onProgress({ status: p.status === 'fitting-genes' ? 'fitting' : 'scaling', genesDone: p.genesDone, genesTotal: p.genesTotal }),
  });
  await checkpoint(run.signal);
  // 4. Every sample, chunk by chunk, into the store.
  const tensor = await encodeAll(codec, cohort, run);
  try {
    return await finishEncode(cohort, cohortId, settings, run, { codec, assignment, split, tensor, startMs });
  } catch (err) {
    await run.store.delete(run.setId);
    throw err;
  }
}

interface Encoded {
  codec: GeneCodec;
  assignment: GeneAssignment;
  split: SampleSplit;
  tensor: StoredTensor;
  startMs: number;
}

async function finishEncode(cohort: Cohort, cohortId: number, settings: EncodeSettings, run: EncodeRun, encoded: Encoded): Promise<EncodedCohort> {
  const { codec, assignment, split, tensor, startMs } = encoded;
  // 5. The round-trip ceiling on the holdout, and the codec's hash.
  run.onProgress({ status: 'checking', samplesTotal: split.holdoutIdx.length });
  const ceiling = split.holdoutIdx.length > 0 ? roundTripCeiling(codec, cohort, split.holdoutIdx) : null;
  const { layout, files } = codecToFiles(codec);
  const { geneSlots, componentsPerGene } = codec.settings;
  const summary: EncodeSummary = {
    source: 'genotypes',
    cohortId,
    settings: { ...settings, geneSlots },
    realGenes: codec.genes.length,
    geneSlots,
    componentsPerGene,
    ...describeComponents(codec),
    trainCount: split.trainIdx.length,
    holdoutCount: split.holdoutIdx.length,
    excludedCount: split.excludedIdx.length,
    holdoutPerClass: split.holdoutPerClass,
    classNames: cohort.phenotype?.classNames ?? [],
    roundTripCeiling: ceiling,
    codecSha256: await codecSha256(layout, files),
    genicSnps: assignment.genicSnpCount,
    nearestAssignedSnps: assignment.nearestAssignedCount,
    unassignedSnps: assignment.unassignedSnpCount,
    emptyGenes: assignment.emptyGeneCount,
    tensorBytes: tensor.shape.batch * tensor.shape.genes * tensor.shape.channels * 4,
    elapsedMs: run.now() - startMs,
  };
  return { codec, assignment, split, tensor, summary };
}
