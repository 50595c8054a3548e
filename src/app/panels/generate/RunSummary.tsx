// What the last run produced: count and shape, classes, sampler, and two sanity numbers. The
// samples themselves are compared with real data in the Compare panel.
import { formatCount, formatFixed } from '../../format';
import type { GenerationSummary } from '../../store';

function describeSampler({ request, backboneKind }: GenerationSummary): string {
  if (backboneKind === 'gan-generator') return 'GAN generator, one forward pass';
  return request.sampler === 'ddim' ? `DDIM, ${request.steps} steps, η = ${request.eta ?? 0}` : 'DDPM, all steps';
}

export function RunSummary({ summary }: { summary: GenerationSummary }) {
  const { count, genes, channels, classCounts, realSlotRms, nonFiniteCount } = summary;
  return (
    <dl className="facts run-summary" data-testid="run-summary" data-backbone-id={summary.backboneId}>
      <dt>Samples</dt>
      <dd>
        <span data-testid="run-count">{formatCount(count)}</span> × <code data-testid="run-shape">[{genes}, {channels}]</code>
        {' '}from <code>{summary.fileName}</code>
      </dd>
      <dt>Classes</dt>
      <dd data-testid="run-classes">
        {classCounts ? classCounts.map((n, c) => `${n} of class ${c}`).join(', ') : 'unconditional (no class label)'}
      </dd>
      <dt>Sampler</dt>
      <dd>{describeSampler(summary)}, seed {summary.request.seed}</dd>
      <dt>rms, real slots</dt>
      <dd data-testid="run-rms">{formatFixed(realSlotRms, 3)}</dd>
      <dt>Non-finite values</dt>
      <dd data-testid="run-nonfinite" className={nonFiniteCount > 0 ? 'missing-required' : undefined}>{formatCount(nonFiniteCount)}</dd>
    </dl>
  );
}
