// Resolves every backbone setting from its sources, in one precedence (DESIGN.md, "Settings
// precedence"): the model's gdw.* metadata, the sidecar `<model>.gdw.json`, the user's answers
// (dialog, CLI flags), the loaded encoding whose shape the model matches (its padding mask), then
// what the graph tells (layout, label slots, static batch). Two sources that give different values
// for one setting are a contradiction, never a silent preference; fixed shape dims are facts that
// every source must agree with. A setting no source gives falls back to the contract's default
// and is listed in `missing`, so the app asks and the CLI refuses.

import { BackboneContractError } from '../errors';
import { defaultScheduleSpec } from '../diffusion/schedule';
import type { PredictionKind } from '../diffusion/types';
import {
  allowedValues, checkComponentList, checkEnum, checkNumber, gdwKeys, type NumberRule, type ValueOrigin,
} from './metadataValues';
import { describeFile } from './onnxModelInfo';
import type {
  BackboneFamily, BackboneKind, BackboneOverrides, BackboneSchedule, BackboneSettings, GeneLayout, LabelInput, PaddingMode,
  SettingKey, SettingSource,
} from './spec';

/** Contract defaults (DESIGN.md; Ho et al. 2020's linear schedule), used only for settings no source gives. */
export const defaultSettings = {
  layout: 'BGC',
  schedule: { kind: 'linear', timesteps: 1000, betaStart: defaultScheduleSpec.betaStart, betaEnd: defaultScheduleSpec.betaEnd },
  prediction: 'eps',
  /** An index label with no gdw.num_classes: control vs case. */
  numClasses: 2,
  padding: 'zero-x',
} as const satisfies Partial<BackboneSettings>;

/** What the graph says, gathered by readBackbone. */
export interface ShapeFacts {
  kind: BackboneKind;
  /** Dims of the gene tensor: x for a denoiser, the first output for a generator; null = unknown. */
  geneDims: (number | string)[] | null;
  labelInput: LabelInput | null;
  /** Slots of the label input: a one-hot width, or the rows of the table an index label feeds. */
  labelSlots: number | string | null;
}

/** The sidecar `<model>.gdw.json`: the same gdw.* keys as metadata_props. */
export interface SidecarSettings {
  fileName: string;
  values: Record<string, unknown>;
}

/** The loaded encoding (app) or `--bundle` (CLI): its shape and padding mask. */
export interface EncodingContext {
  /** How it is named in messages, e.g. 'the loaded encoding' or 'bundle demo-bundle'. */
  name: string;
  genes: number;
  channels: number;
  realGenes: number;
  /** Real components of each real gene. */
  componentsPerGene: number[];
}

export interface ResolveContext {
  sidecar?: SidecarSettings | null;
  encoding?: EncodingContext | null;
}

export interface ResolvedSettings {
  settings: BackboneSettings;
  sources: Record<SettingKey, SettingSource>;
  missing: SettingKey[];
}

interface Resolved<T> { value: T; source: SettingSource }

/** One source of values, keyed by setting. */
interface Layer {
  source: SettingSource;
  values: Partial<Record<SettingKey, unknown>>;
  /** How a key of this layer is named in messages. */
  label(key: SettingKey): string;
}

/** The gdw.* key of each setting that metadata and sidecars may carry. */
const metadataKeyOf: Partial<Record<SettingKey, string>> = {
  family: gdwKeys.family, layout: gdwKeys.layout, 'schedule.kind': gdwKeys.schedule, 'schedule.timesteps': gdwKeys.timesteps,
  'schedule.betaStart': gdwKeys.betaStart, 'schedule.betaEnd': gdwKeys.betaEnd, prediction: gdwKeys.prediction,
  numClasses: gdwKeys.numClasses, nullClass: gdwKeys.nullClass, staticBatch: gdwKeys.batch, padding: gdwKeys.padding,
  realGenes: gdwKeys.genes, componentsPerGene: gdwKeys.components, codecSha256: gdwKeys.codecSha256,
};

/** The gdw.* keys a sidecar may hold (the settings' keys, and a free-text description). */
export const sidecarKeys: readonly string[] = [...Object.values(metadataKeyOf), gdwKeys.description];

function keyedByMetadata(values: Record<string, unknown>): Partial<Record<SettingKey, unknown>> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, gdwKey] of Object.entries(metadataKeyOf) as [SettingKey, string][]) {
    const value = values[gdwKey];
    if (value !== undefined && !(typeof value === 'string' && value.trim() === '')) out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

function keyedByAnswers(answer: BackboneOverrides): Partial<Record<SettingKey, unknown>> {
  const { schedule = {}, ...rest } = answer;
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined && value !== null) out[key as SettingKey] = value;
  // A null answer for nullClass is a real answer: "this model has no unconditional slot".
  if (answer.nullClass === null) out.nullClass = 'none';
  for (const [key, value] of Object.entries(schedule)) if (value !== undefined) out[`schedule.${key}` as SettingKey] = value;
  return out;
}

/** The gdw.* keys the answers give a value for (what `gdw annotate` replaces). */
export function metadataKeysAnswered(answer: BackboneOverrides): string[] {
  return Object.keys(keyedByAnswers(answer)).flatMap((key) => metadataKeyOf[key as SettingKey] ?? []);
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Reads each setting from the layers in precedence order, checked by `parse`; else the fallback. */
class Resolver {
  readonly sources = {} as Record<SettingKey, SettingSource>;

  constructor(private readonly layers: readonly Layer[], readonly fileName: string | undefined) {}

  pick<T>(key: SettingKey, parse: (v: unknown, o: ValueOrigin) => T, fallback: Resolved<T>): T {
    let chosen: (Resolved<T> & { label: string }) | null = null;
    for (const layer of this.layers) {
      const raw = layer.values[key];
      if (raw === undefined) continue;
      const label = layer.label(key);
      const value = parse(raw, this.origin(label));
      if (chosen === null) chosen = { value, source: layer.source, label };
      else if (!sameValue(chosen.value, value)) {
        this.contradiction(key, `${chosen.label} (${chosen.source})`, chosen.value, `${label} (${layer.source})`, value);
      }
    }
    this.sources[key] = (chosen ?? fallback).source;
    return (chosen ?? fallback).value;
  }

  contradiction(key: SettingKey, firstLabel: string, first: unknown, secondLabel: string, second: unknown): never {
    const show = (v: unknown) => (Array.isArray(v) ? `[${v.length} values]` : JSON.stringify(v));
    throw new BackboneContractError(`${describeFile(this.fileName)}: contradictory settings for ${key}: ${firstLabel} says ` +
      `${show(first)}, ${secondLabel} says ${show(second)}. Give one value: remove or correct one of them ` +
      '(`gdw annotate` rewrites the metadata; the sidecar is a JSON file beside the model).', this.fileName);
  }

  origin(label: string): ValueOrigin {
    return { label, fileName: this.fileName };
  }

  /** A dimension the shape may fix: every source must then agree with it. */
  dim(key: SettingKey, shapeDim: number | string | null | undefined, rule: NumberRule): number | null {
    const value = this.pick<number | null>(key, numberParser(rule), asDefault(null));
    if (typeof shapeDim !== 'number') return value;
    if (value !== null && value !== shapeDim) {
      const from = this.sources[key] === 'override' ? `the answer for ${key}` : `${metadataKeyOf[key] ?? key} (${this.sources[key]})`;
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

function resolveSchedule(r: Resolver): BackboneSchedule {
  const d = defaultSettings.schedule;
  return {
    kind: r.pick('schedule.kind', enumParser(allowedValues.scheduleKind), asDefault(d.kind)),
    timesteps: r.pick('schedule.timesteps', numberParser(positiveInt), asDefault(d.timesteps)),
    betaStart: r.pick('schedule.betaStart', numberParser(beta), asDefault(d.betaStart)),
    betaEnd: r.pick('schedule.betaEnd', numberParser(beta), asDefault(d.betaEnd)),
  };
}

/**
 * The layout the shape tells when no source gives it: the axis equal to the encoding's C, or
 * else the one small axis (≤ 16: PCA components per gene) of x [B, ·, ·].
 */
function layoutFromShape(geneDims: (number | string)[] | null, encoding: EncodingContext | null | undefined): GeneLayout | null {
  if (!geneDims || geneDims.length !== 3) return null;
  const [a, b] = [geneDims[1], geneDims[2]];
  if (encoding) {
    if (b === encoding.channels && a !== encoding.channels) return 'BGC';
    if (a === encoding.channels && b !== encoding.channels) return 'BCG';
  }
  const small = (d: number | string) => typeof d === 'number' && d <= 16;
  if (small(b) && !small(a)) return 'BGC';
  if (small(a) && !small(b)) return 'BCG';
  return null;
}

function resolveLayout(r: Resolver, facts: ShapeFacts, encoding: EncodingContext | null | undefined): GeneLayout {
  const inferred = layoutFromShape(facts.geneDims, encoding);
  const fallback: Resolved<GeneLayout> = inferred ? { value: inferred, source: 'shape' } : asDefault(defaultSettings.layout);
  const layout = r.pick('layout', enumParser(allowedValues.layout), fallback);
  return layout;
}

function resolveGeneDims(r: Resolver, facts: ShapeFacts, layout: GeneLayout) {
  const [geneAxis, channelAxis] = layout === 'BGC' ? [1, 2] : [2, 1];
  const genes = r.dim('genes', facts.geneDims?.[geneAxis], positiveInt);
  const channels = r.dim('channels', facts.geneDims?.[channelAxis], positiveInt);
  const realRule: NumberRule = { integer: true, min: 1, ...(genes === null ? {} : { max: genes }) };
  const realGenes = r.pick('realGenes', numberParser(realRule), asDefault(genes));
  // The per-component padding mask: absent means every component of a real gene is real.
  const componentsPerGene = r.pick('componentsPerGene', (v, o) => checkComponentList(v, { channels, realGenes }, o),
    asDefault<number[] | null>(null));
  return { genes, channels, realGenes, componentsPerGene };
}

interface LabelSettings { numClasses: number | null; labelSlots: number | null; nullClass: number | null }

function fail(r: Resolver, message: string): never {
  throw new BackboneContractError(`${describeFile(r.fileName)}: ${message}`, r.fileName);
}

function resolveLabels(r: Resolver, facts: ShapeFacts): LabelSettings {
  if (facts.labelInput === null) {
    for (const key of ['numClasses', 'labelSlots', 'nullClass'] as const) r.sources[key] = 'shape';
    return { numClasses: null, labelSlots: null, nullClass: null };
  }
  const graphSlots = typeof facts.labelSlots === 'number' ? facts.labelSlots : null;
  const numClasses = r.pick('numClasses', numberParser({ integer: true, min: 1 }), asDefault(graphSlots ?? defaultSettings.numClasses));
  const nullClass = r.pick<number | null>('nullClass', (v, o) => (v === 'none' ? null : checkNumber(v, { integer: true, min: 0 }, o)), asDefault(null));
  r.sources.labelSlots = graphSlots === null ? 'default' : 'shape';
  const labelSlots = graphSlots ?? Math.max(numClasses, nullClass === null ? 0 : nullClass + 1);
  if (numClasses > labelSlots) {
    fail(r, `numClasses = ${numClasses} (from ${r.sources.numClasses}), but the label input '${facts.labelInput.name}' ` +
      `has ${labelSlots} slots (${r.sources.labelSlots === 'shape' ? 'from the graph' : 'given'}); expected classes ≤ label slots.`);
  }
  if (nullClass !== null && (nullClass < numClasses || nullClass >= labelSlots)) {
    fail(r, `the null (unconditional) class is ${nullClass}, but the real classes are 0 … ${numClasses - 1} and the label ` +
      `input has ${labelSlots} slots; expected a slot from ${numClasses} to ${labelSlots - 1}.`);
  }
  return { numClasses, labelSlots, nullClass };
}

/**
 * The encoding's mask as a layer, when the model's gene tensor shape is the encoding's and no
 * other source says the mask: it fills a gap, it never contradicts (a model whose metadata names
 * another mask was trained on another encoding, which the codec check reports).
 */
function encodingLayer(encoding: EncodingContext | null | undefined, facts: ShapeFacts, layout: GeneLayout | null,
  layers: readonly Layer[]): Layer | null {
  if (!encoding || !facts.geneDims || layout === null) return null;
  if (layers.some((l) => l.values.realGenes !== undefined || l.values.componentsPerGene !== undefined)) return null;
  const [g, c] = layout === 'BGC' ? [facts.geneDims[1], facts.geneDims[2]] : [facts.geneDims[2], facts.geneDims[1]];
  const fits = (dim: number | string | undefined, size: number) => typeof dim !== 'number' || dim === size;
  if (!fits(g, encoding.genes) || !fits(c, encoding.channels)) return null;
  return {
    source: 'encoding',
    values: { realGenes: encoding.realGenes, componentsPerGene: encoding.componentsPerGene },
    label: (key) => `the padding mask of ${encoding.name} (${key})`,
  };
}

function hasPaddedSlots(s: Pick<BackboneSettings, 'genes' | 'channels' | 'realGenes' | 'componentsPerGene'>): boolean {
  if (s.genes !== null && s.realGenes !== null && s.realGenes < s.genes) return true;
  return s.componentsPerGene !== null && s.channels !== null && s.componentsPerGene.some((k) => k < (s.channels as number));
}

/** Settings that change what a sampler computes; a default for one of these must be answered. */
function isAskable(key: SettingKey, settings: BackboneSettings, facts: ShapeFacts): boolean {
  // No gdw.components is a complete answer (all components of the real genes are real), not a gap.
  if (key === 'family' || key === 'codecSha256' || key === 'componentsPerGene' || key === 'labelSlots') return false;
  if (key === 'nullClass') return settings.labelSlots !== null && settings.numClasses !== null && settings.labelSlots > settings.numClasses;
  if (key === 'padding') return facts.kind === 'diffusion' && hasPaddedSlots(settings);
  const generator = facts.kind === 'gan-generator';
  if (generator && (key.startsWith('schedule.') || key === 'prediction')) return false;
  const cosine = settings.schedule.kind === 'cosine';
  return !(cosine && (key === 'schedule.betaStart' || key === 'schedule.betaEnd'));
}

function buildLayers(metadata: Record<string, string>, answer: BackboneOverrides, context: ResolveContext): Layer[] {
  const sidecar = context.sidecar;
  const layers: Layer[] = [{ source: 'metadata', values: keyedByMetadata(metadata), label: (k) => `${metadataKeyOf[k]}` }];
  if (sidecar) layers.push({ source: 'sidecar', values: keyedByMetadata(sidecar.values), label: (k) => `${metadataKeyOf[k]} in ${sidecar.fileName}` });
  layers.push({ source: 'override', values: keyedByAnswers(answer), label: (k) => `the answer for ${k}` });
  return layers;
}

export function resolveSettings(metadata: Record<string, string>, facts: ShapeFacts,
  answer: BackboneOverrides = {}, fileName?: string, context: ResolveContext = {}): ResolvedSettings {
  const layers = buildLayers(metadata, answer, context);
  // 1. Family and layout first: the layout decides which axis of x is G.
  const first = new Resolver(layers, fileName);
  const familyFallback: Resolved<BackboneFamily> = facts.kind === 'gan-generator'
    ? { value: 'gan-generator', source: 'shape' } : asDefault('other');
  first.pick('family', enumParser(allowedValues.family), familyFallback);
  const layout = resolveLayout(first, facts, context.encoding);
  // 2. The encoding's mask joins the sources when the model's shape is the encoding's.
  const encoding = encodingLayer(context.encoding, facts, layout, layers);
  const r = new Resolver(encoding ? [...layers, encoding] : layers, fileName);
  const family = r.pick('family', enumParser(allowedValues.family), familyFallback);
  r.pick('layout', enumParser(allowedValues.layout), { value: layout, source: first.sources.layout });
  const dims = resolveGeneDims(r, facts, layout);
  const batchDim = facts.geneDims?.[0];
  const settings: BackboneSettings = {
    family,
    layout,
    ...dims,
    ...resolveLabels(r, facts),
    staticBatch: facts.kind === 'diffusion' ? r.dim('staticBatch', batchDim, positiveInt) : null,
    padding: r.pick('padding', enumParser(allowedValues.padding), asDefault<PaddingMode>(defaultSettings.padding)),
    schedule: resolveSchedule(r),
    prediction: r.pick('prediction', enumParser(allowedValues.prediction), asDefault<PredictionKind>(defaultSettings.prediction)),
    codecSha256: r.pick('codecSha256', (v) => String(v), asDefault<string | null>(null)),
  };
  if (settings.staticBatch === null) r.sources.staticBatch = 'shape';
  const keys = Object.keys(r.sources) as SettingKey[];
  const missing = keys.filter((k) => r.sources[k] === 'default' && isAskable(k, settings, facts));
  return { settings, sources: r.sources, missing };
}
