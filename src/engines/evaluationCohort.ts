// The encoded real cohort as the evaluation pipeline takes it (the app's encoded dataset and a
// bundle folder both give it), and what the pipeline cuts from it: the real train and holdout
// sets, their labelled rows for TSTR, the report's bundle summary and the TSTR labels.
import {
  gatherRows, isInMemory, isSharedRows, isStoredRows, pickSharedRows, pickStoredRows, rowsView, sharedRowsView, type RowData,
} from '../core/store/rowData';
import type { LabelledSet } from '../core/classify/dataset';
import { sampleRoles } from '../core/encode/split';
import { InvalidRequestError } from '../core/errors';
import { classLabelsInBalance, countClasses } from '../core/report/plan';
import type { BundleSummary } from '../core/report/types';
import type { EncodedDataset } from './data';
import type { RealSetsInput, SampleSetData } from './evaluation';
import { isSharedView } from './sharedTensors';

/**
 * The encoded real cohort, as the app's data worker (EncodedDataset) and a bundle folder both
 * give it: the tensor in memory, or read by row range (the CLI reads a large bundle's tensor.npy
 * where it lies, so the cohort is never in memory whole).
 */
export interface EvaluationCohort extends EncodedDataset {
  /** Genes of the gene map that hold SNPs (the rest of the G slots are padding). */
  realGenes: number;
}

/** Classes K: the largest label + 1, at least the number of class names. */
export function classCountOf(cohort: EvaluationCohort): number {
  return cohort.labels.reduce((k, label) => Math.max(k, label + 1), cohort.classNames.length);
}

function rowsOf(cohort: Pick<EvaluationCohort, 'roles'>, keep: (i: number) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < cohort.roles.length; i++) if (keep(i)) rows.push(i);
  return rows;
}

/**
 * Rows `rows` of a set: a postable view when they come from a stored set or a tensor in shared
 * memory (the app's encoded cohort: no value copied, here or in the workers), a copy when the set
 * is in ordinary memory, else a reader that gathers them (no whole copy).
 */
export function pickRows(data: RowData, dims: number, rows: ArrayLike<number>): RowData {
  if (isStoredRows(data)) return pickStoredRows(data, rows);
  if (isSharedRows(data)) return pickSharedRows(data, rows);
  if (isInMemory(data)) return isSharedView(data) ? sharedRowsView(data, dims, Int32Array.from(rows)) : gatherRows(data, dims, rows);
  return rowsView(data, dims, Int32Array.from(rows));
}

/** The rows of one role as a metric set, labels −1 where unknown. */
export function roleSet(cohort: EvaluationCohort, role: number): SampleSetData {
  const rows = rowsOf(cohort, (i) => cohort.roles[i] === role);
  const data = pickRows(cohort.tensor, cohort.shape.genes * cohort.shape.channels, rows);
  return { data, count: rows.length, labels: Int32Array.from(rows, (i) => cohort.labels[i]), sampleIds: rows.map((i) => cohort.sampleIds[i]) };
}

/** The labelled rows of one role as a classifier's set (unlabelled samples cannot train or test). */
export function labelledRoleSet(cohort: Omit<EvaluationCohort, 'realGenes'>, role: number): LabelledSet {
  const { genes, channels } = cohort.shape;
  const rows = rowsOf(cohort, (i) => cohort.roles[i] === role && cohort.labels[i] >= 0);
  const data = pickRows(cohort.tensor, genes * channels, rows);
  return { data, shape: { batch: rows.length, genes, channels }, labels: Int8Array.from(rows, (i) => cohort.labels[i]), mask: cohort.mask };
}

/**
 * The labelled rows of a real set cut by realSetsOf, as a classifier's set: the set's own rows
 * when every row has a label (no second copy of the split), else the labelled rows (pickRows).
 */
export function labelledSetOf(set: SampleSetData, cohort: EvaluationCohort): LabelledSet {
  const { genes, channels } = cohort.shape;
  const labels = set.labels ?? new Int32Array(set.count).fill(-1);
  const rows: number[] = [];
  for (let i = 0; i < set.count; i++) if (labels[i] >= 0) rows.push(i);
  const data = rows.length === set.count ? set.data : pickRows(set.data, genes * channels, rows);
  return { data, shape: { batch: rows.length, genes, channels }, labels: Int8Array.from(rows, (i) => labels[i]), mask: cohort.mask };
}

export function realSetsOf(cohort: EvaluationCohort): RealSetsInput {
  const train = roleSet(cohort, sampleRoles.train);
  const holdout = roleSet(cohort, sampleRoles.holdout);
  if (train.count < 2 || holdout.count < 2) {
    throw new InvalidRequestError(`the encoding has ${train.count} training and ${holdout.count} holdout samples; the comparison needs at least 2 of each: encode with a holdout share above 0 %`);
  }
  const { genes, channels } = cohort.shape;
  return { genes, channels, mask: cohort.mask, train, holdout };
}

/** The labels of one role's samples, in sample order. */
function roleLabels(cohort: EvaluationCohort, role: number): number[] {
  return Array.from(cohort.labels).filter((_, i) => cohort.roles[i] === role);
}

export function bundleSummaryOf(cohort: EvaluationCohort): BundleSummary {
  const classes = classCountOf(cohort);
  const count = (role: number) => cohort.roles.reduce((n, r) => n + (r === role ? 1 : 0), 0);
  return {
    codecSha256: cohort.codecSha256,
    shape: [cohort.shape.batch, cohort.shape.genes, cohort.shape.channels],
    realGenes: cohort.realGenes, realSlots: cohort.mask.reduce((sum, m) => sum + m, 0), classNames: cohort.classNames,
    counts: { train: count(sampleRoles.train), holdout: count(sampleRoles.holdout), excluded: count(sampleRoles.excluded) },
    trainPerClass: countClasses(roleLabels(cohort, sampleRoles.train), classes), holdoutPerClass: countClasses(roleLabels(cohort, sampleRoles.holdout), classes),
  };
}

/** Labels of each TSTR training set: the labelled real training split's size and class balance; null when TSTR cannot run. */
export function tstrLabelsOf(cohort: EvaluationCohort): Int32Array | null {
  const classes = classCountOf(cohort);
  const perClass = countClasses(roleLabels(cohort, sampleRoles.train), classes);
  const holdout = countClasses(roleLabels(cohort, sampleRoles.holdout), classes);
  if (perClass.filter((n) => n > 0).length < 2 || holdout.filter((n) => n > 0).length < 2) return null;
  return classLabelsInBalance(perClass, perClass.reduce((a, b) => a + b, 0));
}

