// A loaded dataset bundle in place of the load report: its samples and labels, and plainly what a
// bundle cannot give, since it holds the encoded tensor but not the genotypes.
import type { BundleSummary } from '../../../engines/data';
import { formatCount } from '../../format';

function labelsText(bundle: BundleSummary): string {
  if (bundle.classNames.length === 0) return 'none';
  const counts = bundle.classNames.map((name, i) => `${formatCount(bundle.classCounts[i] ?? 0)} ${name}`).join(', ');
  return bundle.unlabelledCount > 0 ? `${counts}; ${formatCount(bundle.unlabelledCount)} unlabelled` : counts;
}

export function BundleReportView({ bundle }: { bundle: BundleSummary }) {
  return (
    <div className="load-report" data-testid="bundle-report" data-source={bundle.source} data-cohort-id={bundle.cohortId}>
      <h4>Dataset bundle <span className="muted">{bundle.bundleFile}</span></h4>
      <dl className="facts">
        <dt>Source</dt>
        <dd data-testid="bundle-source">dataset bundle (already encoded)</dd>
        <dt>Samples</dt>
        <dd data-testid="bundle-samples">{formatCount(bundle.samples)}</dd>
        <dt>Labels</dt>
        <dd data-testid="bundle-labels">{labelsText(bundle)}</dd>
      </dl>
      <p className="note" data-testid="bundle-unavailable">
        A bundle holds the gene tensor, labels, split and codec, not the genotypes: the genotype-level load report (variants,
        missingness, MAF spectrum, SNPs per gene), the round-trip ceiling and re-encoding with other settings are unavailable.
        Load the VCF or PLINK files for those.
      </p>
    </div>
  );
}
