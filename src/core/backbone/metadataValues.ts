// Parsing of gdw.* metadata values and of the user's answers: each value is checked against
// what the contract allows, and a bad one is a BackboneContractError that quotes it.

import { BackboneContractError } from '../errors';
import { scheduleKinds } from '../diffusion/schedule';
import { paddingModes, predictionKinds } from '../diffusion/types';
import { describeFile } from './onnxModelInfo';
import { backboneFamilies, geneLayouts } from './spec';

/** The metadata_props keys of the contract (DESIGN.md). */
export const gdwKeys = {
  family: 'gdw.family',
  layout: 'gdw.layout',
  schedule: 'gdw.schedule',
  betaStart: 'gdw.beta_start',
  betaEnd: 'gdw.beta_end',
  timesteps: 'gdw.timesteps',
  prediction: 'gdw.prediction',
  numClasses: 'gdw.num_classes',
  nullClass: 'gdw.null_class',
  batch: 'gdw.batch',
  padding: 'gdw.padding',
  genes: 'gdw.genes',
  components: 'gdw.components',
  codecSha256: 'gdw.codec_sha256',
  description: 'gdw.description',
} as const;

export const allowedValues = {
  family: Object.values(backboneFamilies),
  layout: Object.values(geneLayouts),
  scheduleKind: Object.values(scheduleKinds),
  prediction: Object.values(predictionKinds),
  padding: Object.values(paddingModes),
} as const;

/** Says where a value came from in messages: a metadata key or the user's answer. */
export interface ValueOrigin {
  /** 'gdw.timesteps' or 'the answer for schedule.timesteps'. */
  label: string;
  fileName: string | undefined;
}

function reject(origin: ValueOrigin, found: string, expected: string): never {
  throw new BackboneContractError(
    `${describeFile(origin.fileName)}: ${origin.label} is ${found}; expected ${expected}.`, origin.fileName);
}

export function checkEnum<T extends string>(value: unknown, allowed: readonly T[], origin: ValueOrigin): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return reject(origin, JSON.stringify(value), `one of ${allowed.join(', ')}`);
}

export interface NumberRule {
  integer: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive bounds, for β in (0, 1). */
  above?: number;
  below?: number;
  /** Inclusive upper bound. */
  max?: number;
}

function describeRule(rule: NumberRule): string {
  const parts = [rule.integer ? 'an integer' : 'a number'];
  if (rule.min !== undefined) parts.push(`≥ ${rule.min}`);
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.below !== undefined) parts.push(`< ${rule.below}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return parts.join(' ');
}

export function checkNumber(value: unknown, rule: NumberRule, origin: ValueOrigin): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const ok = typeof n === 'number' && Number.isFinite(n) && (!rule.integer || Number.isInteger(n)) &&
    (rule.min === undefined || n >= rule.min) && (rule.above === undefined || n > rule.above) &&
    (rule.below === undefined || n < rule.below) && (rule.max === undefined || n <= rule.max);
  if (!ok) reject(origin, JSON.stringify(value), describeRule(rule));
  return n as number;
}

/** What a gdw.components list must agree with; null where the model leaves it open. */
export interface ComponentsRule {
  /** C: each count is at most this. */
  channels: number | null;
  /** gdw.genes: one count per real gene. */
  realGenes: number | null;
}

/**
 * Parses `gdw.components` ("8,8,1,4", one count per real gene) or an answer given as a list:
 * integers 0 … C, as many as there are real genes.
 */
export function checkComponentList(value: unknown, rule: ComponentsRule, origin: ValueOrigin): number[] {
  const max = rule.channels === null ? '' : ` to ${rule.channels} (the components per gene, C)`;
  const expected = `comma-separated integers from 0${max}, one per real gene` +
    (rule.realGenes === null ? '' : ` (${rule.realGenes})`);
  const parts: unknown[] | null = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (parts === null) return reject(origin, JSON.stringify(value), expected);
  const counts = parts.map((part) => (typeof part === 'string' && part.trim() !== '' ? Number(part) : part));
  const bad = counts.findIndex((n) => !(typeof n === 'number' && Number.isInteger(n) && n >= 0 &&
    (rule.channels === null || n <= rule.channels)));
  if (bad >= 0) {
    return reject(origin, `${JSON.stringify(value)} (entry ${bad + 1} is ${JSON.stringify(parts[bad])})`, expected);
  }
  if (rule.realGenes !== null && counts.length !== rule.realGenes) {
    return reject(origin, `a list of ${counts.length} counts`, expected);
  }
  return counts as number[];
}

/** Reads one metadata value, trimmed; undefined when the key is absent. */
export function metadataValue(metadata: Record<string, string>, key: string): string | undefined {
  const value = metadata[key];
  return value === undefined ? undefined : value.trim();
}
