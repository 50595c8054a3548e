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
import { newSharedFloat32 } from './sharedTensors';

export interface EncodedCohort {
  codec: GeneCodec;
  assignment: GeneAssignment;
  split: SampleSplit;
  tensor: EncodedTensor;
  summary: EncodeSummary;
}

export interface EncodeRun {
  signal: AbortSignal;
  onProgress: (event: DataProgress) => void;
  now: () => number;
  /** Samples per encode chunk; the engine yields to its message loop between chunks. */
  chunkSamples?: number;
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

async function encodeAll(codec: GeneCodec, cohort: Cohort, run: EncodeRun): Promise<EncodedTensor> {
  const n = cohort.sampleIds.length;
  const { geneSlots, componentsPerGene } = codec.settings;
  // Shared memory where the context may share it: the evaluation and training workers read these bytes, never a copy.
  const data = newSharedFloat32(n * geneSlots * componentsPerGene);
  run.onProgress({ status: 'encoding', samplesDone: 0, samplesTotal: n });
  for (const { offset, tensor } of encodeInChunks(codec, cohort, undefined, run.chunkSamples ?? 256)) {
    data.set(tensor.data, offset * geneSlots * componentsPerGene);
    run.onProgress({ status: 'encoding', samplesDone: offset + tensor.shape.batch, samplesTotal: n });
    await checkpoint(run.signal);
  }
  return { data, shape: { batch: n, genes: geneSlots, channels: componentsPerGene }, mask: codec.mask };
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
  // 4. Every sample, chunk by chunk.
  const tensor = await encodeAll(codec, cohort, run);
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
    tensorBytes: tensor.data.byteLength,
    elapsedMs: run.now() - startMs,
  };
  return { codec, assignment, split, tensor, summary };
}
