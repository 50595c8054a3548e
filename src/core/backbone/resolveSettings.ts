// Resolves every backbone setting from, in order: the user's answer (override), the model's
// gdw.* metadata, the declared shapes, the contract's default. Fixed shape dims are facts: an
// answer or metadata value that contradicts one is rejected rather than silently preferred.

import { BackboneContractError } from '../errors';
import { defaultScheduleSpec } from '../diffusion/schedule';
import type { PredictionKind } from '../diffusion/types';
import {
  allowedValues, checkComponentList, checkEnum, checkNumber, gdwKeys, metadataValue, type NumberRule, type ValueOrigin,
} from './metadataValues';
import { describeFile } from './onnxModelInfo';
import type {
  BackboneKind, BackboneOverrides, BackboneSchedule, BackboneSettings, GeneLayout, LabelInput, SettingKey, SettingSource,
} from './spec';

/** Contract defaults (DESIGN.md; Ho et al. 2020's linear schedule). */
export const defaultSettings = {
  layout: 'BGC',
  schedule: { kind: 'linear', timesteps: 1000, betaStart: defaultScheduleSpec.betaStart, betaEnd: defaultScheduleSpec.betaEnd },
  prediction: 'eps',
  /** An index label with no gdw.num_classes: control vs case. */
  numClasses: 2,
} as const satisfies Partial<BackboneSettings>;

/** What the declared shapes say, gathered by readBackbone. */
export interface ShapeFacts {
  kind: BackboneKind;
  /** Dims of the gene tensor: x for a denoiser, the first output for a generator; null = unknown. */
  geneDims: (number | string)[] | null;
  labelInput: LabelInput | null;
  /** K of a one-hot label input (number, or symbolic). */
  oneHotClasses: number | string | null;
}

export interface ResolvedSettings {
  settings: BackboneSettings;
  sources: Record<SettingKey, SettingSource>;
  missing: SettingKey[];
}

interface Resolved<T> { value: T; source: SettingSource }

/** Reads answer, then metadata, each checked by `parse`; else the fallback. */
class Resolver {
  readonly sources = {} as Record<SettingKey, SettingSource>;

  constructor(
    private readonly metadata: Record<string, string>,
    private readonly fileName: string | undefined,
  ) {}

  pick<T>(key: SettingKey, answer: unknown, metaKey: string | null, parse: (v: unknown, o: ValueOrigin) => T,
    fallback: Resolved<T>): T {
    const meta = metaKey === null ? undefined : metadataValue(this.metadata, metaKey);
    let chosen = fallback;
    if (answer !== undefined) {
      chosen = { value: parse(answer, this.origin(`the answer for ${key}`)), source: 'override' };
    } else if (meta !== undefined && metaKey !== null) {
      chosen = { value: parse(meta, this.origin(metaKey)), source: 'metadata' };
    }
    this.sources[key] = chosen.source;
    return chosen.value;
  }

  origin(label: string): ValueOrigin {
    return { label, fileName: this.fileName };
  }

  /** A dimension the shape may fix: answers and metadata must then agree with it. */
  dim(key: SettingKey, shapeDim: number | string | null | undefined, answer: number | null | undefined,
    metaKey: string | null, rule: NumberRule): number | null {
    const parse = (v: unknown, o: ValueOrigin) => checkNumber(v, rule, o);
    const value = this.pick<number | null>(key, answer ?? undefined, metaKey, parse, { value: null, source: 'default' });
    if (typeof shapeDim !== 'number') return value;
    if (value !== null && value !== shapeDim) {
      const from = this.sources[key] === 'override' ? `the answer for ${key}` : `${metaKey}`;
      throw new BackboneContractError(`${describeFile(this.fileName)}: ${from} says ${key} = ${value}, ` +
        `but the model's declared shape fixes it at ${shapeDim}; expected the two to match.`, this.fileName);
    }
    this.sources[key] = 'shape';
    return shapeDim;
  }
}

const enumParser = <T extends string>(allowed: readonly T[]) => (v: unknown, o: ValueOrigin) => checkEnum(v, allowed, o);
const numberParser = (rule: NumberRule) => (v: unknown, o: ValueOrigin) => checkNumber(v, rule, o);
const asDefault = <T>(value: T): Resolved<T> => ({ value, source: 'default' });
const positiveInt: NumberRule = { integer: true, min: 1 };
const beta: NumberRule = { integer: false, above: 0, below: 1 };

function resolveSchedule(r: Resolver, answer: Partial<BackboneSchedule> = {}): BackboneSchedule {
  const d = defaultSettings.schedule;
  return {
    kind: r.pick('schedule.kind', answer.kind, gdwKeys.schedule, enumParser(allowedValues.scheduleKind), asDefault(d.kind)),
    timesteps: r.pick('schedule.timesteps', answer.timesteps, gdwKeys.timesteps, numberParser(positiveInt), asDefault(d.timesteps)),
    betaStart: r.pick('schedule.betaStart', answer.betaStart, gdwKeys.betaStart, numberParser(beta), asDefault(d.betaStart)),
    betaEnd: r.pick('schedule.betaEnd', answer.betaEnd, gdwKeys.betaEnd, numberParser(beta), asDefault(d.betaEnd)),
  };
}

function resolveGeneDims(r: Resolver, facts: ShapeFacts, layout: GeneLayout, answer: BackboneOverrides) {
  const [geneAxis, channelAxis] = layout === 'BGC' ? [1, 2] : [2, 1];
  const genes = r.dim('genes', facts.geneDims?.[geneAxis], answer.genes, null, positiveInt);
  const channels = r.dim('channels', facts.geneDims?.[channelAxis], answer.channels, null, positiveInt);
  const realRule: NumberRule = { integer: true, min: 1, ...(genes === null ? {} : { max: genes }) };
  const realGenes = r.pick('realGenes', answer.realGenes ?? undefined, gdwKeys.genes, numberParser(realRule),
    asDefault(genes));
  // The per-component padding mask: absent means every component of a real gene is real.
  const componentsPerGene = r.pick('componentsPerGene', answer.componentsPerGene ?? undefined, gdwKeys.components,
    (v, o) => checkComponentList(v, { channels, realGenes }, o), asDefault<number[] | null>(null));
  return { genes, channels, realGenes, componentsPerGene };
}

function resolveNumClasses(r: Resolver, facts: ShapeFacts, answer: BackboneOverrides): number | null {
  if (facts.labelInput === null) {
    r.sources.numClasses = 'shape';
    return null;
  }
  const rule: NumberRule = { integer: true, min: 1 };
  if (facts.labelInput.encoding === 'one-hot') {
    return r.dim('numClasses', facts.oneHotClasses, answer.numClasses, gdwKeys.numClasses, rule);
  }
  return r.pick('numClasses', answer.numClasses ?? undefined, gdwKeys.numClasses, numberParser(rule),
    asDefault<number | null>(defaultSettings.numClasses));
}

/** Settings that change what a sampler computes; a default for one of these is worth a question. */
function isAskable(key: SettingKey, settings: BackboneSettings, facts: ShapeFacts): boolean {
  // No gdw.components is a complete answer (all components of the real genes are real), not a gap.
  if (key === 'family' || key === 'codecSha256' || key === 'componentsPerGene') return false;
  const generator = facts.kind === 'gan-generator';
  if (generator && (key.startsWith('schedule.') || key === 'prediction')) return false;
  const cosine = settings.schedule.kind === 'cosine';
  return !(cosine && (key === 'schedule.betaStart' || key === 'schedule.betaEnd'));
}

export function resolveSettings(metadata: Record<string, string>, facts: ShapeFacts,
  answer: BackboneOverrides = {}, fileName?: string): ResolvedSettings {
  const r = new Resolver(metadata, fileName);
  const familyFallback = facts.kind === 'gan-generator'
    ? { value: 'gan-generator' as const, source: 'shape' as const } : asDefault('other' as const);
  const family = r.pick('family', answer.family, gdwKeys.family, enumParser(allowedValues.family), familyFallback);
  const layout = r.pick('layout', answer.layout, gdwKeys.layout, enumParser(allowedValues.layout), asDefault<GeneLayout>(defaultSettings.layout));
  const settings: BackboneSettings = {
    family,
    layout,
    ...resolveGeneDims(r, facts, layout, answer),
    numClasses: resolveNumClasses(r, facts, answer),
    schedule: resolveSchedule(r, answer.schedule),
    prediction: r.pick('prediction', answer.prediction, gdwKeys.prediction, enumParser(allowedValues.prediction),
      asDefault<PredictionKind>(defaultSettings.prediction)),
    codecSha256: r.pick('codecSha256', answer.codecSha256 ?? undefined, gdwKeys.codecSha256, (v) => String(v),
      asDefault<string | null>(null)),
  };
  const keys = Object.keys(r.sources) as SettingKey[];
  const missing = keys.filter((k) => r.sources[k] === 'default' && isAskable(k, settings, facts));
  return { settings, sources: r.sources, missing };
}
