// The load report of the loaded cohort: size, missingness, the MAF spectrum, how SNPs fall into
// genes (the DiseaseCapsule tiers: > 20 SNPs → 8 components, 5–20 → 4, ≤ 4 → 1) and every
// sample-matching problem, listed rather than dropped.
import { phaseText } from '../../../core/genotype/cohort';
import type { CohortSummary } from '../../../engines/data';
import { formatCount, formatFixed, formatPercent } from '../../format';
import { BarChart } from '../../plots/BarChart';

const SHOWN_IDS = 6;

function SampleIds({ ids, testId }: { ids: string[]; testId: string }) {
  if (ids.length === 0) return <dd data-testid={testId} data-count={0}>none</dd>;
  const shown = ids.slice(0, SHOWN_IDS).join(', ');
  return (
    <dd data-testid={testId} data-count={ids.length}>
      {formatCount(ids.length)}: <code>{shown}</code>{ids.length > SHOWN_IDS && ' …'}
    </dd>
  );
}

function labelsText(cohort: CohortSummary): string {
  const { report, classNames } = cohort;
  if (report.phenotypeSource === 'none') return 'none (no label file, no .fam phenotype)';
  const counts = classNames.map((name, i) => `${formatCount(report.classCounts[i] ?? 0)} ${name}`).join(', ');
  return `${counts} (from ${report.phenotypeSource === 'fam' ? 'the .fam' : 'the label file'})`;
}

export function LoadReportView({ cohort }: { cohort: CohortSummary }) {
  const { report } = cohort;
  const { snpsPerGene: spg, mafHistogram: maf } = report;
  const edges = maf.binEdges;
  const mafLabels = maf.counts.map((_, i) => `MAF ${edges[i].toFixed(2)}–${edges[i + 1].toFixed(2)}`);
  const mafCentres = maf.counts.map((_, i) => (edges[i] + edges[i + 1]) / 2);
  return (
    <div className="load-report" data-testid="data-report" data-cohort-id={cohort.cohortId}>
      <h4>Load report <span className="muted">{cohort.files.map((f) => f.name).join(' · ')}</span></h4>
      <dl className="facts">
        <dt>Samples</dt>
        <dd data-testid="report-samples">{formatCount(report.samples)}</dd>
        <dt>Variants</dt>
        <dd>
          <span data-testid="report-variants">{formatCount(report.variants)}</span>
          {report.multiallelicSkipped + report.multiallelicSplit > 0 && (
            <span className="muted"> (multi-allelic: {formatCount(report.multiallelicSkipped)} skipped, {formatCount(report.multiallelicSplit)} split)</span>
          )}
        </dd>
        <dt>Missing calls</dt>
        <dd data-testid="report-missing-rate">{formatPercent(report.missingRate, 2)}
          {report.variantsAllMissing > 0 && <span className="muted"> ({formatCount(report.variantsAllMissing)} variants all missing)</span>}</dd>
        {report.phase && (
          <>
            <dt>Haplotypes</dt>
            <dd data-testid="report-phase" data-phased={report.phase.phased}>{phaseText(report.phase)}</dd>
          </>
        )}
        <dt>Labels</dt>
        <dd data-testid="report-labels">{labelsText(cohort)}</dd>
        <dt>Genes covered</dt>
        <dd data-testid="report-genes">
          {cohort.hasGeneMap ? <>{formatCount(report.genesCovered)} of {formatCount(report.genes)} ({formatCount(report.snpsInGenes)} SNPs in genes)</> : 'no gene map loaded'}
        </dd>
        {cohort.hasGeneMap && (
          <>
            <dt>SNPs per gene</dt>
            <dd>min {spg.min}, median {formatFixed(spg.median, 1)}, mean {formatFixed(spg.mean, 1)}, max {spg.max}</dd>
            <dt>Component tiers</dt>
            <dd data-testid="report-tiers">
              {formatCount(spg.over20)} genes &gt; 20 SNPs (8), {formatCount(spg.from5To20)} with 5–20 (4), {formatCount(spg.upTo4)} with ≤ 4 (1)
            </dd>
          </>
        )}
        <dt>Unmatched label ids</dt>
        <SampleIds ids={report.unmatchedSampleIds} testId="report-unmatched" />
        <dt>Samples without label</dt>
        <SampleIds ids={report.samplesWithoutLabel} testId="report-unlabelled" />
      </dl>
      {report.notes.length > 0 && (
        <ul className="report-notes" data-testid="report-notes">{report.notes.map((note) => <li key={note}>{note}</li>)}</ul>
      )}
      <p className="figure-caption">Minor-allele frequency spectrum ({formatCount(report.variants - report.variantsAllMissing)} variants)</p>
      <BarChart x={mafCentres} counts={maf.counts} barLabels={mafLabels} barWidth={edges[1] - edges[0]} xTick={0.1}
        xRange={[0, 0.5]} xTitle="minor-allele frequency" yTitle="variants" testId="maf-histogram" filename="gdw-maf-histogram" />
    </div>
  );
}
