// The report's comparison tables as data: TSTR (paper Table 1), recovery rate, the NN test
// (Table 2), NNAA (Table 3) and a privacy table. One model feeds the app, the CSV export and the
// HTML report, so all three show the same numbers; each cell keeps the numbers it was formatted from.
import { createReportIdentities, getIdentity } from './identity';
import { maxHaplotypesOf, type GenotypeSpaceReport, type HaplotypeAatsSection } from '../genospace/section';
import type { EvaluationReport, SampleSetMetricSettings, TstrRun } from './types';

export const columnKinds = {
  /** A name (backbone, training set). */
  text: 'text',
  /** One number. */
  number: 'number',
  /** An estimate with its interval; CSV adds `<key>_lower` and `<key>_upper`. */
  interval: 'interval',
} as const;
export type ColumnKind = (typeof columnKinds)[keyof typeof columnKinds];

export interface TableColumn {
  /** Stable machine name, unique in its table: the CSV header. */
  key: string;
  label: string;
  kind: ColumnKind;
  /** Adjacent columns with the same group share one heading (a classifier, "vs real train"). */
  group?: string;
  unit?: string;
  /** What a generator that neither fails nor copies shows, e.g. '0.5', '≤ 0.5'. */
  ideal?: string;
}

/** Missing values are NaN with the text '—'. */
export type TableCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'interval'; value: number; lower: number; upper: number; text: string };

export interface TableRow {
  /** The backbone id or 'real'. */
  id: string;
  /** One per column, in column order. */
  cells: TableCell[];
}

export interface ReportTable {
  id: string;
  title: string;
  /** What n, the settings and the intervals are. */
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
}

export const MISSING_TEXT = '—';

/** Fixed decimals without a "-0.00"; '—' for NaN and infinities. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return MISSING_TEXT;
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** "0.52 [0.48, 0.57]"; the estimate alone when a bound is missing. */
export function formatInterval(value: number, lower: number, upper: number, decimals = 2): string {
  if (!Number.isFinite(value) || !Number.isFinite(lower) || !Number.isFinite(upper)) return formatNumber(value, decimals);
  return `${formatNumber(value, decimals)} [${formatNumber(lower, decimals)}, ${formatNumber(upper, decimals)}]`;
}

/** Whole numbers with thousands separators: "1,000". */
function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : MISSING_TEXT;
}

const textCell = (text: string): TableCell => ({ kind: 'text', text });
const numberCell = (value: number, decimals = 2): TableCell => ({ kind: 'number', value, text: formatNumber(value, decimals) });
const countCell = (value: number): TableCell => ({ kind: 'number', value, text: formatCount(value) });

interface IntervalLike { estimate: number; lower: number; upper: number }

function intervalCell(interval: IntervalLike | undefined, decimals = 2): TableCell {
  const { estimate, lower, upper } = interval ?? { estimate: NaN, lower: NaN, upper: NaN };
  return { kind: 'interval', value: estimate, lower, upper, text: formatInterval(estimate, lower, upper, decimals) };
}

/** Consecutive columns sharing a group, for a grouped heading row; null when no column has a group. */
export function columnGroups(columns: readonly TableColumn[]): { label: string; span: number }[] | null {
  if (!columns.some((c) => c.group)) return null;
  const groups: { label: string; span: number }[] = [];
  for (const column of columns) {
    const label = column.group ?? '';
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.span++;
    else groups.push({ label, span: 1 });
  }
  return groups;
}

/** "angular distance, ideal 0.5": the unit and ideal shown under a column label. */
export function columnNote(column: TableColumn): string {
  return [column.unit, column.ideal === undefined ? undefined : `ideal ${column.ideal}`].filter(Boolean).join(', ');
}

const percentLevel = (level: number): string => `${Math.round(level * 1000) / 10} %`;
const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'classifier';

/** n, k, the distance and the bootstrap of the sample-set tables. */
function sampleSetCaption(report: EvaluationReport, withK: boolean): string {
  const m: SampleSetMetricSettings = report.settings.metrics;
  const { train, holdout } = report.bundle.counts;
  const parts = [`n = ${formatCount(report.settings.samplesPerSet)} synthetic per backbone, ${formatCount(train)} real train, ${formatCount(holdout)} real holdout`];
  if (m.maxRows !== null) parts.push(`at most ${formatCount(m.maxRows)} rows per set (seeded draw)`);
  if (withK) parts.push(`k = ${m.k}`);
  parts.push(m.projection
    ? `angular distance on a seeded random projection to ${m.projection.dims} dimensions (seed ${m.projection.seed}): approximate`
    : 'angular cosine distance (paper eq. 10), exact');
  parts.push(`${percentLevel(m.bootstrap.level)} bootstrap intervals, ${formatCount(m.bootstrap.resamples)} resamples, seed ${m.seed}`);
  return `${parts.join('; ')}.`;
}

/** A backbone's display name (src/core/report/identity.ts), 'real' as it is: rows show names, row ids keep the ids. */
function createNamer(report: EvaluationReport): (id: string) => string {
  const identities = createReportIdentities(report);
  return (id) => (id === 'real' ? id : getIdentity(identities, id).name);
}

const backboneColumn: TableColumn = { key: 'backbone', label: 'backbone', kind: 'text' };

/** Every measured synthetic set: the backbones', then those imported from files (issue 12). */
const sampleSetsOf = (report: EvaluationReport): readonly Pick<EvaluationReport['backbones'][number], 'id' | 'metrics'>[] => [...report.backbones, ...(report.imported ?? [])];

/** Training sources in order, real first: the union over the classifiers' rows. */
function tstrSources(runs: readonly TstrRun[]): string[] {
  const sources: string[] = [];
  for (const run of runs) for (const row of run.report.rows) if (!sources.includes(row.source)) sources.push(row.source);
  return sources.sort((a, b) => Number(b === 'real') - Number(a === 'real'));
}

function tstrCaption(runs: readonly TstrRun[], skipped: { backboneId: string; reason: string }[], nameOf: (id: string) => string): string {
  const first = runs[0]?.report;
  if (!first) return 'TSTR ran no classifier.';
  const { holdout, settings } = first;
  const balanced = holdout.perClass.filter((n) => n > 0).every((n, _i, all) => n === all[0]);
  const parts = [
    `Each classifier trained on the row's set, selected on a validation split of that set, tested on the real holdout (n = ${formatCount(holdout.count)}: ${holdout.perClass.join(' + ')}, ${holdout.balancing === 'subsampled' ? 'balanced by a seeded subsample' : 'as given'})`,
    `accuracy as in the paper's Table 1${balanced ? ' (on this balanced holdout it equals balanced accuracy)' : ''}; AUC ${settings.averaging}`,
    settings.matchRealTrain ? 'synthetic sets matched to the real training set\'s size and class balance' : 'synthetic sets used as generated',
    `${percentLevel(settings.bootstrap.level)} ${settings.bootstrap.stratified ? 'stratified ' : ''}bootstrap intervals over the holdout, ${formatCount(settings.bootstrap.resamples)} resamples, seed ${settings.bootstrap.seed}; they cover test-set sampling, not training randomness`,
  ];
  if (skipped.length > 0) parts.push(`left out: ${skipped.map((s) => `${nameOf(s.backboneId)} (${s.reason})`).join(', ')}`);
  return `${parts.join('; ')}.`;
}

/**
 * Paper Table 1: rows real, then each backbone; per classifier accuracy and AUC with intervals,
 * and the training set size. When TSTR was not run: no rows, the reason as caption (so every
 * view still shows the table and why it is empty).
 */
export function tstrTable(report: EvaluationReport): ReportTable {
  const base = { id: 'tstr', title: 'TSTR: train on synthetic, test on real (paper Table 1)' };
  const sourceColumn: TableColumn = { key: 'training_set', label: 'training set', kind: 'text' };
  const nTrainColumn: TableColumn = { key: 'n_train', label: 'n train', kind: 'number', unit: 'samples' };
  const { tstr } = report;
  if (tstr.status !== 'done') {
    return { ...base, caption: `TSTR not run: ${tstr.reason}.`, columns: [sourceColumn, nTrainColumn], rows: [] };
  }
  const columns: TableColumn[] = [sourceColumn, nTrainColumn, ...tstr.runs.flatMap((run): TableColumn[] => [
    { key: `${slug(run.classifier)}_accuracy`, label: 'accuracy', kind: 'interval', group: run.classifier },
    { key: `${slug(run.classifier)}_auc`, label: 'AUC', kind: 'interval', group: run.classifier },
  ])];
  const nameOf = createNamer(report);
  const rows = tstrSources(tstr.runs).map((source): TableRow => {
    const perRun = tstr.runs.map((run) => run.report.rows.find((r) => r.source === source));
    const trainPerClass = perRun.find((r) => r !== undefined)?.trainPerClass;
    return {
      id: source,
      cells: [
        textCell(nameOf(source)),
        countCell(trainPerClass ? trainPerClass.reduce((a, b) => a + b, 0) : NaN),
        ...perRun.flatMap((row) => [intervalCell(row?.metrics.accuracy), intervalCell(row?.metrics.auc)]),
      ],
    };
  });
  return { ...base, caption: tstrCaption(tstr.runs, tstr.skipped, nameOf), columns, rows };
}

/** Recovery = acc_synthetic / acc_real per backbone and classifier (the real row is 1 by definition). */
export function recoveryTable(report: EvaluationReport): ReportTable {
  const base = { id: 'recovery', title: 'Recovery rate: synthetic accuracy / real accuracy' };
  const { tstr } = report;
  if (tstr.status !== 'done') return { ...base, caption: `TSTR not run: ${tstr.reason}.`, columns: [backboneColumn], rows: [] };
  const columns: TableColumn[] = [backboneColumn, ...tstr.runs.map((run): TableColumn => (
    { key: `${slug(run.classifier)}_recovery`, label: run.classifier, kind: 'interval', ideal: '1' }
  ))];
  const nameOf = createNamer(report);
  const rows = tstrSources(tstr.runs).filter((source) => source !== 'real').map((source): TableRow => ({
    id: source,
    cells: [textCell(nameOf(source)), ...tstr.runs.map((run) => intervalCell(run.report.rows.find((r) => r.source === source)?.recovery))],
  }));
  const bootstrap = tstr.runs[0]?.report.settings.bootstrap;
  const interval = bootstrap
    ? `; paired ${percentLevel(bootstrap.level)} bootstrap intervals (both models scored on the same holdout resamples), ${formatCount(bootstrap.resamples)} resamples, seed ${bootstrap.seed}`
    : '';
  return { ...base, caption: `Accuracy of the classifier trained on the backbone's set over that of the one trained on real data, both on the real holdout${interval}.`, columns, rows };
}

/** Rows each metric used (sets may be subsampled to equal size, seeded). */
const nColumns: TableColumn[] = [
  { key: 'n_synthetic', label: 'n synthetic', kind: 'number', unit: 'rows used' },
  { key: 'n_train', label: 'n train', kind: 'number', unit: 'rows used' },
  { key: 'n_holdout', label: 'n holdout', kind: 'number', unit: 'rows used' },
];

/** Paper Table 2, eq. 11: per backbone the NN test against the real train and holdout sets. */
export function nnTestTable(report: EvaluationReport): ReportTable {
  const columns: TableColumn[] = [
    backboneColumn,
    { key: 'train', label: 'NN test', kind: 'interval', group: 'vs real train', ideal: '0.5' },
    { key: 'train_null', label: 'expected under null', kind: 'number', group: 'vs real train' },
    { key: 'holdout', label: 'NN test', kind: 'interval', group: 'vs real holdout', ideal: '0.5' },
    { key: 'holdout_null', label: 'expected under null', kind: 'number', group: 'vs real holdout' },
    { key: 'k', label: 'k', kind: 'number' },
    ...nColumns,
  ];
  const nameOf = createNamer(report);
  const rows = sampleSetsOf(report).map(({ id, metrics: { nnTest } }): TableRow => ({
    id,
    cells: [
      textCell(nameOf(id)),
      intervalCell(nnTest.train.interval), numberCell(nnTest.train.expectedUnderNull),
      intervalCell(nnTest.holdout.interval), numberCell(nnTest.holdout.expectedUnderNull),
      countCell(nnTest.train.settings.k), countCell(nnTest.train.settings.d2.n),
      countCell(nnTest.train.settings.d1.n), countCell(nnTest.holdout.settings.d1.n),
    ],
  }));
  return {
    id: 'nn-test', title: `Nearest-neighbour test, k = ${report.settings.metrics.k} (paper Table 2)`,
    caption: 'Share of each real point\'s k nearest neighbours in real ∪ synthetic that are real, averaged over the real points; '
      + 'expected under null: what two indistinguishable sets of these sizes give. Above: synthetic points keep away from the real ones; '
      + `below: they crowd them. ${sampleSetCaption(report, true)}`,
    columns, rows,
  };
}

/** Paper Table 3, eq. 9: AA_truth, AA_syn and AATS against the real train and holdout sets. */
export function nnaaTable(report: EvaluationReport): ReportTable {
  const side = (key: string, group: string): TableColumn[] => [
    { key: `aa_truth_${key}`, label: 'AA_truth', kind: 'interval', group, ideal: '0.5' },
    { key: `aa_syn_${key}`, label: 'AA_syn', kind: 'interval', group, ideal: '0.5' },
    { key: `aats_${key}`, label: 'AATS', kind: 'interval', group, ideal: '0.5' },
    { key: `ties_${key}`, label: 'ties', kind: 'number', group },
  ];
  const columns: TableColumn[] = [
    backboneColumn, ...side('train', 'vs real train'), ...side('holdout', 'vs real holdout'),
    ...nColumns,
  ];
  const nameOf = createNamer(report);
  const rows = sampleSetsOf(report).map(({ id, metrics: { nnaa } }): TableRow => ({
    id,
    cells: [
      textCell(nameOf(id)),
      ...[nnaa.train, nnaa.holdout].flatMap((s) => [
        intervalCell(s.intervals.aaTruth), intervalCell(s.intervals.aaSyn), intervalCell(s.intervals.aats), countCell(s.truthTies + s.synTies),
      ]),
      countCell(nnaa.train.settings.synthetic.n), countCell(nnaa.train.settings.real.n), countCell(nnaa.holdout.settings.real.n),
    ],
  }));
  return {
    id: 'nnaa', title: 'Nearest-neighbour adversarial accuracy (paper Table 3)',
    caption: 'AA_truth: share of real points whose nearest synthetic point is farther than their nearest real one; AA_syn: the same from the synthetic side; '
      + 'AATS = their mean (Yale et al. 2019). Near 1: real and synthetic told apart; near 0: synthetic points sit on real ones (copies). '
      + `Strict inequality, the point itself left out by index; ties counted. ${sampleSetCaption(report, false)}`,
    columns, rows,
  };
}

/** Privacy: privacy loss, distance to the closest training sample, copies and memorisation. */
export function privacyTable(report: EvaluationReport): ReportTable {
  const dcr = 'DCR (to closest train sample)';
  const copies = 'copies of train';
  const cosine = 'max cosine similarity to train';
  const columns: TableColumn[] = [
    backboneColumn,
    { key: 'privacy_loss', label: 'privacy loss', kind: 'interval', ideal: '0' },
    { key: 'dcr_median_synthetic', label: 'median, synthetic', kind: 'number', group: dcr, unit: 'angular distance' },
    { key: 'dcr_median_holdout', label: 'median, holdout', kind: 'number', group: dcr, unit: 'angular distance' },
    { key: 'dcr_protection', label: 'closer to train', kind: 'interval', group: dcr, unit: 'share', ideal: '≤ 0.5' },
    { key: 'copies_exact', label: 'exact', kind: 'number', group: copies, ideal: '0' },
    { key: 'copies_near', label: 'near', kind: 'number', group: copies, ideal: '0' },
    { key: 'copies_near_holdout', label: 'near, holdout', kind: 'number', group: copies },
    { key: 'max_cosine_median_synthetic', label: 'median, synthetic', kind: 'number', group: cosine },
    { key: 'max_cosine_p95_synthetic', label: 'p95, synthetic', kind: 'number', group: cosine },
    { key: 'max_cosine_median_holdout', label: 'median, holdout', kind: 'number', group: cosine },
    { key: 'max_cosine_p95_holdout', label: 'p95, holdout', kind: 'number', group: cosine },
  ];
  const nameOf = createNamer(report);
  const rows = sampleSetsOf(report).map(({ id, metrics: { nnaa, dcr: d, memorisation: mem } }): TableRow => ({
    id,
    cells: [
      textCell(nameOf(id)), intervalCell(nnaa.privacyLossInterval),
      numberCell(d.synthetic.median, 3), numberCell(d.holdout.median, 3), intervalCell(d.protection.interval),
      countCell(d.copies.synthetic.exact), countCell(d.copies.synthetic.near), countCell(d.copies.holdout.near),
      numberCell(mem.synthetic.summary.median, 3), numberCell(mem.synthetic.summary.q95, 3),
      numberCell(mem.holdout.summary.median, 3), numberCell(mem.holdout.summary.q95, 3),
    ],
  }));
  return {
    id: 'privacy', title: 'Privacy: privacy loss, distance to closest record, copies, memorisation',
    caption: 'Privacy loss = AATS vs holdout − AATS vs train (above 0: the generator sits closer to its training set than to unseen data). '
      + 'DCR: angular distance of each synthetic (or real holdout) sample to its closest training sample; closer to train: share of synthetic samples strictly closer to train than to holdout. '
      + `Near copy: within ${report.settings.metrics.nearCopyEpsilon} of a training sample; the holdout column is what chance gives. `
      + `Max cosine similarity of each sample to the training set, synthetic vs real holdout. ${sampleSetCaption(report, false)}`,
    columns, rows,
  };
}

/**
 * Genotype space (issue 12; Yelmen et al. 2021): per synthetic set, imported or decoded through the
 * codec, against the real training genotypes; AATS with Manhattan distance against train and holdout.
 */
export function genotypeSpaceTable(report: EvaluationReport, space: GenotypeSpaceReport): ReportTable {
  const af = 'allele frequency', ld = 'LD r²', aats = 'AATS, Manhattan', hap = 'AATS on haplotypes, Hamming';
  const columns: TableColumn[] = [
    { ...backboneColumn, label: 'set' }, { key: 'kind', label: 'genotypes', kind: 'text' },
    { key: 'n', label: 'n', kind: 'number' }, { key: 'snps', label: 'SNPs', kind: 'number' },
    { key: 'af_r', label: 'Pearson r', kind: 'number', group: af, ideal: '1' }, { key: 'af_rmse', label: 'RMSE', kind: 'number', group: af, ideal: '0' },
    { key: 'ld_mad', label: 'mean |Δ|', kind: 'number', group: ld, ideal: '0' },
    { key: 'r_pairs', label: '2-SNP r', kind: 'number', group: 'co-occurrence', ideal: '1' }, { key: 'r_triplets', label: '3-SNP r', kind: 'number', group: 'co-occurrence', ideal: '1' },
    { key: 'het_real', label: 'het., real', kind: 'number' }, { key: 'het_synthetic', label: 'het., synthetic', kind: 'number' },
    { key: 'w1_pc1', label: 'W₁ PC1', kind: 'number', ideal: '0' }, { key: 'w1_pc2', label: 'W₁ PC2', kind: 'number', ideal: '0' },
    { key: 'aa_truth_train', label: 'AA truth', kind: 'number', group: aats, ideal: '0.5' }, { key: 'aa_syn_train', label: 'AA syn', kind: 'number', group: aats, ideal: '0.5' },
    { key: 'aats_train', label: 'vs train', kind: 'number', group: aats, ideal: '0.5' }, { key: 'aats_holdout', label: 'vs holdout', kind: 'number', group: aats, ideal: '0.5' },
    { key: 'privacy_loss', label: 'privacy loss', kind: 'number', group: aats, ideal: '0' },
    { key: 'closer_to_train', label: 'closer to train', kind: 'number', unit: 'share', ideal: '≤ 0.5' },
    { key: 'exact_copies', label: 'exact copies', kind: 'number', ideal: '0' }, { key: 'exact_copies_holdout', label: 'exact copies, holdout', kind: 'number' },
    { key: 'hap_n', label: 'haplotypes', kind: 'text', group: hap },
    { key: 'hap_aa_truth', label: 'AA truth', kind: 'number', group: hap, ideal: '0.5' }, { key: 'hap_aa_syn', label: 'AA syn', kind: 'number', group: hap, ideal: '0.5' },
    { key: 'hap_aats_train', label: 'vs train', kind: 'number', group: hap, ideal: '0.5' }, { key: 'hap_aats_holdout', label: 'vs holdout', kind: 'number', group: hap, ideal: '0.5' },
    { key: 'hap_privacy_loss', label: 'privacy loss', kind: 'number', group: hap, ideal: '0' },
    { key: 'hap_closer_to_train', label: 'closer to train', kind: 'number', group: hap, unit: 'share', ideal: '≤ 0.5' },
    { key: 'hap_exact_copies', label: 'exact copies', kind: 'number', group: hap, ideal: '0' },
  ];
  const nameOf = createNamer(report);
  const orNaN = (x: number | null | undefined): number => x ?? Number.NaN;
  const rows = space.sets.map((s): TableRow => ({
    id: s.id,
    cells: [
      textCell(nameOf(s.id)), textCell(s.kind), countCell(s.samples.synthetic.n), countCell(s.snps.compared),
      numberCell(orNaN(s.alleleFrequency.pearson), 3), numberCell(orNaN(s.alleleFrequency.rmse), 3), numberCell(orNaN(s.ld.meanAbsDifference), 3),
      numberCell(orNaN(s.correlations?.pairs.pearson), 3), numberCell(orNaN(s.correlations?.triplets.pearson), 3),
      numberCell(s.heterozygosity.real.mean, 3), numberCell(s.heterozygosity.synthetic.mean, 3),
      numberCell(orNaN(s.pca.wasserstein[0]), 2), numberCell(orNaN(s.pca.wasserstein[1]), 2),
      numberCell(s.aats.train.aaTruth, 3), numberCell(s.aats.train.aaSyn, 3), numberCell(s.aats.train.aats, 3), numberCell(s.aats.holdout.aats, 3), numberCell(s.aats.privacyLoss, 3), numberCell(s.aats.closerToTrain, 3),
      countCell(s.closestTraining.exactCopies), countCell(s.closestTraining.holdoutExactCopies),
      ...haplotypeCells(s.haplotypes),
    ],
  }));
  const st = space.settings;
  return {
    id: 'genotype-space', title: 'Genotype space: allele frequencies, LD, heterozygosity, PCA and Manhattan AATS',
    caption: `Decoded: a backbone's samples decoded through the codec, rounded and clipped to 0..2; imported: as read from the file, on the SNPs it shares with the cohort. ${space.reference}. `
      + `At most ${formatCount(st.maxSamples)} samples per set (seeded draw, seed ${st.seed}); AATS on one equal n per set (the smallest of train, holdout and synthetic); AA truth and AA syn are its two halves vs train (AATS can be 0.5 while both fail). `
      + `LD: ${st.ldWindow} SNPs from SNP ${st.ldStart} (mean |r²_syn − r²_real| over the pairs); W₁: Wasserstein-1 between real and synthetic scores on the PCs of the real training set (${st.pcaComponents} fitted). `
      + `Co-occurrence: Pearson r of the real and synthetic ALT co-occurrence frequencies E[Π d/2] of SNP pairs and triplets at most ${st.correlationSpan ?? 5} SNPs apart (Yelmen et al. 2021). `
      + 'Exact copies: synthetic samples at Manhattan distance 0 from a sample of the whole training split; the holdout column is what real unseen samples give. '
      + `AATS on haplotypes (Yelmen et al.'s setting): Hamming distance between single haplotypes, each person two, against the training split's and the holdout's haplotypes, on one equal n per set (at most ${formatCount(maxHaplotypesOf(st))}; seeded draw); `
      + 'exact copies: synthetic haplotypes equal to one of the whole training split; where it is not computed the haplotypes column says why.',
    columns, rows,
  };
}

/** The haplotype AATS cells of one set: the numbers, or the reason in the first cell and the rest empty. */
function haplotypeCells(h: HaplotypeAatsSection | undefined): TableCell[] {
  if (!h || !h.computed) return [textCell(h ? h.reason : 'not computed (older report)'), ...Array.from({ length: 7 }, () => numberCell(Number.NaN))];
  return [
    textCell(`n = ${formatCount(h.samples.synthetic.n)}`), numberCell(h.aats.train.aaTruth, 3), numberCell(h.aats.train.aaSyn, 3),
    numberCell(h.aats.train.aats, 3), numberCell(h.aats.holdout.aats, 3), numberCell(h.aats.privacyLoss, 3), numberCell(h.aats.closerToTrain, 3), countCell(h.exactCopies),
  ];
}

/** Every table, in the order the app and the HTML report show them. */
export function allReportTables(report: EvaluationReport): ReportTable[] {
  const tables = [tstrTable(report), recoveryTable(report), nnTestTable(report), nnaaTable(report), privacyTable(report)];
  return report.genotypeSpace ? [...tables, genotypeSpaceTable(report, report.genotypeSpace)] : tables;
}
