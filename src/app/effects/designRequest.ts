// The Design card's form, parsed into the design pipeline's settings. Every refusal that needs only
// the form and the chosen backbone happens here, at the field, before anything starts; ranges are the
// core's own (checkDesignSettings), so the card and `gdw design` refuse with the same words.
import type { BackboneSpec } from '../../core/backbone/spec';
import { DesignError } from '../../core/design/errors';
import type { DesignMethod, DesignSettings } from '../../core/design/report';
import { InvalidRequestError } from '../../core/errors';
import { checkDesignSettings, defaultDesignSettings } from '../../engines/designPipeline';
import type { DesignForm } from '../store';
import { parseNumberField, parseWholeField, fieldParser, type FieldErrors } from './formNumbers';

export type DesignField =
  | 'backboneId' | 'methods' | 'targetClass' | 'designs' | 'iterations' | 'stepSize' | 'realismWeight'
  | 'generations' | 'population' | 'sigma' | 'guidanceScale' | 'guidanceSteps' | 'seed' | 'epochs';

export const designFieldLabels: Record<DesignField, string> = {
  backboneId: 'Backbone',
  methods: 'Methods',
  targetClass: 'Target class',
  designs: 'Designs per method',
  iterations: 'Gradient steps',
  stepSize: 'Step size η',
  realismWeight: 'Realism weight λ',
  generations: 'ES generations',
  population: 'Candidates per design',
  sigma: 'ES σ₀',
  guidanceScale: 'Guidance scale s',
  guidanceSteps: 'Guidance DDIM steps',
  seed: 'Seed',
  epochs: 'Classifier epochs',
};

/** Genes of the per-gene change table with intervals. */
export const DESIGN_TOP_GENES = 10;

/** The methods ticked, in the pipeline's order. */
export const chosenMethods = (form: DesignForm): DesignMethod[] =>
  (['activation', 'joint', 'guidance'] as const).filter((m) => form[m]);

/** What a method needs of the backbone, or null when the chosen backbone has it. */
function methodBlocker(method: DesignMethod, spec: BackboneSpec | null): string | null {
  if (method === 'activation') return null;
  if (method === 'joint') {
    if (!spec) return 'the joint method needs a loaded GAN generator: choose one as the backbone';
    return spec.kind === 'gan-generator' && typeof spec.latentInput?.latentDim === 'number'
      ? null : `${spec.fileName} has no latent input z [B, Dz] with a fixed Dz: the joint method needs a GAN generator`;
  }
  if (!spec) return 'classifier guidance needs a loaded diffusion backbone: choose one as the backbone';
  return spec.kind === 'diffusion' ? null : `${spec.fileName} is a GAN generator: classifier guidance needs a diffusion backbone's denoiser`;
}

function parseFields(form: DesignForm, spec: BackboneSpec | null) {
  const errors: FieldErrors<DesignField> = {};
  const field = fieldParser(errors);
  const methods = chosenMethods(form);
  if (methods.length === 0) errors.methods = 'choose one or more methods: activation maximisation, the joint method or classifier guidance';
  const blocked = methods.map((m) => methodBlocker(m, spec)).find((b) => b !== null);
  if (blocked) errors.methods = blocked;
  const uses = (m: DesignMethod) => methods.includes(m);
  const whole = (name: DesignField, min: number, max?: number) => field(name, () => parseWholeField(designFieldLabels[name], form[name as keyof DesignForm] as string, min, max));
  const num = (name: DesignField, min: number, max: number) => field(name, () => parseNumberField(designFieldLabels[name], form[name as keyof DesignForm] as string, min, max));
  const timesteps = spec?.kind === 'diffusion' ? spec.schedule.timesteps : 10_000;
  const values = {
    targetClass: whole('targetClass', 0),
    designs: whole('designs', 1, 4096),
    seed: whole('seed', 0),
    epochs: whole('epochs', 1, 500),
    iterations: uses('activation') ? whole('iterations', 1, 10_000) : null,
    stepSize: uses('activation') ? num('stepSize', 0, 10) : null,
    realismWeight: uses('activation') ? num('realismWeight', 0, 1000) : null,
    generations: uses('joint') ? whole('generations', 1, 10_000) : null,
    population: uses('joint') ? whole('population', 4, 1024) : null,
    sigma: uses('joint') ? num('sigma', 0, 10) : null,
    guidanceScale: uses('guidance') ? num('guidanceScale', 0, 1000) : null,
    guidanceSteps: uses('guidance') ? whole('guidanceSteps', 1, timesteps) : null,
  };
  if (values.stepSize === 0) errors.stepSize = `${designFieldLabels.stepSize} = '${form.stepSize}'; expected a number in (0, 10]`;
  if (values.sigma === 0) errors.sigma = `${designFieldLabels.sigma} = '${form.sigma}'; expected a number in (0, 10]`;
  if (spec?.labelInput && spec.numClasses !== null && values.targetClass !== null && values.targetClass >= spec.numClasses && (uses('joint') || uses('guidance'))) {
    errors.targetClass = `${designFieldLabels.targetClass} = ${values.targetClass}; ${spec.fileName} takes classes 0 … ${spec.numClasses - 1}`;
  }
  return { errors, values, methods };
}

function settingsOf({ values, methods }: ReturnType<typeof parseFields>, form: DesignForm): DesignSettings {
  const base = defaultDesignSettings({ targetClass: values.targetClass ?? 0, methods });
  return {
    ...base,
    designs: values.designs ?? base.designs,
    seed: values.seed ?? base.seed,
    start: form.start,
    activation: {
      ...base.activation, iterations: values.iterations ?? base.activation.iterations, stepSize: values.stepSize ?? base.activation.stepSize,
      realismWeight: values.realismWeight ?? base.activation.realismWeight,
    },
    latent: { ...base.latent, iterations: values.generations ?? base.latent.iterations, populationSize: values.population ?? base.latent.populationSize, initialSigma: values.sigma ?? base.latent.initialSigma },
    guidance: { ...base.guidance, scale: values.guidanceScale ?? base.guidance.scale, steps: values.guidanceSteps ?? base.guidance.steps },
    predictor: { ...base.predictor, epochs: values.epochs ?? base.predictor.epochs },
    oracleClassifier: base.oracleClassifier && { ...base.oracleClassifier, epochs: values.epochs ?? base.oracleClassifier.epochs },
    topGenes: DESIGN_TOP_GENES,
  };
}

/** One message per field that is refused, each naming the setting and what was expected. */
export function getDesignFieldErrors(form: DesignForm, spec: BackboneSpec | null): FieldErrors<DesignField> {
  const parsed = parseFields(form, spec);
  const { errors } = parsed;
  if (Object.keys(errors).length === 0) {
    try {
      checkDesignSettings(settingsOf(parsed, form));
    } catch (err) {
      if (!(err instanceof DesignError)) throw err;
      errors.methods = err.message;
    }
  }
  return errors;
}

/** The pipeline's settings, or the first field's refusal (an InvalidRequestError naming the field). */
export function parseDesignForm(form: DesignForm, spec: BackboneSpec | null): DesignSettings {
  const first = Object.values(getDesignFieldErrors(form, spec))[0];
  if (first !== undefined) throw new InvalidRequestError(first);
  return settingsOf(parseFields(form, spec), form);
}
