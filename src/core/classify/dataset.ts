// Labelled gene tensors for the classifiers, and the seeded row selections the protocol needs:
// a stratified validation split carved from a training set, per-class subsampling to match a
// class balance, and the feature layout every model of one run shares (padded genes dropped).

import { InvalidRequestError } from '../errors';
import { createRng } from '../rng';
import { gatherRows, isInMemory, rowsView, valueCountOf, type RowData } from '../store/rowData';

/** A labelled gene tensor [N, G, C] row-major, as the codec and the samplers produce it (in memory or in a store). */
export interface LabelledSet<D extends RowData = RowData> {
  data: D;
  shape: { batch: number; genes: number; channels: number };
  /** Class per sample, 0 … K−1 (−1, missing, is not allowed here). */
  labels: Int8Array;
  /** [G, C] 1 for a real component, 0 for a padded slot. */
  mask: Uint8Array;
}

/**
 * What the models see: the gene slots that hold at least one real component (padded genes
 * carry no information, so they are dropped), padded components inside a gene zeroed, and
 * zero genes appended up to a multiple of `geneMultiple` (the Transformer's patch size).
 */
export interface FeatureLayout {
  /** Source gene slot of each model gene; −1 for an appended zero gene. */
  geneSlots: Int32Array;
  channels: number;
  /** The [G, C] mask of the sets this layout reads. */
  sourceMask: Uint8Array;
  sourceGenes: number;
}

export function describeSet(set: LabelledSet): string {
  const { batch, genes, channels } = set.shape;
  return `[${batch}, ${genes}, ${channels}]`;
}

/** Checks shapes and labels; `what` names the set in the message. */
export function checkLabelledSet(set: LabelledSet, classes: number, what: string): void {
  const { batch, genes, channels } = set.shape;
  const problems = [
    valueCountOf(set.data) !== batch * genes * channels && `${valueCountOf(set.data)} values for shape ${describeSet(set)}`,
    set.labels.length !== batch && `${set.labels.length} labels for ${batch} samples`,
    set.mask.length !== genes * channels && `a mask of ${set.mask.length} slots for ${genes} × ${channels}`,
    set.labels.some((y) => y < 0 || y >= classes) && `labels must be 0 … ${classes - 1} (unlabelled samples cannot train or test a classifier)`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new InvalidRequestError(`${what}: ${problems.join('; ')}`);
}

/** Samples per class, index = class. */
export function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  return counts;
}

/** The number of classes: one more than the largest label, at least 2. */
export function inferClassCount(labels: ArrayLike<number>): number {
  let max = 1;
  for (let i = 0; i < labels.length; i++) max = Math.max(max, labels[i]);
  return max + 1;
}

function shuffleInPlace(values: number[], nextInt: (n: number) => number): number[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = nextInt(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

/** Members of each class, ascending. */
function membersByClass(labels: ArrayLike<number>, classes: number): number[][] {
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) members[labels[i]].push(i);
  return members;
}

/**
 * Seeded stratified split of a training set into fit and validation rows: round(fraction × n_k)
 * of every class (at least 1 when the class has 2 or more) go to validation.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>, classes: number, fraction: number, seed: number, stream: number,
): { fitIdx: Int32Array; validationIdx: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw new InvalidRequestError(`validation fraction must be in (0, 1), got ${fraction}`);
  const rng = createRng(seed, stream);
  const isValidation = new Uint8Array(labels.length);
  for (const members of membersByClass(labels, classes)) {
    const count = members.length < 2 ? 0 : Math.min(members.length - 1, Math.max(1, Math.round(fraction * members.length)));
    for (const i of shuffleInPlace(members, (n) => rng.nextInt(n)).slice(0, count)) isValidation[i] = 1;
  }
  const fit: number[] = [];
  const validation: number[] = [];
  isValidation.forEach((v, i) => (v ? validation : fit).push(i));
  if (validation.length === 0 || fit.length === 0) {
    throw new InvalidRequestError(`cannot carve a validation split from ${labels.length} samples: train on more samples`);
  }
  return { fitIdx: Int32Array.from(fit), validationIdx: Int32Array.from(validation) };
}

/**
 * Seeded per-class subsample to the given counts (the TSTR rule: a synthetic set the same
 * size and class balance as the real training set). Rows keep their original order.
 */
export function subsampleToCounts(labels: ArrayLike<number>, target: readonly number[], seed: number, stream: number, what: string): Int32Array {
  const rng = createRng(seed, stream);
  const members = membersByClass(labels, target.length);
  const short = target.findIndex((count, c) => members[c].length < count);
  if (short >= 0) {
    throw new InvalidRequestError(`${what} has ${members[short].length} samples of class ${short}, ${target[short]} are needed to match the real training set: generate more samples of that class`);
  }
  const keep = members.flatMap((m, c) => shuffleInPlace(m, (n) => rng.nextInt(n)).slice(0, target[c]));
  return Int32Array.from(keep.sort((a, b) => a - b));
}

/**
 * The rows `idx` of a set: the set itself when `idx` is every row in order, a copy when the rows
 * are in memory, else a reader that gathers them from the set on each read (a set in a store is
 * never copied whole). The values are the same either way.
 */
export function takeRows(set: LabelledSet, idx: ArrayLike<number>): LabelledSet {
  const { genes, channels } = set.shape;
  const dims = genes * channels;
  const every = idx.length === set.shape.batch && Array.prototype.every.call(idx, (row: number, i: number) => row === i);
  if (every) return set;
  const labels = Int8Array.from(idx, (i) => set.labels[i]);
  const shape = { batch: idx.length, genes, channels };
  const data = isInMemory(set.data) ? gatherRows(set.data, dims, idx) : rowsView(set.data, dims, Int32Array.from(idx));
  return { data, shape, labels, mask: set.mask };
}

/** The layout of a set's mask: real genes kept, padded genes dropped, padded to `geneMultiple`. */
export function createFeatureLayout(mask: Uint8Array, shape: { genes: number; channels: number }, geneMultiple = 1): FeatureLayout {
  const { genes, channels } = shape;
  const real: number[] = [];
  for (let g = 0; g < genes; g++) {
    if (mask.subarray(g * channels, (g + 1) * channels).some((m) => m !== 0)) real.push(g);
  }
  if (real.length === 0) throw new InvalidRequestError('the padding mask marks every slot as padding: nothing to classify');
  const padded = Math.ceil(real.length / geneMultiple) * geneMultiple;
  const geneSlots = new Int32Array(padded).fill(-1);
  geneSlots.set(real);
  return { geneSlots, channels, sourceMask: mask, sourceGenes: genes };
}

/** Checks that a set was encoded like the layout's (same codec): same shape and mask. */
export function checkLayoutFits(layout: FeatureLayout, set: LabelledSet, what: string): void {
  const sameShape = set.shape.genes === layout.sourceGenes && set.shape.channels === layout.channels;
  const sameMask = sameShape && set.mask.every((m, i) => (m !== 0) === (layout.sourceMask[i] !== 0));
  if (!sameMask) {
    throw new InvalidRequestError(`${what} is ${describeSet(set)} with a different padding mask from the training data: encode every set with the same codec`);
  }
}

/**
 * Copies rows `idx` of a set into `out` in the layout [rows, layoutGenes, C]: padded
 * components zeroed (synthetic samples may carry values there), dropped genes skipped.
 */
export function fillFeatures(layout: FeatureLayout, set: LabelledSet, idx: ArrayLike<number>, out: Float32Array): void {
  const { channels, geneSlots, sourceMask } = layout;
  const perSource = set.shape.genes * channels;
  const perModel = geneSlots.length * channels;
  out.fill(0, 0, idx.length * perModel);
  // Rows in memory are read in place; rows in a store are gathered once per call (one batch).
  const source = isInMemory(set.data) ? set.data : gatherRows(set.data, perSource, idx);
  for (let row = 0; row < idx.length; row++) {
    const base = (source === set.data ? idx[row] : row) * perSource;
    for (let g = 0; g < geneSlots.length; g++) {
      const slot = geneSlots[g];
      if (slot < 0) continue;
      for (let c = 0; c < channels; c++) {
        const at = slot * channels + c;
        if (sourceMask[at] !== 0) out[row * perModel + g * channels + c] = source[base + at];
      }
    }
  }
}
