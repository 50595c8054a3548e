// What the encode produced (or the loaded bundle carries): the tensor's shape, components per
// gene, variance explained, the split, the round-trip ceiling on the holdout (the best genotype
// accuracy any model of this encoding can reach; it needs genotypes, so not for a bundle) and the
// codec's hash, plus the dataset bundle download.
import type { EncodingSummary } from '../../../engines/data';
import { downloadBundle } from '../../effects/dataJobs';
import { formatBytes, formatCount, formatFixed, formatPercent } from '../../format';
import { BarChart } from '../../plots/BarChart';

function splitText(summary: EncodingSummary): string {
  const perClass = summary.holdoutPerClass.map((n, i) => `${n} ${summary.classNames[i] ?? `class ${i}`}`).join(' + ');
  return perClass ? `${formatCount(summary.holdoutCount)} (${perClass})` : formatCount(summary.holdoutCount);
}

/** "DiseaseCapsule 8 / 4 / 1, seed 42", from the settings used here or those layout.json records. */
function settingsText(summary: EncodingSummary): string {
  const { componentRule, varianceTarget } = summary.source === 'bundle' ? summary.codecSettings : summary.settings;
  const seed = summary.source === 'bundle' ? summary.splitSettings?.seed : summary.settings.splitSeed;
  const rule = componentRule === 'variance-target' ? `variance target ${varianceTarget}` : 'DiseaseCapsule 8 / 4 / 1';
  return seed === undefined ? `${rule}, split seed not recorded` : `${rule}, seed ${seed}`;
}

function SnpsUsed({ summary }: { summary: EncodingSummary }) {
  if (summary.source === 'bundle') return <dd>{formatCount(summary.codecSnps)} (the codec's variants)</dd>;
  return (
    <dd>
      {formatCount(summary.genicSnps + summary.nearestAssignedSnps)}
      {summary.nearestAssignedSnps > 0 && <> ({formatCount(summary.nearestAssignedSnps)} by nearest gene)</>}
      ; {formatCount(summary.unassignedSnps)} intergenic left out
    </dd>
  );
}

function Ceiling({ summary }: { summary: EncodingSummary }) {
  if (summary.source === 'bundle') return <dd><span data-testid="encode-ceiling">— (needs the genotypes, which a bundle lacks)</span></dd>;
  const ceiling = summary.roundTripCeiling;
  if (!ceiling) return <dd><span data-testid="encode-ceiling">— (no holdout)</span></dd>;
  return (
    <dd>
      <span data-testid="encode-ceiling">{formatFixed(ceiling.share, 4)}</span>
      <span className="muted"> of {formatCount(ceiling.compared)} holdout genotypes recovered by encode → decode</span>
    </dd>
  );
}

export function EncodeSummaryView({ summary, samples, busy }: { summary: EncodingSummary; samples: number; busy: boolean }) {
  const histogram = summary.componentsHistogram;
  return (
    <div className="encode-summary" data-testid="encode-summary" data-source={summary.source}>
      <h4>Encoding <span className="muted">{settingsText(summary)}</span></h4>
      <dl className="facts">
        <dt>Source</dt>
        <dd data-testid="encode-source" data-source={summary.source}>
          {summary.source === 'bundle' ? <>bundle <code>{summary.bundleFile}</code> (read, not re-encodable here)</> : 'genotypes, encoded here'}
        </dd>
        <dt>Tensor [N, G, C]</dt>
        <dd data-testid="encode-shape">
          [{formatCount(samples)}, <span data-testid="encode-gene-slots">{summary.geneSlots}</span>,{' '}
          <span data-testid="encode-channels">{summary.componentsPerGene}</span>] float32, {formatBytes(summary.tensorBytes)}
        </dd>
        <dt>Real genes</dt>
        <dd data-testid="encode-real-genes">
          {formatCount(summary.realGenes)} ({formatCount(summary.geneSlots - summary.realGenes)} padding slots, held at 0)
        </dd>
        <dt>SNPs used</dt>
        <SnpsUsed summary={summary} />
        <dt>Mean variance explained</dt>
        <dd data-testid="encode-mean-explained">{formatPercent(summary.meanExplainedVariance)}</dd>
        <dt>Train / holdout</dt>
        <dd>
          <span data-testid="encode-train">{formatCount(summary.trainCount)}</span> / <span data-testid="encode-holdout">{splitText(summary)}</span>
          {summary.excludedCount > 0 && <> ; {formatCount(summary.excludedCount)} unlabelled excluded</>}
        </dd>
        <dt>Round-trip ceiling</dt>
        <Ceiling summary={summary} />
        <dt>Codec SHA-256</dt>
        <dd><code className="hash" data-testid="encode-sha">{summary.codecSha256}</code></dd>
      </dl>
      <p className="figure-caption">Components kept per gene ({formatCount(summary.realGenes)} genes)</p>
      <BarChart x={histogram.map((_, k) => k)} counts={histogram} barLabels={histogram.map((_, k) => `${k} components`)} barWidth={0.7}
        xTick={1} xRange={[-0.5, histogram.length - 0.5]} xTitle="components kept" yTitle="genes"
        testId="components-histogram" filename="gdw-components-per-gene" />
      <div className="button-row">
        <button type="button" onClick={() => void downloadBundle()} disabled={busy} data-testid="bundle-button">
          Download bundle (.zip)
        </button>
        <span className="muted button-note">tensor.npy, labels.npy, split.npy, layout.json and the codec</span>
      </div>
    </div>
  );
}
