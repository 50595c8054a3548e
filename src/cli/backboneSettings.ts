// A backbone's settings from the command line (`gdw sample`, `evaluate`, `inspect`, `annotate`):
// the flags, the sidecar `<model>.gdw.json` found beside the model, and the padding mask from
// `--bundle`, `--mask` or `--zero-mask`. A setting no source gives is refused, naming each
// missing one and the three ways to give it, unless `--assume-defaults` accepts the contract's.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encodingFromLayout, encodingFromNpyMask } from '../core/backbone/paddingMask';
import { defaultSettings, type EncodingContext, type ResolveContext, type SidecarSettings } from '../core/backbone/resolveSettings';
import { parseSidecar, sidecarNameFor } from '../core/backbone/sidecar';
import type { BackboneOverrides, BackboneSpec, SettingKey } from '../core/backbone/spec';
import { bundleFileNames } from '../core/encode/bundle';
import type { CodecLayout } from '../core/encode/codecFiles';
import { readNpy } from '../core/encode/npy';
import { ParseError, UsageError } from '../core/errors';
import { optionalInteger, optionalNumber } from './args';

/** parseArgs options shared by every command that loads a backbone. */
export const settingsOptions = {
  layout: { type: 'string' }, schedule: { type: 'string' }, timesteps: { type: 'string' },
  'beta-start': { type: 'string' }, 'beta-end': { type: 'string' }, prediction: { type: 'string' },
  classes: { type: 'string' }, 'null-class': { type: 'string' }, family: { type: 'string' },
  'real-genes': { type: 'string' }, padding: { type: 'string' }, 'fixed-batch': { type: 'string' },
  mask: { type: 'string' }, 'zero-mask': { type: 'string' }, sidecar: { type: 'string' },
  'assume-defaults': { type: 'boolean' },
} as const;

/** The settings flags given on the command line, by flag name (what every backbone of a run shares). */
export function givenSettingsFlags(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(settingsOptions).flatMap((k) => (values[k] === undefined ? [] : [[k, values[k]]])));
}

/** The flag that answers each setting, for messages. */
export const settingFlags: Partial<Record<SettingKey, string>> = {
  family: '--family F', layout: '--layout BGC|BCG', 'schedule.kind': '--schedule linear|cosine', 'schedule.timesteps': '--timesteps T',
  'schedule.betaStart': '--beta-start B', 'schedule.betaEnd': '--beta-end B', prediction: '--prediction eps|x0|v',
  numClasses: '--classes K', nullClass: '--null-class I|none', staticBatch: '--fixed-batch N',
  padding: '--padding zero-x|zero-x0', realGenes: '--real-genes N, --bundle DIR or --mask M.npy',
  componentsPerGene: '--bundle DIR or --mask M.npy',
};

type Values = Record<string, unknown>;

const stringValue = (values: Values, name: string): string | undefined =>
  (typeof values[name] === 'string' ? values[name] as string : undefined);

/** The flags as answers; readBackboneSpec checks each value against the contract. */
export function answersFromFlags(values: Values): BackboneOverrides {
  const answers: BackboneOverrides = {};
  const text = (name: string) => stringValue(values, name);
  const integer = (name: string) => (values[name] === undefined ? undefined : optionalInteger(values, name, 0));
  if (text('family') !== undefined) answers.family = text('family') as BackboneOverrides['family'];
  if (text('layout') !== undefined) answers.layout = text('layout') as BackboneOverrides['layout'];
  if (text('prediction') !== undefined) answers.prediction = text('prediction') as BackboneOverrides['prediction'];
  if (text('padding') !== undefined) answers.padding = text('padding') as BackboneOverrides['padding'];
  answers.numClasses = integer('classes');
  answers.realGenes = integer('real-genes');
  answers.staticBatch = integer('fixed-batch');
  const nullClass = text('null-class');
  if (nullClass !== undefined) answers.nullClass = nullClass === 'none' ? null : optionalInteger(values, 'null-class', 0);
  const schedule: BackboneOverrides['schedule'] = {};
  if (text('schedule') !== undefined) schedule.kind = text('schedule') as 'linear' | 'cosine';
  if (values.timesteps !== undefined) schedule.timesteps = optionalInteger(values, 'timesteps', 0, 1);
  if (values['beta-start'] !== undefined) schedule.betaStart = optionalNumber(values, 'beta-start', 0);
  if (values['beta-end'] !== undefined) schedule.betaEnd = optionalNumber(values, 'beta-end', 0);
  if (Object.keys(schedule).length > 0) answers.schedule = schedule;
  return Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as BackboneOverrides;
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ParseError(`${basename(path)}: not valid JSON (${(err as Error).message})`, { file: basename(path) });
  }
}

/** Where a model's sidecar would lie: `<stem>.gdw.json`, or `<model>.gdw.json`. */
export function sidecarPaths(modelPath: string): string[] {
  const name = basename(modelPath);
  return [join(dirname(modelPath), sidecarNameFor(name)), join(dirname(modelPath), `${name}.gdw.json`)];
}

async function readSidecarFile(path: string): Promise<SidecarSettings | null> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  return text === null ? null : parseSidecar(text, basename(path));
}

/** The sidecar given with --sidecar, or the one beside the model; null when there is none. */
export async function findSidecar(modelPath: string, given: string | undefined): Promise<SidecarSettings | null> {
  if (given !== undefined) {
    const sidecar = await readSidecarFile(given);
    if (sidecar === null) throw new UsageError(`--sidecar ${given}: no such file`);
    return sidecar;
  }
  for (const path of sidecarPaths(modelPath)) {
    const sidecar = await readSidecarFile(path);
    if (sidecar) return sidecar;
  }
  return null;
}

const rethrowMissing = (path: string) => (err: NodeJS.ErrnoException): never => {
  if (err.code === 'ENOENT') throw new UsageError(`${path}: no such file`);
  throw err;
};

/** A bundle folder's layout.json as the encoding source (shape and padding mask). */
export async function readBundleEncoding(dir: string): Promise<{ encoding: EncodingContext; codecSha256: string }> {
  const path = join(dir, bundleFileNames.layout);
  const layout = await readJson(path).catch(rethrowMissing(path)) as CodecLayout & { codecSha256?: string };
  if (!Array.isArray(layout?.mask) || typeof layout.geneSlots !== 'number' || typeof layout.componentsPerGene !== 'number') {
    throw new ParseError(`${path}: expected a dataset bundle's layout.json with geneSlots, componentsPerGene and mask`, { file: bundleFileNames.layout });
  }
  return { encoding: encodingFromLayout(layout, `bundle ${basename(dir)}`), codecSha256: layout.codecSha256 ?? '' };
}

/** The padding mask from `--mask` (1 = real) or `--zero-mask` (1 = padded, the paper's zero_mask). */
async function readMaskFlag(values: Values): Promise<EncodingContext | null> {
  const real = stringValue(values, 'mask');
  const padded = stringValue(values, 'zero-mask');
  if (real !== undefined && padded !== undefined) throw new UsageError('give --mask or --zero-mask, not both');
  const path = real ?? padded;
  if (path === undefined) return null;
  const bytes = new Uint8Array(await readFile(path).catch(rethrowMissing(path)));
  return encodingFromNpyMask(readNpy(bytes, basename(path)), real !== undefined ? 'real' : 'padded', basename(path));
}

export interface CliSettings {
  overrides: BackboneOverrides;
  context: ResolveContext;
  assumeDefaults: boolean;
}

/**
 * Every source of settings the command line gives for one model. `bundleEncoding` is the data
 * the command already loaded (`--bundle`); a `--mask` file, when given too, must agree with it.
 */
export async function readCliSettings(modelPath: string, values: Values, bundleEncoding: EncodingContext | null = null): Promise<CliSettings> {
  const maskEncoding = await readMaskFlag(values);
  const overrides = answersFromFlags(values);
  // A mask file is an answer: it joins the flags and is checked against metadata and the bundle.
  if (maskEncoding) {
    if (overrides.realGenes !== undefined && overrides.realGenes !== maskEncoding.realGenes) {
      throw new UsageError(`--real-genes ${overrides.realGenes} but ${maskEncoding.name} has ${maskEncoding.realGenes} real genes`);
    }
    Object.assign(overrides, { realGenes: maskEncoding.realGenes, componentsPerGene: maskEncoding.componentsPerGene });
  }
  const sidecar = await findSidecar(modelPath, stringValue(values, 'sidecar'));
  return { overrides, context: { sidecar, encoding: bundleEncoding }, assumeDefaults: values['assume-defaults'] === true };
}

const describeDefault = (key: SettingKey): string => {
  const d = defaultSettings;
  const defaults: Partial<Record<SettingKey, string>> = {
    layout: d.layout, 'schedule.kind': d.schedule.kind, 'schedule.timesteps': String(d.schedule.timesteps),
    'schedule.betaStart': String(d.schedule.betaStart), 'schedule.betaEnd': String(d.schedule.betaEnd), prediction: d.prediction,
    numClasses: 'the label slots', nullClass: 'none', padding: d.padding, realGenes: 'all gene slots real',
  };
  return defaults[key] ?? 'the contract default';
};

/** Refuses a spec with settings no source gave, unless the user accepted the defaults. */
export function requireCompleteSettings(spec: BackboneSpec, assumeDefaults: boolean, modelPath: string): void {
  if (spec.missing.length === 0 || assumeDefaults) return;
  const lines = spec.missing.map((key) => `  ${key}: ${settingFlags[key] ?? '(no flag)'} (default would be ${describeDefault(key)})`);
  const stem = basename(sidecarPaths(modelPath)[0]);
  throw new UsageError(`${spec.fileName} leaves ${spec.missing.length} setting(s) that change the samples unknown:\n${lines.join('\n')}\n` +
    'Give them in one of three ways: (1) the flags above; (2) a sidecar ' + `${stem} beside the model with the same gdw.* keys ` +
    `(gdw annotate ${basename(modelPath)} FLAGS --write-sidecar writes it); (3) into the model itself: gdw annotate ${basename(modelPath)} FLAGS ` +
    '--out annotated.onnx. Or pass --assume-defaults to sample with the defaults shown (a wrong default gives wrong samples).');
}

const sourceNames: Record<string, string> = {
  metadata: 'metadata', sidecar: 'sidecar', override: 'flag', encoding: 'bundle/mask', shape: 'graph', default: 'DEFAULT',
};

/** One line per setting with its source, for stderr: what the samples were made with. */
export function describeSettings(spec: BackboneSpec): string {
  const { schedule } = spec;
  const item = (key: SettingKey, value: unknown) => `${key} ${String(value)} (${sourceNames[spec.sources[key]] ?? spec.sources[key]})`;
  const parts = [item('family', spec.family), item('layout', spec.layout), item('genes', spec.genes), item('channels', spec.channels),
    item('realGenes', spec.realGenes)];
  if (spec.componentsPerGene) parts.push(item('componentsPerGene', `${spec.componentsPerGene.length} genes`));
  if (spec.kind === 'diffusion') {
    parts.push(item('schedule.kind', schedule.kind), item('schedule.timesteps', schedule.timesteps));
    if (schedule.kind === 'linear') parts.push(item('schedule.betaStart', schedule.betaStart), item('schedule.betaEnd', schedule.betaEnd));
    parts.push(item('prediction', spec.prediction), item('padding', spec.padding));
    if (spec.staticBatch !== null) parts.push(item('staticBatch', spec.staticBatch));
  }
  if (spec.labelInput) parts.push(item('numClasses', spec.numClasses), item('labelSlots', spec.labelSlots), item('nullClass', spec.nullClass ?? 'none'));
  return `settings: ${parts.join(', ')}`;
}
