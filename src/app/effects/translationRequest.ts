// The Translate card's form, parsed into the translation pipeline's plan. Every refusal that needs
// only the form and the chosen backbone happens here, at the field, before anything starts: the
// backbone checks are core/translate's own (checkTranslationSettings), so the card and the
// pipeline refuse with the same words.
import { defaultClassifierSpecs } from '../../core/classify/models';
import { defaultTrainSettings } from '../../core/classify/train';
import { InvalidRequestError } from '../../core/errors';
import { TranslationError, translationProblems, type TranslationProblem } from '../../core/translate/errors';
import { checkTranslationSettings, type TranslationBackboneInfo, type TranslationSettings } from '../../core/translate/translate';
import type { TranslationPlan } from '../../engines/translationPipeline';
import type { TranslationForm, UmapRealSelection } from '../store';
import { parseWholeField, fieldParser, type FieldErrors } from './formNumbers';

export type TranslationField = 'backboneId' | 'sourceClass' | 'targetClass' | 'depth' | 'steps' | 'refine' | 'samples' | 'maxSamples' | 'seed' | 'classifierEpochs';

export const translationFieldLabels: Record<TranslationField, string> = {
  backboneId: 'Backbone',
  sourceClass: 'Source class',
  targetClass: 'Target class',
  depth: 'Inversion depth t*',
  steps: 'DDIM steps',
  refine: 'Refinements',
  samples: 'Samples',
  maxSamples: 'Samples at most',
  seed: 'Seed',
  classifierEpochs: 'Classifier epochs',
};

/** Samples per denoiser call: speed and memory only, never the results. */
export const TRANSLATION_BATCH = 16;
/** Genes of the ranked table with bootstrap intervals. */
export const TRANSLATION_TOP_GENES = 20;
/** SNPs of the ranked decoded-dosage table. */
export const TRANSLATION_TOP_SNPS = 20;

/** Which field a refusal of checkTranslationSettings belongs to. */
const fieldOfProblem: Partial<Record<TranslationProblem, TranslationField>> = {
  [translationProblems.unconditionalBackbone]: 'backboneId',
  [translationProblems.oneClass]: 'targetClass',
  [translationProblems.classOutOfRange]: 'sourceClass',
  [translationProblems.depthOutOfRange]: 'depth',
  [translationProblems.badSetting]: 'steps',
};

/** t* as typed: 'T' for the backbone's T, else a whole number (its range is checked against T by the core). */
function parseDepth(text: string, timesteps: number): number {
  const trimmed = text.trim();
  if (trimmed.toUpperCase() === 'T') return timesteps;
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isSafeInteger(value)) throw new InvalidRequestError(`${translationFieldLabels.depth} = '${text}'; expected a whole number from 1 to T, or T`);
  return value;
}

/** The real samples the form's "UMAP selection" stands for; throws when the selection holds none. */
function selectedIds(selection: UmapRealSelection | null): string[] {
  if (!selection || selection.realSampleIds.length === 0) {
    const what = selection ? `the UMAP selection holds ${selection.points} points, none of them real` : 'nothing is selected on the UMAP';
    throw new InvalidRequestError(`${translationFieldLabels.samples}: ${what}; lasso or box-select real-train or real-holdout points `
      + 'in the Compare panel\'s UMAP (synthetic samples are not translated)');
  }
  return selection.realSampleIds;
}

function parseFields(form: TranslationForm, backbone: TranslationBackboneInfo | null, selection: UmapRealSelection | null) {
  const errors: FieldErrors<TranslationField> = {};
  const field = fieldParser(errors);
  if (!backbone) errors.backboneId = 'choose a loaded backbone (load one in the Backbones panel)';
  const timesteps = backbone?.timesteps ?? Number.MAX_SAFE_INTEGER;
  const values = {
    sourceClass: field('sourceClass', () => parseWholeField(translationFieldLabels.sourceClass, form.sourceClass, 0)),
    targetClass: field('targetClass', () => parseWholeField(translationFieldLabels.targetClass, form.targetClass, 0)),
    depth: field('depth', () => parseDepth(form.depth, timesteps)),
    steps: field('steps', () => parseWholeField(translationFieldLabels.steps, form.steps, 1)),
    refine: field('refine', () => parseWholeField(translationFieldLabels.refine, form.refine, 0, 10)),
    sampleIds: form.samples === 'selection' ? field('samples', () => selectedIds(selection)) : null,
    maxSamples: field('maxSamples', () => parseWholeField(translationFieldLabels.maxSamples, form.maxSamples, 1)),
    seed: field('seed', () => parseWholeField(translationFieldLabels.seed, form.seed, 0)),
    classifierEpochs: form.flipRate ? field('classifierEpochs', () => parseWholeField(translationFieldLabels.classifierEpochs, form.classifierEpochs, 1, 500)) : null,
  };
  return { errors, values };
}

function settingsOf(values: ReturnType<typeof parseFields>['values'], form: TranslationForm): TranslationSettings | null {
  const { sourceClass, targetClass, depth, steps, refine } = values;
  if (sourceClass === null || targetClass === null || depth === null || steps === null || refine === null) return null;
  return { sourceClass, targetClass, depth, steps, fixedPointIterations: refine, batchSize: TRANSLATION_BATCH, cycle: form.cycle };
}

/** One message per field that is refused, each naming the field or the backbone and what was expected. */
export function getTranslationFieldErrors(
  form: TranslationForm, backbone: TranslationBackboneInfo | null, selection: UmapRealSelection | null = null,
): FieldErrors<TranslationField> {
  const { errors, values } = parseFields(form, backbone, selection);
  const settings = settingsOf(values, form);
  if (backbone && settings) {
    try {
      checkTranslationSettings(settings, backbone);
    } catch (err) {
      if (!(err instanceof TranslationError)) throw err;
      errors[fieldOfProblem[err.problem] ?? 'backboneId'] ??= err.message;
    }
  } else if (backbone && backbone.numClasses === null) {
    errors.backboneId = `${backbone.fileName} takes no class label; class translation needs a class-conditional backbone (an input y and gdw.num_classes ≥ 2)`;
  }
  return errors;
}

/** The pipeline's plan, or the first field's refusal (an InvalidRequestError naming the field). */
export function parseTranslationForm(
  form: TranslationForm, backbone: TranslationBackboneInfo | null, selection: UmapRealSelection | null = null,
): TranslationPlan {
  const errors = getTranslationFieldErrors(form, backbone, selection);
  const first = Object.values(errors)[0];
  if (first !== undefined) throw new InvalidRequestError(first);
  const { values } = parseFields(form, backbone, selection);
  return {
    settings: settingsOf(values, form) as TranslationSettings,
    // The selection's real samples, wherever they are in the split.
    samples: form.samples === 'selection' ? 'all' : form.samples,
    sampleIds: values.sampleIds,
    maxSamples: values.maxSamples,
    seed: values.seed as number,
    bootstrap: { resamples: 1000, level: 0.95 },
    topGenes: TRANSLATION_TOP_GENES,
    topSnps: TRANSLATION_TOP_SNPS,
    classifier: form.flipRate ? { spec: defaultClassifierSpecs.mlp, epochs: values.classifierEpochs ?? defaultTrainSettings.epochs } : null,
  };
}

/** Why the encoded data cannot be translated (nothing encoded, fewer than two classes), or null. */
export function getDataBlocker(encoding: { classNames: readonly string[]; holdoutPerClass: readonly number[] } | null): string | null {
  if (encoding === null) return 'Nothing is encoded: encode the cohort in the Data panel first.';
  const present = Math.max(encoding.classNames.length, encoding.holdoutPerClass.filter((n) => n > 0).length);
  return present < 2
    ? `The encoded cohort has ${present === 0 ? 'no class labels' : 'one class only'}: translation needs samples of at least two classes (a case/control cohort).`
    : null;
}
