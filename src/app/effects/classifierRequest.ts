// Turns the Classifiers form (strings as typed) and the encoded dataset into the real half of a
// TSTR request: train on the labelled real training split, test on the labelled real holdout,
// every other setting from defaultTrainSettings and recorded with the result (REFERENCE.md).
import { inferClassCount, type LabelledSet } from '../../core/classify/dataset';
import { defaultBootstrapSettings } from '../../core/classify/evaluate';
import { classifierKinds, defaultClassifierSpecs, type ClassifierKind } from '../../core/classify/models';
import { defaultTrainSettings } from '../../core/classify/train';
import type { TstrRequest } from '../../core/classify/tstr';
import { sampleRoles } from '../../core/encode/split';
import { InvalidRequestError } from '../../core/errors';
import type { EncodedDataset } from '../../engines/data';
import { labelledRoleSet } from '../../engines/evaluationCohort';
import type { ClassifierForm } from '../store';
import { collectFieldErrors, parseWholeField, type FieldErrors } from './formNumbers';

/** The most epochs the form accepts: a guard against a typo, not a limit of the engine. */
export const MAX_CLASSIFIER_EPOCHS = 1000;

export interface ClassifierChoice {
  kind: ClassifierKind;
  epochs: number;
  seed: number;
}

/** How the form names each classifier. */
export const classifierNames: Record<ClassifierKind, string> = { mlp: 'MLP', cnn: 'CNN', transformer: 'Transformer' };

/** The number fields, each a parser that throws an InvalidRequestError naming it as the form labels it. */
function classifierFieldParsers(form: ClassifierForm) {
  return {
    epochs: () => parseWholeField('Epochs', form.epochs, 1, MAX_CLASSIFIER_EPOCHS),
    seed: () => parseWholeField('Seed', form.seed, 0),
  } satisfies Record<'epochs' | 'seed', () => number>;
}

/** The errors of the Classifiers form's number fields, by field; empty when Train can start. */
export function getClassifierFieldErrors(form: ClassifierForm): FieldErrors<'epochs' | 'seed'> {
  return collectFieldErrors<'epochs' | 'seed'>(classifierFieldParsers(form));
}

export function parseClassifierForm(form: ClassifierForm): ClassifierChoice {
  if (!(Object.values(classifierKinds) as string[]).includes(form.kind)) {
    throw new InvalidRequestError(`classifier '${form.kind}' is not one of ${Object.values(classifierKinds).join(', ')}`);
  }
  const fields = classifierFieldParsers(form);
  return { kind: form.kind, epochs: fields.epochs(), seed: fields.seed() };
}

/** The labelled samples of one role as a classifier's set (unlabelled samples cannot train or test). */
export function labelledRows(dataset: EncodedDataset, role: number): LabelledSet {
  return labelledRoleSet(dataset, role);
}

/** Real train → real holdout with no synthetic set; the seed drives training and the bootstrap. */
export function createRealTstrRequest(dataset: EncodedDataset, choice: ClassifierChoice): TstrRequest {
  const realTrain = labelledRows(dataset, sampleRoles.train);
  const holdout = labelledRows(dataset, sampleRoles.holdout);
  if (realTrain.shape.batch === 0) {
    throw new InvalidRequestError('the encoding has no labelled training samples: load a phenotype file with the genotypes and encode again');
  }
  if (holdout.shape.batch === 0) {
    throw new InvalidRequestError('the encoding has no labelled holdout samples: set a holdout share above 0 % in the Data panel and encode again');
  }
  return {
    realTrain, holdout, synthetic: [],
    classes: Math.max(dataset.classNames.length, inferClassCount(realTrain.labels), inferClassCount(holdout.labels)),
    train: { ...defaultTrainSettings, model: defaultClassifierSpecs[choice.kind], epochs: choice.epochs, seed: choice.seed },
    bootstrap: { ...defaultBootstrapSettings, seed: choice.seed },
  };
}
