// A translation's report: the numbers (reconstruction check first), the change map as a figure
// along the genome and as a ranked table with bootstrap intervals, the SNPs whose decoded dosage
// moved most, what the pipeline logged, and
// the translated set's exports (the generated sets' path through the data worker's codec).
import type { SyntheticExportFormat } from '../../../engines/data';
import { exportTranslatedSet } from '../../effects/translation';
import { formatFixed } from '../../format';
import { useWorkbench, type TranslationOutcome } from '../../store';
import { ChangeMapFigure } from './ChangeMapFigure';
import { TranslationNumbers } from './TranslationNumbers';

const exports: { format: SyntheticExportFormat; label: string; title: string }[] = [
  { format: 'bundle', label: 'Bundle', title: 'Dataset bundle zip (tensor, labels = the target class, codec): loads back into the Data panel' },
  { format: 'vcf', label: 'VCF', title: 'Translated genotypes decoded with the codec, as VCF with labels and gene map (zip)' },
  { format: 'plink', label: 'PLINK', title: 'Translated genotypes decoded with the codec, as PLINK .bed/.bim/.fam (zip)' },
];

function ExportTranslatedButtons({ count }: { count: number }) {
  const busy = useWorkbench((s) => s.dataJob.status === 'running');
  return (
    <span className="export-synthetic" role="group" aria-label="Export the translated samples">
      <span className="muted">Export the {count} translated samples:</span>
      {exports.map(({ format, label, title }) => (
        <button key={format} type="button" className="button-small" data-testid={`translate-export-${format}`} disabled={busy} title={title}
          onClick={() => void exportTranslatedSet(format)}>
          {label}
        </button>
      ))}
    </span>
  );
}

function TopGenesTable({ outcome, causal }: { outcome: TranslationOutcome; causal: Set<string> }) {
  const { changeMap } = outcome.report;
  return (
    <table className="table translation-genes" data-testid="translate-top-genes">
      <caption className="figure-caption">
        Genes the translation moved most: mean over samples of the mean |Δ| over the gene's real components, {Math.round(changeMap.bootstrap.level * 100)} %
        percentile bootstrap over samples ({changeMap.bootstrap.resamples} resamples){causal.size > 0 ? '; ◆ causal in the truth file' : ''}
      </caption>
      <thead><tr><th>rank</th><th>gene</th><th>mean |Δ|</th><th>interval</th></tr></thead>
      <tbody>
        {changeMap.top.map((g) => (
          <tr key={g.gene} data-testid="translate-gene-row">
            <td>{g.rank}</td>
            <td>{g.name}{causal.has(g.name) ? ' ◆' : ''}</td>
            <td className="metric-estimate" data-value={g.change}>{formatFixed(g.change, 4)}</td>
            <td className="muted">{g.interval ? `[${formatFixed(g.interval.lower, 4)}, ${formatFixed(g.interval.upper, 4)}]` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The SNPs whose decoded dosage moved most (the codec's decode of the latent change, unrounded), signed. */
function TopSnpsTable({ snps }: { snps: NonNullable<TranslationOutcome['report']['snpChanges']> }) {
  // Ids that are their own position (chrom:pos, as in the demo cohort) need no position column.
  const positions = snps.some((snp) => snp.id !== `${snp.chrom}:${snp.pos}`);
  return (
    <table className="table translation-genes" data-testid="translate-top-snps">
      <caption className="figure-caption">
        SNPs the translation moved most: mean over samples of the decoded ALT dosage change (translated − original, through the codec, not rounded)
      </caption>
      <thead><tr><th>rank</th><th>SNP</th>{positions && <th>position</th>}<th>mean Δ dosage</th></tr></thead>
      <tbody>
        {snps.map((snp, k) => (
          <tr key={snp.variant} data-testid="translate-snp-row">
            <td>{k + 1}</td>
            <td>{snp.id}</td>
            {positions && <td className="muted">{snp.chrom}:{snp.pos}</td>}
            <td className="metric-estimate" data-value={snp.meanDosageChange}>{snp.meanDosageChange >= 0 ? '+' : ''}{formatFixed(snp.meanDosageChange, 4)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TranslationResults({ outcome }: { outcome: TranslationOutcome }) {
  const truth = useWorkbench((s) => s.translationTruth);
  const { report } = outcome;
  const causal = report.causalGenes && truth && outcome.truthFile === truth.fileName ? truth.causalGenes : [];
  const causalSet = new Set(causal);
  return (
    <div className="translation-results" data-testid="translate-results" data-status={report.status} data-translated={report.data.translated}>
      <p className="muted" data-testid="translate-summary">
        {report.backbone.file}: {report.data.translated} of {report.data.chosen} {report.data.selectedIds !== undefined ? `UMAP-selected (of ${report.data.selectedIds} real)` : report.data.samples} samples of class {report.data.sourceClass.name} translated
        to {report.data.targetClass.name}{report.status === 'cancelled' ? ' (cancelled: the samples that finished)' : ''}; t* = {report.settings.depth},
        {' '}{report.settings.steps} DDIM steps, {report.settings.fixedPointIterations} refinement{report.settings.fixedPointIterations === 1 ? '' : 's'}, seed {report.settings.seed}.
      </p>
      <TranslationNumbers report={report} truthFile={outcome.truthFile} />
      <div className="translation-layout">
        <ChangeMapFigure report={report} backboneId={outcome.backboneId} causalGenes={causal} />
        <div className="translation-tables">
          <TopGenesTable outcome={outcome} causal={causalSet} />
          {report.snpChanges && report.snpChanges.length > 0 && <TopSnpsTable snps={report.snpChanges} />}
        </div>
      </div>
      {outcome.log.length > 0 && (
        <ul className="translation-log muted" data-testid="translate-log">{outcome.log.map((line, i) => <li key={i}>{line}</li>)}</ul>
      )}
      <ExportTranslatedButtons count={report.data.translated} />
    </div>
  );
}
