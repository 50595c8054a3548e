// Seeded train/holdout split. The default is the paper's balanced holdout (520 cases + 520
// controls of 10,405 ≈ 10 %): equal counts per class, so TSTR accuracy on it is balanced.
// The codec and every model are fitted on the training part only.

import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';

/** How the holdout is drawn from the labelled samples. */
export const splitModes = {
  /** The same number of samples from every class (paper); total ≈ fraction × labelled. */
  balanced: 'balanced',
  /** The fraction from every class separately, keeping class proportions. */
  stratified: 'stratified',
} as const;
export type SplitMode = (typeof splitModes)[keyof typeof splitModes];

/** Where samples without a label go (when at least one sample has one). */
export const unlabelledPolicies = {
  /** Into the training split: they still inform the unsupervised codec. */
  train: 'train',
  /** Into neither split (role `excluded`), reported in the counts. */
  exclude: 'exclude',
} as const;
export type UnlabelledPolicy = (typeof unlabelledPolicies)[keyof typeof unlabelledPolicies];

/** A sample's role, as stored in split.npy. */
export const sampleRoles = {
  train: 0,
  holdout: 1,
  /** Unlabelled and left out by the `exclude` policy. */
  excluded: 2,
} as const;

export interface SplitOptions {
  seed: number;
  /** Share of the labelled samples held out, in [0, 1); default 0.1. */
  holdoutFraction?: number;
  mode?: SplitMode;
  unlabelled?: UnlabelledPolicy;
}

export interface SampleSplit {
  /** Per sample: sampleRoles.train, .holdout or .excluded. */
  roles: Uint8Array;
  trainIdx: Int32Array;
  holdoutIdx: Int32Array;
  excludedIdx: Int32Array;
  /** Holdout count per class index (empty when no sample is labelled). */
  holdoutPerClass: number[];
  unlabelledCount: number;
  settings: Required<SplitOptions>;
}

/** Independent of the other streams drawn from the same user seed. */
const SPLIT_STREAM = 0x5b117;

function indicesWithRole(roles: Uint8Array, role: number): Int32Array {
  const out: number[] = [];
  roles.forEach((r, i) => { if (r === role) out.push(i); });
  return Int32Array.from(out);
}

/** Members of each class, ascending; unlabelled (−1) samples are returned separately. */
function membersByClass(labels: Int8Array): { classes: number[][]; unlabelled: number[] } {
  const classes: number[][] = [];
  const unlabelled: number[] = [];
  labels.forEach((label, i) => {
    if (label < 0) { unlabelled.push(i); return; }
    while (classes.length <= label) classes.push([]);
    classes[label].push(i);
  });
  return { classes, unlabelled };
}

/** Holdout size per class: balanced never takes more than half the smallest class. */
function holdoutCounts(classes: number[][], fraction: number, mode: SplitMode): number[] {
  const present = classes.filter((members) => members.length > 0);
  if (mode === splitModes.stratified) {
    return classes.map((m) => Math.min(Math.round(fraction * m.length), Math.max(0, m.length - 1)));
  }
  const labelled = present.reduce((sum, m) => sum + m.length, 0);
  const smallest = Math.min(...present.map((m) => m.length));
  const perClass = Math.min(Math.round((fraction * labelled) / present.length), Math.floor(smallest / 2));
  return classes.map((m) => (m.length > 0 ? perClass : 0));
}

/** Fisher–Yates shuffle driven by the seeded stream. */
function shuffle(items: number[], next: (n: number) => number): number[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Splits samples into train and holdout. `labels` holds a class index per sample (−1 missing)
 * or is null; with no labelled sample at all the split is a plain seeded random one.
 */
export function splitSamples(labels: Int8Array | null, sampleCount: number, options: SplitOptions): SampleSplit {
  const settings: Required<SplitOptions> = {
    seed: options.seed,
    holdoutFraction: options.holdoutFraction ?? 0.1,
    mode: options.mode ?? splitModes.balanced,
    unlabelled: options.unlabelled ?? unlabelledPolicies.train,
  };
  if (!(settings.holdoutFraction >= 0 && settings.holdoutFraction < 1)) {
    throw new InvalidRequestError(`holdout fraction must be in [0, 1), got ${settings.holdoutFraction}`);
  }
  if (labels && labels.length !== sampleCount) {
    throw new InvalidRequestError(`${labels.length} labels for ${sampleCount} samples`);
  }
  const anyLabel = labels?.some((label) => label >= 0) ?? false;
  // Without labels every sample is one stratum; the unlabelled policy only applies beside labels.
  const { classes, unlabelled } = anyLabel && labels
    ? membersByClass(labels)
    : { classes: [Array.from({ length: sampleCount }, (_, i) => i)], unlabelled: [] };
  const counts = holdoutCounts(classes, settings.holdoutFraction, settings.mode);
  const rng = createRng(settings.seed, SPLIT_STREAM);
  const roles = new Uint8Array(sampleCount);
  classes.forEach((members, c) => {
    for (const i of shuffle(members, (n) => rng.nextInt(n)).slice(0, counts[c])) roles[i] = sampleRoles.holdout;
  });
  const unlabelledRole = settings.unlabelled === unlabelledPolicies.exclude ? sampleRoles.excluded : sampleRoles.train;
  for (const i of unlabelled) roles[i] = unlabelledRole;
  return {
    roles,
    trainIdx: indicesWithRole(roles, sampleRoles.train),
    holdoutIdx: indicesWithRole(roles, sampleRoles.holdout),
    excludedIdx: indicesWithRole(roles, sampleRoles.excluded),
    holdoutPerClass: anyLabel ? counts : [],
    unlabelledCount: unlabelled.length,
    settings,
  };
}

/** The split that split.npy describes, rebuilt from its per-sample roles. */
export function splitFromRoles(roles: Uint8Array): Pick<SampleSplit, 'roles' | 'trainIdx' | 'holdoutIdx' | 'excludedIdx'> {
  return {
    roles,
    trainIdx: indicesWithRole(roles, sampleRoles.train),
    holdoutIdx: indicesWithRole(roles, sampleRoles.holdout),
    excludedIdx: indicesWithRole(roles, sampleRoles.excluded),
  };
}
