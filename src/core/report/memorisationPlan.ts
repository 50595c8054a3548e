// What the generalisation-vs-memorisation test (core/metrics/generalisation.ts) needs before it
// generates: two backbones whose samples can be paired by seed (same gene tensor, encoding, schedule
// and conditioning, so sample i of each starts from the same noise and is read the same way), and
// each backbone's training rows of the bundle, from gdw.train_rows (models/train.py and finetune.py
// write it) or, only when the user says so, the bundle's whole training split.
import type { BackboneSpec } from '../backbone/spec';
import { BackboneContractError, InvalidRequestError } from '../errors';
import { sampleRoles } from '../encode/split';

/** The metadata keys models/train.py and models/finetune.py write (models/gdw_models/subsets.py). */
export const trainingMetadataKeys = {
  /** Bundle row indices the model trained on, comma-separated, ascending. */
  rows: 'gdw.train_rows',
  /** JSON: half, size, offset, seed, rows, split_rows. */
  subset: 'gdw.train_subset',
  /** JSON: method (full, lora), rank, alpha, base model, trainable parameters. */
  finetune: 'gdw.finetune',
} as const;

export type PairSpec = Pick<BackboneSpec,
  'fileName' | 'kind' | 'family' | 'genes' | 'channels' | 'realGenes' | 'componentsPerGene' | 'codecSha256' | 'schedule'
  | 'labelInput' | 'numClasses' | 'nullClass'>;

const show = (value: unknown): string => (value === null || value === undefined ? 'none' : JSON.stringify(value));

/**
 * Throws BackboneContractError naming the first setting in which `a` and `b` differ such that
 * their same-seed samples would not be pairs. Returns notes for what may differ (the family).
 */
export function checkSameSeedPair(a: PairSpec, b: PairSpec): string[] {
  const { schedule: sa } = a;
  const { schedule: sb } = b;
  const linear = sa.kind === 'linear';
  const checks: [string, unknown, unknown][] = [
    ['kind', a.kind, b.kind],
    ['gene tensor [G, C]', [a.genes, a.channels], [b.genes, b.channels]],
    ['encoding (gdw.codec_sha256)', a.codecSha256, b.codecSha256],
    ['real genes', a.realGenes, b.realGenes],
    ['components per gene (gdw.components)', a.componentsPerGene, b.componentsPerGene],
    ['conditioning (classes)', a.labelInput ? a.numClasses : null, b.labelInput ? b.numClasses : null],
    ['unconditional slot', a.nullClass, b.nullClass],
  ];
  if (a.kind === 'diffusion') {
    checks.push(['schedule', [sa.kind, sa.timesteps, linear ? sa.betaStart : null, linear ? sa.betaEnd : null],
      [sb.kind, sb.timesteps, sb.kind === 'linear' ? sb.betaStart : null, sb.kind === 'linear' ? sb.betaEnd : null]]);
  }
  for (const [what, x, y] of checks) {
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      throw new BackboneContractError(`${a.fileName} and ${b.fileName} differ in ${what}: ${show(x)} vs ${show(y)}; `
        + 'the memorisation test pairs samples of two backbones of one encoding, schedule and conditioning', b.fileName);
    }
  }
  const notes: string[] = [];
  if (a.codecSha256 === null) notes.push(`neither ${a.fileName} nor ${b.fileName} names its encoding (gdw.codec_sha256)`);
  if (a.family !== b.family) notes.push(`the families differ (${a.family} vs ${b.family}): the test assumes one architecture`);
  return notes;
}

export interface TrainingRows {
  /** Bundle rows, ascending. */
  rows: Int32Array;
  source: 'metadata' | 'assumed-train-split';
  /** gdw.train_subset and gdw.finetune, parsed, when the model has them. */
  subset: unknown;
  finetune: unknown;
}

function parseJsonKey(spec: Pick<BackboneSpec, 'metadata' | 'fileName'>, key: string): unknown {
  const text = spec.metadata[key];
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new BackboneContractError(`${spec.fileName}: ${key} is not JSON (${text.slice(0, 40)}…)`, spec.fileName);
  }
}

/**
 * The bundle rows a backbone trained on: its gdw.train_rows, each checked to be a training row of
 * this bundle; without the key, the bundle's training split when `assumeTrainSplit`, else an error.
 */
export function trainingRowsOf(
  spec: Pick<BackboneSpec, 'metadata' | 'fileName'>, roles: Uint8Array, assumeTrainSplit: boolean,
): TrainingRows {
  const extras = { subset: parseJsonKey(spec, trainingMetadataKeys.subset), finetune: parseJsonKey(spec, trainingMetadataKeys.finetune) };
  const text = spec.metadata[trainingMetadataKeys.rows];
  if (text === undefined) {
    if (!assumeTrainSplit) {
      throw new InvalidRequestError(`${spec.fileName} does not say which rows it trained on (no ${trainingMetadataKeys.rows}; `
        + 'models/train.py writes it): pass --assume-train-split to measure its samples against the bundle\'s whole training split');
    }
    const rows = Int32Array.from(Array.from(roles.keys()).filter((i) => roles[i] === sampleRoles.train));
    return { rows, source: 'assumed-train-split', ...extras };
  }
  const parts = text.split(',');
  const rows = new Int32Array(parts.length);
  parts.forEach((part, k) => {
    const row = /^\d+$/.test(part.trim()) ? Number(part) : NaN;
    if (!(row < roles.length)) {
      throw new BackboneContractError(`${spec.fileName}: ${trainingMetadataKeys.rows} entry ${k + 1} is '${part}'; `
        + `expected a row index 0 … ${roles.length - 1} of the bundle`, spec.fileName);
    }
    if (roles[row] !== sampleRoles.train) {
      throw new BackboneContractError(`${spec.fileName}: ${trainingMetadataKeys.rows} names row ${row}, which is not a training row `
        + 'of this bundle (role ' + `${roles[row]}); was it trained on another bundle?`, spec.fileName);
    }
    rows[k] = row;
  });
  return { rows: rows.sort(), source: 'metadata', ...extras };
}

/** Rows both sets hold (the halves of the test should hold none). */
export function countOverlap(a: Int32Array, b: Int32Array): number {
  const inA = new Set(a);
  return b.reduce((n, row) => n + (inA.has(row) ? 1 : 0), 0);
}
