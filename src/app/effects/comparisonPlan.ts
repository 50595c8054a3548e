// The pure half of the Compare panel's evaluation: the form parsed into the evaluation pipeline's
// plan, which generated sets can be compared (same [G, C] as the encoding, same codec), and each
// set and the encoded dataset as the pipeline takes them (src/engines/evaluationPipeline.ts).
import { classifierKinds, type ClassifierKind } from '../../core/classify/models';
import { InvalidRequestError } from '../../core/errors';
import { defaultEmbeddingSettings } from '../../core/report/embedding';
import { getDisplayName } from '../../core/report/identity';
import { checkCodec } from '../../core/report/plan';
import { resolveMetricSettings } from '../../core/report/sampleSetMetrics';
import type { TstrTrainingSet } from '../../core/report/types';
import type { EncodedDataset } from '../../engines/data';
import type { EvaluationCohort } from '../../engines/evaluationCohort';
import {
  tstrTrainingSets, type EvaluationPlan, type PipelineBackbone, type PipelineInference,
} from '../../engines/evaluationPipeline';
import type { SyntheticSet } from '../sampleSets';
import type { ComparisonForm } from '../store';
import { collectFieldErrors, parseWholeField, type FieldErrors } from './formNumbers';

export interface ComparisonChoice {
  seed: number;
  k: number;
  bootstrapResamples: number;
  umapPoints: number;
  levels: number;
  classifiers: ClassifierKind[];
  tstrEpochs: number;
  tstrTrainingSet: TstrTrainingSet;
}

/** The fields as the Evaluate card labels them (EvaluateCard.tsx), for error messages. */
export const comparisonFieldLabels = {
  seed: 'Seed', k: 'Neighbours k', bootstrapResamples: 'Bootstrap', umapPoints: 'UMAP points',
  levels: 'Noise levels', tstrEpochs: 'TSTR epochs',
} as const;

function parseTstrTrainingSet(value: string): TstrTrainingSet {
  const known = Object.values(tstrTrainingSets) as string[];
  if (!known.includes(value)) throw new InvalidRequestError(`TSTR training sets '${value}' is not one of ${known.join(', ')}`);
  return value as TstrTrainingSet;
}

type ComparisonTextField = keyof typeof comparisonFieldLabels;

/** Each number field, as a parser that throws an InvalidRequestError naming the field as the form labels it. */
function comparisonFieldParsers(form: ComparisonForm) {
  return {
    seed: () => parseWholeField(comparisonFieldLabels.seed, form.seed, 0, 2 ** 31 - 1),
    k: () => parseWholeField(comparisonFieldLabels.k, form.k, 1, 100),
    bootstrapResamples: () => parseWholeField(comparisonFieldLabels.bootstrapResamples, form.bootstrapResamples, 1, 100_000),
    umapPoints: () => parseWholeField(comparisonFieldLabels.umapPoints, form.umapPoints, 0, 100_000),
    levels: () => parseWholeField(comparisonFieldLabels.levels, form.levels, 2, 1000),
    tstrEpochs: () => parseWholeField(comparisonFieldLabels.tstrEpochs, form.tstrEpochs, 1, 1000),
  } satisfies Record<ComparisonTextField, () => number>;
}

/** The errors of the Evaluate form's number fields, by field; empty when Evaluate can start. */
export function getComparisonFieldErrors(form: ComparisonForm): FieldErrors<ComparisonTextField> {
  return collectFieldErrors<ComparisonTextField>(comparisonFieldParsers(form));
}

export function parseComparisonForm(form: ComparisonForm): ComparisonChoice {
  const known = Object.values(classifierKinds) as string[];
  const bad = form.classifiers.find((k) => !known.includes(k));
  if (bad !== undefined) throw new InvalidRequestError(`classifier '${bad}' is not one of ${known.join(', ')}`);
  const fields = comparisonFieldParsers(form);
  return {
    seed: fields.seed(),
    k: fields.k(),
    bootstrapResamples: fields.bootstrapResamples(),
    umapPoints: fields.umapPoints(),
    levels: fields.levels(),
    classifiers: [...new Set(form.classifiers)],
    tstrEpochs: fields.tstrEpochs(),
    tstrTrainingSet: parseTstrTrainingSet(form.tstrTrainingSet),
  };
}

/** The encoded dataset as the evaluation pipeline's cohort. */
export function cohortOfDataset(dataset: EncodedDataset, realGenes: number): EvaluationCohort {
  return { ...dataset, realGenes };
}

/** Sets shaped like the encoding are compared; the others are named with the reason. */
export function pickComparableSets(
  sets: SyntheticSet[], dataset: EncodedDataset,
): { usable: SyntheticSet[]; skipped: { backboneId: string; reason: string }[] } {
  const { genes, channels } = dataset.shape;
  const usable: SyntheticSet[] = [];
  const skipped: { backboneId: string; reason: string }[] = [];
  for (const set of sets) {
    if (set.genes !== genes || set.channels !== channels) {
      skipped.push({ backboneId: set.backboneId, reason: `its samples are [${set.genes}, ${set.channels}], the encoding is [${genes}, ${channels}]` });
    } else if (set.count < 2) {
      skipped.push({ backboneId: set.backboneId, reason: `only ${set.count} sample generated; at least 2 are needed` });
    } else {
      usable.push(set);
    }
  }
  return { usable, skipped };
}

/**
 * One held set for the pipeline: evaluated as generated; `engine` is its backbone's worker while
 * it is loaded (curves, TSTR set), null once it is not.
 */
export function pipelineBackboneOf(set: SyntheticSet, engine: PipelineInference | null): PipelineBackbone {
  return {
    id: set.backboneId,
    name: getDisplayName({ id: set.backboneId, fileName: set.file.name }),
    given: {
      samples: set.samples, count: set.count, labels: set.labels, request: set.request,
      executionProvider: set.executionProvider, elapsedMs: set.elapsedMs, version: set.version,
    },
    open: async () => ({
      spec: set.spec, file: { ...set.file }, engine, executionProvider: set.executionProvider,
      unloadedReason: engine ? undefined : 'not loaded any more',
    }),
  };
}

/** A backbone trained on another encoding cannot be compared against this one. */
export function codecMismatch(set: SyntheticSet, dataset: EncodedDataset): string | null {
  // The pipeline's own check (it opens each backbone in turn): here every set is checked before any work.
  try {
    checkCodec(set.spec, dataset.codecSha256);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The pipeline's plan from the Evaluate form: sets as generated, curves in batches of 64, one draw per sample. */
export function evaluationPlanOf(choice: ComparisonChoice): EvaluationPlan {
  return {
    seed: choice.seed,
    generation: null,
    reconstruction: { levels: choice.levels, batchSize: 64 },
    validationLoss: { drawsPerSample: 1 },
    metrics: resolveMetricSettings({ seed: choice.seed, k: choice.k, bootstrap: { resamples: choice.bootstrapResamples, level: 0.95 } }),
    umap: choice.umapPoints === 0 ? null : { ...defaultEmbeddingSettings, seed: choice.seed, maxPerSet: choice.umapPoints },
    tstr: { classifiers: choice.classifiers, epochs: choice.tstrEpochs, bootstrapResamples: choice.bootstrapResamples, trainingSet: choice.tstrTrainingSet },
  };
}
