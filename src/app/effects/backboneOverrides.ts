// The metadata dialog's pure parts: which settings it asks about for a backbone, its form as
// typed, the form parsed into overrides for readBackboneSpec, and answers remembered per model
// file (by SHA-256) in localStorage so the same file loads with them next time.
import type { BackboneFamily, BackboneOverrides, BackboneSpec, GeneLayout, PaddingMode, SettingKey } from '../../core/backbone/spec';
import type { ScheduleKind } from '../../core/diffusion/schedule';
import type { PredictionKind } from '../../core/diffusion/types';
import { InvalidRequestError } from '../../core/errors';

/** The dialog's fields as typed: strings, parsed on Apply. */
export interface MetadataForm {
  family: BackboneFamily;
  layout: GeneLayout;
  scheduleKind: ScheduleKind;
  timesteps: string;
  betaStart: string;
  betaEnd: string;
  prediction: PredictionKind;
  numClasses: string;
  /** The unconditional slot: 'none', or a slot number after the real classes. */
  nullClass: string;
  padding: PaddingMode;
  /** The batch the graph is fixed to; '' for any batch. */
  fixedBatch: string;
  /** '' means every gene slot is real. */
  realGenes: string;
  genes: string;
  channels: string;
}
export type MetadataField = keyof MetadataForm;

/** The setting each field answers, to mark the ones the model left to a default. */
export const metadataFieldSettings: Record<MetadataField, SettingKey> = {
  family: 'family',
  layout: 'layout',
  scheduleKind: 'schedule.kind',
  timesteps: 'schedule.timesteps',
  betaStart: 'schedule.betaStart',
  betaEnd: 'schedule.betaEnd',
  prediction: 'prediction',
  numClasses: 'numClasses',
  nullClass: 'nullClass',
  padding: 'padding',
  fixedBatch: 'staticBatch',
  realGenes: 'realGenes',
  genes: 'genes',
  channels: 'channels',
};

/**
 * The fields the dialog shows: what `overrides` can answer for this model. A dim the declared
 * shape fixes is a fact, not a question; a GAN generator has no schedule or prediction.
 */
export function getMetadataFields(spec: BackboneSpec): MetadataField[] {
  const diffusion = spec.kind === 'diffusion';
  const open = (key: SettingKey) => spec.sources[key] !== 'shape';
  return [
    'family',
    'layout',
    ...(diffusion ? ['scheduleKind', 'timesteps', 'betaStart', 'betaEnd', 'prediction'] as const : []),
    ...(spec.labelInput && open('numClasses') ? ['numClasses', 'nullClass'] as const : []),
    'realGenes',
    ...(diffusion ? ['padding'] as const : []),
    // A batch the declared shape leaves open may still be frozen inside the graph by the export.
    ...(diffusion && typeof spec.xInput?.dims?.[0] !== 'number' ? ['fixedBatch'] as const : []),
    ...(open('genes') ? ['genes'] as const : []),
    ...(open('channels') ? ['channels'] as const : []),
  ];
}

const text = (value: number | null): string => (value === null ? '' : String(value));

/** The form filled with the values the backbone loaded with. */
export function createMetadataForm(spec: BackboneSpec): MetadataForm {
  const { schedule } = spec;
  return {
    family: spec.family,
    layout: spec.layout,
    scheduleKind: schedule.kind,
    timesteps: String(schedule.timesteps),
    betaStart: String(schedule.betaStart),
    betaEnd: String(schedule.betaEnd),
    prediction: spec.prediction,
    numClasses: text(spec.numClasses),
    nullClass: spec.nullClass === null ? 'none' : String(spec.nullClass),
    padding: spec.padding,
    fixedBatch: text(spec.staticBatch),
    // A default realGenes is "all slots": left empty, it follows G when the layout changes.
    realGenes: spec.sources.realGenes === 'default' ? '' : text(spec.realGenes),
    genes: text(spec.genes),
    channels: text(spec.channels),
  };
}

const fieldLabels: Record<MetadataField, string> = {
  family: 'family', nullClass: 'null class', padding: 'padding', fixedBatch: 'fixed batch', layout: 'layout', scheduleKind: 'schedule', timesteps: 'T', betaStart: 'β start', betaEnd: 'β end',
  prediction: 'prediction', numClasses: 'classes', realGenes: 'real genes', genes: 'G', channels: 'C',
};

function parseWhole(form: MetadataForm, field: MetadataField, min: number, max: number | null = null): number {
  const raw = form[field].trim();
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < min || (max !== null && value > max)) {
    const range = max === null ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new InvalidRequestError(`${fieldLabels[field]} is "${raw}"; expected a whole number ${range}`);
  }
  return value;
}

function parseBeta(form: MetadataForm, field: 'betaStart' | 'betaEnd'): number {
  const raw = form[field].trim();
  const value = Number(raw);
  if (raw === '' || !(value > 0 && value < 1)) {
    throw new InvalidRequestError(`${fieldLabels[field]} is "${raw}"; expected a number between 0 and 1, e.g. 0.0001`);
  }
  return value;
}

/** G under the chosen layout: the declared dim when the shape fixes it, else the answer. */
function genesUnder(spec: BackboneSpec, layout: GeneLayout, answered: number | undefined): number | null {
  const dims = spec.xInput?.dims ?? spec.outputs[0]?.dims ?? null;
  const declared = dims?.[layout === 'BGC' ? 1 : 2];
  return typeof declared === 'number' ? declared : answered ?? null;
}

/** The answers of the shown fields, checked; throws InvalidRequestError naming the field. */
export function parseMetadataForm(spec: BackboneSpec, form: MetadataForm, fields: readonly MetadataField[]): BackboneOverrides {
  const shown = new Set(fields);
  const overrides: BackboneOverrides = { layout: form.layout };
  // Family changes no number; it is sent only when the user names one.
  if (shown.has('family') && form.family !== 'other') overrides.family = form.family;
  if (shown.has('genes')) overrides.genes = parseWhole(form, 'genes', 1);
  if (shown.has('channels')) overrides.channels = parseWhole(form, 'channels', 1);
  if (shown.has('scheduleKind')) {
    const timesteps = parseWhole(form, 'timesteps', 1);
    overrides.schedule = { kind: form.scheduleKind, timesteps };
    if (form.scheduleKind === 'linear') {
      const betaStart = parseBeta(form, 'betaStart');
      const betaEnd = parseBeta(form, 'betaEnd');
      if (betaStart >= betaEnd) throw new InvalidRequestError(`β start (${betaStart}) must be below β end (${betaEnd})`);
      overrides.schedule = { ...overrides.schedule, betaStart, betaEnd };
    }
  }
  if (shown.has('prediction')) overrides.prediction = form.prediction;
  if (shown.has('numClasses')) overrides.numClasses = parseWhole(form, 'numClasses', 1);
  if (shown.has('nullClass')) {
    overrides.nullClass = form.nullClass.trim() === 'none' || form.nullClass.trim() === '' ? null : parseWhole(form, 'nullClass', 0);
  }
  if (shown.has('padding')) overrides.padding = form.padding;
  if (shown.has('fixedBatch') && form.fixedBatch.trim() !== '') overrides.staticBatch = parseWhole(form, 'fixedBatch', 1);
  const genes = genesUnder(spec, form.layout, overrides.genes ?? undefined);
  const realGenes = form.realGenes.trim() !== '' ? parseWhole(form, 'realGenes', 1, genes) : genes;
  // The loaded encoding's mask (real genes and components per gene) stays unless the count is changed.
  const fromEncoding = spec.sources.realGenes === 'encoding' && realGenes === spec.realGenes;
  if (realGenes !== null && !fromEncoding) overrides.realGenes = realGenes;
  return overrides;
}

/** The localStorage key of a model file's remembered answers. */
export const rememberedSettingsKey = (sha256: string): string => `gdw.backboneSettings.${sha256}`;

/** Bumped when the stored shape changes; older entries are then ignored. */
const rememberedVersion = 1;

export function serializeRememberedSettings(overrides: BackboneOverrides): string {
  return JSON.stringify({ version: rememberedVersion, overrides });
}

type Shape = Record<string, 'string' | 'number'>;
const overrideShape: Shape = {
  family: 'string', layout: 'string', prediction: 'string', numClasses: 'number', realGenes: 'number', genes: 'number', channels: 'number',
  padding: 'string', staticBatch: 'number',
};
const scheduleShape: Shape = { kind: 'string', timesteps: 'number', betaStart: 'number', betaEnd: 'number' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const pickTyped = (source: Record<string, unknown>, shape: Shape) =>
  Object.fromEntries(Object.entries(shape).filter(([key, type]) => typeof source[key] === type).map(([key]) => [key, source[key]]));

/**
 * Remembered answers as stored, or null when absent or unreadable (another version, hand-edited):
 * only keys of the right type are kept; readBackboneSpec still checks every value.
 */
export function parseRememberedSettings(stored: string | null): BackboneOverrides | null {
  if (stored === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || parsed.version !== rememberedVersion || !isRecord(parsed.overrides)) return null;
  const overrides = pickTyped(parsed.overrides, overrideShape) as BackboneOverrides;
  // "No unconditional slot" is stored as null, a real answer.
  const nullClass = parsed.overrides.nullClass;
  if (nullClass === null || typeof nullClass === 'number') overrides.nullClass = nullClass;
  if (isRecord(parsed.overrides.schedule)) overrides.schedule = pickTyped(parsed.overrides.schedule, scheduleShape) as BackboneOverrides['schedule'];
  return Object.keys(overrides).length > 0 ? overrides : null;
}

/** The parts of Storage used, so tests pass a Map-backed one. */
export type SettingsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function recallBackboneSettings(storage: SettingsStorage | null, sha256: string): BackboneOverrides | null {
  try {
    return parseRememberedSettings(storage?.getItem(rememberedSettingsKey(sha256)) ?? null);
  } catch {
    // Storage can refuse to be read (privacy settings): then nothing is remembered.
    return null;
  }
}

/** Stores the answers; false when the storage refused (full, or disabled). */
export function rememberBackboneSettings(storage: SettingsStorage | null, sha256: string, overrides: BackboneOverrides): boolean {
  if (!storage) return false;
  try {
    storage.setItem(rememberedSettingsKey(sha256), serializeRememberedSettings(overrides));
    return true;
  } catch {
    return false;
  }
}
