// The compact table `gdw evaluate` prints: one row per backbone, the headline numbers with their
// 95 % intervals; every other number and every setting is in the report file.
import type { BootstrapInterval } from '../core/metrics/bootstrap';
import type { BackboneReport, EvaluationReport } from '../core/report/types';

const fixed = (x: number, digits = 3): string => x.toFixed(digits);
const withInterval = (i: BootstrapInterval): string => `${fixed(i.estimate)} (${fixed(i.lower, 2)}–${fixed(i.upper, 2)})`;

/** MAE over real slots at the grid point nearest T/2: one number for the curve. */
function midCurveMae(b: BackboneReport): string {
  const curve = b.reconstruction;
  if (!curve || curve.points.length === 0) return 'n/a';
  const half = curve.settings.scheduleTimesteps / 2;
  const point = curve.points.reduce((best, p) => (Math.abs(p.t - half) < Math.abs(best.t - half) ? p : best));
  return `${fixed(point.realSlots.mae)} @t=${point.t}`;
}

/** A backbone's row; an imported set (no backbone, so no loss or curve) shows n/a there. */
function row(b: Pick<BackboneReport, 'id' | 'metrics'> & Partial<BackboneReport>): string[] {
  const m = b.metrics;
  return [
    b.id,
    b.validationLoss ? fixed(b.validationLoss.loss, 4) : 'n/a',
    b.reconstruction === undefined ? 'n/a (imported)' : midCurveMae(b as BackboneReport),
    withInterval(m.nnaa.train.intervals.aats),
    withInterval(m.nnaa.holdout.intervals.aats),
    withInterval(m.nnaa.privacyLossInterval),
    withInterval(m.nnTest.train.interval),
    withInterval(m.dcr.protection.interval),
    `${m.dcr.copies.synthetic.exact}/${m.dcr.copies.synthetic.near}`,
    fixed(m.memorisation.synthetic.summary.median),
  ];
}

function alignColumns(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** Accuracy (recovery) per training source and classifier, as paper Table 1 reads. */
function formatTstrTable(report: EvaluationReport): string {
  const { tstr } = report;
  if (tstr.status !== 'done') return `TSTR not run: ${tstr.reason}\n`;
  const sources = tstr.runs[0]?.report.rows.map((r) => r.source) ?? [];
  const header = ['TSTR: trained on', ...tstr.runs.map((r) => `${r.classifier} accuracy (recovery)`)];
  const rows = sources.map((source) => [source, ...tstr.runs.map((run) => {
    const row = run.report.rows.find((r) => r.source === source);
    return row ? `${fixed(row.metrics.accuracy.estimate)} (${fixed(row.recovery.estimate, 2)})` : 'n/a';
  })]);
  const skipped = tstr.skipped.map((s) => `  ${s.backboneId} left out: ${s.reason}\n`).join('');
  return `${alignColumns([header, ...rows])}\n(tested on the balanced real holdout; recovery = accuracy / real accuracy)\n${skipped}`;
}

/** The genotype-space headline numbers per set (issue 12). */
function formatGenotypeSpaceTable(report: EvaluationReport): string {
  const space = report.genotypeSpace;
  if (!space) return '';
  const header = ['genotype space', 'kind', 'n', 'SNPs', 'AF r', 'AF RMSE', 'LD |Δr²|', 'het real/syn', 'W1 PC1', 'AA truth/syn', 'AATS train', 'AATS holdout', 'privacy loss', 'closer to train', 'copies'];
  const opt = (x: number | null, digits = 3) => (x === null ? 'n/a' : fixed(x, digits));
  const rows = space.sets.map((s) => [
    s.id, s.kind, String(s.samples.synthetic.n), String(s.snps.compared), opt(s.alleleFrequency.pearson), opt(s.alleleFrequency.rmse), opt(s.ld.meanAbsDifference),
    `${fixed(s.heterozygosity.real.mean)}/${fixed(s.heterozygosity.synthetic.mean)}`, opt(s.pca.wasserstein[0] ?? null, 2),
    `${fixed(s.aats.train.aaTruth, 2)}/${fixed(s.aats.train.aaSyn, 2)}`, fixed(s.aats.train.aats), fixed(s.aats.holdout.aats), fixed(s.aats.privacyLoss), fixed(s.aats.closerToTrain),
    `${s.closestTraining.exactCopies}/${s.samples.synthetic.n}`,
  ]);
  return `\n${alignColumns([header, ...rows])}\n(real = the training split; Manhattan AATS on one equal n per set; ideal AATS 0.5, privacy loss 0; copies: exact copies of a training sample / n)\n`
    + formatHaplotypeTable(space.sets);
}

/** The haplotype AATS per set (Yelmen et al.'s setting), or why a set has none. */
export function formatHaplotypeTable(sets: NonNullable<EvaluationReport['genotypeSpace']>['sets']): string {
  const header = ['haplotypes', 'n', 'AA truth/syn', 'AATS train', 'AATS holdout', 'privacy loss', 'closer to train', 'copies'];
  const rows = sets.flatMap((s) => {
    const h = s.haplotypes;
    if (!h?.computed) return [];
    const a = h.aats;
    return [[s.id, String(h.samples.synthetic.n), `${fixed(a.train.aaTruth)}/${fixed(a.train.aaSyn)}`, fixed(a.train.aats), fixed(a.holdout.aats), fixed(a.privacyLoss), fixed(a.closerToTrain), `${h.exactCopies}/${h.samples.synthetic.n}`]];
  });
  const absent = sets.map((s) => (s.haplotypes?.computed ? '' : `  ${s.id}: no haplotype AATS (${s.haplotypes?.reason ?? 'an older report'})\n`)).join('');
  return `${rows.length > 0 ? `\n${alignColumns([header, ...rows])}\n(Hamming distance on single haplotypes, two a person; one equal n of haplotypes per set; copies: synthetic haplotypes equal to a training one / n)\n` : ''}${absent}`;
}

export function formatReportTable(report: EvaluationReport): string {
  const k = report.settings.metrics.k;
  const header = ['backbone', 'val loss', 'recon MAE', 'AATS train', 'AATS holdout', 'privacy loss',
    `NN test k=${k}`, 'DCR protection', 'copies ex/near', 'max cos (median)'];
  const n = report.settings.samplesPerSet;
  return `${alignColumns([header, ...report.backbones.map(row), ...(report.imported ?? []).map(row)])}\n`
    + `(n = ${n} per set; ideal AATS 0.5, NN test 0.5, privacy loss 0, DCR protection ≤ 0.5; 95 % bootstrap intervals)\n\n`
    + formatTstrTable(report) + formatGenotypeSpaceTable(report);
}
