// The design pipeline's input checks and its two classifiers: the predictor the optimisers climb and
// the oracle classifier that judges them, trained by the training engine on disjoint halves of the
// real training samples (each class split alternately after a seeded shuffle), both scored on the holdout.
import type { BackboneSpec } from '../core/backbone/spec';
import { defaultClassifierSpecs, type ClassifierKind } from '../core/classify/models';
import { defaultTrainSettings } from '../core/classify/train';
import { DesignError, designProblems } from '../core/design/errors';
import type { DesignSettings } from '../core/design/report';
import { sampleRoles } from '../core/encode/split';
import { createRng } from '../core/rng';
import { pickRows } from './evaluationCohort';
import type { TrainingEngine } from './training';
import type { TranslationCohort } from './translationPipeline';

/** Refuses what a chosen method cannot run on: a missing backbone or input, another encoding, one class. */
export function checkDesignInputs(cohort: TranslationCohort, plan: DesignSettings, spec: BackboneSpec | null): void {
  const { genes, channels } = cohort.shape;
  const present = new Set(Array.from(cohort.labels).filter((y) => y >= 0));
  if (present.size < 2) {
    throw new DesignError(designProblems.tooFewSamples, `the bundle's labelled samples are of ${present.size} class(es); the predictor and the oracle need a labelled case/control bundle`);
  }
  if (!present.has(plan.targetClass)) {
    throw new DesignError(designProblems.classOutOfRange, `target class ${plan.targetClass} has no labelled sample; the bundle's classes are ${[...present].sort().join(', ')}`);
  }
  const needs = plan.methods.filter((m) => m !== 'activation');
  if (needs.length === 0) return;
  if (!spec) throw new DesignError(designProblems.missingInput, `${needs.join(' and ')} need${needs.length === 1 ? 's' : ''} a backbone: load a ${needs.includes('joint') ? 'GAN generator' : 'diffusion backbone'}`);
  if ((spec.genes !== null && spec.genes !== genes) || (spec.channels !== null && spec.channels !== channels)
    || (spec.codecSha256 !== null && spec.codecSha256.toLowerCase() !== cohort.codecSha256.toLowerCase())) {
    throw new DesignError(designProblems.wrongEncoding, `${spec.fileName} takes [B, ${spec.genes ?? '?'}, ${spec.channels ?? '?'}] (codec ${spec.codecSha256 ?? 'unnamed'}); `
      + `the bundle is [N, ${genes}, ${channels}] (codec ${cohort.codecSha256}): use the bundle it was trained on`);
  }
  if (plan.methods.includes('joint') && (spec.kind !== 'gan-generator' || typeof spec.latentInput?.latentDim !== 'number')) {
    throw new DesignError(designProblems.missingInput, `${spec.fileName} has no latent input z [B, Dz] with a fixed Dz: the joint method needs a GAN generator`);
  }
  if (plan.methods.includes('guidance') && spec.kind !== 'diffusion') {
    throw new DesignError(designProblems.missingInput, `${spec.fileName} is a GAN generator: classifier guidance needs a diffusion backbone's denoiser`);
  }
  if (plan.methods.includes('guidance') && plan.guidance.steps > spec.schedule.timesteps) {
    throw new DesignError(designProblems.badSetting, `guidance steps = ${plan.guidance.steps}; expected 1 … ${spec.schedule.timesteps} (the backbone's T)`);
  }
  if (spec.labelInput && spec.numClasses !== null && plan.targetClass >= spec.numClasses) {
    throw new DesignError(designProblems.classOutOfRange, `target class ${plan.targetClass}; ${spec.fileName} takes classes 0 … ${spec.numClasses - 1}`);
  }
}

/** Labelled training rows split into two disjoint halves, class by class, after a seeded shuffle. */
export function splitForClassifiers(cohort: TranslationCohort, seed: number): { predictor: number[]; oracle: number[] } {
  const byClass = new Map<number, number[]>();
  cohort.labels.forEach((y, i) => {
    if (y >= 0 && cohort.roles[i] === sampleRoles.train) byClass.set(y, [...(byClass.get(y) ?? []), i]);
  });
  const rng = createRng(seed, 0xd1);
  const predictor: number[] = [];
  const oracle: number[] = [];
  for (const rows of [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r)) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    rows.forEach((row, k) => (k % 2 === 0 ? predictor : oracle).push(row));
  }
  if (predictor.length < 8 || oracle.length < 8) {
    throw new DesignError(designProblems.tooFewSamples, `${predictor.length + oracle.length} labelled training samples; the predictor and the oracle need at least 8 each on disjoint halves`);
  }
  return { predictor: predictor.sort((a, b) => a - b), oracle: oracle.sort((a, b) => a - b) };
}

export interface DesignClassifier {
  modelId: string;
  kind: ClassifierKind;
  holdoutBalancedAccuracy: number | null;
}

/** Rows of the cohort as a classifier's set: by reference where the cohort is stored or shared (the app's), else copied. */
const setOf = (cohort: TranslationCohort, rows: number[]) => {
  const data = pickRows(cohort.tensor, cohort.shape.genes * cohort.shape.channels, rows);
  return { data, shape: { ...cohort.shape, batch: rows.length }, labels: Int8Array.from(rows, (r) => cohort.labels[r]), mask: cohort.mask };
};

/** Trains one classifier on `rows` and scores it on the labelled holdout. */
export async function trainDesignClassifier(
  training: TrainingEngine, cohort: TranslationCohort, rows: number[], kind: ClassifierKind, epochs: number, seed: number, label: string,
): Promise<DesignClassifier> {
  await training.init();
  const classes = Math.max(cohort.classNames.length, 2, ...Array.from(cohort.labels, (y) => y + 1));
  const trained = await training.train({ set: setOf(cohort, rows), settings: { ...defaultTrainSettings, model: defaultClassifierSpecs[kind], epochs, seed }, classes, label });
  const holdout = [...cohort.labels.keys()].filter((i) => cohort.roles[i] === sampleRoles.holdout && cohort.labels[i] >= 0);
  const scored = holdout.length === 0 ? null
    : await training.evaluate({ modelId: trained.modelId, set: setOf(cohort, holdout), bootstrap: { resamples: 100, level: 0.95, seed, stratified: false } });
  return { modelId: trained.modelId, kind, holdoutBalancedAccuracy: scored ? scored.metrics.balancedAccuracy.estimate : null };
}
