// gdw design's flags → the design pipeline's settings (core/design/report.ts DesignSettings). The
// method(s) and the target class have no default (they decide what the report means); every other
// setting has the pipeline's default and is recorded in the report.
import { classifierKinds } from '../core/classify/models';
import { designObjectives, type DesignObjective } from '../core/design/classifierGradient';
import { designMethods, designStarts, type DesignMethod, type DesignSettings, type DesignStart } from '../core/design/report';
import { UsageError } from '../core/errors';
import { defaultDesignSettings } from '../engines/designPipeline';
import { optionalInteger, optionalNumber, requireString } from './args';

export const designOptions = {
  bundle: { type: 'string' }, method: { type: 'string' }, target: { type: 'string' }, backbone: { type: 'string' }, truth: { type: 'string' },
  designs: { type: 'string' }, iterations: { type: 'string' }, seed: { type: 'string' }, start: { type: 'string' }, objective: { type: 'string' },
  step: { type: 'string' }, realism: { type: 'string' }, neighbours: { type: 'string' }, 'max-step': { type: 'string' },
  population: { type: 'string' }, sigma: { type: 'string' }, prior: { type: 'string' },
  scale: { type: 'string' }, steps: { type: 'string' }, eta: { type: 'string' },
  predictor: { type: 'string' }, oracle: { type: 'string' }, 'classifier-epochs': { type: 'string' },
  bootstrap: { type: 'string' }, top: { type: 'string' }, vcf: { type: 'boolean' }, out: { type: 'string' }, threads: { type: 'string' }, ep: { type: 'string' },
} as const;

type Values = Record<string, unknown>;

function oneOf<T extends string>(values: Values, name: string, allowed: readonly T[], fallback: T): T {
  const raw = (values[name] as string | undefined) ?? fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} ${raw}: expected ${allowed.join(', ')}`);
  return raw as T;
}

/** `--method activation,joint,guidance`: one or more, no default. */
export function parseMethods(values: Values): DesignMethod[] {
  const raw = requireString(values, 'method');
  const methods = raw.split(',').map((m) => m.trim()).filter(Boolean);
  const known = Object.values(designMethods) as string[];
  const unknown = methods.filter((m) => !known.includes(m));
  if (methods.length === 0 || unknown.length > 0) throw new UsageError(`--method ${raw}: expected one or more of ${known.join(', ')} (comma-separated)`);
  return [...new Set(methods)] as DesignMethod[];
}

export function resolveDesignPlan(values: Values): DesignSettings {
  const methods = parseMethods(values);
  requireString(values, 'target');
  const defaults = defaultDesignSettings({ targetClass: optionalInteger(values, 'target', 0), methods });
  const kinds = Object.values(classifierKinds);
  const oracle = (values.oracle as string | undefined) ?? 'mlp';
  if (oracle !== 'none' && !(kinds as string[]).includes(oracle)) throw new UsageError(`--oracle ${oracle}: expected ${kinds.join(', ')} or none`);
  const epochs = optionalInteger(values, 'classifier-epochs', defaults.predictor.epochs, 1);
  const iterations = (fallback: number) => optionalInteger(values, 'iterations', fallback, 1);
  const rawMax = values['max-step'] as string | undefined;
  return {
    ...defaults,
    designs: optionalInteger(values, 'designs', defaults.designs, 1),
    seed: optionalInteger(values, 'seed', defaults.seed),
    start: oneOf<DesignStart>(values, 'start', Object.values(designStarts), defaults.start),
    objective: oneOf<DesignObjective>(values, 'objective', Object.values(designObjectives), defaults.objective),
    activation: {
      iterations: iterations(defaults.activation.iterations),
      stepSize: optionalNumber(values, 'step', defaults.activation.stepSize),
      realismWeight: optionalNumber(values, 'realism', defaults.activation.realismWeight),
      neighbours: optionalInteger(values, 'neighbours', defaults.activation.neighbours, 1),
      maxStepPerSlot: rawMax === 'none' ? null : optionalNumber(values, 'max-step', defaults.activation.maxStepPerSlot ?? 0.5),
    },
    latent: {
      iterations: iterations(defaults.latent.iterations),
      populationSize: optionalInteger(values, 'population', defaults.latent.populationSize, 1),
      initialSigma: optionalNumber(values, 'sigma', defaults.latent.initialSigma),
      latentPriorWeight: optionalNumber(values, 'prior', defaults.latent.latentPriorWeight),
    },
    guidance: {
      scale: optionalNumber(values, 'scale', defaults.guidance.scale),
      steps: optionalInteger(values, 'steps', defaults.guidance.steps, 1),
      eta: optionalNumber(values, 'eta', defaults.guidance.eta),
    },
    predictor: { kind: oneOf(values, 'predictor', kinds, 'mlp'), epochs },
    oracleClassifier: oracle === 'none' ? null : { kind: oracle, epochs },
    bootstrap: { resamples: optionalInteger(values, 'bootstrap', defaults.bootstrap.resamples, 1), level: 0.95 },
    topGenes: optionalInteger(values, 'top', defaults.topGenes, 1),
  };
}
